// progress-check.ts as it was before its checks were made cheaper (2026-12, issue #16), kept
// verbatim as the reference the faster code must match problem for problem and note for note
// (test/progress-check-equal.test.ts). Do not "improve" this file: its point is to stay the old code.
import { ATTEMPT_FLAGS, DEFAULT_SETTINGS, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from '../../src/core/progress.ts'
import { hasControlChars, hasInvisibleChars } from '../../src/core/sanitize.ts'
import { SETTINGS } from '../../src/core/settings.ts'

/** The largest time a JavaScript Date can hold (year 275760). */
const MAX_TIME = 8.64e15
/** ts-fsrs's longest interval (100 years): a due date later than this from now is not one it made. */
const MAX_AHEAD_MS = 36_500 * 86_400_000
const MAX_COUNT = 1_000_000
const MAX_MS = 366 * 86_400_000

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
// NOTE: "__proto__" as a key would reach Object.prototype when assigned.
const isName = (v: string): boolean => v.length > 0 && v.length <= 200 && v !== '__proto__' && !hasControlChars(v) && !hasInvisibleChars(v)
const isTime = (v: unknown): v is number => isNumber(v) && v >= 0 && v <= MAX_TIME

const CARD_REQUIRED = ['due', 'stability', 'difficulty', 'reps', 'lapses', 'state'] as const
const CARD_OPTIONAL = ['elapsed_days', 'scheduled_days', 'learning_steps', 'last_review'] as const

/** The first thing wrong with the shape of a question's progress, as "path: reason", or undefined. */
export function questionProblemBefore(p: unknown, at: string): string | undefined {
  if (!isObject(p)) return `${at}: must be an object`
  if (!Array.isArray(p['history'])) return `${at}.history: must be a list`
  for (const [i, a] of (p['history'] as unknown[]).entries()) {
    const where = `${at}.history[${i}]`
    if (!isObject(a)) return `${where}: must be an object`
    if (!isTime(a['t'])) return `${where}.t: must be a time in epoch milliseconds (up to the year 275760)`
    if (![1, 2, 3, 4].includes(a['r'] as number)) return `${where}.r: must be a rating 1-4`
    if (a['ok'] !== 0 && a['ok'] !== 1) return `${where}.ok: must be 0 or 1`
    if (!isNumber(a['ms']) || a['ms'] < 0) return `${where}.ms: must be a duration in milliseconds`
    for (const flag of ATTEMPT_FLAGS) if (a[flag] !== undefined && a[flag] !== 1) return `${where}.${flag}: must be 1 when present`
    if (a['a'] !== undefined && (typeof a['a'] !== 'string' || a['a'].length > 20_000)) return `${where}.a: must be the answer text (a string)`
    if (a['w'] !== undefined && !(Array.isArray(a['w']) && a['w'].length <= 50 && a['w'].every((x) => typeof x === 'string' && x.length <= 500)))
      return `${where}.w: must be the wrong options picked (a list of strings)`
  }
  const card = p['card']
  if (card !== undefined) {
    if (!isObject(card)) return `${at}.card: must be an object`
    for (const key of CARD_REQUIRED) if (!isNumber(card[key])) return `${at}.card.${key}: must be a number`
    for (const key of CARD_OPTIONAL) if (card[key] !== undefined && !isNumber(card[key])) return `${at}.card.${key}: must be a number`
  }
  if (p['flagged'] !== undefined && p['flagged'] !== true) return `${at}.flagged: must be true when present`
  if (p['suspended'] !== undefined && p['suspended'] !== true) return `${at}.suspended: must be true when present`
  if (p['pausedUntil'] !== undefined && !isTime(p['pausedUntil'])) return `${at}.pausedUntil: must be a time in epoch milliseconds`
  for (const key of ['topic', 'difficulty']) {
    const v = p[key]
    if (v !== undefined && (typeof v !== 'string' || !isName(v))) return `${at}.${key}: must be a plain string`
  }
  return undefined
}

const inRange = (v: number | undefined, low: number, high: number) => v === undefined || (v >= low && v <= high)

/**
 * Why ts-fsrs could not continue from this card, or undefined when it can.
 * Such a card is dropped: the next answer schedules the question again from its history.
 */
export function impossibleCardBefore(card: StoredCard, now: number): string | undefined {
  if (![0, 1, 2, 3].includes(card.state)) return `unknown state ${card.state}`
  if (!isTime(card.due)) return 'a due date outside the calendar'
  if (card.due > now + MAX_AHEAD_MS) return 'a due date more than 100 years ahead'
  if (card.last_review !== undefined && !isTime(card.last_review)) return 'a last review outside the calendar'
  for (const key of ['reps', 'lapses'] as const) {
    if (!Number.isSafeInteger(card[key]) || !inRange(card[key], 0, MAX_COUNT)) return `an impossible ${key} count (${card[key]})`
  }
  if (!inRange(card.stability, 0, 1e6)) return `an impossible stability (${card.stability})`
  if (!inRange(card.difficulty, 0, 10)) return `an impossible difficulty (${card.difficulty})`
  for (const key of ['elapsed_days', 'scheduled_days', 'learning_steps'] as const) {
    if (!inRange(card[key], 0, 1e6)) return `an impossible ${key} (${card[key]})`
  }
  return undefined
}

export interface CheckResult {
  /** The first shape error: the data cannot be used. */
  problem?: string
  /** What was repaired, one line each (at most a few, then a count). */
  notes: string[]
}

/**
 * Checks progress in place: shapes are refused, impossible values repaired.
 * With `rebuild`, each question's progress is rebuilt from its known fields
 * only (an import: nothing unknown, however deeply nested, is kept).
 */
export function checkProgressBefore(data: ProgressData, now: number, options: { rebuild?: boolean } = {}): CheckResult {
  const notes: string[] = []
  let future = 0
  let longMs = 0
  const dropped: string[] = []
  // Settings as `config set` would accept them; anything else is reset to its default.
  const settings = data.settings as unknown as Record<string, unknown>
  for (const spec of SETTINGS) {
    const value = settings[spec.field]
    if (value === undefined) continue
    const text =
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(',') : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
    if (text !== undefined && spec.parse(text) !== undefined) continue
    if (spec.field === 'newPerDay') settings[spec.field] = DEFAULT_SETTINGS.newPerDay
    else delete settings[spec.field]
    notes.push(`setting ${spec.key} was ${JSON.stringify(value)?.slice(0, 20)}, not ${spec.range}; it is back to its default.`)
  }
  for (const [bank, questions] of Object.entries(data.banks)) {
    if (!isName(bank)) return { problem: `banks: bank id ${JSON.stringify(bank)} is not a plain name`, notes }
    if (!isObject(questions)) return { problem: `banks.${bank}: must be an object`, notes }
    for (const [id, raw] of Object.entries(questions)) {
      if (!isName(id)) return { problem: `banks.${bank}: question id ${JSON.stringify(id)} is not a plain name`, notes }
      const problem = questionProblemBefore(raw, `banks.${bank}.${id}`)
      if (problem) return { problem, notes }
      const p = options.rebuild ? rebuild(raw) : raw
      if (options.rebuild) questions[id] = p
      for (const a of p.history) {
        if (a.t > now) {
          a.t = now
          future++
        }
        if (a.ms > MAX_MS) {
          a.ms = MAX_MS
          longMs++
        }
      }
      if (p.card) {
        if (p.card.last_review !== undefined && isTime(p.card.last_review) && p.card.last_review > now) {
          p.card.last_review = now
          future++
        }
        const why = impossibleCardBefore(p.card, now)
        if (why) {
          delete p.card
          dropped.push(`${bank}/${id} (${why})`)
        }
      }
    }
  }
  if (future > 0) notes.push(`${future} ${future === 1 ? 'time was' : 'times were'} in the future (a clock ahead?) and set to now.`)
  if (longMs > 0) notes.push(`${longMs} answer ${longMs === 1 ? 'duration was' : 'durations were'} impossibly long and capped.`)
  if (dropped.length > 0) {
    const shown = dropped.slice(0, 3).join(', ')
    notes.push(
      `${dropped.length} impossible ${dropped.length === 1 ? 'schedule was' : 'schedules were'} reset (rescheduled at the next answer): ${shown}${dropped.length > 3 ? ', …' : ''}.`,
    )
  }
  return { notes }
}

function rebuild(p: QuestionProgress): QuestionProgress {
  const out: QuestionProgress = {
    history: p.history.map((a) => {
      const attempt: Attempt = { t: a.t, r: a.r, ok: a.ok, ms: a.ms }
      for (const flag of ATTEMPT_FLAGS) if (a[flag] === 1) attempt[flag] = 1
      if (typeof a.a === 'string') attempt.a = a.a
      if (Array.isArray(a.w)) attempt.w = [...a.w]
      return attempt
    }),
  }
  if (p.card) {
    const c = p.card
    const card: StoredCard = {
      due: c.due,
      stability: c.stability,
      difficulty: c.difficulty,
      elapsed_days: c.elapsed_days ?? 0,
      scheduled_days: c.scheduled_days ?? 0,
      learning_steps: c.learning_steps ?? 0,
      reps: c.reps,
      lapses: c.lapses,
      state: c.state,
    }
    if (c.last_review !== undefined) card.last_review = c.last_review
    out.card = card
  }
  if (p.flagged === true) out.flagged = true
  if (p.suspended === true) out.suspended = true
  if (p.pausedUntil !== undefined) out.pausedUntil = p.pausedUntil
  if (p.topic !== undefined) out.topic = p.topic
  if (p.difficulty !== undefined) out.difficulty = p.difficulty
  return out
}
