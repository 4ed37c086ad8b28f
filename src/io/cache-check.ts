// What a cached question may hold: the bank cache is a cache, not a source of
// truth, so every value read back from it is checked to be one the parser
// could have produced (types, lengths, no control characters); anything else
// is a miss and the file is parsed again. (Control characters are refused
// by the cache for the whole text of an index before it is parsed, so they
// are not looked for again here.) The shapes here mirror what
// src/core/parse.ts and the kinds in src/core/kinds produce; a test fails
// when a kind's fields and this table differ.
import { COMMON_LAZY } from '../core/kinds/index.ts'
import type { Solved } from '../core/kinds/kind.ts'
import { DIFFICULTIES } from '../core/types.ts'

/** No string the parser produces is longer than the largest file it reads. */
const MAX_TEXT = 256 * 1024
const MAX_ITEMS = 10_000

type Check = (value: unknown) => boolean

const text: Check = (v) => typeof v === 'string' && v.length <= MAX_TEXT
/** A string the parser could have produced (a path, a title). */
export const textFits = text
const line: Check = (v) => text(v) && !(v as string).includes('\n')
const texts: Check = (v) => {
  if (!Array.isArray(v) || v.length > MAX_ITEMS) return false
  // A loop, not every(text): a callback per item is what costs most in a command's cold code.
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' || (v[i] as string).length > MAX_TEXT) return false
  return true
}
const name: Check = (v) => typeof v === 'string' && v.length > 0 && v.length <= 200 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v)
const whole =
  (low: number, high: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= low && v <= high

/** The fields every question has (`required`) or may have, whatever its type. */
const COMMON: Record<string, { check: Check; required: boolean }> = {
  bank: { check: text, required: true },
  id: { check: name, required: true },
  title: { check: text, required: true },
  topic: { check: text, required: true },
  difficulty: { check: (v) => (DIFFICULTIES as readonly unknown[]).includes(v), required: true },
  tags: { check: texts, required: true },
  summary: { check: text, required: true },
  keyPoints: { check: texts, required: true },
  references: { check: texts, required: true },
  covers: { check: texts, required: true },
  related: { check: texts, required: true },
  django: { check: text, required: false },
  followUps: { check: texts, required: false },
  prompt: { check: text, required: true },
  explanation: { check: text, required: true },
  file: { check: text, required: true },
  type: { check: line, required: true },
}

/** Each kind's own fields, as its parser produces them. */
export const KIND_SHAPES: Record<string, Record<string, { check: Check; required: boolean }>> = {
  open: {},
  choice: { answer: { check: text, required: true }, distractors: { check: texts, required: true } },
  multi: { answer: { check: texts, required: true }, distractors: { check: texts, required: true } },
  short: { answer: { check: text, required: true }, accept: { check: texts, required: true } },
  order: { items: { check: texts, required: true } },
  cloze: { gaps: { check: (v) => Array.isArray(v) && v.length <= MAX_ITEMS && v.every(texts), required: true } },
  bug: { answer: { check: (v) => Array.isArray(v) && v.length <= MAX_ITEMS && v.every(whole(1, 1_000_000)), required: true }, fix: { check: text, required: false } },
  count: { answer: { check: whole(0, 10_000), required: true } },
  output: { answer: { check: text, required: true }, accept: { check: texts, required: true } },
}

const spec = (type: unknown, key: string) => COMMON[key] ?? (typeof type === 'string' && Object.hasOwn(KIND_SHAPES, type) ? KIND_SHAPES[type]![key] : undefined)

/** Whether a cached question of this type may have exactly these keys (every required one, nothing unknown). */
export function keysFit(type: unknown, keys: readonly string[]): boolean {
  if (typeof type !== 'string' || !Object.hasOwn(KIND_SHAPES, type)) return false
  const own = KIND_SHAPES[type]!
  for (const key of keys) if (!Object.hasOwn(COMMON, key) && !Object.hasOwn(own, key)) return false
  const has = new Set(keys)
  for (const [key, s] of Object.entries(COMMON)) if (s.required && !has.has(key)) return false
  for (const [key, s] of Object.entries(own)) if (s.required && !has.has(key)) return false
  return true
}

/** Whether `value` is one the parser could have given the field `key` of a question of this type. */
export function valueFits(type: unknown, key: string, value: unknown): boolean {
  const s = spec(type, key)
  return s !== undefined && s.check(value)
}

/** The fields a cache keeps in its light part: the common ones that are not long (every kind's own fields are long). */
export const LIGHT_FIELDS: ReadonlySet<string> = new Set(Object.keys(COMMON).filter((key) => !(COMMON_LAZY as readonly string[]).includes(key)))

const { bank, id, title, topic, difficulty, type, tags, summary, related, followUps, file } = COMMON as Record<string, { check: Check }>

/**
 * Whether the light fields of a cached question fit, read one by one: one function whose reads
 * see the same few object layouts, far cheaper in a command's cold code than a check looked up
 * per key. Which keys a question may have at all is keysFit's to say (once per shape).
 */
export const lightFits = (q: Record<string, unknown>): boolean =>
  bank!.check(q['bank']) &&
  id!.check(q['id']) &&
  title!.check(q['title']) &&
  topic!.check(q['topic']) &&
  difficulty!.check(q['difficulty']) &&
  type!.check(q['type']) &&
  tags!.check(q['tags']) &&
  summary!.check(q['summary']) &&
  related!.check(q['related']) &&
  file!.check(q['file']) &&
  (q['followUps'] === undefined || followUps!.check(q['followUps']))

/**
 * Whether every value of a column of the common field `key` fits (checked once
 * for the whole column); undefined when `key` is a kind's own field, whose
 * check depends on each row's type.
 */
export function columnFits(key: string, values: readonly unknown[]): boolean | undefined {
  const s = COMMON[key]
  if (!s) return undefined
  for (const value of values) if (!s.check(value)) return false
  return true
}

/** Whether a cached problem (a file's error or warning) is one the parser could have reported. */
export function problemsFit(value: unknown): boolean {
  if (value === 0) return true
  if (!Array.isArray(value) || value.length > MAX_ITEMS) return false
  return value.every(
    (p) =>
      p !== null &&
      typeof p === 'object' &&
      text(p.file) &&
      text(p.field) &&
      text(p.reason) &&
      (p.severity === 'error' || p.severity === 'warning') &&
      (p.line === undefined || whole(1, 100_000_000)(p.line)),
  )
}

/** Whether a cached size and time of a file (null: it did not exist) is one a stat could have given. */
export function stampFits(value: unknown): value is { size: number; mtimeMs: number } | null {
  const s = value as { size?: unknown; mtimeMs?: unknown } | null
  return s === null || (typeof s === 'object' && whole(0, Number.MAX_SAFE_INTEGER)(s.size) && typeof s.mtimeMs === 'number' && Number.isFinite(s.mtimeMs))
}

/** Whether a cached bank manifest (bank.yml as parsed, with its problems) is one the parser could have produced. */
export function manifestFits(value: unknown): boolean {
  const m = value as { stamp?: unknown; manifest?: Record<string, unknown>; problems?: unknown } | null
  if (!m || typeof m !== 'object' || !problemsFit(m.problems ?? 0)) return false
  if (!stampFits(m.stamp)) return false
  const b = m.manifest
  if (!b || typeof b !== 'object' || typeof b['id'] !== 'string' || !text(b['id']) || b['id'] === '' || !text(b['title'])) return false
  if (b['targets'] !== undefined && !text(b['targets'])) return false
  const topics = b['topics']
  if (!Array.isArray(topics) || topics.length > MAX_ITEMS || !topics.every((t) => t && typeof t === 'object' && name(t.id) && text(t.title))) return false
  const tracks = b['tracks']
  if (tracks === undefined) return true
  return (
    Array.isArray(tracks) &&
    tracks.length <= MAX_ITEMS &&
    tracks.every(
      (t) =>
        t &&
        typeof t === 'object' &&
        name(t.id) &&
        text(t.title) &&
        (t.description === undefined || text(t.description)) &&
        ['topics', 'tags', 'difficulty', 'ids'].every((k) => t[k] === undefined || texts(t[k])),
    )
  )
}

const CODE_KEYS: ReadonlySet<string> = new Set(['kind', 'language', 'code', 'marks', 'note'])

/** Whether a cached solved form (see Kind.solved) is one a kind could have drawn: its shape, nothing more. */
export function solvedFits(value: unknown): value is Solved {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const s = value as Record<string, unknown>
  const keys = Object.keys(s)
  switch (s['kind']) {
    case 'list':
      return keys.length === 2 && texts(s['items'])
    case 'answer':
      return keys.length === 2 && text(s['text'])
    case 'code':
      return (
        keys.every((k) => CODE_KEYS.has(k)) &&
        text(s['language']) &&
        text(s['code']) &&
        (s['marks'] === undefined || (Array.isArray(s['marks']) && s['marks'].length <= MAX_ITEMS && s['marks'].every(whole(1, 1_000_000)))) &&
        (s['note'] === undefined || text(s['note']))
      )
    default:
      return false
  }
}
