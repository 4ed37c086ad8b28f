// Markdown tables for the terminal, measured in display columns (CJK and emoji are 2).
import { inlineText } from './markdown.ts'
import type { Style } from './style.ts'
import { displayWidth, padEnd, padStart, stripAnsi, wrap } from './text.ts'

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
      for (let i = 0; left > 0 && i < widths.length; i++) {
        if (widths[i]! < natural[i]!) {
          widths[i]!++
          left--
        }
      }
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
