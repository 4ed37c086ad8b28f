import { formatSpent } from './duration.ts'
import type { SessionSummary, Tally } from './session.ts'
import { truncate, type Style } from './style.ts'
import { renderTable } from './table.ts'

const pct = (x: number | undefined) => (x === undefined ? '–' : `${Math.round(x * 100)}%`)

function tallyTable(title: string, rows: Tally[], labels: (key: string) => string, width: number, style: Style): string {
  return renderTable(
    [
      { header: title, shrink: 1, min: 10 },
      { header: 'RIGHT', align: 'right' },
      { header: 'ACCURACY', align: 'right' },
    ],
    rows.map((t) => [labels(t.key), `${t.correct}/${t.answered}`, pct(t.accuracy)]),
    width,
    style,
  )
}

/** The question on screen when time ran out, with what had been typed. */
function unansweredLine(u: { id: string; typed: string }, style: Style): string {
  const typed = u.typed.trim() ? ` · you had typed: ${style.cyan(truncate(u.typed.replace(/\s+/g, ' ').trim(), 60))}` : ''
  return `${style.bold('Unanswered')}  ${style.yellow(u.id)}${style.dim(' (time ran out)')}${typed}`
}

const ENDED: Record<SessionSummary['endedBy'], string> = { done: 'Session complete', quit: 'Session ended early', time: 'Time limit reached' }

/** The end-of-session summary, as the terminal shows it. */
export function renderSummary(s: SessionSummary, options: { width: number; style: Style; topicTitle: (id: string) => string }): string {
  const { style } = options
  const width = Math.min(Number.isFinite(options.width) ? options.width : 80, 80)
  const lines: string[] = []
  lines.push(style.bold.underline(ENDED[s.endedBy]))
  lines.push('')
  if (s.asked === 0) {
    lines.push('No questions answered.')
    if (s.unanswered) lines.push(unansweredLine(s.unanswered, style))
    return lines.join('\n')
  }
  const scoreColor = s.score >= 0.8 ? style.green : s.score >= 0.5 ? style.yellow : style.red
  lines.push(`${style.bold('Score')}     ${scoreColor(`${s.correct}/${s.answered}`)} ${style.dim(`(${pct(s.score)})`)}`)
  const parts = [`${s.correct} right`, `${s.wrong} wrong`]
  if (s.timeouts) parts.push(`${s.timeouts} timed out`)
  if (s.skipped) parts.push(`${s.skipped} skipped`)
  lines.push(`${style.bold('Answers')}   ${parts.join(' · ')}`)
  const slowest = s.slowest ? ` · slowest ${formatSpent(s.slowest.ms)} (${s.slowest.id})` : ''
  lines.push(`${style.bold('Time')}      ${formatSpent(s.totalMs)} in all · ${formatSpent(s.averageMs)} per question${slowest}`)
  lines.push('')
  lines.push(tallyTable('TOPIC', s.byTopic, options.topicTitle, width, style))
  lines.push('')
  lines.push(tallyTable('DIFFICULTY', s.byDifficulty, (k) => k, width, style))
  if (s.unanswered) {
    lines.push('')
    lines.push(unansweredLine(s.unanswered, style))
  }
  if (s.skippedIds?.length) {
    lines.push('')
    lines.push(`${style.bold('Skipped')}    ${s.skippedIds.join(', ')}`)
  }
  if (s.timedOut.length) {
    lines.push('')
    lines.push(`${style.bold('Timed out')}  ${s.timedOut.map((id) => style.yellow(id)).join(', ')}`)
  }
  if (s.missed.length) {
    lines.push('')
    lines.push(style.bold('Missed — review with `django-drill show <id>`:'))
    for (const id of s.missed) lines.push(`  ${style.red('✘')} ${id}`)
  }
  if (s.flagged.length) {
    lines.push('')
    lines.push(style.bold('Flagged for later:'))
    for (const id of s.flagged) lines.push(`  ${style.yellow('⚑')} ${id}`)
  }
  return lines.join('\n')
}
