// Pick the next question: the planned ones in order, with failed questions
// coming back once their learning step is due. Pure: the clock is a number.
import type { Question } from '../core/types.ts'

/** Anki's learn-ahead limit: a learning step due this soon may be shown early. */
export const LEARN_AHEAD_MS = 20 * 60_000

export interface Queue {
  /** Questions still to ask, in order. */
  pending: Question[]
  /** Questions answered Again, with when their step is due. */
  relearn: { q: Question; due: number }[]
}

export const newQueue = (questions: readonly Question[]): Queue => ({ pending: [...questions], relearn: [] })

export type Pick = { q: Question; queue: Queue; relearning: boolean } | { done: true; queue: Queue; nextDue?: number }

/**
 * A due relearning step first, then the next planned question, then a step
 * due within the learn-ahead margin; otherwise the session is done for now.
 */
export function pickNext(queue: Queue, now: number, learnAheadMs = LEARN_AHEAD_MS): Pick {
  const relearn = [...queue.relearn].sort((a, b) => a.due - b.due)
  const first = relearn[0]
  if (first && first.due <= now) return { q: first.q, queue: { pending: queue.pending, relearn: relearn.slice(1) }, relearning: true }
  const [next, ...rest] = queue.pending
  if (next) return { q: next, queue: { pending: rest, relearn }, relearning: false }
  if (first && first.due <= now + learnAheadMs) return { q: first.q, queue: { pending: [], relearn: relearn.slice(1) }, relearning: true }
  return { done: true, queue, ...(first ? { nextDue: first.due } : {}) }
}

/** Asks `q` next (after an undo). */
export const askFirst = (queue: Queue, q: Question): Queue => ({ pending: [q, ...queue.pending], relearn: queue.relearn })

/** Brings `q` back once `due` has come. */
export const relearnLater = (queue: Queue, q: Question, due: number): Queue => ({ pending: queue.pending, relearn: [...forget(queue, q).relearn, { q, due }] })

/** Drops a question's pending relearning step (its answer was undone or overridden). */
export const forget = (queue: Queue, q: Question): Queue => ({ pending: queue.pending, relearn: queue.relearn.filter((r) => r.q !== q) })

/** Questions still ahead, relearning steps included. */
export const remaining = (queue: Queue): number => queue.pending.length + queue.relearn.length
