// The solved form of a question on the cheat sheet, in its three formats:
// an ordered list (order), filled-in code (cloze), the code with the buggy
// line marked and its fix (bug), what it prints (output), the number (count).
// Kinds describe it (Kind.solved); these draw it. Pure: strings out.
import { highlight } from '../highlight.ts'
import { stripControl } from '../sanitize.ts'
import type { Style } from '../style.ts'
import type { Solved } from './kind.ts'

/** Terminal lines, indented under the entry; `inline` draws plain text with code spans. */
export function solvedTerminal(solved: Solved, style: Style, inline: (text: string, indent: number) => string[]): string[] {
  switch (solved.kind) {
    case 'list':
      return solved.items.flatMap((item, i) => {
        const lines = inline(item, 6)
        return [lines[0]!.replace(/^ {6}/, `  ${style.dim(`${String(i + 1).padStart(2)}.`)} `), ...lines.slice(1)]
      })
    case 'answer':
      return [`  ${style.dim('Answer:')} ${style.bold(stripControl(solved.text))}`]
    case 'code': {
      const marks = new Set(solved.marks ?? [])
      const body = highlight(stripControl(solved.code), solved.language, style).split('\n')
      const out: string[] = []
      body.forEach((line, i) => {
        if (marks.has(i + 1)) {
          out.push(`  ${style.red.bold('›')} ${style.red('│')} ${line}`.trimEnd())
          if (solved.note !== undefined && i + 1 === Math.max(...marks))
            for (const fix of stripControl(solved.note).split('\n')) out.push(`  ${style.green('+')} ${style.green('│')} ${style.green(fix)}`.trimEnd())
        } else out.push(`    ${style.dim('│')} ${line}`.trimEnd())
      })
      return out
    }
  }
}

const fenceFor = (code: string) => '`'.repeat(Math.max(3, Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length)) + 1))

/** Markdown blocks; `inline` escapes plain text with code spans. A bug is drawn as a diff: the line removed, the fix added. */
export function solvedMarkdown(solved: Solved, inline: (text: string) => string): string[] {
  switch (solved.kind) {
    case 'list':
      return solved.items.map((item, i) => `${i + 1}. ${inline(item)}`)
    case 'answer':
      return [`Answer: ${inline(`\`${solved.text.replace(/`/g, "'")}\``)}`]
    case 'code': {
      const code = stripControl(solved.code)
      if (!solved.marks?.length) {
        const fence = fenceFor(code)
        return [`${fence}${solved.language.replace(/[^\w+#-]/g, '')}`, code, fence]
      }
      const marks = new Set(solved.marks)
      const last = Math.max(...marks)
      const lines = code.split('\n').flatMap((line, i) => {
        if (!marks.has(i + 1)) return [`  ${line}`]
        const fix =
          solved.note !== undefined && i + 1 === last
            ? stripControl(solved.note)
                .split('\n')
                .map((f) => `+ ${f}`)
            : []
        return [`- ${line}`, ...fix]
      })
      const fence = fenceFor(lines.join('\n'))
      return [`${fence}diff`, ...lines, fence]
    }
  }
}

/** HTML; `escape` escapes text, `inline` draws plain text with code spans. */
export function solvedHtml(solved: Solved, escape: (text: string) => string, inline: (text: string) => string): string {
  switch (solved.kind) {
    case 'list':
      return `<ol class="solved">${solved.items.map((item) => `<li>${inline(item)}</li>`).join('')}</ol>`
    case 'answer':
      return `<p class="solved">Answer: <code>${escape(stripControl(solved.text))}</code></p>`
    case 'code': {
      const marks = new Set(solved.marks ?? [])
      const last = Math.max(0, ...marks)
      const span = (cls: string, text: string) => {
        const indent = text.length - text.trimStart().length
        return text.trim() === '' ? `<span class="ln blank${cls}"></span>` : `<span class="ln${cls}"${indent ? ` style="--i:${indent}"` : ''}>${escape(text)}</span>`
      }
      const lines = stripControl(solved.code)
        .split('\n')
        .flatMap((line, i) => {
          if (!marks.has(i + 1)) return [span('', line)]
          const fix =
            solved.note !== undefined && i + 1 === last
              ? stripControl(solved.note)
                  .split('\n')
                  .map((f) => span(' fix', f))
              : []
          return [span(' bug', line), ...fix]
        })
      const language = solved.language.replace(/[^\w+#-]/g, '')
      return `<pre class="solved"><code${language ? ` class="language-${escape(language)}"` : ''}>${lines.join('')}</code></pre>`
    }
  }
}
