// cloze: fill the gaps in code. The question's code marks each gap `[[1]]`,
// `[[2]]`, …; `gaps` lists, per gap, the accepted answers (the first is shown
// as the answer). Each gap is compared after trimming and collapsing
// whitespace, with ' and " alike, case-sensitive; partial credit per gap.
import { renderMarkdown } from '../markdown.ts'
import { displayWidth } from '../text.ts'
import { stripControl } from '../sanitize.ts'
import type { Style } from '../style.ts'
import type { QuestionBase } from '../types.ts'
import { codeBlocks, inCode } from './code.ts'
import type { Kind, View } from './kind.ts'
import { inlinePlain, partial, startOf, tick } from './shared.ts'
import { describe, quoteHint } from '../fields.ts'

export interface ClozeQuestion extends QuestionBase {
  type: 'cloze'
  /** Per gap, the accepted answers; the first is the one shown. */
  gaps: string[][]
}

/** `[[n]]`: the only gap syntax (a literal nested list is written `[ [1] ]`). */
export const MARKER = /\[\[(\d{1,4})\]\]/g
const PLACEHOLDER = 0xe100
const FILLER = '\ue0ff'
const PLACEHOLDERS = /[\ue0ff-\uf8ff]/g
/** A gap's placeholder and its padding. */
const GAP_DRAWN = /[\ue100-\uf8ff]\ue0ff*/g

/** How a typed gap compares: trimmed, runs of whitespace as one space, " as '. Case matters. */
export const normaliseGap = (text: string): string => text.trim().replace(/\s+/g, ' ').replace(/"/g, "'")

export const gapRight = (accepted: readonly string[], typed: string): boolean => {
  const given = normaliseGap(typed)
  return given !== '' && accepted.some((a) => normaliseGap(a) === given)
}

/** The question's markdown with each gap drawn by `fill` (never the raw marker). */
export function renderGaps(prompt: string, view: View, fill: (gap: number) => string): string {
  // Markers become private-use characters the highlighter leaves alone, padded to the width of
  // what is drawn in the gap (so a long code line wraps where the filled line would), then the gaps.
  const drawn = new Map<number, string>()
  const marked = prompt.replace(PLACEHOLDERS, '\ufffd').replace(MARKER, (_m, digits: string) => {
    const n = Math.min(Number(digits), 0x17ff)
    if (!drawn.has(n)) drawn.set(n, fill(n))
    return String.fromCharCode(PLACEHOLDER + n) + FILLER.repeat(Math.max(0, Math.min(displayWidth(drawn.get(n)!), 200) - 1))
  })
  return renderMarkdown(marked, view)
    .replace(GAP_DRAWN, (c) => drawn.get(c.charCodeAt(0) - PLACEHOLDER) ?? '')
    .replaceAll(FILLER, '') // padding a wrap cut off from its gap
}

/** The code of the blocks that hold gaps, with `fill` in each gap (plain text, for the cheat sheet). */
export function filledCode(prompt: string, fill: (gap: number) => string): { language: string; code: string } {
  const blocks = codeBlocks(prompt).filter((b) => b.lines.some((l) => /\[\[\d{1,4}\]\]/.test(l)))
  const code = blocks.map((b) => b.lines.join('\n').replace(MARKER, (_m, n: string) => fill(Number(n)))).join('\n\n')
  return { language: blocks[0]?.language ?? '', code }
}

/** Only the code blocks that hold gaps, as markdown. */
function gapBlocks(prompt: string): string {
  return codeBlocks(prompt)
    .filter((b) => b.lines.some((l) => /\[\[\d{1,4}\]\]/.test(l)))
    .map((b) => prompt.slice(b.start, b.end).trimEnd())
    .join('\n\n')
}

const blank = (n: number, style: Style) => (style.level > 0 ? style.inverse.yellow(`⟦${n}⟧`) : `⟦${n}⟧`)

export const cloze: Kind<ClozeQuestion, string[]> = {
  type: 'cloze',
  fields: ['gaps'],
  lazy: ['gaps'],
  auto: true,
  confirmRating: true,
  asked: 'the code with numbered blanks; one input per gap',
  parse({ f, prompt, lineAt, body }) {
    const raw = f.raw('gaps')
    if (raw === undefined || raw === null) {
      f.error('gaps', 'is required: one entry per [[n]] marker in the code')
      return undefined
    }
    if (!Array.isArray(raw) || raw.length === 0) {
      f.error('gaps', `must be a list with one entry per [[n]] marker, got ${describe(raw)}`)
      return undefined
    }
    const gaps: string[][] = []
    let ok = true
    raw.forEach((entry: unknown, i) => {
      const list = Array.isArray(entry) ? entry : [entry]
      if (list.length === 0 || list.some((a) => typeof a !== 'string' || a.trim() === '')) {
        const bad = list.find((a) => typeof a !== 'string' || a.trim() === '')
        f.error('gaps', `gap ${i + 1} must be a non-empty string or a list of them, got ${list.length === 0 ? 'an empty list' : describe(bad)}${quoteHint(bad)}`)
        ok = false
      } else gaps.push((list as string[]).map((a) => f.clean('gaps', a.trim())))
    })
    if (prompt === undefined) return undefined
    // Every marker in the question part: inside fenced code, each number once, 1 to n.
    const blocks = codeBlocks(prompt)
    const seen = new Map<number, number>()
    for (const match of prompt.matchAll(MARKER)) {
      const n = Number(match[1])
      const line = lineAt(match.index)
      if (!inCode(blocks, match.index)) {
        body(`marker [[${n}]] is outside fenced code; gaps go in the question's code blocks`, line)
        ok = false
      }
      seen.set(n, (seen.get(n) ?? 0) + 1)
      if (seen.get(n) === 2) {
        body(`marker [[${n}]] appears more than once; each gap is marked exactly once`, line)
        ok = false
      }
      if (n < 1 || n > raw.length) {
        body(`marker [[${n}]] has no entry in gaps (gaps lists ${raw.length}, so markers run [[1]] to [[${raw.length}]])`, line)
        ok = false
      }
    }
    for (let n = 1; n <= raw.length; n++) {
      if (!seen.has(n)) {
        f.error('gaps', `marker [[${n}]] is missing from the question's code (gaps lists ${raw.length === 1 ? '1 entry' : `${raw.length} entries`})`)
        ok = false
      }
    }
    return ok ? { gaps } : undefined
  },
  prompt: (q, view) => renderGaps(q.prompt, view, (n) => blank(n, view.style)),
  ask(q, _random, view) {
    const { style } = view
    const title = style.bold(inlinePlain(q.title, style))
    return {
      screen: true,
      spec: {
        mode: 'cloze',
        gaps: q.gaps.length,
        render: (values, current) =>
          `${title}\n\n${renderGaps(q.prompt, view, (n) => {
            const value = values[n - 1] ?? ''
            if (n - 1 === current) return style.level > 0 ? style.inverse(`⟦${n}›${value}▏⟧`) : `⟦${n}›${value}▏⟧`
            return value === '' ? blank(n, style) : style.cyan.underline(value)
          })}`,
      },
    }
  },
  read: (value) => (Array.isArray(value) ? value : [value]),
  grade(q, typed) {
    const parts = q.gaps.map((accepted, i) => gapRight(accepted, typed[i] ?? ''))
    return { score: parts.filter(Boolean).length / parts.length, parts }
  },
  feedback(q, typed, grade, _asked, view) {
    const { style } = view
    const lines = q.gaps.map((accepted, i) => {
      const ok = grade.parts?.[i] ?? false
      const yours = stripControl((typed?.[i] ?? '').trim())
      const shown = yours === '' ? style.dim('(blank)') : ok ? style.green(yours) : style.red(yours)
      return `  ${tick(ok, style)} ${style.bold(`⟦${i + 1}⟧`)} ${shown}${ok ? '' : `  ${style.dim('answer:')} ${style.green(accepted[0]!)}`}`
    })
    const right = grade.parts?.filter(Boolean).length ?? 0
    return [partial(right, q.gaps.length, q.gaps.length === 1 ? 'gap' : 'gaps', view), ...lines].join('\n')
  },
  solution(q, view) {
    const { style } = view
    const code = renderGaps(gapBlocks(q.prompt), view, (n) => style.green.underline(q.gaps[n - 1]?.[0] ?? '?'))
    const alts = q.gaps.flatMap((a, i) => (a.length > 1 ? [`  ⟦${i + 1}⟧ ${a.join(style.dim(' or '))}`] : []))
    return [style.bold('Filled in'), code, ...(alts.length ? [style.dim('Also accepted:'), ...alts] : [])].join('\n')
  },
  hint: (q) => `The gaps start with: ${q.gaps.map((a, i) => `⟦${i + 1}⟧ ${startOf(a[0]!)}`).join(', ')}`,
  answerText: (q) => q.gaps.map((a, i) => `[${i + 1}] ${a[0]}`).join('  '),
  solved(q) {
    const { language, code } = filledCode(q.prompt, (n) => q.gaps[n - 1]?.[0] ?? '?')
    return { kind: 'code', language, code }
  },
  card(q) {
    const alts = q.gaps.flatMap((a, i) => (a.length > 1 ? [{ kind: 'line' as const, label: `Gap ${i + 1} also accepts`, text: a.slice(1).join(', ') }] : []))
    return { front: [{ kind: 'gaps', text: q.prompt }], answer: [{ kind: 'gaps', text: gapBlocks(q.prompt), fills: q.gaps.map((a) => a[0]!) }, ...alts] }
  },
}
