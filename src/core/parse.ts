// Pure parsing of bank files: text in, typed data and problems out.
// Nothing here touches the disk, and nothing in a file is ever evaluated.
import matter from 'gray-matter'
import { hasControlChars, stripControl } from './sanitize.ts'
import {
  DIFFICULTIES,
  QUESTION_TYPES,
  type BankManifest,
  type Difficulty,
  type Problem,
  type Question,
  type QuestionType,
  type Topic,
} from './types.ts'

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/
export const MAX_ID_LENGTH = 64
export const MAX_SUMMARY_LENGTH = 200
export const MAX_FILE_BYTES = 256 * 1024

const KNOWN_FIELDS = new Set([
  'id', 'title', 'topic', 'difficulty', 'type', 'tags', 'summary', 'key_points', 'references',
  'covers', 'django', 'related', 'answer', 'distractors', 'accept', 'follow_ups',
])

const refuse = (name: string) => ({
  parse: () => {
    throw new Error(`front matter language "${name}" is not allowed`)
  },
})
// gray-matter merges its own engines (including an eval-based `javascript`)
// under ours; every name it knows is overridden so none can ever run.
const ENGINES = {
  javascript: refuse('javascript'),
  js: refuse('js'),
  coffee: refuse('coffee'),
  coffeescript: refuse('coffeescript'),
  cson: refuse('cson'),
  json: refuse('json'),
  toml: refuse('toml'),
}

const FENCE = /^---([^\n]*)\n/

interface FrontMatter {
  data: Record<string, unknown>
  body: string
  /** Line number (1-based) of each top-level key in the file. */
  lines: Map<string, number>
}

type Reporter = (field: string, reason: string, severity?: 'error' | 'warning', line?: number) => void

/** Splits a file into YAML data and body; reports and returns undefined when it cannot. */
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
  const close = source.indexOf('\n---', fence[0].length - 1)
  if (close === -1) {
    report('front matter', 'the front matter is never closed with a "---" line', 'error', 1)
    return undefined
  }
  let parsed: matter.GrayMatterFile<string>
  try {
    // An options object is always passed: without one gray-matter caches by
    // content and returns {} for a file whose YAML failed before.
    parsed = matter(source, { language: 'yaml', engines: ENGINES as never })
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark
    const line = typeof mark?.line === 'number' ? mark.line + 2 : undefined
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0]
    report('front matter', `invalid YAML: ${stripControl(reason ?? 'parse error')}`, 'error', line)
    return undefined
  }
  const data = parsed.data
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    report('front matter', 'the front matter must be a YAML mapping of fields', 'error', 2)
    return undefined
  }
  const lines = new Map<string, number>()
  parsed.matter.split('\n').forEach((text, index) => {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(text)?.[1]
    // parsed.matter starts with the newline after the opening fence.
    if (key && !lines.has(key)) lines.set(key, index + 1)
  })
  return { data: data, body: parsed.content, lines }
}

/** Reads fields with type checks, reporting each failure with its line. */
class Fields {
  constructor(
    private readonly fm: FrontMatter,
    private readonly report: Reporter,
  ) {}

  line(field: string): number | undefined {
    return this.fm.lines.get(field)
  }

  has(field: string): boolean {
    const value = this.fm.data[field]
    return value !== undefined && value !== null
  }

  error(field: string, reason: string): void {
    this.report(field, reason, 'error', this.line(field))
  }

  warn(field: string, reason: string): void {
    this.report(field, reason, 'warning', this.line(field))
  }

  string(field: string, required: boolean): string | undefined {
    const value = this.fm.data[field]
    if (value === undefined || value === null) {
      if (required) this.error(field, 'is required')
      return undefined
    }
    if (typeof value !== 'string') {
      this.error(field, `must be a string, got ${describe(value)}${quoteHint(value)}`)
      return undefined
    }
    const text = value.trim()
    if (required && text === '') {
      this.error(field, 'must not be empty')
      return undefined
    }
    return this.clean(field, text)
  }

  strings(field: string, required: boolean): string[] | undefined {
    const value = this.fm.data[field]
    if (value === undefined || value === null) {
      if (required) this.error(field, 'is required')
      return undefined
    }
    if (!Array.isArray(value)) {
      this.error(field, `must be a list of strings, got ${describe(value)}`)
      return undefined
    }
    const out: string[] = []
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'string' || item.trim() === '') {
        this.error(field, `item ${index + 1} must be a non-empty string, got ${describe(item)}${quoteHint(item)}`)
        return undefined
      }
      out.push(this.clean(field, item.trim()))
    }
    return out
  }

  clean(field: string, text: string): string {
    if (!hasControlChars(text)) return text
    this.warn(field, 'contains control characters; they are shown escaped')
    return stripControl(text)
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string'
  return `${typeof value} ${String(value)}`
}

// js-yaml turns `0123` into 83, `1:30` into 90 and `2024-01-01` into a Date.
const quoteHint = (value: unknown): string =>
  typeof value === 'number' || typeof value === 'boolean' || value instanceof Date
    ? ' (quote the value to keep it as text)'
    : ''

/** Splits the body into the question and the model answer at `## Answer`. */
function splitBody(body: string): { prompt: string; explanation: string } | undefined {
  const match = /^##[ \t]+Answer[ \t]*$/im.exec(body)
  if (!match) return undefined
  return {
    prompt: body.slice(0, match.index).trim(),
    explanation: body.slice(match.index + match[0].length).trim(),
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
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
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
  const type = (f.string('type', false) ?? 'open') as QuestionType
  if (!QUESTION_TYPES.includes(type)) {
    f.error('type', `"${type}" must be one of ${QUESTION_TYPES.join(', ')}`)
  }
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

  const keyPoints = f.strings('key_points', type === 'open')
  if (keyPoints && type === 'open' && (keyPoints.length < 2 || keyPoints.length > 6)) {
    f.error('key_points', `an open question needs 2 to 6 key points, has ${keyPoints.length}`)
  }

  let answer: string | string[] | undefined
  let distractors: string[] | undefined
  let accept: string[] = []
  if (type === 'choice' || type === 'short') {
    answer = f.string('answer', true)
  } else if (type === 'multi') {
    answer = f.strings('answer', true)
    if (answer && answer.length < 2) f.error('answer', `a multi question needs at least 2 correct answers, has ${answer.length}`)
  } else if (f.has('answer')) {
    f.warn('answer', 'is ignored for open questions; put the model answer under "## Answer"')
  }
  if (type === 'choice' || type === 'multi') {
    distractors = f.strings('distractors', true)
    const [min, max] = type === 'choice' ? [2, 5] : [1, Infinity]
    if (distractors && (distractors.length < min || distractors.length > max)) {
      const range = max === Infinity ? `at least ${min}` : `${min} to ${max}`
      f.error('distractors', `a ${type} question needs ${range} distractors, has ${distractors.length}`)
    }
    // Options are shown as written, so only case and spacing make two options the same.
    const same = (s: string) => s.toLowerCase().replace(/\s+/g, ' ')
    const correct = new Set((Array.isArray(answer) ? answer : answer ? [answer] : []).map(same))
    for (const d of distractors ?? []) {
      if (correct.has(same(d))) f.error('distractors', `"${d}" is also a correct answer`)
    }
  } else if (f.has('distractors')) {
    f.warn('distractors', `is ignored for ${type} questions`)
  }
  if (type === 'short') accept = f.strings('accept', false) ?? []
  else if (f.has('accept')) f.warn('accept', `is ignored for ${type} questions`)

  const sections = splitBody(fm.body)
  if (!sections) {
    report('body', 'must contain a "## Answer" heading followed by the model answer', 'error')
  } else if (sections.explanation === '') {
    report('body', 'the "## Answer" section is empty', 'error')
  }
  const bodyClean = (s: string) => (hasControlChars(s) ? stripControl(s) : s)
  if (hasControlChars(fm.body)) report('body', 'contains control characters; they are shown escaped', 'warning')

  if (problems.some((p) => p.severity === 'error')) return { problems }

  const base = {
    bank: context.bank,
    id: id!,
    title: title!,
    topic: topic!,
    difficulty: difficulty as Difficulty,
    tags,
    summary: summary!,
    keyPoints: keyPoints ?? [],
    references: references!,
    covers,
    related,
    prompt: bodyClean(sections!.prompt),
    explanation: bodyClean(sections!.explanation),
    file,
    ...(django === undefined ? {} : { django }),
  }
  // NOTE: fields are added to `base` rather than spread into a new object:
  // V8 (Node 20) gives every `{ ...base, type }` its own hidden class, which
  // made 10,000 questions cost ~8 MB more and slowed every read of a field.
  const question = base as Record<string, unknown>
  question['type'] = type
  if (type === 'choice' || type === 'multi') {
    question['answer'] = answer
    question['distractors'] = distractors
  } else if (type === 'short') {
    question['answer'] = answer
    question['accept'] = accept
  }
  return { question: question as unknown as Question, problems }
}

/** Case, spacing and punctuation do not matter when comparing typed answers. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
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
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
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
  if (problems.some((p) => p.severity === 'error')) return { problems }
  return {
    manifest: { id: id!, title: title!, topics, ...(targets === undefined ? {} : { targets }) },
    problems,
  }
}
