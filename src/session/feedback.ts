// Show feedback: the verdict, your answer beside the correct one, and as much
// of the explanation as fits on the screen. Pure: strings in, lines out.
import { longInterval } from '../core/intervals.ts'
import { RATING_NAMES, type Outcome, type Rating } from '../core/progress.ts'
import { wrapInline } from '../core/markdown.ts'
import { correctAnswerText, inlinePlain } from '../core/render-question.ts'
import type { Style } from '../core/style.ts'
import { visibleLength } from '../core/style.ts'
import { displayWidth, READING_MEASURE, wrap, wrapWithPrefix } from '../core/text.ts'
import type { Question } from '../core/types.ts'

/** Text the user typed, safe to print: no control characters but newline and tab. */
// eslint-disable-next-line no-control-regex
export const plainText = (text: string): string => text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')

/**
 * Wraps plain text (not markdown) to `width` terminal columns, keeping its line
 * breaks; a line that fits keeps its spacing, a word wider than the line is cut
 * (never inside a character). CJK and emoji count two columns.
 */
export function wrapPlain(text: string, width: number): string[] {
  const out = wrap(plainText(text).replace(/\t/g, '  '), Math.max(10, width))
  while (out.length && out[out.length - 1]!.trim() === '') out.pop()
  return out
}

export interface Verdict {
  outcome: Outcome
  rating: Rating
  /** Epoch ms the card is next due, when scheduled. */
  due?: number
  now: number
  /** Graded by the user (open questions) rather than the tool. */
  self?: boolean
  override?: boolean
  /** The answer is only kept in memory for now (the write failed). */
  unsaved?: boolean
}

/** "✔ Correct", "✘ Not quite", "⏰ Time's up", or the user's own rating for an open answer. */
export function verdictWord(v: Verdict, style: Style): string {
  if (v.outcome === 'timeout') return style.yellow.bold("⏰ Time's up")
  if (v.self) return v.outcome === 'correct' ? style.green.bold(`✔ ${RATING_NAMES[v.rating]}`) : style.red.bold(`✘ ${RATING_NAMES[v.rating]}`)
  if (v.override) return style.green.bold('✔ Counted as right')
  return v.outcome === 'correct' ? style.green.bold('✔ Correct') : style.red.bold('✘ Not quite')
}

/** The key line's verdict: "✔ Correct · Good · next in 3 days". */
export function verdictLine(v: Verdict, style: Style): string {
  const parts = [verdictWord(v, style)]
  if (!v.self) parts.push(RATING_NAMES[v.rating])
  if (v.due !== undefined) parts.push(`next ${longInterval(v.due - v.now)}`)
  if (v.unsaved) parts.push(style.yellow('not saved yet'))
  return parts.join(style.dim(' · '))
}

/** Each option of a multi question: ✔ ticked and right, ✘ ticked but wrong, ○ right but missed. */
export function multiFeedback(options: readonly string[], correct: readonly string[], ticked: readonly string[], style: Style, width = 100): string[] {
  const right = new Set(correct)
  const picked = new Set(ticked)
  return options.flatMap((o) => {
    const [mark, note] =
      picked.has(o) && right.has(o) ? [style.green('✔'), ''] : picked.has(o) ? [style.red('✘'), 'ticked, but wrong'] : right.has(o) ? [style.yellow('○'), 'missed'] : [' ', '']
    const lines = wrapInline(note ? `${o} (${note})` : o, Math.max(20, width - 4), style, true)
    return lines.map((line, i) => (i === 0 ? `  ${mark} ` : '    ') + (mark === ' ' ? style.dim(line) : line))
  })
}

/**
 * "≈ Almost." with what was typed over the accepted answer and a caret under
 * the first difference (in terminal columns); when either is too long for the
 * line, both wrap and the caret is left out (it could not point anywhere).
 */
export function almostLines(almost: { given: string; expected: string; at: number }, width: number, style: Style): string[] {
  const w = Math.max(20, Math.min(Number.isFinite(width) ? width : READING_MEASURE, READING_MEASURE))
  const given = plainText(almost.given)
  const expected = plainText(almost.expected)
  const lines = [style.yellow.bold('≈ Almost.')]
  const fits = Math.max(displayWidth(given), displayWidth(expected)) + 13 <= w
  lines.push(...wrapWithPrefix(given, w, `  ${style.dim('you typed')}  `), ...wrapWithPrefix(expected, w, `  ${style.dim('accepted ')}  `))
  if (fits) lines.push(`  ${' '.repeat(11 + displayWidth(given.slice(0, almost.at)))}${style.yellow('^')}`)
  return lines
}

export interface FeedbackInput {
  q: Question
  verdict: Verdict
  /** What was answered: the option, the options ticked (in display order), or the text. */
  given?: string | string[]
  /** Options in the order shown, for multi. */
  options?: readonly string[]
  width: number
  style: Style
}

/** The head of the feedback screen: the verdict with the correct answer, then yours. */
export function feedbackHead(input: FeedbackInput): string[] {
  const { q, verdict, given, style } = input
  // Set in the reading measure, like the explanation below it.
  const width = Math.max(20, Math.min(Number.isFinite(input.width) ? input.width : READING_MEASURE, READING_MEASURE))
  const correct = correctAnswerText(q)
  const lines: string[] = []
  const word = verdictWord(verdict, style)
  /** "✘ Not quite. The answer: …", the answer wrapped under itself. */
  const withAnswer = () => wrapWithPrefix(style.bold(inlinePlain(correct!, style)), width, `${word}. The answer: `, '  ')
  if (verdict.outcome === 'timeout') lines.push(...(correct ? withAnswer() : [`${word}.`]))
  else if (q.type === 'multi' && Array.isArray(given)) {
    lines.push(`${word}.`)
    lines.push(...multiFeedback(input.options ?? [...q.answer, ...q.distractors], q.answer, given, style, width))
  } else if (verdict.self || correct === undefined) lines.push(`${word}.`)
  else if (verdict.outcome === 'correct' && !verdict.override) lines.push(`${word}.`)
  else lines.push(...withAnswer())
  if (typeof given === 'string' && given !== '' && q.type !== 'multi' && !(verdict.outcome === 'correct' && !verdict.self && !verdict.override && q.type === 'choice')) {
    const [first, ...rest] = wrapPlain(given, width - 14)
    lines.push(`${style.dim('Your answer:')}  ${style.cyan(first ?? '')}`, ...rest.map((l) => `              ${style.cyan(l)}`))
  }
  return lines
}

export interface Fitted {
  lines: string[]
  /** Lines of the body left out. */
  hidden: number
}

/**
 * The head and as much of the body as fits in `rows` (the prompt's lines
 * already taken off); when something is cut, the last line says how to see it.
 */
export function fitScreen(fullHead: readonly string[], body: string, rows: number, style: Style, width = Number.POSITIVE_INFINITY): Fitted {
  const bodyLines = body.split('\n')
  if (!Number.isFinite(rows)) return { lines: [...fullHead, '', ...bodyLines], hidden: 0 }
  // A head taller than the screen keeps its first line (the verdict) and as much as fits.
  let head = [...fullHead]
  if (rowsOf(head, width) > rows - 1) {
    while (head.length > 1 && rowsOf(head, width) > rows - 2) head.pop()
    head = [...head, style.dim('…')]
  }
  const room = rows - rowsOf(head, width) - 1 // the blank line between head and body
  if (bodyLines.length <= room) return { lines: [...head, '', ...bodyLines], hidden: 0 }
  const shown = Math.max(0, room - 1)
  const hidden = bodyLines.length - shown
  const lines = [...head]
  if (shown > 0) lines.push('', ...bodyLines.slice(0, shown))
  lines.push(style.dim(`… ${hidden} more line${hidden === 1 ? '' : 's'}: press m`))
  return { lines, hidden }
}

/** Rows a block of lines takes at `width` columns (long lines wrap). */
export const rowsOf = (lines: readonly string[], width: number): number => lines.reduce((n, l) => n + Math.max(1, Math.ceil(visibleLength(l) / Math.max(1, width))), 0)
