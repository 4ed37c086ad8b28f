// Tables for the terminal, measured in display columns (CJK and emoji are 2).
import type { Style } from './style.ts'
import { displayWidth, padEnd, padStart, truncate } from './text.ts'

export interface Column {
  header: string
  /** Columns that may shrink, in the order they give up width. */
  shrink?: number
  min?: number
  align?: 'left' | 'right'
  color?: (text: string, style: Style) => string
  /** Never cut (ids a user copies into another command); other columns give up their width first. */
  keep?: boolean
  /** A shorter header for a table that does not fit. */
  short?: string
  /** Left out, lowest first, when the table cannot fit even with every column at its minimum. */
  drop?: number
}

/**
 * Lays out rows of plain text as a table that fits `width` columns. When the
 * table is too wide: short headers first, then the `drop` columns are left
 * out (lowest first) while even their minimum widths cannot fit, then
 * shrinkable columns are cut with an ellipsis, then every other column; a
 * `keep` column (an id a user copies) is cut only when nothing else is left.
 */
export function renderTable(allColumns: Column[], allRows: string[][], width: number, style: Style): string {
  const gap = 2
  const naturalOf = (_c: Column, i: number, header: string) => Math.max(displayWidth(header), ...allRows.map((r) => displayWidth(r[i] ?? '')))
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) + gap * (xs.length - 1)
  let headers = allColumns.map((c) => c.header)
  if (sum(allColumns.map((c, i) => naturalOf(c, i, headers[i]!))) > width) headers = allColumns.map((c) => c.short ?? c.header)
  let shown = allColumns.map((_, i) => i)
  const floorOf = (i: number) => {
    const c = allColumns[i]!
    const natural = naturalOf(c, i, headers[i]!)
    return c.shrink !== undefined && !c.keep ? Math.min(natural, c.min ?? 8) : natural
  }
  const droppable = allColumns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.drop !== undefined)
    .sort((a, b) => a.c.drop! - b.c.drop!)
  for (const { i } of droppable) {
    if (sum(shown.map(floorOf)) <= width) break
    shown = shown.filter((j) => j !== i)
  }
  const columns = shown.map((i) => ({ ...allColumns[i]!, header: headers[i]! }))
  const rows = allRows.map((r) => shown.map((i) => r[i] ?? ''))
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i]!))))
  const total = () => sum(widths)
  const order = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.shrink !== undefined && !c.keep)
    .sort((a, b) => a.c.shrink! - b.c.shrink!)
  const rest = columns.map((_, i) => i).filter((i) => columns[i]!.shrink === undefined && !columns[i]!.keep)
  const kept = columns.map((_, i) => i).filter((i) => columns[i]!.keep)
  const passes = [order.map(({ c, i }) => ({ i, floor: c.min ?? 8 })), [...order.map(({ i }) => i), ...rest].map((i) => ({ i, floor: 3 })), kept.map((i) => ({ i, floor: 3 }))]
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
    if (columns[i]!.align === 'right') return padStart(painted, w)
    return last ? painted : padEnd(painted, w)
  }
  const lines = [
    columns
      .map((c, i) => cell(c.header, i, (s) => style.bold(s)))
      .join(' '.repeat(gap))
      .trimEnd(),
  ]
  for (const row of rows) {
    lines.push(
      columns
        .map((c, i) => cell(row[i] ?? '', i, c.color ? (s) => c.color!(s, style) : undefined))
        .join(' '.repeat(gap))
        .trimEnd(),
    )
  }
  return lines.join('\n')
}
