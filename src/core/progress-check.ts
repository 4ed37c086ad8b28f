// What stored or imported progress may contain: the shape is checked like
// bank input, impossible values are repaired with a note (a clock that ran
// ahead, a schedule ts-fsrs cannot continue from) and everything else is
// refused with the path of the field. Pure: `now` is passed in.
import { ATTEMPT_FLAGS, DEFAULT_SETTINGS, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from './progress.ts'
import { hasControlChars, hasInvisibleChars } from './sanitize.ts'
import { SETTINGS } from './settings.ts'

/** The largest time a JavaScript Date can hold (year 275760). */
export const MAX_TIME = 8.64e15
/** ts-fsrs's longest interval (100 years): a due date later than this from now is not one it made. */
const MAX_AHEAD_MS = 36_500 * 86_400_000
const MAX_COUNT = 1_000_000
const MAX_MS = 366 * 86_400_000

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
// NOTE: "__proto__" as a key would reach Object.prototype when assigned.
export const isName = (v: string): boolean => v.length > 0 && v.length <= 200 && v !== '__proto__' && !hasControlChars(v) && !hasInvisibleChars(v)
/** Topics and difficulties are a few names repeated on every question: each is checked once. */
const plainLabels = new Set<string>()
const isPlainLabel = (v: string): boolean => {
  if (plainLabels.has(v)) return true
  if (!isName(v)) return false
  if (plainLabels.size < 1000) plainLabels.add(v)
  return true
}
const isTime = (v: unknown): v is number => isNumber(v) && v >= 0 && v <= MAX_TIME

const CARD_REQUIRED = ['due', 'stability', 'difficulty', 'reps', 'lapses', 'state'] as const
const CARD_OPTIONAL = ['elapsed_days', 'scheduled_days', 'learning_steps', 'last_review'] as const

/** The first thing wrong with the shape of a question's progress, as "path: reason", or undefined. */
export function questionProblem(p: unknown, at: string): string | undefined {
  const problem = shapeProblem(p)
  return problem === undefined ? undefined : `${at}${problem}`
}

// The checks below run on every answer each time progress is read (`stats` reads it first
// thing): paths are only spelled out for the problem found, never for each answer checked.

/** What is wrong with one stored answer, as the rest of its path and the reason (".t: must be …"). */
function attemptProblem(a: unknown): string | undefined {
  if (!isObject(a)) return ': must be an object'
  if (!isTime(a['t'])) return '.t: must be a time in epoch milliseconds (up to the year 275760)'
  const r = a['r']
  if (r !== 1 && r !== 2 && r !== 3 && r !== 4) return '.r: must be a rating 1-4'
  if (a['ok'] !== 0 && a['ok'] !== 1) return '.ok: must be 0 or 1'
  const ms = a['ms']
  if (!isNumber(ms) || ms < 0) return '.ms: must be a duration in milliseconds'
  for (let i = 0; i < ATTEMPT_FLAGS.length; i++) {
    const flag = ATTEMPT_FLAGS[i]!
    if (a[flag] !== undefined && a[flag] !== 1) return `.${flag}: must be 1 when present`
  }
  const text = a['a']
  if (text !== undefined && (typeof text !== 'string' || text.length > 20_000)) return '.a: must be the answer text (a string)'
  const w = a['w']
  if (w !== undefined && !(Array.isArray(w) && w.length <= 50 && w.every((x) => typeof x === 'string' && x.length <= 500)))
    return '.w: must be the wrong options picked (a list of strings)'
  return undefined
}

/** What is wrong with a question's progress, as the rest of its path and the reason. */
function shapeProblem(p: unknown): string | undefined {
  if (!isObject(p)) return ': must be an object'
  const history = p['history']
  if (!Array.isArray(history)) return '.history: must be a list'
  for (let i = 0; i < history.length; i++) {
    const problem = attemptProblem(history[i])
    if (problem !== undefined) return `.history[${i}]${problem}`
  }
  const card = p['card']
  if (card !== undefined) {
    if (!isObject(card)) return '.card: must be an object'
    for (let i = 0; i < CARD_REQUIRED.length; i++) if (!isNumber(card[CARD_REQUIRED[i]!])) return `.card.${CARD_REQUIRED[i]}: must be a number`
    for (let i = 0; i < CARD_OPTIONAL.length; i++) {
      const v = card[CARD_OPTIONAL[i]!]
      if (v !== undefined && !isNumber(v)) return `.card.${CARD_OPTIONAL[i]}: must be a number`
    }
  }
  if (p['flagged'] !== undefined && p['flagged'] !== true) return '.flagged: must be true when present'
  if (p['suspended'] !== undefined && p['suspended'] !== true) return '.suspended: must be true when present'
  if (p['pausedUntil'] !== undefined && !isTime(p['pausedUntil'])) return '.pausedUntil: must be a time in epoch milliseconds'
  const topic = p['topic']
  if (topic !== undefined && (typeof topic !== 'string' || !isPlainLabel(topic))) return '.topic: must be a plain string'
  const difficulty = p['difficulty']
  if (difficulty !== undefined && (typeof difficulty !== 'string' || !isPlainLabel(difficulty))) return '.difficulty: must be a plain string'
  return undefined
}

const inRange = (v: number | undefined, low: number, high: number) => v === undefined || (v >= low && v <= high)
const isCount = (v: number) => Number.isSafeInteger(v) && inRange(v, 0, MAX_COUNT)

/**
 * Why ts-fsrs could not continue from this card, or undefined when it can.
 * Such a card is dropped: the next answer schedules the question again from its history.
 */
export function impossibleCard(card: StoredCard, now: number): string | undefined {
  const state = card.state
  if (state !== 0 && state !== 1 && state !== 2 && state !== 3) return `unknown state ${card.state}`
  if (!isTime(card.due)) return 'a due date outside the calendar'
  if (card.due > now + MAX_AHEAD_MS) return 'a due date more than 100 years ahead'
  if (card.last_review !== undefined && !isTime(card.last_review)) return 'a last review outside the calendar'
  if (!isCount(card.reps)) return `an impossible reps count (${card.reps})`
  if (!isCount(card.lapses)) return `an impossible lapses count (${card.lapses})`
  if (!inRange(card.stability, 0, 1e6)) return `an impossible stability (${card.stability})`
  if (!inRange(card.difficulty, 0, 10)) return `an impossible difficulty (${card.difficulty})`
  if (!inRange(card.elapsed_days, 0, 1e6)) return `an impossible elapsed_days (${card.elapsed_days})`
  if (!inRange(card.scheduled_days, 0, 1e6)) return `an impossible scheduled_days (${card.scheduled_days})`
  if (!inRange(card.learning_steps, 0, 1e6)) return `an impossible learning_steps (${card.learning_steps})`
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
export function checkProgress(data: ProgressData, now: number, options: { rebuild?: boolean } = {}): CheckResult {
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
  // Plain loops over key lists: this runs on every read of progress, cold, over every stored answer.
  const banks = Object.keys(data.banks)
  for (let b = 0; b < banks.length; b++) {
    const bank = banks[b]!
    const questions: unknown = data.banks[bank]
    if (!isName(bank)) return { problem: `banks: bank id ${JSON.stringify(bank)} is not a plain name`, notes }
    if (!isObject(questions)) return { problem: `banks.${bank}: must be an object`, notes }
    const ids = Object.keys(questions)
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!
      const raw = questions[id]
      if (!isName(id)) return { problem: `banks.${bank}: question id ${JSON.stringify(id)} is not a plain name`, notes }
      const problem = shapeProblem(raw)
      if (problem !== undefined) return { problem: `banks.${bank}.${id}${problem}`, notes }
      const p = options.rebuild ? rebuild(raw as QuestionProgress) : (raw as QuestionProgress)
      if (options.rebuild) questions[id] = p
      const history = p.history
      for (let i = 0; i < history.length; i++) {
        const a = history[i]!
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
        const why = impossibleCard(p.card, now)
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
