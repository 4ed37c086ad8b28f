import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { resolveFormat } from '../src/commands/cheatsheet.ts'
import {
  buildCheatsheet,
  escapeMarkdown,
  githubSlug,
  groupByTopic,
  keepWeak,
  markCodeNames,
  markdownCodeSpan,
  renderCheatsheetHtml,
  renderCheatsheetMarkdown,
  renderCheatsheetTerminal,
  shortCode,
  shortUrl,
  type Cheatsheet,
} from '../src/core/cheatsheet.ts'
import { emptyFilter } from '../src/core/filter.ts'
import { splitCodeSpans } from '../src/core/markdown.ts'
import { recordAttempt } from '../src/core/progress.ts'
import { makeStyle } from '../src/core/style.ts'
import type { Question, Topic } from '../src/core/types.ts'
import { loadBank } from '../src/io/bank.ts'
import { openStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const TOPICS: Topic[] = [
  { id: 'orm', title: 'ORM' },
  { id: 'views', title: 'Views' },
  { id: 'security', title: 'Security' },
]

/** A question built in memory, bypassing the parser: the renderers must defend themselves. */
function q(id: string, fields: Partial<Question> = {}): Question {
  return {
    bank: 'sample',
    id,
    title: `Title of ${id}`,
    topic: 'orm',
    difficulty: 'beginner',
    tags: [],
    summary: `Summary of ${id}.`,
    keyPoints: [],
    references: ['https://docs.djangoproject.com/en/6.1/'],
    covers: [],
    related: [],
    prompt: 'Question?',
    explanation: 'Answer.',
    file: `${id}.md`,
    type: 'open',
    ...fields,
  } as Question
}

const ids = (groups: { topic: Topic; questions: Question[] }[]) => groups.map((g) => [g.topic.id, g.questions.map((x) => x.id)])

describe('grouping and ordering', () => {
  it('groups by topic in the bank topic order, not in question order, and leaves out empty topics', () => {
    const questions = [q('s1', { topic: 'security' }), q('o1'), q('s2', { topic: 'security' }), q('o2')]
    expect(ids(groupByTopic(questions, TOPICS))).toEqual([
      ['orm', ['o1', 'o2']],
      ['security', ['s1', 's2']],
    ])
  })

  it('puts beginner questions first within a topic and keeps bank order among equals', () => {
    const questions = [q('adv', { difficulty: 'advanced' }), q('int1', { difficulty: 'intermediate' }), q('beg'), q('int2', { difficulty: 'intermediate' })]
    expect(ids(groupByTopic(questions, TOPICS))).toEqual([['orm', ['beg', 'int1', 'int2', 'adv']]])
  })

  it('a topic missing from the manifest comes last, titled by its id', () => {
    const groups = groupByTopic([q('x', { topic: 'stray' }), q('o1')], TOPICS)
    expect(groups.map((g) => g.topic)).toEqual([TOPICS[0], { id: 'stray', title: 'stray' }])
  })

  it('keepWeak keeps the named questions, matching bank and id, in their original order', () => {
    const questions = [q('a'), q('b'), q('c'), q('b', { bank: 'other' })]
    const kept = keepWeak(questions, [
      { bank: 'sample', id: 'c' },
      { bank: 'sample', id: 'a' },
      { bank: 'sample', id: 'missing' },
    ])
    expect(kept.map((x) => x.id)).toEqual(['a', 'c'])
    expect(keepWeak(questions, [{ bank: 'other', id: 'b' }])).toEqual([questions[3]])
  })

  it('buildCheatsheet states the counts, the target and the filters', () => {
    const filter = { ...emptyFilter(), topics: ['orm'], difficulties: ['advanced' as const], search: 'join' }
    const sheet = buildCheatsheet({ title: 'Bank', questions: [q('a'), q('b', { topic: 'views' })], topics: TOPICS, detail: false, targets: 'Django 6.1', filter })
    expect(sheet.facts).toEqual(['2 questions in 2 topics', 'Django 6.1', 'only topic orm; difficulty advanced; search "join"'])
    expect(buildCheatsheet({ title: 'Bank', questions: [q('a')], topics: TOPICS, detail: false, weak: true }).facts).toEqual(['1 most-missed question in 1 topic'])
  })
})

describe('short code', () => {
  const block = (n: number) => ['```python', ...Array.from({ length: n }, (_, i) => `x = ${i}`), '```'].join('\n')
  // prettier-ignore
  const cases: [string, string, { language: string; code: string } | undefined][] = [
    ['no fence',                 'Just text.',                                        undefined],
    ['the first block only',     'Intro\n\n```python\na = 1\n```\n\n```sh\nls\n```',    { language: 'python', code: 'a = 1' }],
    ['tilde fence, no language', '~~~\nplain\n~~~',                                    { language: '', code: 'plain' }],
    ['indented in a list',       '- step\n\n  ```sh\n  ls -l\n    x\n  ```',          { language: 'sh', code: 'ls -l\n  x' }],
    ['PEP 8 blank pairs shrink', '```py\nimport x\n\n\nclass A: ...\n```',             { language: 'py', code: 'import x\n\nclass A: ...' }],
    ['an empty block',           '```python\n\n```',                                   undefined],
  ]
  it.each(cases)('%s', (_name, markdown, expected) => expect(shortCode(markdown)).toEqual(expected))

  it('is shown up to 12 lines and left out from 13', () => {
    expect(shortCode(block(12))?.code.split('\n')).toHaveLength(12)
    expect(shortCode(block(13))).toBeUndefined()
    expect(shortCode(`${block(13)}\n\n${block(2)}`)).toBeUndefined()
  })

  it('only --detail carries it', () => {
    const question = q('a', { explanation: '```python\nx = 1\n```' })
    expect(buildCheatsheet({ title: 'B', questions: [question], topics: TOPICS, detail: true }).groups[0]!.entries[0]!.code).toEqual({ language: 'python', code: 'x = 1' })
    expect(buildCheatsheet({ title: 'B', questions: [question], topics: TOPICS, detail: false }).groups[0]!.entries[0]!.code).toBeUndefined()
  })
})

describe('inline text', () => {
  // prettier-ignore
  const spans: [string, [string, boolean][]][] = [
    ['plain __init__ and **kwargs',  [['plain __init__ and **kwargs', false]]],
    ['use `select_related()` here',  [['use ', false], ['select_related()', true], [' here', false]]],
    ['``a`b`` then `c`',             [['a`b', true], [' then ', false], ['c', true]]],
    ['`` ` ``',                      [['`', true]]],
    ['an `unclosed tick',            [['an `unclosed tick', false]]],
    ['``x` y',                       [['``x` y', false]]],
  ]
  it.each(spans)('splitCodeSpans(%j)', (text, expected) => {
    expect(splitCodeSpans(text).map((s) => [s.text, s.code])).toEqual(expected)
  })

  // prettier-ignore
  const escapes: [string, string][] = [
    ['select_related and sold__gt=F("x")', 'select_related and sold__gt=F("x")'],
    ['__init__ runs once',                 '\\_\\_init\\_\\_ runs once'],
    ['**kwargs and *args',                 '\\*\\*kwargs and \\*args'],
    ['<script>alert(1)</script>',          '\\<script>alert(1)\\</script>'],
    ['x &amp; y & z',                      'x \\&amp; y & z'],
    ['[link](javascript:x)',               '\\[link\\](javascript:x)'],
    ['# not a heading',                    '\\# not a heading'],
    ['- not a list',                       '\\- not a list'],
    ['1. not a list',                      '1\\. not a list'],
    ['> not a quote',                      '\\> not a quote'],
    ['a ~b~ c but ~ alone is fine',        'a \\~b\\~ c but \\~ alone is fine'],
    ['Q(a) | Q(b) and ~Q(c)',              'Q(a) | Q(b) and ~Q(c)'],
    ['back\\slash `tick',                  'back\\\\slash \\`tick'],
  ]
  it.each(escapes)('escapeMarkdown(%j)', (text, expected) => expect(escapeMarkdown(text)).toBe(expected))

  it('a markdown code span holds any backticks', () => {
    expect(markdownCodeSpan('a')).toBe('`a`')
    expect(markdownCodeSpan('a`b')).toBe('``a`b``')
    expect(markdownCodeSpan('`')).toBe('`` ` ``')
  })

  it('githubSlug gives GitHub anchors, numbering repeats', () => {
    const seen = new Map<string, number>()
    expect(['Projects, apps and settings', 'ORM and QuerySets', 'Café — naïve', 'ORM and QuerySets'].map((t) => githubSlug(t, seen))).toEqual([
      'projects-apps-and-settings',
      'orm-and-querysets',
      'café--naïve',
      'orm-and-querysets-1',
    ])
  })

  it('shortUrl keeps short links whole and cuts long ones at a folder', () => {
    expect(shortUrl('https://docs.djangoproject.com/en/6.1/ref/settings/#debug')).toBe('docs.djangoproject.com/en/6.1/ref/settings/#debug')
    const long = shortUrl('https://docs.djangoproject.com/en/6.1/faq/models/#how-can-i-see-the-raw-sql-queries-django-is-running')
    expect(long.length).toBeLessThanOrEqual(60)
    expect(long).toMatch(/^docs\.djangoproject\.com\/…\/.*faq\/models\/#how-can/)
  })
})

// ------------------------------------------------------------------ formats on a fixture bank

const OWN_TAGS = new Set([
  'ol',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'p',
  'main',
  'section',
  'div',
  'h2',
  'span',
  'article',
  'wbr',
  'h3',
  'code',
  'ul',
  'li',
  'pre',
  'a',
  'footer',
])

/** Every tag is one the renderer writes, no attribute runs code or loads anything, the CSS loads nothing. */
function expectOnlyOwnMarkup(html: string): void {
  for (const [tag, name] of html.matchAll(/<\/?([^\s>/]+)[^>]*>/g)) {
    expect(OWN_TAGS.has(name!.toLowerCase()) || name === '!doctype', tag).toBe(true)
    expect(tag, tag).not.toMatch(/\s(on\w+|src|srcset|action|formaction|poster|data|background)\s*=/i)
  }
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
  expect(css).not.toMatch(/url\(|@import|expression\(/i)
}

function fixtureBank(): string {
  return testdir({
    'bank.yml': MANIFEST,
    'orm/b.md': questionFile(
      {
        id: 'orm-prefetch',
        title: '"When is `prefetch_related` the right tool?"',
        difficulty: 'advanced',
        summary: '"For many-to-many and reverse foreign keys: one extra query per relation, joined in Python."',
        key_points: '\n  - one query per relation\n  - joins in Python',
      },
      'Why?\n\n## Answer\n\nLong answer.\n\n```python\nBook.objects.prefetch_related("tags")\n```\n',
    ),
    'orm/a.md': questionFile(
      {
        id: 'orm-select-related',
        title: 'What does select_related do?',
        summary: 'It follows foreign keys with a SQL JOIN, so `book.author` costs no extra query.',
        key_points: '\n  - "forward ForeignKey and OneToOne only"\n  - "one query with a JOIN"',
      },
      'Explain.\n\n## Answer\n\nIt joins.\n\n```python\nBook.objects.select_related("author")\n```\n',
    ),
    'security/c.md': questionFile({
      id: 'security-csrf',
      title: 'What does the CSRF token protect?',
      topic: 'security',
      difficulty: 'intermediate',
      summary: '"Cross-site POSTs: a form must send back the {% csrf_token %} value."',
    }),
  })
}

function fixtureSheet(detail: boolean): Cheatsheet {
  const bank = loadBank(fixtureBank())
  expect(bank.problems).toEqual([])
  return buildCheatsheet({ title: bank.manifest.title, questions: bank.questions, topics: bank.manifest.topics, detail })
}

describe('code names in summaries and key points', () => {
  it.each([
    ['Use select_related() for forward ForeignKey joins.', ['select_related()', 'ForeignKey']],
    ['Set DEBUG in settings.py, not in manage.py or __init__.py.', ['settings.py', 'manage.py', '__init__.py']],
    ['ALLOWED_HOSTS and the LocMemCache, via QuerySet.only("a").', ['ALLOWED_HOSTS', 'LocMemCache']],
    ['e.g. Django 6.1 on PostgreSQL, i.e. JavaScript-free, 3.12 or newer.', []],
    ['A (get_response) call, and "on_delete".', ['get_response', 'on_delete']],
  ])('%s', (text, code) => {
    const segments = markCodeNames(text)
    expect(segments.filter((s) => s.code).map((s) => s.text)).toEqual(code)
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })
})

describe('formats (fixture bank)', () => {
  it('markdown', () => {
    expect(renderCheatsheetMarkdown(fixtureSheet(false))).toBe(
      [
        '# Sample bank: cheat sheet',
        '',
        '3 questions in 2 topics',
        '',
        '**Topics:** [ORM](#orm) (2) · [Security](#security) (1)',
        '',
        '## ORM',
        '',
        '### What does select_related do? · *beginner*',
        '',
        'It follows foreign keys with a SQL JOIN, so `book.author` costs no extra query.',
        '',
        '### When is `prefetch_related` the right tool? · *advanced*',
        '',
        'For many-to-many and reverse foreign keys: one extra query per relation, joined in Python.',
        '',
        '## Security',
        '',
        '### What does the CSRF token protect? · *intermediate*',
        '',
        'Cross-site POSTs: a form must send back the {% `csrf_token` %} value.',
        '',
      ].join('\n'),
    )
  })

  it('markdown with --detail adds key points, the short code and docs links', () => {
    const md = renderCheatsheetMarkdown(fixtureSheet(true))
    expect(md).toContain(
      [
        '### What does select_related do? · *beginner*',
        '',
        'It follows foreign keys with a SQL JOIN, so `book.author` costs no extra query.',
        '',
        '- forward `ForeignKey` and `OneToOne` only',
        '- one query with a JOIN',
        '',
        '```python',
        'Book.objects.select_related("author")',
        '```',
        '',
        'Docs: [docs.djangoproject.com/en/6.1/topics/db/queries/](https://docs.djangoproject.com/en/6.1/topics/db/queries/)',
      ].join('\n'),
    )
  })

  it('terminal, without colour, wrapped to the width', () => {
    expect(renderCheatsheetTerminal(fixtureSheet(false), { width: 60, style: makeStyle(0) })).toBe(
      [
        'Sample bank: cheat sheet',
        '3 questions in 2 topics',
        '',
        'ORM (2)',
        '────────────────────────────────────────',
        'What does select_related do? · beginner',
        '  It follows foreign keys with a SQL JOIN, so book.author',
        '  costs no extra query.',
        '',
        'When is prefetch_related the right tool? · advanced',
        '  For many-to-many and reverse foreign keys: one extra query',
        '  per relation, joined in Python.',
        '',
        'Security (1)',
        '────────────────────────────────────────',
        'What does the CSRF token protect? · intermediate',
        '  Cross-site POSTs: a form must send back the {% csrf_token',
        '  %} value.',
        '',
      ].join('\n'),
    )
  })

  it('terminal with colour: code spans and the short code are highlighted, no line wider than the terminal', () => {
    const out = renderCheatsheetTerminal(fixtureSheet(true), { width: 50, style: makeStyle(1) })
    expect(out).toContain(`${makeStyle(1).bold.cyan('prefetch_related')}`)
    expect(out).toContain(makeStyle(1).cyan('book.author'))
    const c = makeStyle(1)
    expect(out).toContain(`    ${c.dim('│')} Book.objects.select_related(${c.green('"author"')})\n`)
    // eslint-disable-next-line no-control-regex
    for (const line of out.split('\n').filter((l) => !l.includes('↗') && !l.includes('│'))) expect(line.replace(/\u001b\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(50)
  })

  it('html: the body, pinned', () => {
    const html = renderCheatsheetHtml(fixtureSheet(true))
    const body = html.slice(html.indexOf('<body>'))
    expect(body).toBe(`<body>
<header>
<h1>Sample bank: cheat sheet</h1>
<p class="facts">3 questions in 2 topics</p>
<ul class="toc"><li><a href="#topic-orm">ORM</a> (2)</li><li><a href="#topic-security">Security</a> (1)</li></ul>
</header>
<main>
<section id="topic-orm">
<div class="lead">
<h2>ORM <span class="n">(2)</span></h2>
<article class="entry">
<h3>What does select_related do? <span class="level level-beginner">beginner</span></h3>
<p class="summary">It follows foreign keys with a SQL JOIN, so <code>book.author</code> costs no extra query.</p>
<ul class="points"><li>forward <code>ForeignKey</code> and <code>OneToOne</code> only</li><li>one query with a JOIN</li></ul>
<pre><code class="language-python"><span class="ln">Book.<wbr>objects.<wbr>select_related(&quot;author&quot;)</span></code></pre>
<p class="refs">Docs: <a href="https://docs.djangoproject.com/en/6.1/topics/db/queries/">docs.djangoproject.com/<wbr>en/<wbr>6.1/<wbr>topics/<wbr>db/<wbr>queries/</a></p>
</article>
</div>
<article class="entry">
<h3>When is <code>prefetch_related</code> the right tool? <span class="level level-advanced">advanced</span></h3>
<p class="summary">For many-to-many and reverse foreign keys: one extra query per relation, joined in Python.</p>
<ul class="points"><li>one query per relation</li><li>joins in Python</li></ul>
<pre><code class="language-python"><span class="ln">Book.<wbr>objects.<wbr>prefetch_related(&quot;tags&quot;)</span></code></pre>
<p class="refs">Docs: <a href="https://docs.djangoproject.com/en/6.1/topics/db/queries/">docs.djangoproject.com/<wbr>en/<wbr>6.1/<wbr>topics/<wbr>db/<wbr>queries/</a></p>
</article>
</section>
<section id="topic-security">
<div class="lead">
<h2>Security <span class="n">(1)</span></h2>
<article class="entry">
<h3>What does the CSRF token protect? <span class="level level-intermediate">intermediate</span></h3>
<p class="summary">Cross-site POSTs: a form must send back the {% <code>csrf_token</code> %} value.</p>
<ul class="points"><li>first point</li><li>second point</li></ul>
<p class="refs">Docs: <a href="https://docs.djangoproject.com/en/6.1/topics/db/queries/">docs.djangoproject.com/<wbr>en/<wbr>6.1/<wbr>topics/<wbr>db/<wbr>queries/</a></p>
</article>
</div>
</section>
</main>
<footer>Made with django-drill.</footer>
</body>
</html>
`)
  })

  it('html: a self-contained page for screens, phones and paper', () => {
    const html = renderCheatsheetHtml(fixtureSheet(true))
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`)
    expect(html).toMatch(/@media print\{[^]*main\{column-count:2/)
    expect(html).toMatch(/\.entry\{[^}]*break-inside:avoid/)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
  })

  it('html: no external URL other than the references, on the bundled bank', () => {
    const bank = loadBank(join(import.meta.dirname, '..', 'questions'))
    const html = renderCheatsheetHtml(buildCheatsheet({ title: bank.manifest.title, questions: bank.questions, topics: bank.manifest.topics, detail: true }))
    const references = new Set(bank.questions.flatMap((x) => x.references))
    // Nothing loads: no resource attribute, no CSS url() or @import, no script.
    expectOnlyOwnMarkup(html)
    // Links go to a topic on the page or to a question's references.
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))
    const external = hrefs.filter((h) => !h.startsWith('#'))
    expect(external.length).toBeGreaterThan(100)
    for (const href of external) expect(references, href).toContain(href)
    // A URL written in a summary (CSRF_TRUSTED_ORIGINS = ["https://app.example.com"]) stays text, not a link.
    expect(html).toContain('[&quot;https://app.example.com&quot;]')
    expect(hrefs).not.toContain('https://app.example.com')
  })

  it('markdown: a short code holding backticks gets a longer fence', () => {
    const sheet = buildCheatsheet({ title: 'B', questions: [q('a', { explanation: '~~~text\nbefore\n`````\nafter\n~~~' })], topics: TOPICS, detail: true })
    expect(renderCheatsheetMarkdown(sheet)).toContain('``````text\nbefore\n`````\nafter\n``````\n')
  })
})

// ------------------------------------------------------------------ hostile text

const HOSTILE = q('evil', {
  title: '<script>alert(1)</script> `<b>code</b>` & title',
  summary: '"><img src=x onerror=alert(1)> \u001b[2J\u001b]0;pwned\u0007 \u009b31m *bold* [x](javascript:alert(1)) <!-- c -->',
  keyPoints: ['</li></ul><script>alert(2)</script>', '# heading\n\n<iframe src="https://evil.example">'],
  explanation: '~~~python" onload="x\nprint("</code></pre><script>alert(3)</script>")\n\u001b[31m\n````\n~~~',
  references: ['javascript:alert(4)', 'https://docs.djangoproject.com/"><script>alert(5)</script>', 'https://docs.djangoproject.com/\u001b[2J'],
  difficulty: '<b>hard</b>' as Question['difficulty'],
  topic: 'x" onclick="y',
})
const HOSTILE_TOPICS: Topic[] = [{ id: 'x" onclick="y', title: '<svg onload=alert(6)> \u001b[31mTopic' }]
const hostileSheet = () => buildCheatsheet({ title: '<title>Bank</title>', questions: [HOSTILE], topics: HOSTILE_TOPICS, detail: true, targets: '<b>6.1</b>' })
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

describe('hostile bank text', () => {
  it('html: only our own tags and attributes, no script, no javascript: link, no control character', () => {
    const html = renderCheatsheetHtml(hostileSheet())
    expectOnlyOwnMarkup(html)
    expect(html).not.toMatch(/<script|javascript:[^<]*"|href="javascript/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<code>&lt;b&gt;code&lt;/b&gt;</code>')
    expect(html).toContain('href="https://docs.djangoproject.com/&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;"')
    expect(html).toContain('<span class="level">&lt;b&gt;hard&lt;/b&gt;</span>')
    expect(html).toContain('<title>&lt;title&gt;Bank&lt;/title&gt;: cheat sheet</title>')
    expect(html).toContain('\\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m')
    expect(html).not.toMatch(CONTROL)
  })

  it('markdown: bank text cannot open HTML, links or blocks; code stays inside its fence', () => {
    const md = renderCheatsheetMarkdown(hostileSheet())
    expect(md).not.toMatch(CONTROL)
    // Outside code, every "<" and "[" is escaped.
    const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '').replace(/(`+)[^`]+?\1/g, '')
    expect(prose).not.toMatch(/(^|[^\\])</m)
    expect(prose.replace(/\[[^\]]*\]\(https:\/\/[^)\s]*\)/g, '').replace(/^\*\*Topics:\*\* .*$/m, '')).not.toMatch(/(^|[^\\])\[/m)
    expect(md).not.toContain('javascript:alert(4)')
    expect(md).toContain('- \\# heading \\<iframe src="https://evil.example">')
    // The code holds a run of four backticks, so its fence has five.
    expect(md).toContain('`````python\nprint("</code></pre><script>alert(3)</script>")\n\\x1b[31m\n````\n`````\n')
    expect(md).toContain('### \\<script>alert(1)\\</script> `<b>code</b>` & title · *\\<b>hard\\</b>*')
  })

  it('terminal: no control sequence except the colours we add', () => {
    for (const level of [0, 1] as const) {
      const out = renderCheatsheetTerminal(hostileSheet(), { width: 80, style: makeStyle(level) })
      // eslint-disable-next-line no-control-regex
      const rest = out.replace(/\u001b\[[0-9;]*m/g, '')
      expect(rest).not.toMatch(CONTROL)
      if (level === 0) expect(out).not.toContain('\u001b')
      expect(out).toContain('\\x1b[2J')
    }
  })
})

// ------------------------------------------------------------------ the command

describe('django-drill cheatsheet', () => {
  async function run(argv: string[], overrides: Parameters<typeof memoryRuntime>[0] = {}) {
    const runtime = memoryRuntime(overrides)
    await buildProgram({ version: '1.0.0', bundledBank: 'unused', runtime: () => runtime }).parseAsync(argv, { from: 'user' })
    return { runtime, stdout: runtime.stdout.join('\n'), stderr: runtime.stderr.join('\n') }
  }
  async function failure(argv: string[], overrides: Parameters<typeof memoryRuntime>[0] = {}) {
    try {
      await run(argv, overrides)
    } catch (error) {
      return error as Error & { exitCode: number }
    }
    throw new Error('expected an error')
  }

  it.each([
    [undefined, undefined, false, 'md'],
    [undefined, undefined, true, 'terminal'],
    ['HTML', undefined, true, 'html'],
    ['markdown', undefined, true, 'md'],
    [undefined, 'sheet.html', true, 'html'],
    [undefined, 'sheet.md', true, 'md'],
    [undefined, 'sheet.txt', false, 'terminal'],
    ['md', 'sheet.markdown', false, 'md'],
    ['html', 'sheet.out', false, 'html'],
  ])('format %s, output %s, tty %s → %s', (format, output, tty, expected) => {
    expect(resolveFormat(format, output, tty)).toBe(expected)
  })

  it.each(['sheet.pdf', 'out/Sheet.DOCX'])('-o %s is a usage error that says to write HTML and print it', async (file) => {
    const dir = testdir()
    const error = await failure(['--bank', fixtureBank(), 'cheatsheet', '-o', file], { cwd: dir })
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/^Cannot write a \.(pdf|docx) file\. Write HTML and print it from a browser .*--output .*\.html$/)
  })

  it('a --format that contradicts the file name is a usage error', async () => {
    const error = await failure(['--bank', fixtureBank(), 'cheatsheet', '--format', 'md', '-o', 'sheet.html'], { cwd: testdir() })
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('--format md does not match the file name sheet.html: use a .md name, or drop --format')
  })

  it('the sheet carries the date and the filters used (or says there were none)', async () => {
    const bank = fixtureBank()
    const now = () => new Date('2026-11-25T12:00:00Z')
    expect((await run(['--bank', bank, 'cheatsheet'], { now })).stdout.split('\n')[2]).toBe('3 questions in 2 topics · all topics and levels · 2026-11-25')
    expect((await run(['--bank', bank, 'cheatsheet', '-t', 'orm'], { now })).stdout.split('\n')[2]).toBe('2 questions in 1 topic · only topic orm · 2026-11-25')
  })

  it('an unknown format is a usage error listing the valid ones', async () => {
    const error = await failure(['--bank', fixtureBank(), 'cheatsheet', '--format', 'pdf'])
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('Unknown format "pdf". Valid values: terminal, md, html')
  })

  it('prints markdown when stdout is not a terminal, and the terminal layout when it is', async () => {
    const bank = fixtureBank()
    expect((await run(['--bank', bank, 'cheatsheet'])).stdout).toMatch(/^# Sample bank: cheat sheet\n/)
    expect((await run(['--bank', bank, 'cheatsheet'], { stdoutIsTTY: true })).stdout).toMatch(/^Sample bank: cheat sheet\n/)
  })

  it('applies the shared filters and says so', async () => {
    const { stdout } = await run(['--bank', fixtureBank(), 'cheatsheet', '--topic', 'orm', '-d', 'advanced'])
    expect(stdout).toContain('1 question in 1 topic · only topic orm; difficulty advanced')
    expect(stdout).toContain('`prefetch_related`')
    expect(stdout).not.toContain('CSRF')
    const none = await failure(['--bank', fixtureBank(), 'cheatsheet', '--tag', 'nothing'])
    expect(none.message).toBe('No question matches --tag nothing.')
  })

  it('--output writes the file, guesses the format from its name and says where', async () => {
    const dir = testdir()
    const { stdout, stderr } = await run(['--bank', fixtureBank(), 'cheatsheet', '--output', 'sheet.html', '--detail'], { cwd: dir, stdoutIsTTY: true })
    expect(stdout).toBe('')
    expect(stderr).toBe('✔ Wrote the cheat sheet (3 questions, html) to sheet.html')
    const html = readFileSync(join(dir, 'sheet.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<ul class="points">')
  })

  it('--output in the terminal format writes plain text, without colour codes', async () => {
    const dir = testdir()
    await run(['--bank', fixtureBank(), 'cheatsheet', '-f', 'terminal', '-o', 'sheet.txt'], { cwd: dir, style: makeStyle(3) })
    const text = readFileSync(join(dir, 'sheet.txt'), 'utf8')
    expect(text).toMatch(/^Sample bank: cheat sheet\n/)
    expect(text).not.toContain('\u001b')
  })

  it('an unwritable --output is a clear error', async () => {
    const dir = testdir({ 'existing/file.txt': 'x' })
    const missing = await failure(['--bank', fixtureBank(), 'cheatsheet', '-o', 'no/such/folder/x.md'], { cwd: dir })
    expect(missing.exitCode).toBe(1)
    expect(missing.message).toBe(`Cannot write the cheat sheet to ${join(dir, 'no/such/folder/x.md')}: its folder does not exist.`)
    const folder = await failure(['--bank', fixtureBank(), 'cheatsheet', '-o', 'existing'], { cwd: dir })
    expect(folder.message).toBe(`Cannot write the cheat sheet to ${join(dir, 'existing')}: it is a folder.`)
  })

  describe('--weak', () => {
    const attempt = (ok: 0 | 1) => ({ t: Date.parse('2026-11-20T10:00:00Z'), r: ok ? (3 as const) : (1 as const), ok, ms: 1000 })

    it('with no progress yet says so', async () => {
      const home = testdir()
      const error = await failure(['--bank', fixtureBank(), 'cheatsheet', '--weak'], { env: { DJANGO_DRILL_HOME: home } })
      expect(error.exitCode).toBe(1)
      expect(error.message).toMatch(/^No progress yet: --weak keeps the questions you miss most/)
    })

    it('keeps only the selected questions you miss, most-missed first within the limit', async () => {
      const home = testdir()
      const env = { DJANGO_DRILL_HOME: home }
      const store = openStore({ env, now: () => new Date('2026-11-25T12:00:00Z'), err: () => {} })
      store.update((data) => {
        const add = (id: string, topic: string, ok: 0 | 1) => recordAttempt(data, { bank: 'sample', id, topic, difficulty: 'beginner', attempt: attempt(ok) })
        add('orm-select-related', 'orm', 0)
        add('orm-select-related', 'orm', 0)
        add('security-csrf', 'security', 0)
        add('orm-prefetch', 'orm', 1)
      })
      const all = await run(['--bank', fixtureBank(), 'cheatsheet', '--weak'], { env })
      expect(all.stdout).toContain('2 most-missed questions in 2 topics')
      expect(all.stdout).toContain('select_related')
      expect(all.stdout).toContain('CSRF')
      expect(all.stdout).not.toContain('prefetch')

      const one = await run(['--bank', fixtureBank(), 'cheatsheet', '--weak', '1'], { env })
      expect(one.stdout).toContain('1 most-missed question in 1 topic')
      expect(one.stdout).toContain('select_related')

      const filtered = await run(['--bank', fixtureBank(), 'cheatsheet', '--weak', '--topic', 'security'], { env })
      expect(filtered.stdout).toContain('CSRF')
      expect(filtered.stdout).not.toContain('select_related')

      const nothing = await failure(['--bank', fixtureBank(), 'cheatsheet', '--weak', '-d', 'advanced'], { env })
      expect(nothing.message).toMatch(/^Nothing to show: you currently miss none of the selected questions/)

      expect((await failure(['--bank', fixtureBank(), 'cheatsheet', '--weak', 'lots'], { env })).exitCode).toBe(2)
    })
  })
})
