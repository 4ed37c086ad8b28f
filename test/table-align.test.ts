// Every row of a table starts each column at the same terminal column, measured by
// display width (CJK and emoji take 2), so one character of misalignment fails here.
import { describe, expect, it } from 'vitest'
import { renderMarkdownTable } from '../src/core/md-table.ts'
import { makeStyle } from '../src/core/style.ts'
import { renderTable, type Column } from '../src/core/table.ts'
import { displayWidth, stripAnsi } from '../src/core/text.ts'

const plain = makeStyle(0)
const color = makeStyle(1)

/**
 * Where each cell of `cells` starts and ends on `line`, in display columns: the
 * cells are found left to right, each after the previous one.
 */
function spans(line: string, cells: string[]): { start: number; end: number }[] {
  const bare = stripAnsi(line)
  let from = 0
  return cells.map((cell) => {
    const at = bare.indexOf(cell, from)
    if (at < 0) throw new Error(`cell ${JSON.stringify(cell)} not found after column ${from} in ${JSON.stringify(bare)}`)
    from = at + cell.length
    const start = displayWidth(bare.slice(0, at))
    return { start, end: start + displayWidth(cell) }
  })
}

/** Display columns at which `mark` occurs on `line`. */
function marks(line: string, mark: string): number[] {
  const bare = stripAnsi(line)
  const out: number[] = []
  for (let at = bare.indexOf(mark); at >= 0; at = bare.indexOf(mark, at + 1)) out.push(displayWidth(bare.slice(0, at)))
  return out
}

describe('column tables line up by display width', () => {
  const columns: Column[] = [{ header: 'ID', keep: true }, { header: 'TOPIC' }, { header: 'DUE', align: 'right' }, { header: 'TITLE' }]
  const rows = [
    ['orm-n1', 'ORM', '3', 'Plain ASCII title'],
    ['日本-q', 'キャッシュ', '12', '日本語のタイトル'],
    ['emoji-🎉', 'async', '100', 'Ünïcödé ✔ title'],
    ['x', 'é', '7', 'short'],
  ]

  for (const style of [plain, color]) {
    it(`every row starts each left column, and ends the right-aligned one, at the header's column (${style === plain ? 'plain' : 'colour'})`, () => {
      const lines = renderTable(columns, rows, 100, style).split('\n')
      expect(lines).toHaveLength(rows.length + 1)
      const header = spans(
        lines[0]!,
        columns.map((c) => c.header),
      )
      // ID at 0; the next column two spaces after the widest cell above it
      expect(header[0]!.start).toBe(0)
      const widest = (i: number) => Math.max(displayWidth(columns[i]!.header), ...rows.map((r) => displayWidth(r[i]!)))
      expect(header[1]!.start).toBe(widest(0) + 2)
      expect(header[2]!.end).toBe(header[1]!.start + widest(1) + 2 + widest(2))
      expect(header[3]!.start).toBe(header[2]!.end + 2)
      rows.forEach((row, r) => {
        const got = spans(lines[r + 1]!, row)
        for (const i of [0, 1, 3]) expect(got[i]!.start, `row ${r} column ${columns[i]!.header}`).toBe(header[i]!.start)
        expect(got[2]!.end, `row ${r} column DUE (right-aligned)`).toBe(header[2]!.end)
      })
    })
  }

  it('stays aligned when a CJK title is cut to fit', () => {
    const width = 40
    const lines = renderTable(
      [
        { header: 'ID', keep: true },
        { header: 'N', align: 'right' },
        { header: 'TITLE', shrink: 1, min: 6 },
      ],
      [
        ['a', '1', 'x'.repeat(60)],
        ['日本', '22', '日本語のタイトルはとても長いです'],
      ],
      width,
      plain,
    ).split('\n')
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width)
    const titleAt = lines.map((l) => displayWidth(l.slice(0, l.search(/TITLE|x|日本語/))))
    expect(new Set(titleAt).size, lines.join('\n')).toBe(1)
    const numberEnds = lines.map((l, n) => spans(l, [['ID', 'a', '日本'][n]!, ['N', '1', '22'][n]!])[1]!.end)
    expect(new Set(numberEnds).size, lines.join('\n')).toBe(1)
  })
})

describe('markdown tables line up by display width', () => {
  const table = {
    header: ['Backend', 'Setting', 'Notes'],
    aligns: ['left', 'center', 'right'] as ('left' | 'center' | 'right')[],
    rows: [
      ['Redis', 'django.core.cache.backends.redis.RedisCache', 'built in since 4.0'],
      ['日本語', 'キャッシュ', '🎉'],
      ['é', 'x', '全角'],
    ],
  }

  for (const width of [100, 50]) {
    it(`every line puts each separator at the same column, the rule's ┼ under it (width ${width})`, () => {
      for (const style of [plain, color]) {
        const lines = renderMarkdownTable(table, width, style)
        expect(lines.length).toBeGreaterThan(table.rows.length + 1)
        const rule = lines[1]!
        expect(stripAnsi(rule)).toMatch(/^─+┼─+┼─+$/)
        const bars = marks(rule, '┼') // " │ " and "─┼─": a row's bar sits where the rule's cross does
        expect(bars).toHaveLength(2)
        const end = displayWidth(stripAnsi(rule))
        for (const line of lines.filter((_, n) => n !== 1)) {
          const bare = stripAnsi(line)
          expect(marks(line, '│'), JSON.stringify(bare)).toEqual(bars)
          expect(displayWidth(line)).toBeLessThanOrEqual(width)
          // the right-aligned last column ends where the rule ends
          if (bare.slice(bare.lastIndexOf('│') + 1).trim() !== '') expect(displayWidth(bare), JSON.stringify(bare)).toBe(end)
        }
      }
    })
  }
})
