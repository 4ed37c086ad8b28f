import { formatSpent } from './duration.ts'
import type { SessionSummary, Tally } from './session.ts'
import { truncate, type Style } from './style.ts'
import { wrapItems } from './text.ts'
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

/** A labelled line ("Skipped    a, b"): items joined by `sep`, wrapped under the first one. */
const labelled = (label: string, items: string[], width: number, style: Style, sep = ' · '): string[] => {
  const indent = ' '.repeat(label.length + 2)
  return wrapItems(items, width - indent.length, sep).map((l, n) => (n === 0 ? `${style.bold(label)}  ` : indent) + l)
}

/** The question on screen when time ran out, with what had been typed. */
function unansweredLines(u: { id: string; typed: string }, width: number, style: Style): string[] {
  const typed = u.typed.replace(/\s+/g, ' ').trim()
  const items = [`${style.yellow(u.id)} ${style.dim('(time ran out)')}`, ...(typed ? [`you had typed: ${style.cyan(truncate(typed, 3 * width))}`] : [])]
  return labelled('Unanswered', items, width, style)
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
    if (s.unanswered) lines.push(...unansweredLines(s.unanswered, width, style))
    return lines.join('\n')
  }
  const scoreColor = s.score >= 0.8 ? style.green : s.score >= 0.5 ? style.yellow : style.red
  lines.push(`${style.bold('Score')}     ${scoreColor(`${s.correct}/${s.answered}`)} ${style.dim(`(${pct(s.score)})`)}`)
  const parts = [`${s.correct} right`, `${s.wrong} wrong`]
  if (s.timeouts) parts.push(`${s.timeouts} timed out`)
  if (s.skipped) parts.push(`${s.skipped} skipped`)
  lines.push(...labelled('Answers ', parts, width, style))
  const slowest = s.slowest ? [`slowest ${formatSpent(s.slowest.ms)} (${s.slowest.id})`] : []
  lines.push(...labelled('Time    ', [`${formatSpent(s.totalMs)} in all`, `${formatSpent(s.averageMs)} per question`, ...slowest], width, style))
  lines.push('')
  lines.push(tallyTable('TOPIC', s.byTopic, options.topicTitle, width, style))
  lines.push('')
  lines.push(tallyTable('DIFFICULTY', s.byDifficulty, (k) => k, width, style))
  if (s.unanswered) {
    lines.push('')
    lines.push(...unansweredLines(s.unanswered, width, style))
  }
  if (s.skippedIds?.length) {
    lines.push('')
    lines.push(...labelled('Skipped  ', s.skippedIds, width, style, ', '))
  }
  if (s.timedOut.length) {
    lines.push('')
    lines.push(
      ...labelled(
        'Timed out',
        s.timedOut.map((id) => style.yellow(id)),
        width,
        style,
        ', ',
      ),
    )
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
