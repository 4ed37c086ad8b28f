// Whole-progress transformations behind `progress export|import|reset`: the
// versioned export format, a merge that loses neither side, and pruning.
// Pure: no disk, no clock.
import { isPlan, migrateProgress, ProgressFormatError, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from './progress.ts'
import { hasControlChars } from './sanitize.ts'

export const EXPORT_FORMAT = 'django-drill-progress'
export const EXPORT_VERSION = 1

export interface ProgressExport {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  exportedAt: string
  progress: ProgressData
}

/** Wraps progress in the export envelope. */
export const makeExport = (progress: ProgressData, now: Date): ProgressExport => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: now.toISOString(),
  progress,
})

/** Why a file is not an export we can import. */
export class ExportFormatError extends Error {
  override name = 'ExportFormatError'
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
// NOTE: "__proto__" as a key would reach Object.prototype when assigned.
const isName = (v: string) => v.length > 0 && v !== '__proto__' && !hasControlChars(v)
const own = <T>(record: Record<string, T> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined

const CARD_REQUIRED = ['due', 'stability', 'difficulty', 'reps', 'lapses', 'state'] as const
const CARD_OPTIONAL = ['elapsed_days', 'scheduled_days', 'learning_steps', 'last_review'] as const

/** The first thing wrong in a question's progress, as "path: reason", or undefined. */
function questionProblem(p: unknown, at: string): string | undefined {
  if (!isObject(p)) return `${at}: must be an object`
  if (!Array.isArray(p['history'])) return `${at}.history: must be a list`
  for (const [i, a] of (p['history'] as unknown[]).entries()) {
    const where = `${at}.history[${i}]`
    if (!isObject(a)) return `${where}: must be an object`
    if (!isNumber(a['t'])) return `${where}.t: must be a time in epoch milliseconds`
    if (![1, 2, 3, 4].includes(a['r'] as number)) return `${where}.r: must be a rating 1-4`
    if (a['ok'] !== 0 && a['ok'] !== 1) return `${where}.ok: must be 0 or 1`
    if (!isNumber(a['ms']) || (a['ms']) < 0) return `${where}.ms: must be a duration in milliseconds`
    if (a['to'] !== undefined && a['to'] !== 1) return `${where}.to: must be 1 when present`
    if (a['w'] !== undefined && !(Array.isArray(a['w']) && a['w'].every((x) => typeof x === 'string'))) return `${where}.w: must be a list of strings`
  }
  const card = p['card']
  if (card !== undefined) {
    if (!isObject(card)) return `${at}.card: must be an object`
    for (const key of CARD_REQUIRED) if (!isNumber(card[key])) return `${at}.card.${key}: must be a number`
    for (const key of CARD_OPTIONAL) if (card[key] !== undefined && !isNumber(card[key])) return `${at}.card.${key}: must be a number`
  }
  if (p['flagged'] !== undefined && p['flagged'] !== true) return `${at}.flagged: must be true when present`
  if (p['pausedUntil'] !== undefined && !isNumber(p['pausedUntil'])) return `${at}.pausedUntil: must be a time in epoch milliseconds`
  for (const key of ['topic', 'difficulty']) {
    const v = p[key]
    if (v !== undefined && (typeof v !== 'string' || !isName(v))) return `${at}.${key}: must be a plain string`
  }
  return undefined
}

/**
 * Reads an export file's text. Anything that is not a complete, valid export
 * of a version we understand throws ExportFormatError saying what is wrong.
 */
export function parseExport(text: string): ProgressData {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new ExportFormatError(`it is not JSON (${(error as Error).message})`)
  }
  if (!isObject(raw) || raw['format'] !== EXPORT_FORMAT) {
    throw new ExportFormatError(`it is not a django-drill progress export (expected "format": "${EXPORT_FORMAT}")`)
  }
  const version = raw['version']
  if (isNumber(version) && version > EXPORT_VERSION) {
    throw new ExportFormatError(`it is export version ${version}, newer than this django-drill understands (${EXPORT_VERSION}); upgrade django-drill`)
  }
  if (version !== EXPORT_VERSION) throw new ExportFormatError(`"version" must be ${EXPORT_VERSION}, not ${JSON.stringify(version)}`)
  if (!isObject(raw['progress'])) throw new ExportFormatError('"progress" is missing or not an object')
  const plans = raw['progress']['plans']
  if (plans !== undefined && !Array.isArray(plans)) throw new ExportFormatError('progress.plans: must be a list')
  for (const [i, plan] of ((plans ?? []) as unknown[]).entries()) if (!isPlan(plan)) throw new ExportFormatError(`progress.plans[${i}]: must be a plan with "at", "created" and "target" (between 0 and 1)`)
  let data: ProgressData
  try {
    data = migrateProgress(raw['progress'])
  } catch (error) {
    if (error instanceof ProgressFormatError) throw new ExportFormatError(error.message)
    throw error
  }
  for (const [bank, questions] of Object.entries(data.banks)) {
    if (!isName(bank)) throw new ExportFormatError(`progress.banks: bank id ${JSON.stringify(bank)} is not a plain name`)
    if (!isObject(questions)) throw new ExportFormatError(`progress.banks.${bank}: must be an object`)
    for (const [id, p] of Object.entries(questions)) {
      if (!isName(id)) throw new ExportFormatError(`progress.banks.${bank}: question id ${JSON.stringify(id)} is not a plain name`)
      const problem = questionProblem(p, `progress.banks.${bank}.${id}`)
      if (problem) throw new ExportFormatError(problem)
    }
  }
  if (!isNumber(data.settings.newPerDay)) throw new ExportFormatError('progress.settings.newPerDay: must be a number')
  return data
}

export interface MergeReport {
  /** Questions the current progress did not have. */
  newQuestions: number
  /** Answers added to the history. */
  answers: number
  /** Answers that were already there. */
  duplicates: number
  /** Schedules replaced by the import's later one. */
  schedules: number
  flags: number
  /** Whether anything changed at all. */
  changed: boolean
}

const attemptKey = (a: Attempt) => `${a.t}|${a.r}|${a.ok}|${a.ms}`
const reviewedAt = (card: StoredCard | undefined) => card?.last_review ?? Number.NEGATIVE_INFINITY
const lastTime = (p: QuestionProgress) => p.history.reduce((max, a) => Math.max(max, a.t), Number.NEGATIVE_INFINITY)
const isEmpty = (p: QuestionProgress) => p.history.length === 0 && p.card === undefined && !p.flagged

/**
 * Merges `incoming` into `current` without losing either side: histories are
 * united (the same answer twice counts once), the schedule reviewed later wins,
 * flags are OR-ed, settings stay those of `current`.
 */
export function mergeProgress(current: ProgressData, incoming: ProgressData): { data: ProgressData; report: MergeReport } {
  const data = structuredClone(current)
  const report: MergeReport = { newQuestions: 0, answers: 0, duplicates: 0, schedules: 0, flags: 0, changed: false }
  for (const [bank, questions] of Object.entries(incoming.banks)) {
    for (const [id, theirs] of Object.entries(questions)) {
      const ours = own(own(data.banks, bank), id)
      if (!ours) {
        if (isEmpty(theirs)) continue
        const copy = structuredClone(theirs)
        const seen = new Set<string>()
        copy.history = copy.history.filter((a) => !seen.has(attemptKey(a)) && Boolean(seen.add(attemptKey(a))))
        ;(own(data.banks, bank) ?? (data.banks[bank] = {}))[id] = copy
        report.newQuestions++
        report.answers += copy.history.length
        report.duplicates += theirs.history.length - copy.history.length
        if (copy.card) report.schedules++
        if (copy.flagged) report.flags++
        continue
      }
      const oursLast = lastTime(ours)
      const seen = new Set(ours.history.map(attemptKey))
      let added = 0
      for (const attempt of theirs.history) {
        const key = attemptKey(attempt)
        if (seen.has(key)) {
          report.duplicates++
          continue
        }
        seen.add(key)
        ours.history.push(structuredClone(attempt))
        added++
      }
      if (added > 0) {
        ours.history.sort((a, b) => a.t - b.t)
        report.answers += added
      }
      if (theirs.card && (ours.card === undefined || reviewedAt(theirs.card) > reviewedAt(ours.card))) {
        ours.card = structuredClone(theirs.card)
        report.schedules++
      }
      if (theirs.flagged && !ours.flagged) {
        ours.flagged = true
        report.flags++
      }
      // Topic and difficulty as of the latest answer on either side.
      const theirsNewer = lastTime(theirs) > oursLast || ours.topic === undefined
      if (theirsNewer && theirs.topic !== undefined && theirs.topic !== ours.topic) {
        ours.topic = theirs.topic
        report.changed = true
      }
      if (theirsNewer && theirs.difficulty !== undefined && theirs.difficulty !== ours.difficulty) {
        ours.difficulty = theirs.difficulty
        report.changed = true
      }
    }
  }
  // Interview plans: united, one per interview moment.
  for (const plan of incoming.plans ?? []) {
    if ((data.plans ?? []).some((p) => p.at === plan.at)) continue
    data.plans = [...(data.plans ?? []), structuredClone(plan)].sort((a, b) => a.at - b.at)
    report.changed = true
  }
  report.changed ||= report.newQuestions + report.answers + report.schedules + report.flags > 0
  return { data, report }
}

export interface PruneScope {
  /** Only this bank id. */
  bank?: string
  /** Only these topics. */
  topics?: readonly string[]
}

/**
 * Removes the progress of every question in scope (history, schedule, flag).
 * `topicOf` gives a question's topic; the store's own is used when it returns undefined.
 */
export function pruneProgress(
  data: ProgressData,
  scope: PruneScope,
  topicOf: (bank: string, id: string) => string | undefined = () => undefined,
): { data: ProgressData; questions: number; answers: number } {
  const next = structuredClone(data)
  let questions = 0
  let answers = 0
  for (const [bank, entries] of Object.entries(next.banks)) {
    if (scope.bank !== undefined && bank !== scope.bank) continue
    for (const [id, p] of Object.entries(entries)) {
      const topic = topicOf(bank, id) ?? p.topic
      if (scope.topics && scope.topics.length > 0 && (topic === undefined || !scope.topics.includes(topic))) continue
      delete entries[id]
      questions++
      answers += p.history.length
    }
    if (Object.keys(entries).length === 0) delete next.banks[bank]
  }
  return { data: next, questions, answers }
}
