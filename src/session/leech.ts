// A leech announced in the session: the answer just recorded made the
// question a leech; the user reads the answer now, pauses it, or keeps it.
import { becameLeech, LEECH_LAPSES } from '../core/leech.ts'
import { activePlan } from '../core/plan.ts'
import { progressOf, type QuestionProgress } from '../core/progress.ts'
import type { Question } from '../core/types.ts'
import type { ProgressStore } from '../io/store.ts'
import type { Recorded } from './record.ts'

export type LeechChoice = 'read' | 'pause' | 'keep'

/** A paused leech comes back this many days before the interview (or this many days from now without a plan). */
export const PAUSE_DAYS = 3

/** Whether the answer behind `recorded` made `q` a leech just now, and the line that says why. */
export function leechNotice(store: ProgressStore, q: Question, recorded: Recorded): string | undefined {
  const data = store.read()
  const after = progressOf(data, q.bank, q.id)
  if (!after || !recorded.entry.scheduled) return undefined
  const history = after.history.filter((a) => a.t !== recorded.entry.t)
  const before: QuestionProgress = { ...after, history, ...(recorded.entry.before ? { card: recorded.entry.before } : {}) }
  if (!recorded.entry.before) delete before.card
  if (!becameLeech(history.length ? before : undefined, after, data.settings)) return undefined
  const lapses = after.card?.lapses ?? 0
  return lapses >= LEECH_LAPSES ? `This question is a leech: ${lapses} lapses.` : 'This question is a leech: you miss it far more often than FSRS predicts.'
}

/** Puts a leech aside until some days before the active interview (or for some days). Returns until when. */
export function pauseLeech(store: ProgressStore, q: Question, now: number): number {
  return store.update((data) => {
    const plan = activePlan(data.plans, now)
    const until = plan && plan.at - PAUSE_DAYS * 86_400_000 > now ? plan.at - PAUSE_DAYS * 86_400_000 : now + PAUSE_DAYS * 86_400_000
    const p = progressOf(data, q.bank, q.id)
    if (p) p.pausedUntil = until
    return until
  })
}
