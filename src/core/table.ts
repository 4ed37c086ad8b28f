import { padEnd, truncate, type Style } from './style.ts'

export interface Column {
  header: string
  /** Columns that may shrink, in the order they give up width. */
  shrink?: number
  min?: number
  align?: 'left' | 'right'
  color?: (text: string, style: Style) => string
}

/**
 * Lays out rows of plain text as a table that fits `width` columns: shrinkable
 * columns are cut with an ellipsis, the rest keep their natural width.
 */
export function renderTable(columns: Column[], rows: string[][], width: number, style: Style): string {
  const gap = 2
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)))
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1)
  const order = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.shrink !== undefined).sort((a, b) => a.c.shrink! - b.c.shrink!)
  // First the shrinkable columns down to their minimum; on a very narrow
  // terminal, then every column down to a few characters.
  const passes = [
    order.map(({ c, i }) => ({ i, floor: c.min ?? 8 })),
    [...order.map(({ i }) => i), ...columns.map((_, i) => i).filter((i) => columns[i]!.shrink === undefined)].map((i) => ({ i, floor: 3 })),
  ]
  for (const pass of passes) {
    for (const { i, floor } of pass) {
      const over = total() - width
      if (over <= 0) break
      widths[i] = Math.max(Math.min(floor, widths[i]!), widths[i]! - over)
    }
  }
  const cell = (text: string, i: number, color?: (s: string) => string) => {
    const w = widths[i]!
    const cut = truncate(text, w)
    const painted = color ? color(cut) : cut
    const last = i === columns.length - 1
    if (columns[i]!.align === 'right') return ' '.repeat(Math.max(0, w - cut.length)) + painted
    return last ? painted : padEnd(painted, w)
  }
  const lines = [columns.map((c, i) => cell(c.header, i, (s) => style.bold(s))).join(' '.repeat(gap)).trimEnd()]
  for (const row of rows) {
    lines.push(columns.map((c, i) => cell(row[i] ?? '', i, c.color ? (s) => c.color!(s, style) : undefined)).join(' '.repeat(gap)).trimEnd())
  }
  return lines.join('\n')
}
