// Small pieces several kinds share: marks, inline text, option checks.
import { wrapInline } from '../markdown.ts'
import { displayWidth, stripAnsi } from '../text.ts'
import type { Style } from '../style.ts'
import type { View } from './kind.ts'

/** A front-matter string (plain text with `code` spans) on one line. */
export const inlinePlain = (text: string, style: Style): string => wrapInline(text, Number.POSITIVE_INFINITY, style, true).join(' ')

/** Two options are the same when only case and spacing differ. */
export const sameText = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ')

export const tick = (ok: boolean, style: Style): string => (ok ? style.green('✔') : style.red('✘'))

/** "✔ Correct." / "✘ Not quite. The answer: …" for the kinds with one right answer. */
export const verdict = (ok: boolean, answer: string | undefined, { style }: View): string =>
  ok ? style.green.bold('✔ Correct.') : `${style.red.bold('✘ Not quite.')}${answer === undefined ? '' : ` The answer: ${style.bold(inlinePlain(answer, style))}`}`

/** "Partly right: 3 of 5 (60%)." */
export const partial = (right: number, total: number, what: string, { style }: View): string => {
  const share = Math.round((right / total) * 100)
  if (right === total) return style.green.bold(`✔ All ${total} ${what} right.`)
  if (right === 0) return style.red.bold(`✘ None of the ${total} ${what} right.`)
  return style.yellow.bold(`◐ Partly right: ${right} of ${total} ${what} (${share}%).`)
}

/** Lines of a multi-line front-matter string: trailing spaces and surrounding blank lines removed. */
export function cleanLines(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
  while (lines.length > 0 && lines[0] === '') lines.shift()
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.join('\n')
}

/** The first characters of an answer (a third of it, one at least, never all of a longer one), then an ellipsis. */
export const startOf = (answer: string): string => {
  const chars = [...answer]
  const n = chars.length <= 1 ? 0 : Math.max(1, Math.floor(chars.length / 3))
  return `${chars.slice(0, n).join('')}…`
}

/** Columns to lay text out in: the view's width, 30 to 100 (100 when unknown). */
export const columns = (width: number): number => (Number.isFinite(width) && width > 0 ? Math.max(30, Math.min(Math.floor(width), 100)) : 100)

/** A front-matter string after `first` (a number, a mark), wrapped to `width` with later lines hanging under the text. */
export function hanging(first: string, text: string, width: number, style: Style): string {
  const lead = displayWidth(stripAnsi(first))
  return wrapInline(text, Math.max(10, width - lead), style, true)
    .map((line, n) => (n === 0 ? first : ' '.repeat(lead)) + line)
    .join('\n')
}
