// Record: save an answer (history, schedule, journal) and take it back.
import { recordWithJournal, undoAnswer, type Attempt, type JournalEntry, type Outcome, type Rating, type StoredCard, progressOf } from '../core/progress.ts'
import { schedule, type SchedulerSettings } from '../core/schedule.ts'
import type { Question } from '../core/types.ts'
import type { ProgressStore } from '../io/store.ts'

/** Typed answers are kept, but never megabytes of them. */
export const MAX_KEPT_ANSWER = 4000

export interface Answered {
  outcome: Outcome
  rating: Rating
  ms: number
  /** Text typed or written in the editor. */
  text?: string
  override?: boolean
  /** Given in a mock interview. */
  interview?: boolean
  /** Choice and multi: the wrong options picked. */
  wrong?: string[]
}

export interface Recorded {
  entry: JournalEntry
  /** The card after the answer (undefined with --no-schedule). */
  card?: StoredCard
  due?: number
  /** False when the write failed and the answer is only kept in memory (see ProgressStore.record). */
  saved?: boolean
}

export function recordAnswer(store: ProgressStore, q: Question, answer: Answered, at: Date, options: { schedule: boolean; settings?: Partial<SchedulerSettings> }): Recorded {
  const attempt: Attempt = { t: at.getTime(), r: answer.rating, ok: answer.outcome === 'correct' ? 1 : 0, ms: Math.round(answer.ms) }
  if (answer.outcome === 'timeout') attempt.to = 1
  if (answer.text) attempt.a = answer.text.slice(0, MAX_KEPT_ANSWER)
  if (answer.override) attempt.ov = 1
  if (answer.interview) attempt.iv = 1
  if (answer.wrong?.length) attempt.w = answer.wrong.map((w) => w.slice(0, 500))
  // store.record: when the write fails (a full disk) the answer is kept in memory and saved
  // with the next write or at the end of the session; `saved` says which.
  let result: Recorded | undefined
  const saved = store.record((data) => {
    result = change(data)
  })
  return { ...result!, saved }

  function change(data: Parameters<Parameters<ProgressStore['update']>[0]>[0]): Recorded {
    const previous = progressOf(data, q.bank, q.id)?.card
    // Two answers in the same millisecond would be one journal key: keep times unique per question.
    const last = progressOf(data, q.bank, q.id)?.history.at(-1)
    if (last && last.t >= attempt.t) attempt.t = last.t + 1
    // The history lets the scheduler rebuild a card it cannot continue from.
    const card = options.schedule ? schedule(previous, answer.rating, new Date(attempt.t), options.settings, progressOf(data, q.bank, q.id)?.history) : undefined
    const entry = recordWithJournal(data, { bank: q.bank, id: q.id, topic: q.topic, difficulty: q.difficulty, attempt, ...(card ? { card } : {}) })
    return { entry, ...(card ? { card, due: card.due } : {}) }
  }
}

/** Takes a recorded answer back; returns the attempt removed. */
export function takeBack(store: ProgressStore, entry: JournalEntry): Attempt | undefined {
  return store.update((data) => undoAnswer(data, entry))
}
