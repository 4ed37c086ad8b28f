// Pure parsing of bank files: text in, typed data and problems out.
// Nothing here touches the disk, and nothing in a file is ever evaluated.
import matter from 'gray-matter'
import { Fields, type FrontMatter, type Reporter } from './fields.ts'
import { isQuestionType, kindOf, KIND_FIELDS, QUESTION_TYPES } from './kinds/index.ts'
import { hasControlChars, stripControl } from './sanitize.ts'
import { DIFFICULTIES, type BankManifest, type Difficulty, type Problem, type Question, type Topic } from './types.ts'

export { normalise } from './kinds/short.ts'

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/
export const MAX_ID_LENGTH = 64
export const MAX_SUMMARY_LENGTH = 200
export const MAX_FILE_BYTES = 256 * 1024

const COMMON_FIELDS = [
  'id', 'title', 'topic', 'difficulty', 'type', 'tags', 'summary', 'key_points', 'references',
  'covers', 'django', 'related', 'follow_ups',
]
const KNOWN_FIELDS = new Set([...COMMON_FIELDS, ...KIND_FIELDS])

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
  // The body is what follows the closing fence; its first line, for reports of lines inside it.
  const bodyLine = source.endsWith(parsed.content) ? source.slice(0, source.length - parsed.content.length).split('\n').length : undefined
  return { data: data as Record<string, unknown>, body: parsed.content, lines, ...(bodyLine === undefined ? {} : { bodyLine }) }
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
  const bodyClean = (s: string) => (hasControlChars(s) ? stripControl(s) : s)
  if (hasControlChars(fm.body)) report('body', 'contains control characters; they are shown escaped', 'warning')

  // The kind's own fields: read and checked by the kind; those of other kinds are ignored with a warning.
  let extra: object | undefined
  if (kind) {
    for (const field of KIND_FIELDS) {
      if (!kind.fields.includes(field) && f.has(field)) f.warn(field, kind.ignored?.(field) ?? `is ignored for ${kind.type} questions`)
    }
    const bodyLine = fm.bodyLine
    const promptStart = sections?.promptStart ?? 0
    extra = kind.parse({
      f,
      prompt: sections ? bodyClean(sections.prompt) : undefined,
      lineAt: (offset) => (bodyLine === undefined || !sections ? undefined : bodyLine + countLines(fm.body, promptStart + offset)),
      body: (reason, line, severity = 'error') => report('body', reason, severity, line),
      keyPoints,
    })
  }

  if (!kind || !extra || problems.some((p) => p.severity === 'error')) return { problems }

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
    ...(followUps === undefined || followUps.length === 0 ? {} : { followUps }),
  }
  // NOTE: fields are added to `base` rather than spread into a new object:
  // V8 (Node 20) gives every `{ ...base, type }` its own hidden class, which
  // made 10,000 questions cost ~8 MB more and slowed every read of a field.
  // The kind's parser returns exactly its type's fields (the compiler checks
  // each kind against its question type), so base + type + those is that question.
  const question = Object.assign(base, { type: kind.type }, extra) as unknown as Question
  return { question, problems }
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
