// A question's progress as `show` prints it: the schedule, flags and every attempt.
import { RATING_NAMES, type QuestionProgress } from './progress.ts'
import type { Style } from './style.ts'
import { wrap, wrapItems } from './text.ts'

const date = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ')
// eslint-disable-next-line no-control-regex
const safe = (text: string) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')

const STATES = ['new', 'learning', 'review', 'relearning']

/** "Your history" for one question: due date, lapses, flag, then each attempt with what was typed. */
export function renderHistory(p: QuestionProgress | undefined, view: { width: number; style: Style }): string {
  const { style } = view
  const width = Number.isFinite(view.width) ? Math.min(view.width, 100) : 100
  const lines = [style.bold('Your history')]
  if (!p || (p.history.length === 0 && !p.card && !p.flagged && !p.suspended)) {
    lines.push(style.dim('  Not answered yet.'))
    return lines.join('\n')
  }
  const facts: string[] = []
  if (p.card) facts.push(`due ${date(p.card.due)}`, `${STATES[p.card.state] ?? 'review'}`, `${p.card.lapses} lapse${p.card.lapses === 1 ? '' : 's'}`)
  else facts.push('not scheduled')
  if (p.flagged) facts.push(style.yellow('⚑ flagged'))
  if (p.suspended) facts.push(style.yellow('suspended'))
  lines.push(...wrapItems(facts, width - 2).map((l) => `  ${l}`))
  for (const a of p.history) {
    const verdict = a.to ? style.yellow('⏰ timed out') : a.ok ? style.green('✔ right') : style.red('✘ wrong')
    const extra = a.ov ? style.dim(' (override)') : ''
    const parts = [date(a.t), `${verdict}${extra}`, `${RATING_NAMES[a.r] ?? a.r}`, style.dim(`${Math.round(a.ms / 1000)}s`)]
    lines.push(...wrapItems(parts, width - 4, '  ').map((l, n) => `${n === 0 ? '  ' : '    '}${l}`))
    if (a.a) {
      // Every word of it, wrapped in terminal columns (CJK and emoji count two).
      for (const line of wrap(safe(a.a).replace(/\t/g, '  '), width - 6)) lines.push(`      ${style.cyan(line)}`)
    }
  }
  return lines.join('\n')
}
