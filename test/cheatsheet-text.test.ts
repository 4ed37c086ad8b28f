// How the cheat sheet reads bank text: code names found in prose, markdown
// escapes, whitespace cleaning. The renderers take shortcuts (one scan for the
// words that can be code names, no escaping when nothing needs it, summaries
// written from offsets); these tests hold them to the rules written out plainly
// below, word by word and pass by pass, on the bundled bank and on random text.
import { describe, expect, it } from 'vitest'
import {
  buildCheatsheet,
  cleanText,
  escapeHtml,
  escapeMarkdown,
  markCodeNames,
  markdownCodeSpan,
  renderCheatsheetHtml,
  renderCheatsheetMarkdown,
  shortCode,
} from '../src/core/cheatsheet.ts'
import { splitCodeSpans, type Inline } from '../src/core/markdown.ts'
import { stripControl } from '../src/core/sanitize.ts'
import { fences } from '../src/core/text.ts'
import type { Question } from '../src/core/types.ts'
import { loadBank } from '../src/io/bank.ts'
import { ROOT } from './helpers/bin.ts'

// ------------------------------------------------------------------ the rules, written out

/** A word is a run of characters other than " "; its leading ( " ' and trailing punctuation are prose, but a trailing "()" stays. */
function codeNamesByWord(text: string): Inline[] {
  const CALL = /^[A-Za-z_][\w.]*(?:\(\)[\w.]*)*\(\)$/
  const SNAKE = /^_*[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+_*$|^__[a-z]+__$/
  const DOTTED = /^[A-Za-z_]\w+(?:\.[A-Za-z_]\w*)+$/
  const CLASS = /^(?:[A-Z][a-z0-9]+){2,}$|^[A-Z][a-z]+[A-Z]{2,}[a-z]+\w*$/
  const PROSE =
    /^(?:JavaScript|TypeScript|PostgreSQL|MySQL|GitHub|GitLab|DjangoCon|YouTube|WebSocket|WebSockets|OAuth|GraphQL|MariaDB|MongoDB|SQLite|CloudFlare|PyPI|PyCon|LiveServer)$/
  const isName = (w: string) => w.length >= 3 && !w.includes('://') && (CALL.test(w) || SNAKE.test(w) || DOTTED.test(w) || (CLASS.test(w) && !PROSE.test(w)))
  const out: Inline[] = []
  const add = (t: string, code: boolean) => {
    const last = out[out.length - 1]
    if (last && !last.code && !code) last.text += t
    else out.push({ text: t, code })
  }
  for (const part of text.split(/( +)/)) {
    if (part === '') continue
    let a = 0
    let b = part.length
    while (a < b && '("\''.includes(part[a]!)) a++
    while (b > a && '.,;:!?)"\''.includes(part[b - 1]!) && !(part[b - 1] === ')' && part[b - 2] === '(')) b--
    if (part.startsWith(' ') || !isName(part.slice(a, b))) add(part, false)
    else {
      if (a > 0) add(part.slice(0, a), false)
      add(part.slice(a, b), true)
      if (b < part.length) add(part.slice(b), false)
    }
  }
  return out
}

/** Every escape, one pass after another. */
function escapeByPasses(text: string, lineStart = true): string {
  const alnum = (c: string | undefined) => c !== undefined && /[^\W_]/.test(c)
  const tildes = (text.match(/~+/g) ?? []).length > 1
  const out = text
    .replace(tildes ? /[\\`*[\]<~]/g : /[\\`*[\]<]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/(^|\s)#/g, '$1\\#')
    .replace(/_+/g, (run, at: number, all: string) => (alnum(all[at - 1]) && alnum(all[at + run.length]) ? run : run.replace(/_/g, '\\_')))
  return lineStart ? out.replace(/^([>=+-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2') : out
}

/** Control characters shown escaped, then any whitespace run made one space and the ends trimmed. */
const cleanByRule = (text: string): string => stripControl(text).replace(/\s+/g, ' ').trim()

/** Segments of a summary: its code spans, and the code names of the prose between them. */
const proseSegments = (text: string): Inline[] => splitCodeSpans(cleanByRule(text)).flatMap((s) => (s.code ? [s] : codeNamesByWord(s.text)))

// ------------------------------------------------------------------ the texts

let seed = 16
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
// prettier-ignore
const PIECES = [
  'the', 'Query', 'a', 'Z', 'x9', 'ZoneInfo', 'ZIP', 'select_related()', 'QuerySet', 'settings.DEBUG', 'manage.py', '__init__', '__init__.py', 'LocMemCache', 'HttpResponseRedirect',
  'SQL', 'HTTPRequest', 'XMLHttpRequest', 'AbcDEFghi', 'JavaScript', 'PostgreSQL', 'e.g.', '6.1', '1.2.3', 'a..b', 'obj.save().delete()', 'f()()', 'Foo()', 'save().',
  'snake_case_', '_private', 'a__b', '___', '_', 'ok_name!?', '"quoted_name",', "'single'", '(get_response)', '((y))', '()', '(', ')', '.', ',', ';', ':', '!', '?',
  ' ', ' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2028', '`', '``', '`code`', '`a`b`', '*', '**', '~', '~~', '#', '&', '&amp;', '&#39;', '<', '[', ']', '\\',
  '>', '=', '+', '-', '1.', '10)', '"', "'", '/', 'https://docs.djangoproject.com/en/6.1/#x', 'é', 'Ünïcode_name', '✓', '😀', '\u001b[31m', '\u0007', '\u009b',
]
const randomText = () => Array.from({ length: 1 + Math.floor(random() * 16) }, () => pick(PIECES)).join(random() < 0.5 ? ' ' : '')

const bank = loadBank(`${ROOT}/questions`)
/** An open beginner question of topic orm with this summary. */
const OPEN = bank.questions.find((q): q is Extract<Question, { type: 'open' }> => q.type === 'open')!
const withSummary = (summary: string, id = 'q'): Question => ({ ...OPEN, id, topic: 'orm', difficulty: 'beginner', summary })
const bankTexts = bank.questions.flatMap((q) => [q.title, q.summary, ...q.keyPoints])
const texts = [...bankTexts, ...Array.from({ length: 3000 }, randomText)]

// ------------------------------------------------------------------ the checks

describe('cheat sheet text follows the rules written out word by word', () => {
  it('markCodeNames marks the same words as testing every word', () => {
    for (const text of texts) {
      expect(markCodeNames(text), text).toEqual(codeNamesByWord(text))
      const clean = cleanByRule(text)
      expect(markCodeNames(clean), clean).toEqual(codeNamesByWord(clean))
    }
  })

  it('splitCodeSpans gives text without a backtick as one plain segment, and nothing for no text', () => {
    for (const text of texts.filter((t) => !t.includes('`'))) expect(splitCodeSpans(text), text).toEqual([{ text, code: false }])
    expect(splitCodeSpans('')).toEqual([])
  })

  it('escapeMarkdown escapes as its passes one after another do', () => {
    for (const text of texts) {
      expect(escapeMarkdown(text), text).toBe(escapeByPasses(text))
      expect(escapeMarkdown(text, false), text).toBe(escapeByPasses(text, false))
    }
  })

  it('escapeHtml escapes & < > " and \' everywhere', () => {
    const byRule = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    for (const text of texts) expect(escapeHtml(text), text).toBe(byRule(text))
  })

  it('cleanText shows control characters escaped and collapses whitespace', () => {
    for (const text of texts) expect(cleanText(text), text).toBe(cleanByRule(text))
  })

  it('a summary in markdown and HTML is its segments written one by one', () => {
    const summaries = texts.filter((t) => cleanByRule(t) !== '')
    const questions = summaries.map((summary, n) => withSummary(summary, `q${n}`))
    const sheet = buildCheatsheet({ title: 'T', questions, topics: [{ id: 'orm', title: 'ORM' }], detail: false })
    const md = renderCheatsheetMarkdown(sheet).split('\n')
    const html = renderCheatsheetHtml(sheet)
    const htmlSummaries = [...html.matchAll(/<p class="summary">(.*?)<\/p>/gs)].map((m) => m[1])
    expect(htmlSummaries).toHaveLength(summaries.length)
    summaries.forEach((summary, n) => {
      const segments = proseSegments(summary)
      // Each entry is "### title", "", summary, "": its summary is four lines after the previous one.
      expect(md[8 + 4 * n], summary).toBe(segments.map((s, i) => (s.code ? markdownCodeSpan(s.text) : escapeByPasses(s.text, i === 0))).join(''))
      expect(htmlSummaries[n], summary).toBe(segments.map((s) => (s.code ? `<code>${escapeHtml(s.text)}</code>` : escapeHtml(s.text))).join(''))
    })
  })

  it('shortCode reads the first fenced block, as listing every block would find it', () => {
    // The rule: the first of all the fenced blocks, trimmed of blank lines, at most 12 lines, blank runs made one.
    const byRule = (markdown: string) => {
      const body = [...(fences(markdown)[0]?.body ?? [])]
      while (body.length && body[body.length - 1]!.trim() === '') body.pop()
      while (body.length && body[0]!.trim() === '') body.shift()
      if (body.length === 0 || body.length > 12) return undefined
      const code = body.map((l) => (l.trim() === '' ? '' : l)).filter((l, i, all) => !(l === '' && all[i - 1] === ''))
      return { language: fences(markdown)[0]!.language, code: code.join('\n') }
    }
    const LINES = ['text', '', '   ', '```', '```python', '~~~', '~~~~ sql', '````', ' ```', '    ```', 'a ``` b', '`` x', 'x = 1', '  y', '\r', '```js`', '~~~\r']
    const docs = [
      ...bank.questions.map((q) => q.explanation),
      ...Array.from({ length: 3000 }, () => Array.from({ length: Math.floor(random() * 12) }, () => pick(LINES)).join(pick(['\n', '\r\n', '\r']))),
    ]
    for (const doc of docs) expect(shortCode(doc), JSON.stringify(doc)).toEqual(byRule(doc))
  })

  // prettier-ignore
  it.each([
    ['SQL, HTTP and the ORM: no code here, e.g. in 6.1.',   'SQL, HTTP and the ORM: no code here, e.g. in 6.1.'],
    ['Call save(). Then "select_related()", (get_response)', 'Call `save()`. Then "`select_related()`", (`get_response`)'],
    ['select_related() - then + more',                       '`select_related()` - then + more'],
    ['- then select_related()',                              '\\- then `select_related()`'],
    ['12) steps and 3.14',                                   '12\\) steps and 3.14'],
    ['a ~b and ~~c~~ but __init__ runs',                     'a \\~b and \\~\\~c\\~\\~ but `__init__` runs'],
    ['x &amp; y & z #tag or a#b',                            'x \\&amp; y & z \\#tag or a#b'],
  ])('markdown of the summary %j', (summary, expected) => {
    const sheet = buildCheatsheet({ title: 'T', questions: [withSummary(summary)], topics: [{ id: 'orm', title: 'ORM' }], detail: false })
    expect(renderCheatsheetMarkdown(sheet).split('\n')[8]).toBe(expected)
  })
})
