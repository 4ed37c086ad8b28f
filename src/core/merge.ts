// Whole-progress transformations behind `progress export|import|reset`: the
// versioned export format, a merge that loses neither side, and pruning.
// Pure: no disk, no clock.
import { isPlan, migrateProgress, ProgressFormatError, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from './progress.ts'
import { checkProgress, MAX_TIME } from './progress-check.ts'

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
const own = <T>(record: Record<string, T> | undefined, key: string): T | undefined => (record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined)

/** Exports larger than this are refused before parsing. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024

/**
 * Reads an export file's text. Anything that is not a complete, valid export
 * of a version we understand throws ExportFormatError saying what is wrong.
 * Checked like bank input (see checkProgress): impossible values are repaired
 * and each repair is described in `notes`; only the known fields are kept.
 */
export function readExport(text: string, now: Date): { data: ProgressData; notes: string[] } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    throw new ExportFormatError(error instanceof RangeError ? 'it is nested too deeply' : `it is not JSON (${message.slice(0, 200)})`)
  }
  if (!isObject(raw) || raw['format'] !== EXPORT_FORMAT) {
    throw new ExportFormatError(`it is not a django-drill progress export (expected "format": "${EXPORT_FORMAT}")`)
  }
  const version = raw['version']
  if (isNumber(version) && version > EXPORT_VERSION) {
    throw new ExportFormatError(`it is export version ${version}, newer than this django-drill understands (${EXPORT_VERSION}); upgrade django-drill`)
  }
  if (version !== EXPORT_VERSION) throw new ExportFormatError(`"version" must be ${EXPORT_VERSION}, not ${JSON.stringify(version)?.slice(0, 40)}`)
  if (!isObject(raw['progress'])) throw new ExportFormatError('"progress" is missing or not an object')
  const plans = raw['progress']['plans']
  if (plans !== undefined && !Array.isArray(plans)) throw new ExportFormatError('progress.plans: must be a list')
  for (const [i, plan] of ((plans ?? []) as unknown[]).entries())
    if (!isPlan(plan)) throw new ExportFormatError(`progress.plans[${i}]: must be a plan with "at", "created" and "target" (between 0 and 1)`)
  let data: ProgressData
  try {
    data = migrateProgress(raw['progress'])
  } catch (error) {
    if (error instanceof ProgressFormatError) throw new ExportFormatError(error.message)
    throw error
  }
  // Only what we know: nothing unknown, however deeply nested, is carried into the store.
  data.settings = { newPerDay: data.settings.newPerDay }
  const banks: ProgressData['banks'] = Object.create(null)
  for (const [bank, questions] of Object.entries(data.banks)) banks[bank] = isObject(questions) ? { ...questions } : questions
  data.banks = banks
  const check = checkProgress(data, now.getTime(), { rebuild: true })
  if (check.problem) throw new ExportFormatError(`progress.${check.problem}`)
  data.banks = { ...data.banks }
  return { data, notes: check.notes }
}

/** readExport without the notes, as of `now` (default: no time is in the future). */
export const parseExport = (text: string, now: Date = new Date(MAX_TIME)): ProgressData => readExport(text, now).data

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
const isEmpty = (p: QuestionProgress) => p.history.length === 0 && p.card === undefined && !p.flagged && !p.suspended && p.pausedUntil === undefined

/**
 * Merges `incoming` into `current` without losing either side: histories are
 * united (the same answer twice counts once), the schedule reviewed later wins,
 * flags and suspensions are OR-ed, the later leech pause stays, settings stay those of `current`.
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
      if (theirs.suspended && !ours.suspended) {
        ours.suspended = true
        report.changed = true
      }
      if (theirs.pausedUntil !== undefined && (ours.pausedUntil === undefined || theirs.pausedUntil > ours.pausedUntil)) {
        ours.pausedUntil = theirs.pausedUntil
        report.changed = true
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
