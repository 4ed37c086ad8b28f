// The progress data model: what is stored per bank and question, versioned.
// Pure: no disk, no clock (every function takes `now`).
import { storedSyncFields, type SyncState, type Undone } from './sync-fields.ts'
import type { InterviewPlan } from './plan.ts'

/** FSRS ratings, as ts-fsrs numbers them. */
export const RATINGS = { again: 1, hard: 2, good: 3, easy: 4 } as const
export type Rating = 1 | 2 | 3 | 4
export const RATING_NAMES: Record<Rating, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' }

/** A ts-fsrs card with dates as epoch milliseconds, so JSON keeps them exact. */
export interface StoredCard {
  due: number
  stability: number
  difficulty: number
  elapsed_days: number
  scheduled_days: number
  learning_steps: number
  reps: number
  lapses: number
  /** 0 new, 1 learning, 2 review, 3 relearning */
  state: number
  last_review?: number
}

export type Outcome = 'correct' | 'wrong' | 'timeout' | 'skipped'

/** One answer, kept short: the store holds thousands of them. */
export interface Attempt {
  /** When it was answered (epoch ms). */
  t: number
  /** FSRS rating given. */
  r: Rating
  /** 1 when counted correct. */
  ok: 0 | 1
  /** Milliseconds spent on the question. */
  ms: number
  /** Set when the per-question timer ran out. */
  to?: 1
  /** What the user typed or wrote in $EDITOR (open and short answers), kept for `show <id>`. */
  a?: string
  /** 1 when an auto-graded miss was re-graded by the user ("I was right"). */
  ov?: 1
  /** 1 when recorded with --no-schedule: replaying the history (sync) leaves it out of the schedule. */
  ns?: 1
  /** 1 when the answer was given in a mock interview (`django-drill interview`). */
  iv?: 1
  /** Choice and multi: the wrong options picked, for the confusions in `stats`. */
  w?: string[]
}

/**
 * The attempt fields that are a bare 1 when set. Import, merge and sync check and carry these by
 * this list, so a flag added to Attempt must be added here (test/fields-roundtrip.test.ts fails otherwise).
 */
export const ATTEMPT_FLAGS = ['to', 'ov', 'ns', 'iv'] as const satisfies readonly (keyof Attempt)[]

/** What `undo` needs to take an answer back exactly: the card as it was before. */
export interface JournalEntry {
  bank: string
  id: string
  /** The attempt's time, to find it in the history. */
  t: number
  /** The card before the answer; absent when there was none. */
  before?: StoredCard
  /** Whether the answer changed the card (false with --no-schedule). */
  scheduled: boolean
}

/** How many answers `django-drill undo` can take back. */
export const JOURNAL_LIMIT = 50

export interface QuestionProgress {
  /** Absent until the question is first scheduled (quiz --no-schedule records history only). */
  card?: StoredCard
  history: Attempt[]
  flagged?: true
  /** Never shown in sessions until unsuspended. */
  suspended?: true
  /** A leech put aside: not offered in sessions before this moment (epoch ms). */
  pausedUntil?: number
  /** Topic and difficulty at the last answer, so stats survive a question leaving the bank. */
  topic?: string
  difficulty?: string
}

export interface Settings {
  /** New questions introduced per day by `review`. */
  newPerDay: number
  /** Desired retention, FSRS request_retention (0.70-0.99). Absent: the default. */
  retention?: number
  /** Longest interval FSRS may schedule, in days. */
  maxInterval?: number
  /** Learning steps, e.g. ["1m", "10m"]. */
  learningSteps?: string[]
  /** Whether choice and multi options are shuffled. */
  shuffle?: boolean
}

/** Every setting with its value in effect. */
export type EffectiveSettings = Required<Settings>

export const PROGRESS_VERSION = 1

export interface ProgressData {
  version: typeof PROGRESS_VERSION
  /** bank id → question id → progress */
  banks: Record<string, Record<string, QuestionProgress>>
  settings: Settings
  /** The last answers, newest last, for undo. */
  journal?: JournalEntry[]
  /** `bank/id` of the questions missed in the last session, for `quiz --last-missed`. */
  lastMissed?: string[]
  /** This machine's sync identity and folder (`django-drill sync`). */
  sync?: SyncState
  /** Answers taken back, so that the undo reaches the other machines at the next sync. */
  undone?: Undone[]
  /** Interviews to prepare for (`plan --interview`); the nearest upcoming one is active. */
  plans?: InterviewPlan[]
}

export const DEFAULT_SETTINGS: Settings = { newPerDay: 10 }

/** What a setting is when the user has not set it (ts-fsrs's defaults for the scheduler). */
export const SETTING_DEFAULTS: EffectiveSettings = { newPerDay: 10, retention: 0.9, maxInterval: 36500, learningSteps: ['1m', '10m'], shuffle: true }

export const effectiveSettings = (s: Settings): EffectiveSettings => ({ ...SETTING_DEFAULTS, ...s })

export const emptyProgress = (): ProgressData => ({ version: PROGRESS_VERSION, banks: {}, settings: { ...DEFAULT_SETTINGS } })

export class ProgressFormatError extends Error {
  override name = 'ProgressFormatError'
}

/** Progress written by a newer django-drill: never guessed at, never overwritten. */
export class ProgressVersionError extends ProgressFormatError {
  override name = 'ProgressVersionError'
  readonly version: number
  constructor(version: number) {
    super(`progress data has version ${version}, newer than this django-drill understands (${PROGRESS_VERSION}); upgrade django-drill`)
    this.version = version
  }
}

/**
 * Brings stored data of any known version up to the current one. Unknown
 * future versions are refused rather than guessed at (and so never overwritten);
 * a version that is not a positive whole number is a format error.
 */
export function migrateProgress(raw: unknown): ProgressData {
  if (raw === undefined || raw === null) return emptyProgress()
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ProgressFormatError('progress data is not an object')
  const data = raw as Record<string, unknown>
  const version = data['version'] ?? (Object.keys(data).length === 0 ? PROGRESS_VERSION : undefined)
  if (version === undefined) throw new ProgressFormatError('progress data has no version')
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new ProgressFormatError(`progress data has version ${JSON.stringify(version)}, which is not a version number`)
  }
  if (version > PROGRESS_VERSION) throw new ProgressVersionError(version)
  // Version 1 is the first format; later versions add steps here (v1 → v2, …).
  const banks = (data['banks'] ?? {}) as ProgressData['banks']
  if (typeof banks !== 'object' || banks === null || Array.isArray(banks)) throw new ProgressFormatError('progress data has no banks map')
  const stored = data['settings'] ?? {}
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new ProgressFormatError('progress settings are not an object')
  const settings = { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) }
  const journal = Array.isArray(data['journal']) ? { journal: data['journal'] as JournalEntry[] } : {}
  const lastMissed = Array.isArray(data['lastMissed']) ? { lastMissed: (data['lastMissed'] as unknown[]).filter((k): k is string => typeof k === 'string') } : {}
  const plans = Array.isArray(data['plans']) ? { plans: (data['plans'] as unknown[]).filter(isPlan) } : {}
  const synced = storedSyncFields(data)
  return { version: PROGRESS_VERSION, banks, settings, ...journal, ...lastMissed, ...plans, ...synced }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'))

/** Whether a stored value is a well-formed plan (anything else is dropped, never trusted). */
export function isPlan(v: unknown): v is InterviewPlan {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const p = v as Record<string, unknown>
  if (!finite(p['at']) || !finite(p['created']) || !finite(p['target']) || p['target'] <= 0 || p['target'] >= 1) return false
  if (p['minutes'] !== undefined && !(finite(p['minutes']) && p['minutes'] > 0)) return false
  if (p['questions'] !== undefined && !(finite(p['questions']) && p['questions'] > 0)) return false
  if (p['track'] !== undefined && typeof p['track'] !== 'string') return false
  const f = p['filter']
  if (f !== undefined) {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return false
    const filter = f as Record<string, unknown>
    if (!['topic', 'difficulty', 'type', 'tag', 'track'].every((k) => strings(filter[k]))) return false
    if (filter['search'] !== undefined && typeof filter['search'] !== 'string') return false
  }
  return true
}

// Ids are user data: "constructor" or "toString" must not find Object.prototype's members.
const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined)

export const progressOf = (data: ProgressData, bank: string, id: string): QuestionProgress | undefined => own(own(data.banks, bank), id)

function entryFor(data: ProgressData, bank: string, id: string): QuestionProgress {
  const questions = own(data.banks, bank) ?? (data.banks[bank] = {})
  return own(questions, id) ?? (questions[id] = { history: [] })
}

export const lastAttempt = (p: QuestionProgress | undefined): Attempt | undefined => p?.history[p.history.length - 1]

/**
 * "Known": answered correctly at the last attempt and still likely recalled:
 * FSRS retrievability at least `retention`. A right answer stays known while
 * its learning steps run (minutes), rather than dropping out at the first step.
 */
export function isKnown(p: QuestionProgress | undefined, now: Date, retention = 0.9): boolean {
  const last = lastAttempt(p)
  if (!last || last.ok !== 1) return false
  return p?.card === undefined || recall(p.card, now) >= retention - 1e-9
}

/** Recall estimate in [0, 1]: FSRS-6 forgetting curve, from stability and days since last review. */
export function recall(card: StoredCard | undefined, now: Date): number {
  if (!card || card.last_review === undefined || card.stability <= 0) return 0
  const days = Math.max(0, (now.getTime() - card.last_review) / 86_400_000)
  const decay = -0.1542
  const factor = Math.pow(0.9, 1 / decay) - 1
  return Math.pow(1 + (factor * days) / card.stability, decay)
}

export interface WeakEntry {
  bank: string
  id: string
  lapses: number
  wrong: number
  recall: number
}

// Ties between questions are broken by id in the user's locale's order (String#localeCompare), as
// they always were. But the first localeCompare builds an ICU collator, ~5 ms of every `stats`;
// bank ids (a-z, 0-9 and '-') in a locale that orders those characters as their code units sort
// the same without one, so only other ids or locales pay for it.
const BANK_ID = /^[a-z0-9-]*$/
/**
 * Languages whose collation orders a-z, 0-9 and '-' as their code units do (CLDR tailors none of
 * them; test/stats-equal.test.ts checks each against this Node's ICU). Danish ("aa" after "z"),
 * Lithuanian ("y" before "k"), Czech ("ch" after "h") and the like are not here.
 */
const PLAIN_ORDER = new Set(['und', 'en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ca', 'ro', 'pl', 'ja', 'zh', 'ko', 'ru', 'uk', 'el', 'he', 'ar', 'hi', 'tr', 'id'])

/** Whether a locale (a BCP 47 tag: language, optional region, nothing else) collates bank ids by code unit. */
export const plainIdOrder = (locale: string): boolean => PLAIN_ORDER.has(/^([a-z]{2,3})(?:-(?:[A-Z]{2}|\d{3}))?$/.exec(locale)?.[1] ?? '')

let plainLocale: boolean | undefined
/** The default locale, as every Intl service resolves it: plural rules are cheap to build, a collator is not. */
const plainHere = (): boolean => (plainLocale ??= plainIdOrder(new Intl.PluralRules().resolvedOptions().locale))

/** Two question ids in the order `a.localeCompare(b)` gives them. */
export function compareIds(a: string, b: string): number {
  if (BANK_ID.test(a) && BANK_ID.test(b) && plainHere()) return a < b ? -1 : a > b ? 1 : 0
  return a.localeCompare(b)
}

/**
 * The questions the learner misses most: most lapses and wrong answers first,
 * then lowest recall. Only questions answered at least once and not known now.
 */
export function weakest(data: ProgressData, now: Date, limit = 10, keep: (bank: string, id: string) => boolean = () => true): WeakEntry[] {
  const entries: WeakEntry[] = []
  // Plain loops over key lists: `stats` runs this once, cold, over every stored answer.
  const banks = Object.keys(data.banks)
  for (let b = 0; b < banks.length; b++) {
    const bank = banks[b]!
    const questions = data.banks[bank]!
    const ids = Object.keys(questions)
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!
      const p = questions[id]!
      const history = p.history
      if (history.length === 0 || !keep(bank, id)) continue
      let wrong = 0
      for (let i = 0; i < history.length; i++) if (history[i]!.ok === 0) wrong++
      if (wrong === 0 && isKnown(p, now)) continue
      // A question missed at its last answer is not recalled, whatever the curve says minutes later.
      entries.push({ bank, id, lapses: p.card?.lapses ?? 0, wrong, recall: lastAttempt(p)?.ok === 1 ? recall(p.card, now) : 0 })
    }
  }
  return firstInOrder(entries, limit, (a, b) => b.lapses - a.lapses || b.wrong - a.wrong || a.recall - b.recall || compareIds(a.id, b.id))
}

/**
 * The first `limit` of `items` in the order of a stable sort by `compare`: what
 * `items.sort(compare).slice(0, limit)` gives. `stats` keeps 5 of a few hundred: each item
 * is compared with the last one kept, and only one that goes before it is placed (by binary
 * search, after any it ties with), rather than the whole list being sorted.
 */
export function firstInOrder<T>(items: T[], limit: number, compare: (a: T, b: T) => number): T[] {
  if (!(Number.isInteger(limit) && limit > 0 && limit < items.length)) return items.sort(compare).slice(0, limit)
  const kept: T[] = []
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    if (kept.length === limit && compare(item, kept[limit - 1]!) >= 0) continue
    // After every kept item it does not go before: a later item never overtakes an equal one.
    let low = 0
    let high = kept.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (compare(item, kept[mid]!) < 0) high = mid
      else low = mid + 1
    }
    kept.splice(low, 0, item)
    if (kept.length > limit) kept.pop()
  }
  return kept
}

/** Records one answer in place: history, flags, topic; the card when given. */
export function recordAttempt(data: ProgressData, entry: { bank: string; id: string; topic: string; difficulty: string; attempt: Attempt; card?: StoredCard }): void {
  const p = entryFor(data, entry.bank, entry.id)
  p.history.push(entry.attempt)
  p.topic = entry.topic
  p.difficulty = entry.difficulty
  if (entry.card) p.card = entry.card
}

export function setFlag(data: ProgressData, bank: string, id: string, flagged: boolean): void {
  const p = entryFor(data, bank, id)
  if (flagged) p.flagged = true
  else delete p.flagged
}

/**
 * Records an answer and remembers how to take it back: the card before, in
 * the journal (kept to the last JOURNAL_LIMIT answers).
 */
export function recordWithJournal(data: ProgressData, entry: { bank: string; id: string; topic: string; difficulty: string; attempt: Attempt; card?: StoredCard }): JournalEntry {
  const before = progressOf(data, entry.bank, entry.id)?.card
  recordAttempt(data, entry)
  const journalEntry: JournalEntry = {
    bank: entry.bank,
    id: entry.id,
    t: entry.attempt.t,
    scheduled: entry.card !== undefined,
    ...(before ? { before: structuredClone(before) } : {}),
  }
  data.journal = [...(data.journal ?? []), journalEntry].slice(-JOURNAL_LIMIT)
  return journalEntry
}

/**
 * Takes an answer back: the attempt leaves the history and the card is the
 * one from before, exactly (due date and last review included). Returns the
 * attempt removed, or undefined when it is no longer there.
 */
export function undoAnswer(data: ProgressData, entry: JournalEntry): Attempt | undefined {
  const p = progressOf(data, entry.bank, entry.id)
  if (data.journal) {
    const i = data.journal.findLastIndex((j) => j.bank === entry.bank && j.id === entry.id && j.t === entry.t)
    if (i >= 0) data.journal.splice(i, 1)
  }
  if (!p) return undefined
  const index = p.history.findLastIndex((a) => a.t === entry.t)
  if (index < 0) return undefined
  const [removed] = p.history.splice(index, 1)
  data.undone = [...(data.undone ?? []), [entry.bank, entry.id, removed!.t, removed!.r, removed!.ok, removed!.ms]]
  if (entry.scheduled) {
    if (entry.before) p.card = structuredClone(entry.before)
    else delete p.card
  }
  if (p.history.length === 0 && !p.card && !p.flagged && !p.suspended) {
    delete data.banks[entry.bank]![entry.id]
    if (Object.keys(data.banks[entry.bank]!).length === 0) delete data.banks[entry.bank]
  }
  return removed
}

export function setSuspended(data: ProgressData, bank: string, id: string, suspended: boolean): void {
  const p = entryFor(data, bank, id)
  if (suspended) p.suspended = true
  else delete p.suspended
}
