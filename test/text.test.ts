import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { shortCode } from '../src/core/cheatsheet.ts'
import { parseInline, renderMarkdown, wrapInline } from '../src/core/markdown.ts'
import { choosePager, splitCommand, type PagerInput } from '../src/core/pager.ts'
import { makeStyle } from '../src/core/style.ts'
import { renderTable } from '../src/core/table.ts'
import { balanceLines, displayWidth, fences, fitLine, fitLines, separator, stripAnsi, truncate, wrap, wrapItems } from '../src/core/text.ts'

const plain = makeStyle(0)
const color = makeStyle(1)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth))

describe('display width', () => {
  it('counts terminal columns: CJK and emoji 2, combining marks 0, colour codes nothing', () => {
    expect(displayWidth('abc')).toBe(3)
    expect(displayWidth('日本語')).toBe(6)
    expect(displayWidth('😀')).toBe(2)
    expect(displayWidth('e\u0301')).toBe(1)
    expect(displayWidth(color.red('日本'))).toBe(4)
  })

  it('the fast path for narrow scripts agrees with string-width on every character it covers', () => {
    const ranges = [
      [0x20, 0x7e],
      [0xa0, 0x2ff],
      [0x370, 0x4ff],
      [0x2010, 0x2027],
      [0x2030, 0x205e],
      [0x2190, 0x2319],
      [0x23ce, 0x23ce],
      [0x23f1, 0x23f1],
      [0x2500, 0x25fc],
      [0x2691, 0x2691],
      [0x26a0, 0x26a0],
      [0x2714, 0x2714],
      [0x2718, 0x2718],
      [0x276f, 0x276f],
      [0x27e6, 0x27e7],
    ] as const
    const disagree: string[] = []
    for (const [a, b] of ranges) for (let c = a; c <= b; c++) if (displayWidth(String.fromCodePoint(c)) !== stringWidth(String.fromCodePoint(c))) disagree.push(c.toString(16))
    expect(disagree).toEqual([])
    // Just outside: emoji presentation and wide characters go through string-width.
    expect(['⏰', '✅', '⭐', '☕', '가', '⌚', '◽'].map(displayWidth)).toEqual([2, 2, 2, 2, 2, 2, 2])
  })

  it('truncates to the width without splitting a surrogate pair, a wide character or an accent from its letter', () => {
    const text = 'ab😀c日本e\u0301👍🏽z'
    for (let w = 1; w <= displayWidth(text) + 1; w++) {
      const cut = truncate(text, w)
      expect(displayWidth(cut), `width ${w}: ${cut}`).toBeLessThanOrEqual(w)
      expect(cut, `width ${w}`).not.toMatch(LONE_SURROGATE)
      expect(cut.includes('\u0301') ? cut.includes('e\u0301') : true).toBe(true)
      expect(cut.includes('🏽') ? cut.includes('👍🏽') : true).toBe(true)
    }
    expect(truncate('日本語', 5)).toBe('日本…')
    expect(truncate('ab😀cd', 4)).toBe('ab…')
  })

  it('cuts a coloured line to the width and keeps its escapes', () => {
    const line = `${color.cyan('日本語のテキスト')} end`
    const cut = fitLine(line, 9)
    expect(displayWidth(cut)).toBeLessThanOrEqual(9)
    expect(stripAnsi(cut)).toBe('日本語の…')
    expect(cut).toContain('\u001b[39m')
  })
})

describe('wrap: the one wrapping rule', () => {
  it('key lines break between keys, never inside one, the separator kept with the key before it', () => {
    const keys = ['enter next question', 'm more', 'o I was right', 'u undo', 'f unflag', 'q quit']
    expect(wrapItems(keys, 60)).toEqual(['enter next question · m more · o I was right · u undo ·', 'f unflag · q quit'])
    expect(wrapItems(keys, 200)).toEqual([keys.join(' · ')])
    for (const width of [12, 20, 33, 47]) {
      const lines = wrapItems(keys, width)
      expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(width)
      // Every key that fits a line (with its " ·") is whole on one line, and no line starts with the separator.
      for (const key of keys.filter((k) => k.length + 2 <= width))
        expect(
          lines.some((l) => l.includes(key)),
          `${key} at ${width}`,
        ).toBe(true)
      expect(lines.filter((l) => l.startsWith('·'))).toEqual([])
    }
    // Colour codes take no room, and an item wider than the line still wraps at its spaces.
    expect(wrapItems([color.red('⏱ 0:04'), 'session 9:57 left'], 24, ' ')).toEqual([`${color.red('⏱ 0:04')} session 9:57 left`])
    expect(wrapItems(['a very long item that does not fit', 'b'], 16).every((l) => displayWidth(l) <= 16)).toBe(true)
  })

  const sample = 'Django 日本語のドキュメント 👍🏽 café re\u0301sume\u0301 https://docs.djangoproject.com/en/6.1/topics/cache/#setting-up-the-cache done'
  it.each([8, 12, 20, 33, 50])('no line is wider than %i columns, and words that fit are never split', (width) => {
    const lines = wrap(sample, width)
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width)
    for (const l of lines) expect(l).not.toMatch(LONE_SURROGATE)
    for (const word of ['Django', 'café', 'done'])
      expect(
        lines.some((l) => l.includes(word)),
        word,
      ).toBe(true)
  })

  it('breaks a word wider than the line between its parts first', () => {
    expect(wrap('django.core.cache.backends.redis.RedisCache', 20)).toEqual(['django.core.cache.', 'backends.redis.', 'RedisCache'])
    expect(wrap('invoice.save(update_fields=["reminded"])', 16)).toEqual(['invoice.save(', 'update_fields=', '["reminded"])'])
  })

  it('balances colours: a style open at the end of a line is closed there and reopened on the next', () => {
    const lines = wrap(color.bold(`${'word '.repeat(6)}${color.cyan('code')} tail`), 12)
    expect(lines.length).toBeGreaterThan(1)
    for (const l of lines) {
      expect(l.startsWith('\u001b[1m'), JSON.stringify(l)).toBe(true)
      expect(l.endsWith('\u001b[22m'), JSON.stringify(l)).toBe(true)
    }
    expect(balanceLines([`${color.red('a')}`, 'b'])).toEqual([color.red('a'), 'b'])
  })

  it('fits lines laid out for a wide screen: text hangs under its marker, code keeps its indent behind the gutter', () => {
    expect(fitLines('  ✔ one two three four five six', 16)).toBe(['  ✔ one two', '    three four', '    five six'].join('\n'))
    expect(fitLines('   7 │     value = compute(alpha, beta)', 30).split('\n')).toEqual(['   7 │     value =', '       ↪     compute(alpha,', '       ↪     beta)'])
    expect(fitLines('short', 10)).toBe('short')
  })

  it('separators span the terminal, capped at 100 columns', () => {
    expect(separator(60)).toHaveLength(60)
    expect(separator(140)).toHaveLength(100)
    expect(separator(Number.POSITIVE_INFINITY)).toHaveLength(80)
  })
})

describe('inline markdown', () => {
  const render = (md: string, width = 80) => renderMarkdown(md, { width, style: plain })

  it('sets code inside bold as code, bold too', () => {
    expect(parseInline('**`manage.py` sets the settings**')).toEqual([
      { text: 'manage.py', code: true, bold: true },
      { text: ' sets the settings', bold: true },
    ])
    expect(render('**`manage.py` sets DJANGO_SETTINGS_MODULE**.')).toBe('manage.py sets DJANGO_SETTINGS_MODULE.')
  })

  it('leaves intraword * and _ alone: 2*3*4 and snake_case', () => {
    expect(render('2*3*4 is 24, and snake_case_name stays')).toBe('2*3*4 is 24, and snake_case_name stays')
  })

  it('nests emphasis', () => {
    expect(parseInline('*outer **inner** outer*')).toEqual([
      { text: 'outer ', italic: true },
      { text: 'inner', bold: true, italic: true },
      { text: ' outer', italic: true },
    ])
    expect(parseInline('***both***')).toEqual([{ text: 'both', bold: true, italic: true }])
  })

  it('honours backslash escapes', () => {
    expect(render('\\*not emphasis\\* and \\`not code\\` and \\[not](a link)')).toBe('*not emphasis* and `not code` and [not](a link)')
  })

  it('shows a link as its text plus the URL, and an autolink-like link once', () => {
    expect(render('See [the docs](https://docs.djangoproject.com/en/6.1/).')).toBe('See the docs (https://docs.djangoproject.com/en/6.1/).')
    expect(render('[https://example.com](https://example.com)')).toBe('https://example.com')
  })

  it('closes a run of n backticks only with a run of n', () => {
    expect(parseInline('``a ` b`` and `c`')).toEqual([{ text: 'a ` b', code: true }, { text: ' and ' }, { text: 'c', code: true }])
  })

  it('front-matter text keeps markup characters; only code spans count', () => {
    expect(wrapInline('`get_response` and **kwargs in __init__', 80, plain, true)).toEqual(['get_response and **kwargs in __init__'])
  })

  it('pins a paragraph with code, emphasis, CJK and emoji at 40 and 24 columns', () => {
    const md = 'Use `select_related()` for **forward `ForeignKey`** joins: 日本語の説明 🎉 and *nested **bold** text*.'
    expect(render(md, 40)).toBe(['Use select_related() for forward', 'ForeignKey joins: 日本語の説明 🎉 and', 'nested bold text.'].join('\n'))
    expect(render(md, 24)).toBe(['Use select_related() for', 'forward ForeignKey', 'joins: 日本語の説明 🎉', 'and nested bold text.'].join('\n'))
  })
})

describe('markdown tables', () => {
  const md = [
    '| Backend | `BACKEND` | Notes |',
    '|---|---|--:|',
    '| Redis | `django.core.cache.backends.redis.RedisCache` | built in since 4.0 |',
    '| 日本 | `a \\| b` | 🎉 |',
  ].join('\n')

  it('aligns columns by display width with a bold header over a rule, an escaped pipe kept', () => {
    expect(renderMarkdown(md, { width: 100, style: plain })).toBe(
      [
        'Backend │ BACKEND                                     │              Notes',
        '────────┼─────────────────────────────────────────────┼───────────────────',
        'Redis   │ django.core.cache.backends.redis.RedisCache │ built in since 4.0',
        '日本    │ a | b                                       │                 🎉',
      ].join('\n'),
    )
    const colored = renderMarkdown(md, { width: 100, style: color })
    expect(colored.split('\n')[0]).toContain('\u001b[1mBackend\u001b[22m')
  })

  it('wraps cells inside their column when the table is wider than the terminal', () => {
    const out = renderMarkdown(md, { width: 50, style: plain })
    expect(out).toBe(
      [
        'Backend │ BACKEND             │              Notes',
        '────────┼─────────────────────┼───────────────────',
        'Redis   │ django.core.cache.  │ built in since 4.0',
        '        │ backends.redis.     │',
        '        │ RedisCache          │',
        '日本    │ a | b               │                 🎉',
      ].join('\n'),
    )
    expect(widest(out)).toBeLessThanOrEqual(50)
  })

  it('falls back to "field: value" records below 40 columns', () => {
    expect(renderMarkdown(md, { width: 30, style: plain })).toBe(
      [
        'Backend: Redis',
        'BACKEND: django.core.cache.',
        '         backends.redis.',
        '         RedisCache',
        'Notes: built in since 4.0',
        '',
        'Backend: 日本',
        'BACKEND: a | b',
        'Notes: 🎉',
      ].join('\n'),
    )
  })
})

describe('column tables (list, stats)', () => {
  const columns = [
    { header: 'ID', keep: true },
    { header: 'TOPIC', shrink: 2, min: 8, drop: 1 },
    { header: 'TITLE', shrink: 1, min: 10 },
  ]
  const rows = [['a-very-long-question-identifier', 'caching', '日本語のタイトルはとても長いです']]

  it('never cuts an id: titles shrink first and columns are dropped before the id gives way', () => {
    for (const width of [40, 50, 60, 80]) {
      const out = renderTable(columns, rows, width, plain)
      expect(out, `width ${width}`).toContain('a-very-long-question-identifier')
      expect(widest(out), `width ${width}`).toBeLessThanOrEqual(width)
    }
    expect(renderTable(columns, rows, 50, plain)).toBe(['ID                               TITLE', 'a-very-long-question-identifier  日本語のタイトル…'].join('\n'))
  })
})

describe('fenced code: one parser for the renderer and the cheat sheet', () => {
  const doc = ['Text', '````python', 'x = 1', '```', 'still code', '`````', 'after', '~~~', 'tilde', '~~~', '``` not`a fence', 'prose'].join('\n')

  it('closes only on the same character, at least as long, with nothing else on the line', () => {
    const found = fences(doc)
    expect(found.map((f) => [f.language, f.body])).toEqual([
      ['python', ['x = 1', '```', 'still code']],
      ['', ['tilde']],
    ])
  })

  it('the cheat sheet and the renderer read the same block', () => {
    expect(shortCode(doc)).toEqual({ language: 'python', code: 'x = 1\n```\nstill code' })
    const out = renderMarkdown(doc, { width: 80, style: plain })
    expect(out).toContain('    x = 1\n    ```\n    still code')
    expect(out).toContain('after')
    expect(out).toContain('``` not`a fence prose')
  })
})

describe('pager choice', () => {
  const base: PagerInput = { env: {}, stdoutIsTTY: true, rows: 40, height: 100, lessExists: true }

  it('pages output taller than the screen through less -FRX by default', () => {
    expect(choosePager(base)).toBe('less -FRX')
  })

  it.each<[string, Partial<PagerInput>, string | undefined]>([
    ['DJANGO_DRILL_PAGER wins over PAGER', { env: { DJANGO_DRILL_PAGER: 'most', PAGER: 'more' } }, 'most'],
    ['then PAGER', { env: { PAGER: 'more -s' } }, 'more -s'],
    ['an empty DJANGO_DRILL_PAGER turns it off even with PAGER set', { env: { DJANGO_DRILL_PAGER: '', PAGER: 'more' } }, undefined],
    ['PAGER=cat turns it off', { env: { PAGER: 'cat' } }, undefined],
    ['no pager when stdout is not a terminal', { stdoutIsTTY: false, env: { PAGER: 'more' } }, undefined],
    ['no pager with --no-pager', { disabled: true }, undefined],
    ['no pager when the output fits the screen', { height: 39 }, undefined],
    ['a pager when it is exactly as tall as the screen', { height: 40 }, 'less -FRX'],
    ['no pager when less is missing and nothing is set', { lessExists: false }, undefined],
    ['TERM=dumb gets no less, but an explicit pager still runs', { env: { TERM: 'dumb' } }, undefined],
    ['TERM=dumb with PAGER', { env: { TERM: 'dumb', PAGER: 'more' } }, 'more'],
  ])('%s', (_name, change, expected) => {
    expect(choosePager({ ...base, ...change })).toBe(expected)
  })

  it('splits a pager command line with quotes', () => {
    expect(splitCommand(`less -R --prompt='a b' ""`)).toEqual(['less', '-R', '--prompt=a b', ''])
  })
})
