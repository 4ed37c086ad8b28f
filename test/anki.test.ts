// `export anki`: the file is read back the way Anki's importer reads it
// (headers, one record per line, tab-separated fields, `"` opening a quoted
// field, `#` a comment), and bank text can never become markup in a card.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { ANKI_DEFAULT_FILE } from '../src/commands/export.ts'
import { COMMANDS } from '../src/command-table.ts'
import { ankiDeck, ankiGuid, ankiTag, buildAnkiNotes, renderAnkiFile, tsvField } from '../src/core/anki.ts'
import { recordAttempt } from '../src/core/progress.ts'
import type { Question, Topic } from '../src/core/types.ts'
import { loadBank } from '../src/io/bank.ts'
import { openStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

// ------------------------------------------------------------------ reading it back

interface Parsed {
  headers: Record<string, string>
  records: string[][]
}

/**
 * Reads an Anki text file as Anki 2.1.55+ does: `#key:value` lines at the top
 * are headers, later `#` lines comments; records end at a newline; a field
 * that starts with `"` would be a quoted field, which this file must never
 * need, so it is an error here.
 */
function parseAnki(text: string): Parsed {
  const lines = text.split('\n')
  expect(lines.pop()).toBe('')
  const headers: Record<string, string> = {}
  let i = 0
  for (; i < lines.length && lines[i]!.startsWith('#'); i++) {
    const [key, ...value] = lines[i]!.slice(1).split(':')
    if (value.length) headers[key!.trim().toLowerCase()] = value.join(':')
  }
  const records = lines.slice(i).map((line, n) => {
    expect(line, `record ${n + 1} has a CR`).not.toContain('\r')
    expect(line.startsWith('#'), `record ${n + 1} would read as a comment`).toBe(false)
    const fields = line.split('\t')
    for (const f of fields) expect(f.startsWith('"'), `record ${n + 1}: a field starting with " opens a quoted field`).toBe(false)
    return fields
  })
  return { headers, records }
}

const column = (parsed: Parsed, key: string) => Number(parsed.headers[key]) - 1

const TOPICS: Topic[] = [
  { id: 'orm', title: 'ORM' },
  { id: 'security', title: 'Security' },
]

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
    references: ['https://docs.djangoproject.com/en/6.1/topics/db/queries/'],
    covers: [],
    related: [],
    prompt: 'Question?',
    explanation: 'Answer.',
    file: `${id}.md`,
    type: 'open',
    ...fields,
  } as Question
}

const exportOf = (questions: Question[], topics = TOPICS) => parseAnki(renderAnkiFile(buildAnkiNotes(questions, topics)))

const bundled = loadBank(fileURLToPath(new URL('../questions/', import.meta.url)))

describe('the file Anki reads', () => {
  it('starts with the headers that set everything: tab, HTML, Basic, and the deck, tags and GUID columns', () => {
    const parsed = exportOf([q('a')])
    expect(parsed.headers).toEqual({ separator: 'tab', html: 'true', notetype: 'Basic', 'deck column': '4', 'tags column': '3', 'guid column': '5' })
  })

  it('holds one note per question of the bundled bank, each with five fields and its own GUID', () => {
    const parsed = exportOf(bundled.questions, bundled.manifest.topics)
    expect(parsed.records).toHaveLength(bundled.questions.length)
    for (const r of parsed.records) expect(r).toHaveLength(5)
    const guids = parsed.records.map((r) => r[column(parsed, 'guid column')]!)
    expect(new Set(guids).size).toBe(bundled.questions.length)
    expect(guids.every((g) => /^dd-[0-9a-f]{24}$/.test(g))).toBe(true)
    // The same questions give the same file: options and steps are shuffled by a seed of their own.
    expect(renderAnkiFile(buildAnkiNotes(bundled.questions, bundled.manifest.topics))).toBe(renderAnkiFile(buildAnkiNotes(bundled.questions, bundled.manifest.topics)))
  })

  it('keeps a GUID when the question is edited, and changes it with the id or the bank', () => {
    const before = exportOf([q('orm-a')])
    const edited = exportOf([q('orm-a', { title: 'New title', prompt: 'Reworded?', explanation: 'Better answer.', difficulty: 'advanced', topic: 'security', tags: ['x'] })])
    const guid = (p: Parsed) => p.records[0]![column(p, 'guid column')]
    expect(guid(edited)).toBe(guid(before))
    expect(edited.records[0]![0]).not.toBe(before.records[0]![0])
    expect(guid(exportOf([q('orm-b')]))).not.toBe(guid(before))
    expect(guid(exportOf([q('orm-a', { bank: 'other' })]))).not.toBe(guid(before))
    expect(ankiGuid('sample', 'orm-a')).toBe(guid(before))
    // The parts cannot run together: bank "a-b" + id "c" is not bank "a" + id "b-c".
    expect(ankiGuid('ab', 'c')).not.toBe(ankiGuid('a', 'bc'))
  })

  it('puts each note in "Django Drill::<topic title>" and tags it with topic, difficulty, type and its tags', () => {
    const parsed = exportOf([
      q('a', { tags: ['queryset', 'n plus one', 'perf/db'] }),
      q('b', { topic: 'security', difficulty: 'advanced', type: 'choice', answer: 'Yes', distractors: ['No', 'Maybe'] }),
    ])
    const deck = column(parsed, 'deck column')
    const tags = column(parsed, 'tags column')
    expect(parsed.records.map((r) => r[deck])).toEqual(['Django Drill::ORM', 'Django Drill::Security'])
    expect(parsed.records[0]![tags]!.split(' ')).toEqual(['django-drill', 'topic::orm', 'difficulty::beginner', 'type::open', 'queryset', 'n_plus_one', 'perf_db'])
    expect(parsed.records[1]![tags]!.split(' ')).toEqual(['django-drill', 'topic::security', 'difficulty::advanced', 'type::choice'])
    // A topic title with :: would open a deeper deck.
    expect(ankiDeck('Forms :: Widgets')).toBe('Django Drill::Forms : Widgets')
    expect(ankiDeck('  \t ')).toBe('Django Drill::Other')
    expect(ankiTag('a\tb "c"')).toBe('a_b__c')
  })
})

// ------------------------------------------------------------------ hostile text

const ALLOWED_TAGS = new Set(['div', 'p', 'b', 'i', 'u', 'code', 'pre', 'br', 'ul', 'ol', 'li', 'span', 'a', 'del', 'ins', 'hr', 'blockquote', 'table', 'tr', 'th', 'td'])
const ALLOWED_ATTRIBUTES = new Set(['class', 'style', 'href', 'type', 'start'])

/** Every tag in a field: its name, and each attribute with its value; fails on anything else. */
function tagsOf(html: string): { name: string; attributes: Record<string, string>; closing: boolean }[] {
  return [...html.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>/gi)].map((m) => {
    const rest = m[3]!
    const attributes: Record<string, string> = {}
    const leftover = rest.replace(/ ([a-z-]+)="([^"<>]*)"/g, (_all, name: string, value: string) => {
      attributes[name] = value
      return ''
    })
    expect(leftover, `unexpected text in <${m[2]}${rest}>`).toBe('')
    return { name: m[2]!.toLowerCase(), attributes, closing: m[1] === '/' }
  })
}

const hostile = q('orm-hostile', {
  title: '<script>alert(1)</script> and\ttab "quoted"',
  summary: '<img src=x onerror=alert(2)>',
  prompt:
    'Look:\t<script>alert(3)</script>\r\nnext line [sound:evil.mp3] <a href="javascript:alert(4)">x</a>\n\n```python\nprint("</code></pre><script>alert(5)</script>")\n\tindented\n```\n',
  explanation:
    '**<b onmouseover=alert(6)>x</b>** and [link](javascript:alert(7)) `<i>code</i>`\n\n| a | <td onclick=x> |\n|---|---|\n| 1 | 2 |\n\n> <iframe src=//evil>\n\n- <svg onload=alert(8)>\n',
  keyPoints: ['" onerror="alert(9)', '\u001b[2Jescape'],
  references: ['javascript:alert(10)', 'data:text/html,<script>alert(11)</script>', 'https://example.com/"><script>alert(12)</script>', 'docs: topics/db'],
  tags: ['<b>', 'a\tb'],
})

describe('hostile question text', () => {
  const parsed = exportOf([hostile, q('orm-choice', { type: 'choice', answer: '<script>alert(13)</script>', distractors: ['"start', '#hash', 'on\nnew\tline'] })])
  const fields = parsed.records.flat()

  it('keeps one note per line and five fields whatever tabs and newlines the text holds', () => {
    expect(parsed.records).toHaveLength(2)
    for (const r of parsed.records) expect(r).toHaveLength(5)
  })

  it('escapes every character of bank text: only our own tags and attributes reach the card', () => {
    for (const field of fields.slice(0, 2).concat(parsed.records[1]!.slice(0, 2))) {
      for (const tag of tagsOf(field)) {
        expect(ALLOWED_TAGS.has(tag.name), `<${tag.name}>`).toBe(true)
        for (const [name, value] of Object.entries(tag.attributes)) {
          expect(ALLOWED_ATTRIBUTES.has(name), `${name}=`).toBe(true)
          if (name === 'href') expect(value).toMatch(/^https?:\/\//)
        }
      }
    }
    const all = fields.join('\n')
    expect(all).not.toMatch(/<script|<img|<iframe|<svg|<td onclick/i)
    expect(all).not.toMatch(/<[^>]*\son[a-z]+=/i)
    expect(all).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(all).toContain('&lt;img src=x onerror=alert(2)&gt;')
    // Markdown emphasis still works around escaped text.
    expect(all).toContain('<b>&lt;b onmouseover=alert(6)&gt;x&lt;/b&gt;</b>')
    expect(all).toContain('print(&quot;&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;&quot;)')
  })

  it('links only http(s) references; javascript: and data: stay text', () => {
    const back = parsed.records[0]![1]!
    const hrefs = tagsOf(back).flatMap((t) => (t.attributes['href'] ? [t.attributes['href']] : []))
    expect(hrefs).toEqual(['https://example.com/%22%3E%3Cscript%3Ealert(12)%3C/script%3E'])
    expect(back).toContain('javascript:alert(10)')
    expect(back).not.toContain('href="javascript')
    expect(back).not.toContain('href="data')
    expect(back).toContain('docs: topics/db')
  })

  it('turns tabs, newlines and control characters into HTML, and no text into a media reference', () => {
    const all = fields.join('')
    expect(all).not.toMatch(/[\t\r\n]/)
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    expect(all).toContain('\\x1b&#91;2Jescape')
    expect(all).not.toContain('[sound:')
    expect(parsed.records[0]![0]).toContain('&#9;indented')
  })

  it('never starts a field with " or #, which the importer would read as a quote or a comment', () => {
    // parseAnki checks every field; the choice question's options start with them.
    expect(parsed.records[1]![0]).toContain('&quot;start')
    expect(parsed.records[1]![0]).toContain('#hash')
    // The last guard, for any field: a tab, a line break, a leading quote or hash never get through.
    expect(tsvField('"a"\tb\r\nc\nd')).toBe('&quot;a"&#9;b<br>c<br>d')
    expect(tsvField('#x')).toBe('&#35;x')
  })
})

describe('pathological text', () => {
  it('renders long runs of backticks, brackets and stars at once, as escaped text', () => {
    const runs = Array.from({ length: 300 }, (_, i) => `${'`'.repeat(i + 1)}x`).join('')
    const brackets = '['.repeat(40000)
    const started = performance.now()
    const parsed = exportOf([q('orm-worst', { title: runs, summary: brackets, prompt: `${runs}\n\n${brackets}(\n\n${'*a '.repeat(20000)}`, explanation: runs, keyPoints: [runs] })])
    // Generous: a backtracking parser takes minutes here, a linear one milliseconds.
    expect(performance.now() - started).toBeLessThan(5000)
    expect(parsed.records).toHaveLength(1)
    expect(parsed.records[0]![0]).toContain('&#91;'.repeat(100))
  })
})

// ------------------------------------------------------------------ code-native types

const byType = (type: string) => {
  const found = bundled.questions.find((x) => x.type === type)
  if (!found) throw new Error(`no ${type} question in the bundled bank`)
  return found
}
const noteOf = (question: Question) => buildAnkiNotes([question], bundled.manifest.topics)[0]!
const text = (html: string) =>
  html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#91;/g, '[')
    .replace(/&#9;/g, '\t')
    .replace(/&amp;/g, '&')

describe('code-native questions in prompt form', () => {
  it('bug: the front numbers the code lines and marks nothing; the back strikes the buggy line and inserts the fix', () => {
    const question = byType('bug') as Extract<Question, { type: 'bug' }>
    const { front, back } = noteOf(question)
    const code = /<pre[^>]*><code>(.*?)<\/code><\/pre>/.exec(front)![1]!
    const lines = text(code).split('\n')
    expect(lines.length).toBeGreaterThan(2)
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^ *${i + 1} │ `)))
    expect(front).not.toMatch(/<del>|<ins>/)
    expect(back).toMatch(/<del>/)
    const struck = [...back.matchAll(/(\d+) │<\/span> <del>/g)].map((m) => Number(m[1]))
    expect(struck).toEqual(question.answer)
    if (question.fix) expect(text(back)).toContain(question.fix.split('\n')[0]!)
  })

  it('cloze: the front shows numbered blanks and not the answers; the back fills them in', () => {
    const question = byType('cloze') as Extract<Question, { type: 'cloze' }>
    const { front, back } = noteOf(question)
    for (let n = 1; n <= question.gaps.length; n++) expect(front).toContain(`<b>⟦${n}⟧</b>`)
    expect(front).not.toMatch(/\[\[\d+\]\]/)
    expect(front).not.toContain('<ins>')
    const filled = [...back.matchAll(/<ins><b>(.*?)<\/b><\/ins>/g)].map((m) => text(m[1]!))
    expect(filled).toEqual(question.gaps.map((g) => g[0]))
  })

  it('order: the front numbers the steps shuffled; the back gives the order in those numbers', () => {
    const question = byType('order') as Extract<Question, { type: 'order' }>
    const { front, back } = noteOf(question)
    const shown = [...front.matchAll(/<li>(.*?)<\/li>/g)].map((m) => text(m[1]!))
    expect([...shown].sort()).toEqual([...question.items].sort())
    expect(shown).not.toEqual(question.items)
    const order = /<b>Correct order:<\/b> ([\d ]+)</.exec(back)![1]!.split(' ').map(Number)
    expect(order.map((n) => shown[n - 1])).toEqual(question.items)
  })

  it('choice and multi: the front lists every option, unmarked; the back marks exactly the right ones', () => {
    for (const type of ['choice', 'multi'] as const) {
      const question = byType(type) as Extract<Question, { type: 'choice' | 'multi' }>
      const right = Array.isArray(question.answer) ? question.answer : [question.answer]
      const { front, back } = noteOf(question)
      const options = (html: string) => [.../<ol type="A">(.*?)<\/ol>/.exec(html)![1]!.matchAll(/<li>(.*?)<\/li>/g)].map((m) => text(m[1]!))
      expect([...options(front)].sort()).toEqual([...right, ...question.distractors].sort())
      expect(front).not.toMatch(/✔|✘/)
      const marked = options(back)
        .filter((o) => o.startsWith('✔ '))
        .map((o) => o.slice(2))
      expect(marked.sort()).toEqual([...right].sort())
      expect(options(back).map((o) => o.slice(2))).toEqual(options(front))
    }
  })

  it('short, count and output: the answer leads the back, the front does not give it away', () => {
    for (const type of ['short', 'count', 'output'] as const) {
      const question = byType(type) as Extract<Question, { type: 'short' | 'count' | 'output' }>
      const { front, back } = noteOf(question)
      const answer = String(question.answer)
      expect(text(back).indexOf(answer.split('\n')[0]!), type).toBeGreaterThanOrEqual(0)
      expect(text(back).indexOf(answer.split('\n')[0]!), type).toBeLessThan(text(back).indexOf('In short:'))
      if (type !== 'short') expect(text(front), type).not.toContain(`Answer: ${answer}`)
    }
  })

  it('open: the prompt on the front, the model answer and references as links on the back', () => {
    const question = byType('open')
    const { front, back } = noteOf(question)
    expect(front).toContain(question.title.replace(/`/g, '').slice(0, 10).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'))
    const links = tagsOf(back).filter((t) => t.name === 'a' && !t.closing)
    expect(links.length).toBe(question.references.filter((r) => r.startsWith('http')).length)
  })
})

// ------------------------------------------------------------------ the command

function fixtureBank(): string {
  return testdir({
    'bank.yml': MANIFEST,
    'orm/a.md': questionFile({ id: 'orm-select-related', title: 'What does select_related do?' }),
    'orm/b.md': questionFile({ id: 'orm-prefetch', title: 'When is prefetch_related right?', difficulty: 'advanced' }),
    'security/c.md': questionFile({ id: 'security-csrf', title: 'What does the CSRF token protect?', topic: 'security' }),
  })
}

describe('django-drill export anki', () => {
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

  it('piped, writes the file to stdout (and nothing into the current folder)', async () => {
    const dir = testdir()
    const { stdout, stderr } = await run(['--bank', fixtureBank(), 'export', 'anki'], { cwd: dir })
    expect(parseAnki(`${stdout}`).records).toHaveLength(3)
    expect(stderr).toBe('')
    expect(existsSync(join(dir, ANKI_DEFAULT_FILE))).toBe(false)
  })

  it(`on a terminal, writes ${ANKI_DEFAULT_FILE} and says how many notes and how to import it`, async () => {
    const dir = testdir()
    const { stdout, stderr } = await run(['--bank', fixtureBank(), 'export', 'anki'], { cwd: dir, stdoutIsTTY: true })
    expect(stdout).toBe('')
    expect(stderr).toBe(`✔ Wrote 3 notes in 2 decks to ${ANKI_DEFAULT_FILE}\n  In Anki: File > Import, then pick this file.`)
    expect(parseAnki(readFileSync(join(dir, ANKI_DEFAULT_FILE), 'utf8')).records).toHaveLength(3)
    // The table's help names the same default.
    const anki = COMMANDS.find((c) => c.name === 'export')!.subcommands!.find((c) => c.name === 'anki')!
    expect(anki.options!.find((o) => o.flags.startsWith('-o'))!.description).toContain(ANKI_DEFAULT_FILE)
  })

  it('-o writes that file with only the filtered questions; -o - writes to stdout even on a terminal', async () => {
    const dir = testdir()
    const { stderr } = await run(['--bank', fixtureBank(), 'export', 'anki', '-o', 'orm.txt', '--topic', 'orm', '-d', 'advanced'], { cwd: dir, stdoutIsTTY: true })
    expect(stderr).toMatch(/^✔ Wrote 1 note in 1 deck to orm\.txt\n/)
    const parsed = parseAnki(readFileSync(join(dir, 'orm.txt'), 'utf8'))
    expect(parsed.records.map((r) => r[4])).toEqual([ankiGuid('sample', 'orm-prefetch')])
    const piped = await run(['--bank', fixtureBank(), 'export', 'anki', '-o', '-'], { cwd: dir, stdoutIsTTY: true, stderrIsTTY: true })
    expect(parseAnki(piped.stdout).records).toHaveLength(3)
    expect(piped.stderr).toBe('✔ Wrote 3 notes in 2 decks for Anki to stdout.')
  })

  it('an unwritable -o and a filter that matches nothing are clear errors', async () => {
    const dir = testdir({ 'folder/x': 'x' })
    const missing = await failure(['--bank', fixtureBank(), 'export', 'anki', '-o', 'no/such/x.txt'], { cwd: dir })
    expect(missing.exitCode).toBe(1)
    expect(missing.message).toBe(`Cannot write the Anki file to ${join(dir, 'no/such/x.txt')}: its folder does not exist.`)
    expect((await failure(['--bank', fixtureBank(), 'export', 'anki', '-o', 'folder'], { cwd: dir })).message).toMatch(/: it is a folder\.$/)
    expect((await failure(['--bank', fixtureBank(), 'export', 'anki', '--tag', 'nothing'])).message).toBe('No question matches --tag nothing.')
  })

  it('--weak keeps the questions missed most, as cheatsheet --weak does', async () => {
    const home = testdir()
    const env = { DJANGO_DRILL_HOME: home }
    expect((await failure(['--bank', fixtureBank(), 'export', 'anki', '--weak'], { env })).message).toMatch(/^No progress yet: --weak/)
    const store = openStore({ env, now: () => new Date('2026-11-25T12:00:00Z'), err: () => {} })
    const attempt = (ok: 0 | 1) => ({ t: Date.parse('2026-11-20T10:00:00Z'), r: ok ? (3 as const) : (1 as const), ok, ms: 1000 })
    store.update((data) => {
      recordAttempt(data, { bank: 'sample', id: 'security-csrf', topic: 'security', difficulty: 'beginner', attempt: attempt(0) })
      recordAttempt(data, { bank: 'sample', id: 'orm-prefetch', topic: 'orm', difficulty: 'advanced', attempt: attempt(1) })
    })
    const { stdout } = await run(['--bank', fixtureBank(), 'export', 'anki', '--weak', '5'], { env })
    expect(parseAnki(stdout).records.map((r) => r[4])).toEqual([ankiGuid('sample', 'security-csrf')])
    expect((await failure(['--bank', fixtureBank(), 'export', 'anki', '--weak', 'lots'], { env })).exitCode).toBe(2)
  })
})

// ------------------------------------------------------------------ as Anki's importer reads it

/**
 * The steps of Anki's own text importer (rslib/src/import_export/text/csv:
 * metadata.rs and import.rs, Anki 2.1.55 and later), written again here from
 * its source so the file can be checked without Anki:
 * - the head: lines starting with `#` are read as `key:value` (key trimmed and
 *   lowercased, value without its line ending) until the first line that
 *   does not start with `#`; unknown keys are ignored, so a misspelt one
 *   would silently fall back to the import dialog's defaults;
 * - records: the Rust `csv` crate with that delimiter, `#` lines as comments,
 *   `"` opening a quoted field only at the start of a field (elsewhere it is
 *   text), a record ending at LF, CR or CRLF, rows of any length;
 * - the note type's fields take the columns that are not meta columns (deck,
 *   tags, guid), in order; tags are the tags column split at whitespace.
 */
function ankiImport(text: string, notetypeFields: string[]) {
  const KNOWN = new Set(['separator', 'html', 'tags', 'columns', 'notetype', 'deck', 'notetype column', 'deck column', 'tags column', 'guid column'])
  const DELIMITERS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', space: ' ', pipe: '|', colon: ':' }
  const meta: Record<string, string> = {}
  const lines = text.split(/(?<=\n)/)
  let at = 0
  for (; at < lines.length && lines[at]!.startsWith('#'); at++) {
    const line = lines[at]!.slice(1).replace(/\r?\n$/, '')
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const key = line.slice(0, colon).trim().toLowerCase()
    expect(KNOWN.has(key), `Anki ignores the header "${key}"`).toBe(true)
    meta[key] = line.slice(colon + 1)
  }
  const value = meta['separator']!.toLowerCase()
  const delimiter = Object.entries(DELIMITERS).find(([name, byte]) => value.trim() === name || value === byte)?.[1]
  expect(delimiter, 'a separator Anki knows').toBeDefined()
  expect(['true', 'false']).toContain(meta['html']!.toLowerCase())
  const column = (key: string) => {
    const n = Number(meta[key]!.trim())
    expect(Number.isInteger(n) && n > 0, `${key} is a column number`).toBe(true)
    return n
  }
  const [deckColumn, tagsColumn, guidColumn] = [column('deck column'), column('tags column'), column('guid column')]

  // csv-core's reader, over the whole file (the header lines are comments to it).
  const records: string[][] = []
  const body = text
  let i = 0
  while (i < body.length) {
    if (body[i] === '#') {
      while (i < body.length && body[i] !== '\n' && body[i] !== '\r') i++
      if (body[i] === '\r' && body[i + 1] === '\n') i++
      i++
      continue
    }
    const fields: string[] = []
    for (;;) {
      let field = ''
      if (body[i] === '"') {
        for (i++; i < body.length; i++) {
          if (body[i] === '"' && body[i + 1] === '"') field += body[++i]
          else if (body[i] === '"') break
          else field += body[i]
        }
        i++
      }
      while (i < body.length && body[i] !== delimiter && body[i] !== '\n' && body[i] !== '\r') field += body[i++]
      fields.push(field)
      if (body[i] === delimiter) {
        i++
        continue
      }
      if (body[i] === '\r' && body[i + 1] === '\n') i++
      i++
      break
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push(fields)
  }
  const metaColumns = new Set([deckColumn, tagsColumn, guidColumn])
  const width = records[0]?.length ?? 0
  const fieldColumns = Array.from({ length: width }, (_, k) => k + 1)
    .filter((c) => !metaColumns.has(c))
    .slice(0, notetypeFields.length)
  return {
    notetype: meta['notetype'],
    html: meta['html']!.toLowerCase() === 'true',
    width,
    notes: records.map((r) => ({
      fields: Object.fromEntries(notetypeFields.map((name, k) => [name, fieldColumns[k] === undefined ? undefined : r[fieldColumns[k] - 1]])),
      tags: (r[tagsColumn - 1] ?? '').split(/\s+/).filter(Boolean),
      deck: r[deckColumn - 1],
      guid: r[guidColumn - 1],
      columns: r.length,
    })),
  }
}

describe("the file as Anki's importer reads it", () => {
  const questions = [...bundled.questions, hostile, q('orm-quote', { type: 'choice', title: '"Quoted" title', answer: '"yes"', distractors: ['#no', 'maybe\tnot'] })]
  const topics = [...bundled.manifest.topics, ...TOPICS]
  const notes = buildAnkiNotes(questions, topics)
  let read: ReturnType<typeof ankiImport> | undefined
  const imported = () => (read ??= ankiImport(renderAnkiFile(notes), ['Front', 'Back']))

  it('asks for the Basic note type with HTML fields, with only headers Anki knows', () => {
    expect(imported().notetype).toBe('Basic')
    expect(imported().html).toBe(true)
  })

  it("gives one note per question, every record as wide as the first, and Basic's Front and Back our front and back", () => {
    expect(imported().notes).toHaveLength(questions.length)
    expect(imported().width).toBe(5)
    imported().notes.forEach((note, k) => {
      expect(note.columns).toBe(5)
      expect(note.fields).toEqual({ Front: notes[k]!.front, Back: notes[k]!.back })
      expect(note.tags).toEqual(notes[k]!.tags)
      expect(note.deck).toBe(notes[k]!.deck)
      expect(note.guid).toBe(ankiGuid(questions[k]!.bank, questions[k]!.id))
    })
  })

  it('puts every note in a subdeck of "Django Drill", never a deck id (a name that is a number)', () => {
    for (const note of imported().notes) {
      expect(note.deck).toMatch(/^Django Drill::\S/)
      expect(Number.isNaN(Number(note.deck))).toBe(true)
    }
  })
})
