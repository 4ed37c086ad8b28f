import { describe, expect, it } from 'vitest'
import { highlight } from '../src/core/highlight.ts'
import { renderMarkdown, wrapInline } from '../src/core/markdown.ts'
import { makeStyle, stripAnsi, visibleLength } from '../src/core/style.ts'
import { renderTable } from '../src/core/table.ts'
import { closest } from '../src/core/suggest.ts'

const plain = makeStyle(0)
const color = makeStyle(1)

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, quotes and code without markup characters', () => {
    const md = [
      '# Title',
      '',
      'A **bold** claim with `code` and a [link](https://docs.djangoproject.com/).',
      '',
      '- first item',
      '  continued',
      '- second',
      '  1. nested',
      '',
      '> quoted text',
      '',
      '```python',
      'def f():',
      '    return 1',
      '```',
    ].join('\n')
    expect(renderMarkdown(md, { width: 80, style: plain })).toBe(
      [
        'Title',
        '',
        'A bold claim with code and a link (https://docs.djangoproject.com/).',
        '',
        '  • first item continued',
        '  • second',
        '    1. nested',
        '',
        '│ quoted text',
        '',
        '    def f():',
        '        return 1',
      ].join('\n'),
    )
  })

  it('wraps paragraphs and list items to the width, with a hanging indent', () => {
    const out = renderMarkdown(`${'word '.repeat(30)}\n\n- ${'item '.repeat(20)}`, { width: 30, style: plain })
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30)
    expect(out).toContain('\n    item item')
  })

  it('measures width without colour codes', () => {
    const out = renderMarkdown(`${'`code` **bold** '.repeat(10)}`, { width: 40, style: color })
    for (const line of out.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(40)
    expect(stripAnsi(out)).not.toContain('**')
  })

  it('keeps punctuation glued to code spans and bold text', () => {
    expect(wrapInline('Use `select_related()`, not **prefetch**.', 80, plain)).toEqual(['Use select_related(), not prefetch.'])
  })

  it('front-matter text keeps __dunder__ and **kwargs as written; only `code` is markup', () => {
    expect(wrapInline('`get_response` in __init__, not **kwargs', 80, plain, true)).toEqual(['get_response in __init__, not **kwargs'])
    expect(wrapInline('in __init__', 80, plain)).toEqual(['in init'])
  })

  it('renders tables with a header rule instead of the delimiter row', () => {
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |', { width: 80, style: plain })).toBe('a │ b\n──┼──\n1 │ 2')
  })
})

describe('highlight', () => {
  it('colours Python keywords, strings, comments and numbers', () => {
    const out = highlight('def f(x):  # note\n    return "s" + 1', 'python', color)
    expect(out).toContain('\u001b[35mdef\u001b[39m')
    expect(out).toContain('\u001b[34mf\u001b[39m')
    expect(out).toContain('\u001b[32m"s"\u001b[39m')
    expect(out).toContain('\u001b[90m# note\u001b[39m')
    expect(out).toContain('\u001b[33m1\u001b[39m')
    expect(stripAnsi(out)).toBe('def f(x):  # note\n    return "s" + 1')
  })

  it('leaves other languages and plain output alone', () => {
    expect(highlight('x = "y"', 'bash', color)).toBe('x = "y"')
    expect(highlight('x = "y"', 'python', plain)).toBe('x = "y"')
  })
})

describe('renderTable', () => {
  it('fits the width by shrinking the shrinkable columns, with an ellipsis', () => {
    const out = renderTable(
      [{ header: 'ID', shrink: 2, min: 6 }, { header: 'TYPE' }, { header: 'TITLE', shrink: 1, min: 8 }],
      [['a-very-long-identifier', 'open', 'A very long title that will not fit']],
      30,
      plain,
    )
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30)
    expect(out).toContain('…')
    expect(out.split('\n')[0]).toMatch(/^ID\s+TYPE\s+TITLE$/)
  })

  it('keeps full text when there is room (or no terminal)', () => {
    const out = renderTable([{ header: 'ID', shrink: 1 }], [['x'.repeat(200)]], Number.POSITIVE_INFINITY, plain)
    expect(out).toContain('x'.repeat(200))
  })
})

describe('closest ids', () => {
  const ids = ['orm-select-related', 'orm-prefetch-related', 'security-csrf', 'views-generic-views']
  it.each([
    ['orm-select-relatd', 'orm-select-related'],
    ['csrf', 'security-csrf'],
    ['generic', 'views-generic-views'],
  ])('%s → %s', (input, expected) => expect(closest(input, ids)[0]).toBe(expected))

  it('suggests nothing for something unrelated', () => {
    expect(closest('zzzzzzzzzzzzzzzz', ids)).toEqual([])
  })
})
