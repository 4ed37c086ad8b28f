// Renders the `stats` dashboard as text that fits 80 columns. Colour adds to
// the shading characters (░▒▓█) but never replaces them, so the same layout
// reads the same with NO_COLOR.
import type { Cell, ReadinessRow, Stats } from './stats.ts'
import { padEnd, truncate, visibleLength, type Style } from './style.ts'
import { fitLine as fitText } from './text.ts'
import { renderTable } from './table.ts'

export interface StatsView {
  /** Columns available; the dashboard never uses more than 80. */
  width: number
  style: Style
  /** Show ids as bank/id (several banks loaded). */
  multiBank?: boolean
}

const MAX_WIDTH = 80
const SHADES = ['░', '▒', '▓', '█'] as const
const HEAT = ['·', '░', '▒', '▓', '█'] as const
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const clampWidth = (width: number) => (Number.isFinite(width) && width > 0 ? Math.min(width, MAX_WIDTH) : MAX_WIDTH)

/** Whole percent, rounded down so that 100% means every one. */
export const percent = (share: number | null): string => (share === null ? '–' : `${Math.floor(share * 100 + 1e-9)}%`)

/** Shading character for a share known: ░ under 25%, ▒ under 50%, ▓ under 75%, █ from 75%. */
export const shadeOf = (share: number): string => SHADES[Math.min(3, Math.floor(share * 4))]!

/** Red under 40%, yellow under 75%, green from 75%. */
export const paintShare = (text: string, share: number, style: Style): string => (share < 0.4 ? style.red(text) : share < 0.75 ? style.yellow(text) : style.green(text))

/** Heat level 0..4 of a day's answers relative to the busiest day shown. */
export const heatLevel = (answers: number, max: number): number => (answers <= 0 || max <= 0 ? 0 : Math.min(4, Math.ceil((4 * answers) / max)))

const paintHeat = (level: number, style: Style): string => (level === 0 ? style.dim(HEAT[0]) : style.green(HEAT[level]!))

const count = (c: Cell) => `${c.known}/${c.total}`

/** The readiness table: topics down, difficulties across, each cell "shade known/total percent". */
export function renderReadiness(stats: Stats, view: StatsView): string[] {
  const { style } = view
  const width = clampWidth(view.width)
  const { rows, difficulties, all } = stats.readiness
  if (rows.length === 0) return [style.bold('Readiness'), style.dim('No question in the bank matches these filters.')]
  const showAll = difficulties.length > 1
  const showTotalRow = rows.length > 1
  const rowsShown = showTotalRow ? [...rows, all] : rows
  const topicWidth = Math.min(16, Math.max(5, ...rowsShown.map((r) => r.topic.length)))
  const columns = showAll ? [...difficulties, 'all'] : [...difficulties]
  const cellOf = (row: ReadinessRow, column: string): Cell => (column === 'all' ? row.all : row.cells[column]!)
  const countWidths = columns.map((c) => Math.max(...rowsShown.map((r) => count(cellOf(r, c)).length)))
  const gap = 2

  // Full headers and percentages when they fit, short ones without percentages otherwise.
  let withPercent = true
  let headers = columns.map((c) => c.toUpperCase())
  const cellWidths = () => columns.map((_, i) => Math.max(headers[i]!.length, 2 + countWidths[i]! + (withPercent ? 5 : 0)))
  if (topicWidth + cellWidths().reduce((a, b) => a + b + gap, 0) > width) {
    withPercent = false
    headers = columns.map((c) => c.slice(0, 3).toUpperCase())
  }
  const widths = cellWidths()

  const cellText = (c: Cell, i: number): string => {
    if (c.total === 0) return padEnd(style.dim('·'), widths[i]!)
    const share = c.known / c.total
    const text = `${shadeOf(share)} ${count(c).padStart(countWidths[i]!)}${withPercent ? ` ${percent(share).padStart(4)}` : ''}`
    return padEnd(paintShare(text, share, style), widths[i]!)
  }
  const line = (first: string, cells: string[]) => [padEnd(first, topicWidth), ...cells].join(' '.repeat(gap)).trimEnd()

  const overall = all.all
  const summary = overall.total === 0 ? 'no questions' : `${overall.known} of ${overall.total} questions known now (${percent(overall.known / overall.total)})`
  const out = [
    `${style.bold('Readiness')}  ${style.dim(summary)}`,
    style.bold(
      line(
        'TOPIC',
        headers.map((h, i) => padEnd(h, widths[i]!)),
      ),
    ),
  ]
  for (const row of rowsShown) {
    const label = row === all ? style.bold('all') : truncate(row.topic, topicWidth)
    out.push(
      line(
        label,
        columns.map((c, i) => cellText(cellOf(row, c), i)),
      ),
    )
  }
  return out
}

/** Answers per day as a contribution graph: Monday to Sunday down, one column per week, months above. */
export function renderHeatmap(activity: Stats['activity'], view: StatsView): string[] {
  const { style } = view
  const weeks = Math.ceil(activity.days.length / 7)
  const left = 4
  // Room for a label over the last week too.
  const monthLine: string[] = Array.from({ length: left + weeks * 2 + 1 }, () => ' ')
  let lastLabel = -Infinity
  for (let week = 0; week < weeks; week++) {
    const first = activity.days[week * 7]
    if (!first) continue
    const month = first.date.slice(5, 7)
    const previous = week > 0 ? activity.days[(week - 1) * 7]!.date.slice(5, 7) : undefined
    if (month === previous) continue
    const x = left + week * 2
    // A later month start wins over the partial month the graph opens with.
    if (x - lastLabel < 4) for (let i = lastLabel; i < lastLabel + 3; i++) monthLine[i] = ' '
    const name = MONTHS[Number(month) - 1]!
    for (let i = 0; i < 3 && x + i < monthLine.length; i++) monthLine[x + i] = name[i]!
    lastLabel = x
  }
  const rows = WEEKDAYS.map((name, weekday) => {
    const cells: string[] = []
    for (let week = 0; week < weeks; week++) {
      const day = activity.days[week * 7 + weekday]
      cells.push(day ? paintHeat(heatLevel(day.answers, activity.max), style) : ' ')
    }
    return `${style.dim(name)} ${cells.join(' ')}`.trimEnd()
  })
  const legend = `${' '.repeat(left)}${style.dim('Less')} ${HEAT.map((_, level) => paintHeat(level, style)).join(' ')} ${style.dim('More')}`
  return [`${style.bold('Activity')}  ${style.dim(`last ${weeks} weeks`)}`, style.dim(monthLine.join('').trimEnd()), ...rows, legend]
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`

/** Questions, answers, accuracy, streak and what is due. */
export function renderTotals(stats: Stats, view: StatsView): string[] {
  const { style } = view
  const label = (text: string) => style.bold(text.padEnd(12))
  const accuracy = (r: Stats['answers']) => (r.accuracy === null ? '' : ` · ${percent(r.accuracy)} right`)
  const q = stats.questions
  const questions = [`${q.seen} seen`, `${q.unseen} unseen`, ...(q.retired ? [`${q.retired} retired`] : [])].join(' · ')
  const { current, longest, answeredToday } = stats.streak
  const streak = `${current === 0 ? 'none' : plural(current, 'day')} · longest ${longest}${current > 0 && !answeredToday ? style.dim(' · keep it today') : ''}`
  return [
    style.bold('Totals'),
    `${label('Questions')}${questions}`,
    ...(q.flagged ? [`${label('Flagged')}${q.flagged}`] : []),
    `${label('Answers')}${stats.answers.given}${accuracy(stats.answers)}`,
    `${label('Last 7 days')}${stats.last7Days.given}${accuracy(stats.last7Days)}`,
    `${label('Streak')}${streak}`,
    `${label('Due')}${stats.due.today} today · ${stats.due.next7Days} in the next 7 days`,
  ]
}

/** The questions missed most, with their ids so `show <id>` can follow. */
export function renderWeakest(stats: Stats, view: StatsView): string[] {
  const { style } = view
  const heading = `${style.bold('Weakest questions')}  ${style.dim('django-drill show <id> · quiz --weak')}`
  if (stats.answers.given === 0) return [style.bold('Weakest questions'), style.dim('No answers yet: run `django-drill quiz` to start.')]
  if (stats.weakest.length === 0) return [style.bold('Weakest questions'), style.dim('None: everything you answered is known now.')]
  const table = renderTable(
    [
      { header: 'ID', keep: true, color: (s, st) => st.cyan(s) },
      { header: 'LAPSES', short: 'LAPS', align: 'right' },
      { header: 'WRONG', short: 'WRNG', align: 'right', drop: 1 },
      { header: 'RECALL', align: 'right' },
      { header: 'TITLE', shrink: 1, min: 10 },
    ],
    stats.weakest.map((w) => [view.multiBank ? `${w.bank}/${w.id}` : w.id, String(w.lapses), String(w.wrong), percent(w.recall), w.title]),
    // The one table whose titles gain from room: it takes the terminal's width, not the dashboard's 80.
    Number.isFinite(view.width) && view.width > 0 ? view.width : Number.POSITIVE_INFINITY,
    style,
  )
  return [heading, ...table.split('\n')]
}

/** Cuts a line, colours and all, to `width` visible columns, ending with an ellipsis when cut. */
export const fitLine = fitText

/** Two blocks side by side when they fit, else one under the other. */
function beside(left: string[], right: string[], width: number, gap = 4): string[] {
  const leftWidth = Math.max(...left.map(visibleLength))
  const rightWidth = Math.max(...right.map(visibleLength))
  if (leftWidth + gap + rightWidth > width) return [...left, '', ...right]
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => `${padEnd(left[i] ?? '', leftWidth + gap)}${right[i] ?? ''}`.trimEnd())
}

/** The whole dashboard. */
export function renderStats(stats: Stats, view: StatsView): string {
  const width = clampWidth(view.width)
  const v = { ...view, width }
  const filters = [
    ...(stats.filter.topics.length ? [`topic ${stats.filter.topics.join(', ')}`] : []),
    ...(stats.filter.difficulties.length ? [`difficulty ${stats.filter.difficulties.join(', ')}`] : []),
  ]
  const sections = [
    ...(filters.length ? [[view.style.dim(truncate(`Only ${filters.join(' · ')}`, width))]] : []),
    renderReadiness(stats, v),
    beside(renderHeatmap(stats.activity, v), renderTotals(stats, v), width),
  ]
  const full = Number.isFinite(view.width) && view.width > 0 ? view.width : Number.POSITIVE_INFINITY
  const weakest = renderWeakest(stats, view)
    .map((line) => fitLine(line, full))
    .join('\n')
  return [...sections.map((lines) => lines.map((line) => fitLine(line, width)).join('\n')), weakest].join('\n\n')
}
