// A question's progress as `show` prints it: the schedule, flags and every attempt.
import { RATING_NAMES, type QuestionProgress } from './progress.ts'
import type { Style } from './style.ts'

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
  lines.push(`  ${facts.join(style.dim(' · '))}`)
  for (const a of p.history) {
    const verdict = a.to ? style.yellow('⏰ timed out') : a.ok ? style.green('✔ right') : style.red('✘ wrong')
    const extra = a.ov ? style.dim(' (override)') : ''
    lines.push(`  ${date(a.t)}  ${verdict}${extra}  ${RATING_NAMES[a.r] ?? a.r}  ${style.dim(`${Math.round(a.ms / 1000)}s`)}`)
    if (a.a) {
      const text = safe(a.a).split('\n')
      for (const line of text) {
        // Long lines are cut to the width; the export keeps every word.
        lines.push(`      ${style.cyan(line.length > width - 8 ? `${line.slice(0, width - 9)}…` : line)}`)
      }
    }
  }
  return lines.join('\n')
}
