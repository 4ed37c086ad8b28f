// Text for the interview plan, the forecast, leeches and confusions, and the
// readiness projected to a date. Pure: figures and a width in, strings out.
import { truncate, type Style } from './style.ts'
import { renderTable } from './table.ts'
import { wrap, wrapWithPrefix } from './text.ts'
import type { DayPlan, InterviewPlan, ProjectedDay } from './plan.ts'
import type { LightQuestion } from './types.ts'
import type { Confusion, Leech } from './leech.ts'

/** A dim note wrapped to the width (never cut: it is a sentence to read). */
export const noteLines = (text: string, width: number, style: Style): string =>
  wrap(text, Number.isFinite(width) ? Math.max(20, width) : 100)
    .map((l) => style.dim(l))
    .join('\n')

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const weekday = (day: string) => WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7]!

/** "≈ 22 min", "< 1 min". */
export const minutesText = (ms: number): string => (ms <= 0 ? '0 min' : ms < 60_000 ? '< 1 min' : `≈ ${Math.round(ms / 60_000)} min`)

const daysText = (n: number) => (n === 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`)

/** "Interview in 9 days · projected 142/169 known · today 18 questions ≈ 22 min" */
export function countdownLine(input: { daysLeft: number; projected: number; scope: number; today: DayPlan<LightQuestion>; width?: number }, style: Style): string {
  const { today } = input
  const width = input.width !== undefined && Number.isFinite(input.width) ? input.width : Number.POSITIVE_INFINITY
  const n = today.queue.length
  const long = [
    `Interview ${daysText(input.daysLeft)}`,
    `projected ${Math.round(input.projected)}/${input.scope} known`,
    n === 0 ? "today's plan done" : `today ${n} question${n === 1 ? '' : 's'} ${minutesText(today.estMs)}`,
  ]
  // Narrow terminals get the same figures in fewer words.
  const short = [`Interview ${daysText(input.daysLeft)}`, `${Math.round(input.projected)}/${input.scope} known`, n === 0 ? 'done today' : `today ${n} ${minutesText(today.estMs)}`]
  const parts = long.join(' · ').length <= width ? long : short
  if (parts.join(' · ').length > width) return truncate(parts.join(' · '), width)
  return [style.bold(parts[0]!), parts[1]!, n === 0 ? style.green(parts[2]!) : parts[2]!].join(style.dim(' · '))
}

/** Parts joined with " · ", a new line started where the next part would not fit (a part too long alone is cut). */
export function joinFitting(parts: readonly string[], width: number): string {
  const lines: string[] = []
  for (const part of parts) {
    const last = lines.at(-1)
    if (last !== undefined && last.length + 3 + part.length <= width) lines[lines.length - 1] = `${last} · ${part}`
    else lines.push(truncate(part, width))
  }
  return lines.join('\n')
}

/** The day-by-day table of `plan`: it fits `width` (the day column gives up its weekday first). */
export function renderPlanTable(plan: InterviewPlan, days: readonly ProjectedDay[], view: { width: number; style: Style; scope: number; interviewText: string }): string {
  const { style } = view
  const width = Number.isFinite(view.width) ? view.width : 100
  const narrow = width < 56
  const rows = days.map((d) => [
    narrow ? d.day.slice(5) : `${weekday(d.day)} ${d.day}`,
    String(d.new),
    String(d.reviews + d.sweep),
    d.minutes < 0.5 ? '0' : String(Math.round(d.minutes)),
    `${Math.round(d.projected)}/${view.scope}`,
  ])
  const table = renderTable(
    [
      { header: 'DAY', shrink: 1, min: 5 },
      { header: 'NEW', align: 'right' },
      { header: narrow ? 'REV' : 'REVIEWS', align: 'right' },
      { header: 'MIN', align: 'right' },
      { header: narrow ? 'KNOWN' : 'PROJECTED KNOWN', align: 'right' },
    ],
    rows,
    width,
    style,
  )
  const budget = plan.questions !== undefined ? `${plan.questions} questions a day` : `${plan.minutes ?? 20} min a day`
  const head = joinFitting([`Interview ${view.interviewText}`, budget, `target ${Math.round(plan.target * 100)}% recall`, ...(plan.track ? [`track ${plan.track}`] : [])], width)
  const note = noteLines(
    width < 76 ? 'Known: expected recall on the day, planned answers right.' : 'Projected known: expected recall on the day if each planned answer is right.',
    width,
    style,
  )
  return [style.bold(head), '', table, '', note].join('\n')
}

export interface ForecastDay {
  day: string
  reviews: number
  minutes: number
}

/** Reviews per day as horizontal bars, each with its count and estimated minutes. */
export function renderForecast(days: readonly ForecastDay[], view: { width: number; style: Style; title: string }): string {
  const { style } = view
  const width = Number.isFinite(view.width) ? Math.min(view.width, 100) : 80
  const max = Math.max(1, ...days.map((d) => d.reviews))
  const label = (d: ForecastDay) => (width < 60 ? d.day.slice(5) : `${weekday(d.day)} ${d.day.slice(5)}`)
  const labelWidth = Math.max(...days.map((d) => label(d).length), 3)
  const countWidth = Math.max(...days.map((d) => String(d.reviews).length))
  const minWidth = Math.max(...days.map((d) => minutesText(d.minutes * 60_000).length))
  const barRoom = Math.max(1, width - labelWidth - countWidth - minWidth - 6)
  const lines = [style.bold(truncate(view.title, width)), '']
  for (const d of days) {
    const n = d.reviews === 0 ? 0 : Math.max(1, Math.round((d.reviews / max) * barRoom))
    const bar = style.cyan('█'.repeat(n)) + ' '.repeat(barRoom - n)
    lines.push(`${label(d).padEnd(labelWidth)}  ${bar} ${String(d.reviews).padStart(countWidth)}  ${style.dim(minutesText(d.minutes * 60_000).padStart(minWidth))}`.trimEnd())
  }
  const total = days.reduce((s, d) => s + d.reviews, 0)
  const minutes = days.reduce((s, d) => s + d.minutes, 0)
  lines.push('', noteLines(`${total} reviews in ${days.length} days, ${minutesText(minutes * 60_000)} at your answer times`, width, style))
  return lines.join('\n')
}

/** The Leeches section of `stats`. */
export function renderLeeches(leeches: readonly Leech[], view: { width: number; style: Style; title: (bank: string, id: string) => string }): string[] {
  const { style } = view
  if (leeches.length === 0) return []
  const width = Number.isFinite(view.width) ? Math.min(view.width, 80) : 80
  const rows = leeches.map((l) => [
    l.id,
    l.reason === 'lapses' ? `${l.lapses} lapses` : `${l.test.misses} missed, ${l.test.expected.toFixed(1)} expected`,
    view.title(l.bank, l.id),
  ])
  return [
    style.bold('Leeches'),
    renderTable([{ header: 'ID', shrink: 2, min: 12, color: (s, st) => st.cyan(s) }, { header: 'WHY' }, { header: 'TITLE', shrink: 1, min: 8 }], rows, width, style),
    noteLines('Drill them with `quiz --leeches`; read the answer with `show <id>`.', width, style),
  ]
}

/** "you pick prefetch_related when the answer is select_related: 3 times" */
export function renderConfusions(items: readonly Confusion[], view: { width: number; style: Style }): string[] {
  const { style } = view
  if (items.length === 0) return []
  const width = Number.isFinite(view.width) ? Math.min(view.width, 100) : 100
  return [
    style.bold('Recurring confusions'),
    ...items
      .slice(0, 8)
      .flatMap((c) => [
        `  ${style.cyan(truncate(c.id, width - 2))}`,
        ...wrapWithPrefix(`you pick ${truncate(c.picked, 32)} when the answer is ${truncate(c.answer.join(' + '), 32)}: ${c.times} times`, Math.max(20, width), '    '),
      ]),
  ]
}

export interface ProjectedCell {
  /** Expected number recalled: the sum of predicted recalls. */
  known: number
  total: number
}

export interface ProjectedRow {
  topic: string
  cells: Record<string, ProjectedCell>
  all: ProjectedCell
}

/** The readiness grid of `stats --on <date>`: expected known per topic and difficulty. */
export function renderProjected(
  grid: { on: string; difficulties: readonly string[]; rows: readonly ProjectedRow[]; all: ProjectedRow },
  view: { width: number; style: Style },
): string {
  const { style } = view
  const width = Number.isFinite(view.width) ? Math.min(view.width, 80) : 80
  const cell = (c: ProjectedCell | undefined) => (c && c.total > 0 ? `${c.known.toFixed(1)}/${c.total}` : '')
  const rows = [...grid.rows, grid.all].map((r) => [r.topic, ...grid.difficulties.map((d) => cell(r.cells[d])), cell(r.all)])
  const table = renderTable(
    [
      { header: 'TOPIC', shrink: 1, min: 6 },
      ...grid.difficulties.map((d) => ({ header: width < 70 ? d.slice(0, 3).toUpperCase() : d.toUpperCase(), align: 'right' as const })),
      { header: 'ALL', align: 'right' },
    ],
    rows,
    width,
    style,
  )
  return [style.bold(truncate(`Readiness projected to ${grid.on}`, width)), table, noteLines('Known: expected recall (FSRS) then, with no more reviews.', width, style)].join('\n')
}
