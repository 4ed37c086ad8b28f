import { endOfDay, startOfDay, type Calendar } from './calendar.ts'
import { progressOf, type ProgressData } from './progress.ts'
import { shuffle } from './random.ts'
import type { Question } from './types.ts'

export type Order = 'random' | 'bank'

/** A quiz: `count` questions, shuffled with `random` or in bank order. */
export function pickQuiz(questions: readonly Question[], options: { count: number; order: Order; random: () => number }): Question[] {
  const ordered = options.order === 'bank' ? [...questions] : shuffle(questions, options.random)
  return ordered.slice(0, Math.max(0, options.count))
}

/** Anki's learn-ahead limit: a card due within this margin may be shown now, never earlier. */
export const LEARN_AHEAD_MS = 20 * 60_000

export interface ReviewQueue {
  /** Scheduled questions due now (or within the learn-ahead margin), most overdue first. */
  due: Question[]
  /** Never-scheduled questions, up to what is left of today's new limit. */
  fresh: Question[]
  /** New questions already started today. */
  newToday: number
  queue: Question[]
  /** The first card due after the margin (epoch ms), if any. */
  nextDue?: number
  /** Cards due tomorrow (local day). */
  dueTomorrow: number
}

/**
 * The spaced-repetition queue: what is due today first, then new questions in
 * bank order up to the daily limit (minus those already started today).
 */
export function reviewQueue(questions: readonly Question[], progress: ProgressData, now: Date, newPerDay: number, calendar: Calendar, learnAheadMs = LEARN_AHEAD_MS): ReviewQueue {
  const end = endOfDay(calendar, now.getTime())
  const start = startOfDay(calendar, now.getTime())
  const dueBy = now.getTime() + Math.min(learnAheadMs, LEARN_AHEAD_MS)
  const tomorrowEnd = endOfDay(calendar, end + 1)
  let nextDue: number | undefined
  let dueTomorrow = 0
  const due: { q: Question; at: number }[] = []
  const unseen: Question[] = []
  let newToday = 0
  // A question is new today when its first answer was given today.
  for (const bank of Object.values(progress.banks)) {
    for (const p of Object.values(bank)) {
      const first = p.history[0]?.t
      if (p.card && first !== undefined && first >= start && first <= end) newToday++
    }
  }
  for (const q of questions) {
    const p = progressOf(progress, q.bank, q.id)
    if (p?.suspended || (p?.pausedUntil ?? 0) > now.getTime()) continue
    const card = p?.card
    if (!card) unseen.push(q)
    else if (card.due <= dueBy) due.push({ q, at: card.due })
    else {
      if (nextDue === undefined || card.due < nextDue) nextDue = card.due
      if (card.due > end && card.due <= tomorrowEnd) dueTomorrow++
    }
  }
  due.sort((a, b) => a.at - b.at)
  const fresh = unseen.slice(0, Math.max(0, newPerDay - newToday))
  const dueQuestions = due.map((d) => d.q)
  return { due: dueQuestions, fresh, newToday, queue: [...dueQuestions, ...fresh], dueTomorrow, ...(nextDue === undefined ? {} : { nextDue }) }
}
