// Tables for the terminal, measured in display columns (CJK and emoji are 2).
import { inlineText } from './markdown.ts'
import type { Style } from './style.ts'
import { displayWidth, padEnd, padStart, stripAnsi, truncate, wrap } from './text.ts'

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
  const droppable = allColumns.map((c, i) => ({ c, i })).filter(({ c }) => c.drop !== undefined).sort((a, b) => a.c.drop! - b.c.drop!)
  for (const { i } of droppable) {
    if (sum(shown.map(floorOf)) <= width) break
    shown = shown.filter((j) => j !== i)
  }
  const columns = shown.map((i) => ({ ...allColumns[i]!, header: headers[i]! }))
  const rows = allRows.map((r) => shown.map((i) => r[i] ?? ''))
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i]!))))
  const total = () => sum(widths)
  const order = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.shrink !== undefined && !c.keep).sort((a, b) => a.c.shrink! - b.c.shrink!)
  const rest = columns.map((_, i) => i).filter((i) => columns[i]!.shrink === undefined && !columns[i]!.keep)
  const kept = columns.map((_, i) => i).filter((i) => columns[i]!.keep)
  const passes = [
    order.map(({ c, i }) => ({ i, floor: c.min ?? 8 })),
    [...order.map(({ i }) => i), ...rest].map((i) => ({ i, floor: 3 })),
    kept.map((i) => ({ i, floor: 3 })),
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
    if (columns[i]!.align === 'right') return padStart(painted, w)
    return last ? painted : padEnd(painted, w)
  }
  const lines = [columns.map((c, i) => cell(c.header, i, (s) => style.bold(s))).join(' '.repeat(gap)).trimEnd()]
  for (const row of rows) {
    lines.push(columns.map((c, i) => cell(row[i] ?? '', i, c.color ? (s) => c.color!(s, style) : undefined)).join(' '.repeat(gap)).trimEnd())
  }
  return lines.join('\n')
}

// ---------------------------------------------------------------- markdown tables

/** The cells of a `| a | b |` row; `\|` is a pipe inside a cell, code spans included (as GitHub does). */
export function splitTableRow(line: string): string[] {
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  const cells: string[] = []
  let cell = ''
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!
    if (c === '\\' && row[i + 1] === '|') {
      cell += '|'
      i++
    } else if (c === '|') {
      cells.push(cell.trim())
      cell = ''
    } else cell += c
  }
  if (cell.trim() !== '' || !row.endsWith('|')) cells.push(cell.trim())
  return cells
}

/** `|---|:--:|--:|` */
export const isDelimiterRow = (line: string): boolean => {
  const cells = splitTableRow(line)
  return cells.length > 0 && cells.every((c) => /^:?-+:?$/.test(c))
}

export interface MarkdownTable {
  header: string[] | undefined
  rows: string[][]
  aligns: ('left' | 'right' | 'center')[]
}

const SEP = ' │ '
/** Below this many columns per cell, a table reads better as "field: value" records. */
const MIN_CELL = 8
export const STACK_BELOW = 40

/**
 * A markdown table laid out in `width` columns: columns aligned by display
 * width, the header bold over a rule, cells wrapped inside their column when
 * the table is too wide, and "field: value" records when even that cannot fit.
 */
export function renderMarkdownTable(table: MarkdownTable, width: number, style: Style): string[] {
  const count = Math.max(table.header?.length ?? 0, ...table.rows.map((r) => r.length))
  if (count === 0) return []
  const norm = (r: string[]) => Array.from({ length: count }, (_, i) => inlineText(r[i] ?? '', style))
  const header = table.header ? norm(table.header) : undefined
  const rows = table.rows.map(norm)
  const all = header ? [header, ...rows] : rows
  const natural = Array.from({ length: count }, (_, i) => Math.max(1, ...all.map((r) => displayWidth(r[i]!))))
  const room = width - displayWidth(SEP) * (count - 1)
  if (natural.reduce((a, b) => a + b, 0) > room && (width < STACK_BELOW || room < MIN_CELL * count)) return stacked(header, rows, width, style)
  const longestWord = Array.from({ length: count }, (_, i) => Math.max(1, ...all.flatMap((r) => stripAnsi(r[i]!).split(' ').map(displayWidth))))
  const widths = fitColumns(natural, room, longestWord)
  const aligns = table.aligns
  const line = (cells: string[], paint?: (s: string) => string) => {
    const wrapped = cells.map((c, i) => wrap(paint ? paint(c) : c, widths[i]!))
    const height = Math.max(...wrapped.map((w) => w.length))
    return Array.from({ length: height }, (_, n) =>
      wrapped
        .map((w, i) => {
          const text = w[n] ?? ''
          const align = aligns[i]
          if (align === 'right') return padStart(text, widths[i]!)
          if (align === 'center') {
            const left = Math.floor((widths[i]! - displayWidth(text)) / 2)
            return padEnd(' '.repeat(left) + text, widths[i]!)
          }
          return padEnd(text, widths[i]!)
        })
        .join(style.dim(SEP))
        .trimEnd(),
    )
  }
  const out: string[] = []
  if (header) {
    out.push(...line(header, (s) => style.bold(s)))
    out.push(style.dim(widths.map((w) => '─'.repeat(w)).join('─┼─')))
  }
  for (const r of rows) out.push(...line(r))
  return out
}

/** Widths that sum to at most `room`: narrow columns keep their width, the rest share what is left evenly. */
export function fitColumns(natural: number[], room: number, longestWord?: number[]): number[] {
  const total = natural.reduce((a, b) => a + b, 0)
  if (total <= room) return [...natural]
  // When every column can hold its longest word, start there and share the rest
  // in proportion to what each still lacks: no word is broken.
  if (longestWord) {
    const floors = natural.map((n, i) => Math.min(n, longestWord[i]!))
    const spare = room - floors.reduce((a, b) => a + b, 0)
    if (spare >= 0) {
      const lack = natural.map((n, i) => n - floors[i]!)
      const lacking = lack.reduce((a, b) => a + b, 0)
      const widths = floors.map((f, i) => f + Math.floor((spare * lack[i]!) / lacking))
      let left = room - widths.reduce((a, b) => a + b, 0)
      for (let i = 0; left > 0 && i < widths.length; i++) if (widths[i]! < natural[i]!) (widths[i]!++, left--)
      return widths
    }
  }
  const widths = [...natural]
  let open = natural.map((_, i) => i)
  let left = room
  for (;;) {
    const share = Math.floor(left / open.length)
    const narrow = open.filter((i) => natural[i]! <= share)
    if (narrow.length === 0) {
      open.forEach((i, n) => (widths[i] = Math.max(2, share + (n < left - share * open.length ? 1 : 0))))
      return widths
    }
    for (const i of narrow) left -= natural[i]!
    open = open.filter((i) => natural[i]! > share)
    if (open.length === 0) return widths
  }
}

/** Each row as "field: value" lines, rows apart by a blank line. */
function stacked(header: string[] | undefined, rows: string[][], width: number, style: Style): string[] {
  const names = header ?? rows[0]!.map((_, i) => `${i + 1}`)
  const out: string[] = []
  rows.forEach((r, n) => {
    if (n > 0) out.push('')
    r.forEach((cell, i) => {
      const name = stripAnsi(names[i] ?? '')
      const label = `${name}: `
      if (displayWidth(label) > width / 2) {
        out.push(...wrap(style.bold(name), width))
        out.push(...wrap(cell, width - 2).map((l) => `  ${l}`))
      } else {
        const lines = wrap(cell, width - displayWidth(label))
        lines.forEach((l, k) => out.push(`${k === 0 ? style.bold(label.trimEnd()) + ' ' : ' '.repeat(displayWidth(label))}${l}`.trimEnd()))
      }
    })
  })
  return out
}
