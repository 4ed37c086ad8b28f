// Fenced code blocks in a question's markdown, for the kinds that are about
// code: where they are (to check markers and line numbers, and to report the
// line in the file), and drawing one of them in the terminal in its own way.
import { renderMarkdown } from '../markdown.ts'
import { highlight } from '../highlight.ts'
import { wrapCodeLine } from '../text.ts'
import type { View } from './kind.ts'

export interface CodeBlock {
  /** Language after the opening fence ('' when none). */
  language: string
  /** The code's lines, without the fences (and without the fence's indentation). */
  lines: string[]
  /** Character offset of the opening fence line and of the end of the closing one, in the markdown. */
  start: number
  end: number
  /** Character offset in the markdown where the first code line starts. */
  codeStart: number
  /** Character offset where the code ends (before the closing fence). */
  codeEnd: number
}

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)/

/** Every fenced code block, in order. An unclosed fence runs to the end, as in CommonMark. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  const lines = markdown.split('\n')
  let offset = 0
  let open: { marker: string; indent: number; language: string; start: number; codeStart: number; lines: string[] } | undefined
  for (const line of lines) {
    const next = offset + line.length + 1
    if (!open) {
      const fence = FENCE.exec(line)
      if (fence) open = { marker: fence[2]!, indent: fence[1]!.length, language: (fence[3] ?? '').replace(/^\{?\.?|\}$/g, ''), start: offset, codeStart: next, lines: [] }
    } else {
      const close = line.trim()
      if (close.startsWith(open.marker) && new RegExp(`^\\${open.marker[0]}+$`).test(close) && line.length - line.trimStart().length <= 3) {
        blocks.push({ language: open.language, lines: open.lines, start: open.start, end: Math.min(next, markdown.length), codeStart: open.codeStart, codeEnd: offset })
        open = undefined
      } else open.lines.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)))
    }
    offset = next
  }
  if (open) blocks.push({ language: open.language, lines: open.lines, start: open.start, end: markdown.length, codeStart: open.codeStart, codeEnd: markdown.length })
  return blocks
}

/** Whether a character offset lies inside the code of one of `blocks`. */
export const inCode = (blocks: readonly CodeBlock[], offset: number): boolean => blocks.some((b) => offset >= b.codeStart && offset < b.codeEnd)

/** The markdown before and after one of its code blocks, trimmed. */
export const aroundBlock = (markdown: string, block: CodeBlock): { before: string; after: string } => ({
  before: markdown.slice(0, block.start).trim(),
  after: markdown.slice(block.end).trim(),
})

/**
 * Renders markdown with one code block drawn by `draw` (numbered lines, a
 * marked line); the text around it renders as usual.
 */
export function renderWithBlock(markdown: string, block: CodeBlock, draw: (lines: string[]) => string[], view: View): string {
  const { before, after } = aroundBlock(markdown, block)
  const parts: string[] = []
  if (before) parts.push(renderMarkdown(before, view))
  parts.push(draw(block.lines).join('\n'))
  if (after) parts.push(renderMarkdown(after, view))
  return parts.join('\n\n')
}

/** Numbered code lines (highlighted), `marks` drawn as marked lines, each with an optional note under it. */
export function numberedCode(lines: readonly string[], language: string, view: View, marks: ReadonlyMap<number, string | undefined> = new Map()): string[] {
  const { style } = view
  const digits = String(lines.length).length
  const coloured = highlight(lines.join('\n'), language, style).split('\n')
  const out: string[] = []
  // A line too long for the terminal wraps behind the gutter, its indent kept and the rest marked ↪.
  const room = Number.isFinite(view.width) && view.width > 0 ? Math.max(20, view.width - (digits + 7)) : Number.POSITIVE_INFINITY
  const blank = ' '.repeat(digits)
  const fit = (first: string, rest: string, line: string) => wrapCodeLine(line, room, style.dim('↪')).forEach((part, k) => out.push(`${k === 0 ? first : rest}${part}`.trimEnd()))
  coloured.forEach((line, i) => {
    const n = i + 1
    const number = String(n).padStart(digits)
    if (marks.has(n)) {
      fit(`  ${style.red.bold('›')} ${style.red.bold(number)} ${style.dim('│')} `, `    ${blank} ${style.dim('│')} `, line)
      const note = marks.get(n)
      if (note !== undefined) for (const fix of note.split('\n')) fit(`    ${blank} ${style.green('│')} `, `    ${blank} ${style.green('│')} `, style.green(fix))
    } else fit(`    ${style.dim(number)} ${style.dim('│')} `, `    ${blank} ${style.dim('│')} `, line)
  })
  return out
}

/** Code drawn as the markdown renderer draws it: indented four spaces, highlighted. */
export const plainCode = (lines: readonly string[], language: string, view: View): string[] =>
  highlight(lines.join('\n'), language, view.style)
    .split('\n')
    .map((l) => `    ${l}`.trimEnd())
