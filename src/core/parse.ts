// Pure parsing of bank files: text in, typed data and problems out.
// Nothing here touches the disk, and nothing in a file is ever evaluated.
import matter from 'gray-matter'
import { Fields, type FrontMatter, type Reporter } from './fields.ts'
import { isQuestionType, kindOf, KIND_FIELDS, QUESTION_TYPES } from './kinds/index.ts'
import { readPlainYaml } from './yaml-lite.ts'
import { escapeTerminal, hasControlChars, hasInvisibleChars, stripControl } from './sanitize.ts'
import { DIFFICULTIES, type BankManifest, type Difficulty, type Problem, type Question, type Topic, type Track } from './types.ts'

export { normalise } from './kinds/short.ts'

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/
export const MAX_ID_LENGTH = 64
export const MAX_SUMMARY_LENGTH = 200
export const MAX_FILE_BYTES = 256 * 1024

const COMMON_FIELDS = ['id', 'title', 'topic', 'difficulty', 'type', 'tags', 'summary', 'key_points', 'references', 'covers', 'django', 'related', 'follow_ups']
const KNOWN_FIELDS = new Set([...COMMON_FIELDS, ...KIND_FIELDS])

const FENCE = /^---([^\n]*)\n/

/**
 * js-yaml's `safeLoad` (no `!!js/function`, nothing evaluated), which is
 * gray-matter's YAML engine. Only this engine is ever called: gray-matter's
 * others (among them an eval-based `javascript`) are never reached, and a
 * fence naming another language is refused before any parsing. It is called
 * directly rather than through `matter()`, which copies every file into a
 * Buffer, looks it up in a cache keyed by its whole text and caches results
 * for ever when given no options: that cost more than the YAML itself on a
 * large bank.
 */
const parseYaml = (text: string): unknown => (matter as unknown as { engines: { yaml: { parse(text: string): unknown } } }).engines.yaml.parse(text)

/** A line of YAML that is not blank and not a comment: the front matter is not empty. */
const CONTENT_LINE = /^[ \t]*[^\s#]/m

/**
 * Splits a file into YAML data and body; reports and returns undefined when it
 * cannot. The fences are found as gray-matter finds them (the YAML ends at
 * the first line starting with "---"). Line numbers are worked out only when
 * something asks for one, that is when a problem is reported.
 */
function readFrontMatter(source: string, report: Reporter): FrontMatter | undefined {
  const fence = FENCE.exec(source)
  if (!fence) {
    report('front matter', 'the file must start with a "---" line opening YAML front matter', 'error', 1)
    return undefined
  }
  const language = (fence[1] ?? '').trim()
  if (language !== '' && language.toLowerCase() !== 'yaml') {
    report('front matter', `front matter must be YAML; "---${stripControl(language)}" is refused and never evaluated`, 'error', 1)
    return undefined
  }
  // The YAML starts with the newline that ends the opening fence, as gray-matter's `matter` does.
  const start = fence[0].length - 1
  const close = source.indexOf('\n---', start)
  if (close === -1) {
    report('front matter', 'the front matter is never closed with a "---" line', 'error', 1)
    return undefined
  }
  const yaml = source.slice(start, close)
  let data: unknown
  try {
    // Only comments and blank lines: an empty mapping, as gray-matter has it.
    const empty = !CONTENT_LINE.test(yaml) && yaml.replace(/^\s*#[^\n]+/gm, '').trim() === ''
    data = empty ? {} : (readPlainYaml(yaml) ?? parseYaml(yaml))
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark
    const line = typeof mark?.line === 'number' ? mark.line + 2 : undefined
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0]
    report('front matter', `invalid YAML: ${stripControl(reason ?? 'parse error')}`, 'error', line)
    return undefined
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    report('front matter', 'the front matter must be a YAML mapping of fields', 'error', 2)
    return undefined
  }
  // The body is what follows the closing "---" (and the rest of its line's newline).
  let bodyStart = close + 4
  if (source[bodyStart] === '\n') bodyStart++
  let lines: Map<string, number> | undefined
  let bodyLine: number | undefined
  return {
    data: data as Record<string, unknown>,
    body: source.slice(bodyStart),
    // One scan of the whole file instead of one per field: only a YAML escape (\\x1b, \\u202e) can add such a character.
    plain: escapeTerminal(source) === source && !yaml.includes('\\'),
    get lines() {
      return (lines ??= keyLines(yaml))
    },
    get bodyLine() {
      return (bodyLine ??= countLines(source, bodyStart) + 1)
    },
  }
}

/** Line (1-based, in the file) of each top-level key of front matter `yaml`, which starts with the newline after the opening fence. */
function keyLines(yaml: string): Map<string, number> {
  const lines = new Map<string, number>()
  yaml.split('\n').forEach((text, index) => {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(text)?.[1]
    if (key && !lines.has(key)) lines.set(key, index + 1)
  })
  return lines
}

/** Line (1-based) of top-level front-matter field `field` in a question file's text, when it has one. */
export function fieldLine(source: string, field: string): number | undefined {
  const text = normaliseLines(source)
  const fence = FENCE.exec(text)
  if (!fence) return undefined
  const close = text.indexOf('\n---', fence[0].length - 1)
  return keyLines(text.slice(fence[0].length - 1, close === -1 ? text.length : close)).get(field)
}

/** Splits the body into the question and the model answer at `## Answer`; `promptStart` is where the trimmed question starts in `body`. */
function splitBody(body: string): { prompt: string; explanation: string; promptStart: number } | undefined {
  const match = /^##[ \t]+Answer[ \t]*$/im.exec(body)
  if (!match) return undefined
  const before = body.slice(0, match.index)
  return {
    prompt: before.trim(),
    explanation: body.slice(match.index + match[0].length).trim(),
    promptStart: before.length - before.trimStart().length,
  }
}

export interface ParseContext {
  bank: string
  /** Topic ids listed in bank.yml; undefined when the manifest is unusable. */
  topics?: ReadonlySet<string>
}

export interface ParseResult {
  question?: Question
  problems: Problem[]
}

/** Parses one question file. Never throws: every failure becomes a problem. */
export function parseQuestion(source: string, file: string, context: ParseContext): ParseResult {
  const problems: Problem[] = []
  const report: Reporter = (field, reason, severity = 'error', line) => {
    problems.push(line === undefined ? { file, field, reason, severity } : { file, line, field, reason, severity })
  }
  const text = normaliseLines(source)
  const fm = readFrontMatter(text, report)
  if (!fm) return { problems }
  const f = new Fields(fm, report)

  for (const key of Object.keys(fm.data)) {
    if (!KNOWN_FIELDS.has(key)) f.warn(stripControl(key), 'is not a known field and is ignored')
  }

  const id = f.string('id', true)
  if (id !== undefined) {
    if (id.length > MAX_ID_LENGTH) f.error('id', `must be at most ${MAX_ID_LENGTH} characters, has ${id.length}`)
    else if (!ID_PATTERN.test(id)) f.error('id', `"${id}" must be lowercase letters, digits and single hyphens, like "orm-n-plus-one"`)
  }
  const title = f.string('title', true)
  const topic = f.string('topic', true)
  if (topic !== undefined && context.topics && !context.topics.has(topic)) {
    f.error('topic', `"${topic}" is not listed in bank.yml (topics: ${[...context.topics].join(', ')})`)
  }
  const difficulty = f.string('difficulty', true)
  if (difficulty !== undefined && !DIFFICULTIES.includes(difficulty as Difficulty)) {
    f.error('difficulty', `"${difficulty}" must be one of ${DIFFICULTIES.join(', ')}`)
  }
  const typeName = f.string('type', false) ?? 'open'
  const kind = isQuestionType(typeName) ? kindOf({ type: typeName }) : undefined
  if (!kind) f.error('type', `"${typeName}" must be one of ${QUESTION_TYPES.join(', ')}`)
  const summary = f.string('summary', true)
  if (summary !== undefined && summary.length > MAX_SUMMARY_LENGTH) {
    f.error('summary', `must be at most ${MAX_SUMMARY_LENGTH} characters, has ${summary.length}`)
  }
  const tags = f.strings('tags', false) ?? []
  const covers = f.strings('covers', false) ?? []
  const related = f.strings('related', false) ?? []
  const django = f.string('django', false)

  const references = f.strings('references', true)
  if (references) {
    if (references.length === 0) f.error('references', 'must list at least one documentation link')
    for (const ref of references) {
      if (!isHttpsUrl(ref)) f.error('references', `"${ref}" must be an https:// link`)
    }
  }

  const keyPoints = f.strings('key_points', kind?.type === 'open')
  const followUps = f.strings('follow_ups', false)
  const sections = splitBody(fm.body)
  if (!sections) {
    report('body', 'must contain a "## Answer" heading followed by the model answer', 'error')
  } else if (sections.explanation === '') {
    report('body', 'the "## Answer" section is empty', 'error')
  }
  const bodyClean = (s: string) => (!fm.plain && hasControlChars(s) ? stripControl(s) : s)
  if (!fm.plain) {
    if (hasControlChars(fm.body)) report('body', 'contains control characters; they are shown escaped', 'warning')
    if (hasInvisibleChars(fm.body)) report('body', 'contains invisible or bidi-control characters (zero-width, direction overrides, tags); they are shown escaped', 'warning')
  }

  // The kind's own fields: read and checked by the kind; those of other kinds are ignored with a warning.
  let extra: object | undefined
  if (kind) {
    for (const field of KIND_FIELDS) {
      if (!kind.fields.includes(field) && f.has(field)) f.warn(field, kind.ignored?.(field) ?? `is ignored for ${kind.type} questions`)
    }
    const promptStart = sections?.promptStart ?? 0
    extra = kind.parse({
      f,
      prompt: sections ? bodyClean(sections.prompt) : undefined,
      lineAt: (offset) => (fm.bodyLine === undefined || !sections ? undefined : fm.bodyLine + countLines(fm.body, promptStart + offset)),
      body: (reason, line, severity = 'error') => report('body', reason, severity, line),
      keyPoints,
    })
  }

  if (!kind || !extra || problems.some((p) => p.severity === 'error')) return { problems }

  // The light fields first, then the long ones the cache reads lazily (see
  // src/io/cache.ts): a cached question then has its fields in this same order.
  const base = {
    bank: context.bank,
    id: id!,
    title: title!,
    topic: topic!,
    difficulty: difficulty as Difficulty,
    type: kind.type,
    tags,
    summary: summary!,
    related,
    ...(followUps === undefined || followUps.length === 0 ? {} : { followUps }),
    file,
    keyPoints: keyPoints ?? [],
    references: references!,
    covers,
    prompt: bodyClean(sections!.prompt),
    explanation: bodyClean(sections!.explanation),
    ...(django === undefined ? {} : { django }),
  }
  // NOTE: the kind's fields are added to `base` rather than spread into a new
  // object: V8 (Node 20) gives every `{ ...base, ...extra }` its own hidden
  // class, which made 10,000 questions cost ~8 MB more and slowed every read
  // of a field. The kind's parser returns exactly its type's fields (the
  // compiler checks each kind against its question type), all of them lazy.
  const question = Object.assign(base, extra) as unknown as Question
  return { question, problems }
}

/** Without a byte-order mark, and with every line ending a plain "\\n". */
const normaliseLines = (source: string): string => {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/** Number of line breaks in `text` before `end`. */
function countLines(text: string, end: number): number {
  let n = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++
  return n
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'https:' && url.hostname !== ''
  } catch {
    return false
  }
}

export interface ManifestResult {
  manifest?: BankManifest
  problems: Problem[]
}

/** Parses bank.yml. */
export function parseManifest(source: string, file: string): ManifestResult {
  const problems: Problem[] = []
  const report: Reporter = (field, reason, severity = 'error', line) => {
    problems.push(line === undefined ? { file, field, reason, severity } : { file, line, field, reason, severity })
  }
  const text = normaliseLines(source)
  // bank.yml is plain YAML; wrapping it in fences lets the same guarded parser read it.
  const fm = readFrontMatter(`---\n${text.replace(/\n*$/, '\n')}---\n`, (field, reason, severity, line) =>
    report(field === 'front matter' ? 'bank.yml' : field, reason.replace('the front matter', 'bank.yml'), severity, line === undefined ? undefined : line - 1),
  )
  if (!fm) return { problems }
  const lines = new Map([...fm.lines].map(([k, v]) => [k, v - 1] as const))
  const f = new Fields({ ...fm, lines }, report)
  const id = f.string('id', true)
  if (id !== undefined && (!ID_PATTERN.test(id) || id.length > MAX_ID_LENGTH)) {
    f.error('id', `"${id}" must be lowercase letters, digits and single hyphens`)
  }
  const title = f.string('title', true)
  const targets = f.string('targets', false)
  const topics: Topic[] = []
  const raw = fm.data['topics']
  if (!Array.isArray(raw) || raw.length === 0) {
    f.error('topics', 'must be a non-empty list of {id, title}')
  } else {
    const seen = new Set<string>()
    raw.forEach((item: unknown, index) => {
      const entry = item as Record<string, unknown> | null
      const tid = entry && typeof entry === 'object' ? entry['id'] : undefined
      const ttitle = entry && typeof entry === 'object' ? entry['title'] : undefined
      if (typeof tid !== 'string' || !ID_PATTERN.test(tid)) {
        f.error('topics', `item ${index + 1} needs an id of lowercase letters, digits and hyphens`)
      } else if (seen.has(tid)) {
        f.error('topics', `topic "${tid}" is listed twice`)
      } else {
        seen.add(tid)
        topics.push({ id: tid, title: typeof ttitle === 'string' && ttitle.trim() ? f.clean('topics', ttitle.trim()) : tid })
      }
    })
  }
  const tracks = readTracks(
    fm.data['tracks'],
    new Set(topics.map((t) => t.id)),
    (reason) => f.error('tracks', reason),
    (reason) => f.warn('tracks', reason),
  )
  if (problems.some((p) => p.severity === 'error')) return { problems }
  return {
    manifest: { id: id!, title: title!, topics, ...(targets === undefined ? {} : { targets }), ...(tracks && tracks.length ? { tracks } : {}) },
    problems,
  }
}

const TRACK_KEYS = new Set(['id', 'title', 'description', 'topics', 'tags', 'difficulty', 'ids'])

/** bank.yml's `tracks`: ids unique and well-formed, topics listed in the manifest, difficulties known. */
function readTracks(raw: unknown, topics: ReadonlySet<string>, error: (reason: string) => void, warn: (reason: string) => void): Track[] | undefined {
  if (raw === undefined || raw === null) return undefined
  if (!Array.isArray(raw)) {
    error('must be a list of tracks, each with an id, a title and selectors (topics, tags, difficulty, ids)')
    return undefined
  }
  const tracks: Track[] = []
  const seen = new Set<string>()
  raw.forEach((item: unknown, index) => {
    const where = `track ${index + 1}`
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return error(`${where} must be a mapping with an id and a title`)
    const entry = item as Record<string, unknown>
    const tid = entry['id']
    if (typeof tid !== 'string' || !ID_PATTERN.test(tid) || tid.length > MAX_ID_LENGTH) return error(`${where} needs an id of lowercase letters, digits and hyphens`)
    const name = `track "${tid}"`
    if (seen.has(tid)) return error(`${name} is listed twice`)
    seen.add(tid)
    for (const key of Object.keys(entry))
      if (!TRACK_KEYS.has(key)) warn(`${name}: "${stripControl(key)}" is not a track field (id, title, description, topics, tags, difficulty, ids) and is ignored`)
    const text = (key: string, required: boolean): string | undefined => {
      const value = entry[key]
      if (value === undefined || value === null) {
        if (required) error(`${name} needs a ${key}`)
        return undefined
      }
      if (typeof value !== 'string' || value.trim() === '') {
        error(`${name}: ${key} must be text`)
        return undefined
      }
      return stripControl(value.trim())
    }
    const list = (key: string): string[] | undefined => {
      const value = entry[key]
      if (value === undefined || value === null) return undefined
      const items = Array.isArray(value) ? value : [value]
      if (items.length === 0 || items.some((v) => typeof v !== 'string' || v.trim() === '')) {
        error(`${name}: ${key} must be a list of names`)
        return undefined
      }
      return (items as string[]).map((v) => v.trim())
    }
    const title = text('title', true)
    const description = text('description', false)
    const trackTopics = list('topics')
    for (const t of trackTopics ?? []) if (topics.size > 0 && !topics.has(t)) error(`${name}: topic "${t}" is not listed in topics (${[...topics].join(', ')})`)
    const tags = list('tags')?.map((t) => t.toLowerCase())
    const difficulty = list('difficulty')
    for (const d of difficulty ?? []) if (!DIFFICULTIES.includes(d as Difficulty)) error(`${name}: difficulty "${d}" must be one of ${DIFFICULTIES.join(', ')}`)
    const ids = list('ids')
    if (!trackTopics && !tags && !difficulty && !ids) error(`${name} selects nothing: give topics, tags, difficulty or ids`)
    tracks.push({
      id: tid,
      title: title ?? tid,
      ...(description ? { description } : {}),
      ...(trackTopics ? { topics: trackTopics } : {}),
      ...(tags ? { tags } : {}),
      ...(difficulty ? { difficulty: difficulty as Difficulty[] } : {}),
      ...(ids ? { ids } : {}),
    })
  })
  return tracks
}
