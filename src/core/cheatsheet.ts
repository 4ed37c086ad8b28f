// The cheat sheet: questions grouped by topic, rendered for the terminal, as
// markdown or as one printable HTML page. Pure: every renderer returns a string.
//
// NOTE: titles, summaries and key points are plain text in which only `code
// spans` are markup. The bank writes `__init__`, `**kwargs` and `[X]` literally,
// and full markdown would turn them into bold text or links.
import { splitCodeSpans, type Inline } from './markdown.ts'
import { fitLines, readFence, wrap, wrapCodeLine, wrapWithPrefix, type Fence } from './text.ts'
import { highlight } from './highlight.ts'
import { kindOf } from './kinds/index.ts'
import type { Solved } from './kinds/kind.ts'
import { solvedHtml, solvedMarkdown, solvedTerminal } from './kinds/solved.ts'
import { hasControlChars, stripControl } from './sanitize.ts'
import type { Style } from './style.ts'
import { DIFFICULTIES, type Question, type Topic } from './types.ts'
import type { Filter } from './filter.ts'

export const CHEATSHEET_FORMATS = ['terminal', 'md', 'html'] as const
export type CheatsheetFormat = (typeof CHEATSHEET_FORMATS)[number]

/** Longest model-answer code block shown as "short code" with --detail. */
export const SHORT_CODE_LINES = 12

export interface ShortCode {
  language: string
  code: string
}

export interface CheatsheetEntry {
  question: Question
  /** The first fenced block of the model answer, when it is short enough. */
  code?: ShortCode
  /** The solved form of a code-native question (the order, the filled code, the bug and its fix). */
  solved?: Solved
}

export interface TopicGroup {
  topic: Topic
  entries: CheatsheetEntry[]
}

export interface Cheatsheet {
  title: string
  /** One-line facts under the title: counts, Django version, filters. */
  facts: string[]
  groups: TopicGroup[]
  /** Show key points, short code and references. */
  detail: boolean
}

// ---------------------------------------------------------------- selection

const rank = (difficulty: string): number => {
  const index = DIFFICULTIES.indexOf(difficulty as (typeof DIFFICULTIES)[number])
  return index === -1 ? DIFFICULTIES.length : index
}

/**
 * Groups questions by topic in the order of `topics` (the bank's order);
 * within a topic, beginner questions come first, then bank order. Topics with
 * no question are left out; a topic missing from `topics` comes last, titled by its id.
 */
export function groupByTopic(questions: readonly Question[], topics: readonly Topic[]): { topic: Topic; questions: Question[] }[] {
  const byTopic = new Map<string, Question[]>()
  for (const q of questions) {
    const list = byTopic.get(q.topic)
    if (list) list.push(q)
    else byTopic.set(q.topic, [q])
  }
  const known = new Set(topics.map((t) => t.id))
  const ordered = [...topics.filter((t) => byTopic.has(t.id)), ...[...byTopic.keys()].filter((id) => !known.has(id)).map((id) => ({ id, title: id }))]
  return ordered.map((topic) => ({ topic, questions: [...byTopic.get(topic.id)!].sort((a, b) => rank(a.difficulty) - rank(b.difficulty)) }))
}

/** Keeps the questions named in `weak` (bank and id), in their original order. */
export function keepWeak<Q extends { bank: string; id: string }>(questions: readonly Q[], weak: readonly { bank: string; id: string }[]): Q[] {
  const wanted = new Set(weak.map((w) => `${w.bank}\n${w.id}`))
  return questions.filter((q) => wanted.has(`${q.bank}\n${q.id}`))
}

/** The first fenced code block of `markdown`, or undefined when there is none or it is longer than `maxLines`. */
export function shortCode(markdown: string, maxLines = SHORT_CODE_LINES): ShortCode | undefined {
  const fence = firstFence(markdown)
  if (!fence) return undefined
  const body = [...fence.body]
  while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop()
  while (body.length > 0 && body[0]!.trim() === '') body.shift()
  if (body.length === 0 || body.length > maxLines) return undefined
  // PEP 8's double blank lines cost paper and say nothing here.
  const code: string[] = []
  for (const line of body) if (!(line.trim() === '' && code.length > 0 && code[code.length - 1]!.trim() === '')) code.push(line.trim() === '' ? '' : line)
  return { language: fence.language, code: code.join('\n') }
}

/**
 * The first fenced block of `markdown` (what fences(markdown)[0] is), without reading
 * the rest: a line before the first ``` or ~~~ cannot open a fence.
 */
function firstFence(markdown: string): Fence | undefined {
  const text = markdown.includes('\r') ? markdown.replace(/\r\n?/g, '\n') : markdown
  const tick = text.indexOf('```')
  const tilde = text.indexOf('~~~')
  const at = tick === -1 ? tilde : tilde === -1 ? tick : Math.min(tick, tilde)
  if (at === -1) return undefined
  const lines = text.slice(text.lastIndexOf('\n', at) + 1).split('\n')
  for (let i = 0; i < lines.length; i++) {
    const fence = readFence(lines, i)
    if (fence) return fence
  }
  return undefined
}

/** "only topic orm, security; difficulty advanced", or undefined when nothing is filtered. */
export function describeFilter(filter: Filter): string | undefined {
  const parts: string[] = []
  if (filter.topics.length) parts.push(`topic ${filter.topics.join(', ')}`)
  if (filter.difficulties.length) parts.push(`difficulty ${filter.difficulties.join(', ')}`)
  if (filter.tags.length) parts.push(`tag ${filter.tags.join(', ')}`)
  if (filter.types.length) parts.push(`type ${filter.types.join(', ')}`)
  if (filter.search) parts.push(`search "${filter.search}"`)
  if (filter.tracks?.length) parts.push(`track ${[...new Set(filter.tracks.map((t) => t.title))].join(', ')}`)
  return parts.length ? `only ${parts.join('; ')}` : undefined
}

export interface CheatsheetInput {
  title: string
  questions: readonly Question[]
  topics: readonly Topic[]
  detail: boolean
  /** What the bank targets, e.g. "Django 6.1". */
  targets?: string
  filter?: Filter
  /** Set when the questions are the learner's weakest ones. */
  weak?: boolean
  /** The day the sheet was made, as YYYY-MM-DD. */
  date?: string
  /** A question's solved form when known without drawing it (the bank index keeps them); else its kind draws it. */
  solvedOf?: (question: Question) => Solved | undefined
}

/** Everything the renderers need, in the order they show it. */
export function buildCheatsheet(input: CheatsheetInput): Cheatsheet {
  const groups = groupByTopic(input.questions, input.topics).map(({ topic, questions }) => ({
    topic,
    entries: questions.map((question) => {
      const code = input.detail ? shortCode(question.explanation) : undefined
      const solved = input.solvedOf?.(question) ?? kindOf(question).solved?.(question)
      return { question, ...(code ? { code } : {}), ...(solved ? { solved } : {}) }
    }),
  }))
  const n = input.questions.length
  const count = `${n} ${input.weak ? 'most-missed ' : ''}question${n === 1 ? '' : 's'} in ${groups.length} topic${groups.length === 1 ? '' : 's'}`
  const facts = [count]
  if (input.targets) facts.push(input.targets)
  const filtered = input.filter && describeFilter(input.filter)
  if (filtered) facts.push(filtered)
  else if (input.date) facts.push('all topics and levels')
  if (input.date) facts.push(input.date)
  return { title: input.title, facts, groups, detail: input.detail }
}

// ---------------------------------------------------------------- inline text

/** Bank text made safe and single-line: control characters shown escaped, whitespace collapsed. */
export const cleanText = (text: string): string => {
  // Most bank text is clean already: one scan finds whatever the lines below would change.
  if (!UNCLEAN.test(text)) return text
  const clean = hasControlChars(text) ? stripControl(text) : text
  return needsCollapse(clean) ? clean.replace(/\s+/g, ' ').trim() : clean
}

/** A control character, whitespace other than " ", two spaces, or a space at either end. */
// eslint-disable-next-line no-control-regex
const UNCLEAN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[^ \S]| {2}|^ | $/

/** Whether `text` has whitespace to collapse or trim: two spaces, a space at either end, or whitespace other than " ". */
const needsCollapse = (text: string): boolean => text.includes('  ') || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 || OTHER_SPACE.test(text)
const OTHER_SPACE = /[^ \S]/

const inline = (text: string): Inline[] => splitCodeSpans(cleanText(text))

// Code names written without backticks in summaries and key points: dunders and
// snake_case, dotted paths (settings.DEBUG, manage.py), calls (save()), and
// Django-style class names (LocMemCache, QuerySet). Tested token by token, so linear.
const CALL = /^[A-Za-z_][\w.]*(?:\(\)[\w.]*)*\(\)$/
const SNAKE = /^_*[A-Za-z][A-Za-z0-9]*(?:_+[A-Za-z0-9]+)+_*$|^__[a-z]+__$/
const DOTTED = /^[A-Za-z_]\w+(?:\.[A-Za-z_]\w*)+$/
const CLASS = /^(?:[A-Z][a-z0-9]+){2,}$|^[A-Z][a-z]+[A-Z]{2,}[a-z]+\w*$/
/** Product names written like class names: prose, not code. */
const PROSE_CLASS = new Set([
  'JavaScript',
  'TypeScript',
  'PostgreSQL',
  'MySQL',
  'GitHub',
  'GitLab',
  'DjangoCon',
  'YouTube',
  'WebSocket',
  'WebSockets',
  'OAuth',
  'GraphQL',
  'MariaDB',
  'MongoDB',
  'SQLite',
  'CloudFlare',
  'PyPI',
  'PyCon',
  'LiveServer',
])
/** Each pattern runs only on a word that has what it needs (`()` at the end, `_`, `.`, a capital first), so most run on few words. */
const isCodeName = (word: string): boolean => {
  if (word.length < 3 || word.includes('://')) return false
  if (word.endsWith('()') && CALL.test(word)) return true
  if (word.includes('_') && SNAKE.test(word)) return true
  if (word.includes('.') && DOTTED.test(word)) return true
  const c = word.charCodeAt(0)
  return c >= 65 && c <= 90 && CLASS.test(word) && !PROSE_CLASS.has(word)
}

/**
 * What a word must hold for one of the patterns above to match it: `_`, `()`, a dot
 * before a letter, or a capital after a lowercase letter or digit. Found by one native
 * scan, so the words around (most of prose, and acronyms like SQL) are never looked at.
 */
const NAME_HINT = /_|\(\)|\.[A-Za-z_]|[a-z0-9][A-Z]/g

/**
 * Finds the code names of `text`: their [start, end) offsets, pairs in order, go in
 * `found` (emptied first). Words are runs of characters other than " "; a word's
 * leading ( " ' and trailing punctuation stay prose (a trailing "()" stays with the name).
 */
function findCodeNames(text: string, found: number[]): void {
  found.length = 0
  NAME_HINT.lastIndex = 0
  while (NAME_HINT.test(text)) {
    const hint = NAME_HINT.lastIndex - 1
    let a = text.lastIndexOf(' ', hint) + 1
    let end = text.indexOf(' ', hint)
    if (end === -1) end = text.length
    let b = end
    for (let c = text.charCodeAt(a); a < b && (c === 40 || c === 34 || c === 39); c = text.charCodeAt(++a));
    for (let c = text.charCodeAt(b - 1); b > a && isClosing(c) && !(c === 41 && text.charCodeAt(b - 2) === 40); c = text.charCodeAt(--b - 1));
    if (isCodeName(text.slice(a, b))) found.push(a, b)
    if (end >= text.length) break
    NAME_HINT.lastIndex = end
  }
}

/** . , ; : ! ? ) " ' */
const isClosing = (c: number): boolean => c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 41 || c === 34 || c === 39

/** Scratch space of findCodeNames: its callers read it before they call again. */
const FOUND: number[] = []

/** Splits plain text so that code names become code spans (prose between them is one segment). */
export function markCodeNames(text: string): Inline[] {
  findCodeNames(text, FOUND)
  const out: Inline[] = []
  let prose = 0
  for (let i = 0; i < FOUND.length; i += 2) {
    const a = FOUND[i]!
    const b = FOUND[i + 1]!
    if (a > prose) out.push({ text: text.slice(prose, a), code: false })
    out.push({ text: text.slice(a, b), code: true })
    prose = b
  }
  if (prose < text.length) out.push({ text: prose === 0 ? text : text.slice(prose), code: false })
  return out
}

/** Code spans of `spans` as they are, and code names found in their prose. */
function withNames(spans: Inline[]): Inline[] {
  if (spans.length === 1 && !spans[0]!.code) return markCodeNames(spans[0]!.text)
  const out: Inline[] = []
  for (const s of spans) {
    if (s.code) out.push(s)
    else for (const name of markCodeNames(s.text)) out.push(name)
  }
  return out
}

/** Summaries and key points: code spans as written, plus code names found in the prose. */
const inlineWithNames = (text: string): Inline[] => withNames(inline(text))

/** Visible text of bank text: code spans unwrapped. */
export const plainText = (text: string): string =>
  inline(text)
    .map((s) => s.text)
    .join('')

/** A link as it is typed: the whole address without its scheme (printed links are never shortened). */
export const bareUrl = (url: string): string => url.replace(/^https?:\/\//i, '')

/** A link text of at most `max` characters: "docs.djangoproject.com/…/ref/settings/#debug". */
export function shortUrl(url: string, max = 60): string {
  const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '')
  if (bare.length <= max) return bare
  const slash = bare.indexOf('/')
  const host = slash === -1 ? bare : bare.slice(0, slash)
  const [path = '', fragment] = bare.slice(host.length).split(/(?=#)/, 2)
  let tail = fragment ?? ''
  const room = max - host.length - 2
  if (tail.length > room / 2) tail = `${tail.slice(0, Math.max(8, Math.floor(room / 2)))}…`
  const segments = path.split('/')
  let kept = ''
  for (let i = segments.length - 1; i >= 0; i--) {
    const next = i === segments.length - 1 ? segments[i]! : `${segments[i]}/${kept}`
    if (host.length + 2 + next.length + tail.length > max) break
    kept = next
  }
  if (kept === '' || kept === '/') return `${bare.slice(0, max - 1)}…`
  return `${host}/…${kept.startsWith('/') ? '' : '/'}${kept}${tail}`
}

const isWebUrl = (url: string): boolean => {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== ''
  } catch {
    return false
  }
}

/** `f` answering each distinct argument once: a bank links the same pages from many questions. */
function memo(f: (text: string) => boolean): (text: string) => boolean {
  const known = new Map<string, boolean>()
  return (text) => {
    let answer = known.get(text)
    if (answer === undefined) known.set(text, (answer = f(text)))
    return answer
  }
}

// ---------------------------------------------------------------- terminal

export interface TerminalView {
  width: number
  style: Style
}

const difficultyStyle = (difficulty: string, style: Style): string =>
  difficulty === 'advanced' ? style.red(difficulty) : difficulty === 'intermediate' ? style.yellow(difficulty) : style.green(difficulty)

/** The cheat sheet for a terminal `width` columns wide (at most 100, for reading). */
export function renderCheatsheetTerminal(sheet: Cheatsheet, { width: columns, style }: TerminalView): string {
  const width = Number.isFinite(columns) ? Math.max(30, Math.min(columns, 100)) : 100
  const paint = (segments: Inline[], plain: (t: string) => string, code: (t: string) => string) => segments.map((s) => (s.code ? code(s.text) : plain(s.text))).join('')
  const id = (t: string) => t
  const out: string[] = []
  out.push(...wrap(style.bold(`${cleanText(sheet.title)}: cheat sheet`), width))
  out.push(...wrap(style.dim(sheet.facts.map(cleanText).join(' · ')), width))
  for (const { topic, entries } of sheet.groups) {
    if (out[out.length - 1] !== '') out.push('')
    const heading = `${cleanText(topic.title)} (${entries.length})`
    out.push(...wrap(style.bold.cyan(heading), width))
    out.push(style.dim('─'.repeat(Math.min(width, Math.max(heading.length, 40)))))
    for (const { question: q, code, solved } of entries) {
      const level = cleanText(q.difficulty)
      const title = `${paint(
        inline(q.title),
        (t) => style.bold(t),
        (t) => style.bold.cyan(t),
      )} ${style.dim('·')} ${difficultyStyle(level, style)}`
      out.push(...wrapWithPrefix(title, width, '', '  '))
      out.push(
        ...wrapWithPrefix(
          paint(inlineWithNames(q.summary), id, (t) => style.cyan(t)),
          width,
          '  ',
        ),
      )
      if (solved) {
        const lines = solvedTerminal(solved, style, (text, indent) =>
          wrap(
            paint(inline(text), id, (t) => style.cyan(t)),
            width - indent,
          ).map((l) => `${' '.repeat(indent)}${l}`),
        )
        out.push(...fitLines(lines.join('\n'), width).split('\n'))
      }
      if (sheet.detail) {
        for (const point of q.keyPoints)
          out.push(
            ...wrapWithPrefix(
              paint(inlineWithNames(point), id, (t) => style.cyan(t)),
              width,
              `  ${style.dim('•')} `,
              '    ',
            ),
          )
        if (code) {
          const body = highlight(stripControl(code.code), code.language, style)
          for (const l of body.split('\n')) out.push(...wrapCodeLine(l, width - 6, style.dim('↪')).map((p) => `    ${style.dim('│')} ${p}`.trimEnd()))
        }
        // A link is printed whole, so it can be typed from paper or clicked in the terminal.
        for (const ref of q.references) out.push(...wrapWithPrefix(style.dim.underline(cleanText(ref)), width, `  ${style.dim('↗')} `))
      }
      out.push('')
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop()
  return `${out.join('\n')}\n`
}

// ---------------------------------------------------------------- markdown

/**
 * Escapes plain text so that markdown shows it literally and never as HTML;
 * `lineStart` when it opens a block. Characters that cannot take effect where
 * they stand (`_` inside a word, a lone `~`, `|` outside a table) stay as they are.
 */
export function escapeMarkdown(text: string, lineStart = true): string {
  // Most prose holds none of these: one scan, and none of the passes below.
  const out = MARKDOWN_SPECIAL.test(text) ? escapeInline(text) : text
  if (!lineStart) return out
  const c = out.charCodeAt(0)
  // > = + - or a digit: what may open a quote, a heading underline, a list or a numbered list.
  if (c === 62 || c === 61 || c === 43 || c === 45) return `\\${out}`
  return c >= 48 && c <= 57 ? out.replace(/^(\d+)([.)])/, '$1\\$2') : out
}

const MARKDOWN_SPECIAL = /[\\`*[\]<~&#_]/
const ALNUM = /[^\W_]/
const isAlnum = (c: string | undefined) => c !== undefined && ALNUM.test(c)

function escapeInline(text: string): string {
  // A lone ~ (one run) stays: it strikes nothing through.
  const tilde = text.indexOf('~')
  let tildes = false
  if (tilde !== -1) {
    let end = tilde + 1
    while (text.charCodeAt(end) === 126) end++
    tildes = text.indexOf('~', end) !== -1
  }
  return text
    .replace(tildes ? MARKUP_TILDES : MARKUP, '\\$&')
    .replace(ENTITY, '\\&')
    .replace(HASH, '$1\\#')
    .replace(UNDERSCORES, (run, at: number, all: string) => (isAlnum(all[at - 1]) && isAlnum(all[at + run.length]) ? run : run.replace(UNDERSCORE, '\\_')))
}

// Compiled once: a literal inside a function is a new RegExp object at each call.
const MARKUP = /[\\`*[\]<]/g
const MARKUP_TILDES = /[\\`*[\]<~]/g
const ENTITY = /&(?=#?[a-z0-9]+;)/gi
const HASH = /(^|\s)#/g
const UNDERSCORES = /_+/g
const UNDERSCORE = /_/g

/** A code span that holds any text: the fence is longer than any backtick run inside. */
export function markdownCodeSpan(code: string): string {
  if (!code.includes('`')) {
    const pad = code.charCodeAt(0) === 32 && code.charCodeAt(code.length - 1) === 32 && code.trim() !== '' ? ' ' : ''
    return `\`${pad}${code}${pad}\``
  }
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') ? ' ' : ''
  return `${fence}${pad}${code}${pad}${fence}`
}

/** How a format writes bank text: prose (`first` when it opens the text) and code. */
interface Writer {
  prose: (text: string, first: boolean) => string
  code: (text: string) => string
}

function writeSegments(segments: readonly Inline[], w: Writer): string {
  let out = ''
  for (let n = 0; n < segments.length; n++) {
    const s = segments[n]!
    out += s.code ? w.code(s.text) : w.prose(s.text, n === 0)
  }
  return out
}

/** Bank text in a format: its code spans kept. */
function writeInline(text: string, w: Writer): string {
  const clean = cleanText(text)
  return clean.includes('`') ? writeSegments(splitCodeSpans(clean), w) : w.prose(clean, true)
}

/** Summaries and key points in a format: code spans kept, code names in the prose made code. */
function writeProse(text: string, w: Writer): string {
  const clean = cleanText(text)
  if (clean.includes('`')) return writeSegments(withNames(splitCodeSpans(clean)), w)
  // The common case, written straight from the offsets: no segment objects.
  findCodeNames(clean, FOUND)
  if (FOUND.length === 0) return w.prose(clean, true)
  let out = ''
  let prose = 0
  for (let i = 0; i < FOUND.length; i += 2) {
    const a = FOUND[i]!
    if (a > prose) out += w.prose(clean.slice(prose, a), prose === 0)
    prose = FOUND[i + 1]!
    out += w.code(clean.slice(a, prose))
  }
  return prose < clean.length ? out + w.prose(clean.slice(prose), false) : out
}

const MARKDOWN: Writer = { prose: escapeMarkdown, code: markdownCodeSpan }
const markdownInline = (text: string): string => writeInline(text, MARKDOWN)
const markdownProse = (text: string): string => writeProse(text, MARKDOWN)

/** GitHub's heading anchor for `text` (github-slugger), counting repeats in `seen`. */
export function githubSlug(text: string, seen: Map<string, number>): string {
  // ASCII punctuation goes; letters beyond ASCII stay (github-slugger also drops Unicode punctuation and emoji).
  const base = text
    .toLowerCase()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f!-,./:-@[-^`{-\u00bf\u2000-\u206f]/g, '')
    .replace(/ /g, '-')
  const count = seen.get(base)
  seen.set(base, (count ?? 0) + 1)
  return count === undefined ? base : `${base}-${count}`
}

/** Clean markdown: renders on GitHub and in any viewer, readable as plain text too. */
export function renderCheatsheetMarkdown(sheet: Cheatsheet): string {
  // NOTE: only the title and topic headings get slugs. Question headings all end in
  // " · <difficulty>", so their slugs ("...--beginner") never shift a topic's anchor.
  const seen = new Map<string, number>()
  const titleText = `${cleanText(sheet.title)}: cheat sheet`
  githubSlug(titleText, seen)
  const groups = sheet.groups
  const slugs = groups.map((g) => githubSlug(plainText(g.topic.title), seen))
  const headings = groups.map((g) => markdownInline(g.topic.title))
  // Three levels in a bank: each is cleaned and escaped once.
  const levels = new Map<string, string>()
  const level = (difficulty: string): string => {
    let shown = levels.get(difficulty)
    if (shown === undefined) levels.set(difficulty, (shown = escapeMarkdown(cleanText(difficulty))))
    return shown
  }
  const webUrl = memo(isWebUrl)
  const out: string[] = [`# ${markdownInline(titleText)}`, '', sheet.facts.map((f) => escapeMarkdown(cleanText(f))).join(' · ')]
  if (groups.length > 1) {
    out.push('', `**Topics:** ${groups.map((g, n) => `[${headings[n]}](#${slugs[n]}) (${g.entries.length})`).join(' · ')}`)
  }
  // Index loops: for...of makes an iterator result per entry before the code is optimised.
  for (let n = 0; n < groups.length; n++) {
    out.push('', `## ${headings[n]}`)
    const entries = groups[n]!.entries
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      const q = entry.question
      out.push('', `### ${markdownInline(q.title)} · *${level(q.difficulty)}*`, '', markdownProse(q.summary))
      if (entry.solved) out.push('', ...solvedMarkdown(entry.solved, markdownInline))
      if (!sheet.detail) continue
      if (q.keyPoints.length) out.push('', ...q.keyPoints.map((k) => `- ${markdownProse(k)}`))
      if (entry.code) {
        const code = stripControl(entry.code.code)
        const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length))
        const fence = '`'.repeat(Math.max(3, longest + 1))
        out.push('', `${fence}${entry.code.language.replace(/[^\w+#-]/g, '')}`, code, fence)
      }
      const refs = q.references.map(cleanText).filter(webUrl)
      if (refs.length) out.push('', `Docs: ${refs.map((r) => `[${escapeMarkdown(bareUrl(r))}](${encodeMarkdownUrl(r)})`).join(' · ')}`)
    }
  }
  // The final newline as a last line: the text comes out of join flat, not as a pair to flatten again.
  out.push('')
  return out.join('\n')
}

const encodeMarkdownUrl = (url: string): string => url.replace(/[\s()<>\\`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

// ---------------------------------------------------------------- HTML

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML element content and quoted attributes. */
export const escapeHtml = (text: string): string => (HTML_SPECIAL.test(text) ? text.replace(HTML_CHARS, (c) => HTML_ESCAPES[c]!) : text)
const HTML_SPECIAL = /[&<>"']/
const HTML_CHARS = /[&<>"']/g

const HTML: Writer = { prose: (text) => escapeHtml(text), code: (text) => `<code>${escapeHtml(text)}</code>` }
const htmlInline = (text: string): string => writeInline(text, HTML)
const htmlProse = (text: string): string => writeProse(text, HTML)

/** Adds <wbr> after each match of `pattern` in escaped HTML (never inside an entity). */
const breakAfter = (html: string, pattern: RegExp): string => html.replace(/(&[#\w]+;)|([^&]+)/g, (m, entity: string | undefined) => (entity ? m : m.replace(pattern, '$1<wbr>')))

/** Text as a CSS string: anything but plain letters, digits and light punctuation is escaped. */
const cssString = (text: string): string => `"${[...text].map((c) => (/[\w .,:;()+\u00b7-]/.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join('')}"`

const slugId = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

// Screen: one readable column, also on a phone. Paper (A4 or Letter, whatever
// the printer has): two columns, small type, and no entry split across a column or page.
const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--rule:#d1d9e0;--code:#f3f5f7;--accent:#0c4b33;--beginner:#1a7f37;--intermediate:#9a6700;--advanced:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--rule:#3d444d;--code:#161b22;--accent:#5fcf98;--beginner:#3fb950;--intermediate:#d29922;--advanced:#f85149}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:50rem;padding:1.25rem 1rem 3rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
h1{font-size:1.55rem;line-height:1.2;margin:0 0 .3rem;color:var(--accent)}
.facts{margin:0;color:var(--muted);font-size:.9rem}
.toc{display:flex;flex-wrap:wrap;gap:.15rem 1.1rem;margin:.8rem 0 0;padding:0;list-style:none;font-size:.9rem;line-height:1.7;color:var(--muted)}
.toc a{color:var(--accent)}
h2{font-size:1.15rem;line-height:1.25;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--accent);color:var(--accent)}
h2 .n{font-weight:400;color:var(--muted);font-size:.85em}
.entry{margin:0 0 .9rem;break-inside:avoid;page-break-inside:avoid}
.lead{break-inside:avoid;page-break-inside:avoid}
h3{font-size:1rem;line-height:1.35;margin:0}
.level{display:inline-block;margin-left:.4em;padding:0 .35em;border:1px solid currentColor;border-radius:.3em;font-size:.68rem;font-weight:600;letter-spacing:.03em;text-transform:uppercase;vertical-align:.12em;line-height:1.4;white-space:nowrap}
.level-beginner{color:var(--beginner)}.level-intermediate{color:var(--intermediate)}.level-advanced{color:var(--advanced)}
.summary{margin:.15rem 0 0}
.points{margin:.3rem 0 0;padding-left:1.2rem}
.points li{margin:.05rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;font-size:.88em;background:var(--code);padding:.05em .3em;border-radius:3px}
pre{margin:.4rem 0 0;padding:.5rem .65rem;background:var(--code);border-radius:4px;overflow-x:auto;font-size:.82rem;line-height:1.4}
pre code{padding:0;background:none;font-size:inherit}
.ln{display:block;padding-left:calc(var(--i,0)*1ch + 2ch);text-indent:calc(var(--i,0)*-1ch - 2ch)}
.blank{height:1.4em}
.solved{margin:.3rem 0 0}
ol.solved{padding-left:1.6rem}
.ln.bug{background:color-mix(in srgb,var(--advanced) 18%,transparent);text-decoration:line-through}
.ln.fix{background:color-mix(in srgb,var(--beginner) 18%,transparent)}
.refs{margin:.3rem 0 0;font-size:.8rem;color:var(--muted)}
.refs a{color:inherit;overflow-wrap:anywhere}
footer{margin-top:2rem;color:var(--muted);font-size:.8rem}
@media (max-width:30rem){body{padding:.8rem .8rem 2rem}h1{font-size:1.3rem}}
@page{margin:12mm 11mm 13mm;@bottom-right{content:"Page " counter(page) " of " counter(pages);font:7pt system-ui,sans-serif;color:#444}}
@media print{
:root{color-scheme:light;--fg:#000;--bg:#fff;--muted:#444;--code:#f1f1f1;--accent:#0c4b33;--beginner:#1a7f37;--intermediate:#8a5a00;--advanced:#b3261e}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{max-width:none;padding:0;font-size:8.6pt;line-height:1.3}
header{margin-bottom:3mm}
h1{font-size:14pt}
.facts{font-size:8pt}
.toc,footer{display:none}
main{column-count:2;column-gap:7mm;column-rule:.4pt solid #ccc}
h2{font-size:10.5pt;margin:0 0 1.6mm;padding-top:2mm;border-bottom-width:1pt;break-after:avoid}
.entry{margin:0 0 2.2mm}
h3{font-size:8.8pt}
.level{font-size:6pt}
.points{margin-top:.6mm;padding-left:4mm}
pre{margin-top:.8mm;padding:1mm 1.6mm;font-size:7.2pt;line-height:1.25;white-space:pre-wrap;overflow-wrap:normal;word-break:normal;overflow:visible}
.blank{height:1.25em}
code{font-size:.9em}
.refs{font-size:6.4pt;margin-top:.6mm}
a{color:inherit;text-decoration:none}
}
`.trim()

/** One self-contained page: inline styles, no script, no request; prints in two columns. */
export function renderCheatsheetHtml(sheet: Cheatsheet): string {
  const title = `${cleanText(sheet.title)}: cheat sheet`
  const ids = sheet.groups.map((g, n) => `topic-${slugId(g.topic.id) || n + 1}`)
  const webUrl = memo(isWebUrl)
  const entry = ({ question: q, code, solved }: CheatsheetEntry): string => {
    const level = cleanText(q.difficulty)
    const levelClass = (DIFFICULTIES as readonly string[]).includes(level) ? ` level-${level}` : ''
    const parts = [`<h3>${htmlInline(q.title)} <span class="level${levelClass}">${escapeHtml(level)}</span></h3>`, `<p class="summary">${htmlProse(q.summary)}</p>`]
    if (solved) parts.push(solvedHtml(solved, escapeHtml, htmlInline))
    if (sheet.detail) {
      if (q.keyPoints.length) parts.push(`<ul class="points">${q.keyPoints.map((k) => `<li>${htmlProse(k)}</li>`).join('')}</ul>`)
      if (code) {
        const language = code.language.replace(/[^\w+#-]/g, '')
        // One block per line: on paper a wrapped line hangs under its start instead of looking like a new line.
        const lines = stripControl(code.code)
          .split('\n')
          .map((l) => {
            if (l.trim() === '') return '<span class="ln blank"></span>'
            const indent = l.length - l.trimStart().length
            // Break points only between tokens (after . , ( = and before spaces), never inside an identifier.
            return `<span class="ln"${indent ? ` style="--i:${indent}"` : ''}>${breakAfter(escapeHtml(l), /([.,(=[{]|:(?!\/\/))(?=\S)/g)}</span>`
          })
        parts.push(`<pre><code${language ? ` class="language-${escapeHtml(language)}"` : ''}>${lines.join('')}</code></pre>`)
      }
      const refs = q.references.map(cleanText).filter(webUrl)
      // Whole addresses, with break points after / # . - so that a long one wraps between its parts.
      if (refs.length)
        parts.push(`<p class="refs">Docs: ${refs.map((r) => `<a href="${escapeHtml(r)}">${breakAfter(escapeHtml(bareUrl(r)), /([/#?=-])(?!$)/g)}</a>`).join(' · ')}</p>`)
    }
    return `<article class="entry">\n${parts.join('\n')}\n</article>`
  }
  const sections = sheet.groups.map((g, n) => {
    // The heading travels with the first entry, so a topic never starts at the foot of a column.
    const [first, ...rest] = g.entries
    const h2 = `<h2>${htmlInline(g.topic.title)} <span class="n">(${g.entries.length})</span></h2>`
    const lead = `<div class="lead">\n${h2}\n${first ? entry(first) : ''}\n</div>`
    return `<section id="${ids[n]}">\n${[lead, ...rest.map(entry)].join('\n')}\n</section>`
  })
  const toc =
    sheet.groups.length > 1
      ? `\n<ul class="toc">${sheet.groups.map((g, n) => `<li><a href="#${ids[n]}">${htmlInline(g.topic.title)}</a> (${g.entries.length})</li>`).join('')}</ul>`
      : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>
${CSS}
@page{@bottom-left{content:${cssString([title, ...sheet.facts.slice(1)].map(cleanText).join(' · '))};font:7pt system-ui,sans-serif;color:#444}}
</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="facts">${sheet.facts.map((f) => escapeHtml(cleanText(f))).join(' · ')}</p>${toc}
</header>
<main>
${sections.join('\n')}
</main>
<footer>Made with django-drill.</footer>
</body>
</html>
`
}

/** The cheat sheet in one of the three formats. */
export function renderCheatsheet(sheet: Cheatsheet, format: CheatsheetFormat, view: TerminalView): string {
  switch (format) {
    case 'terminal':
      return renderCheatsheetTerminal(sheet, view)
    case 'md':
      return renderCheatsheetMarkdown(sheet)
    case 'html':
      return renderCheatsheetHtml(sheet)
  }
}
