// A leech announced in the session: the answer just recorded made the
// question a leech; the user reads the answer now, pauses it, opens its file
// in $EDITOR (questions of the user's own banks), or keeps it.
import { becameLeech, LEECH_LAPSES } from '../core/leech.ts'
import { activePlan } from '../core/plan.ts'
import { progressOf, type QuestionProgress } from '../core/progress.ts'
import { join, resolve } from 'node:path'
import type { Bank, Question } from '../core/types.ts'
import type { ProgressStore } from '../io/store.ts'
import type { Recorded } from './record.ts'

export type LeechChoice = 'read' | 'pause' | 'edit' | 'keep'

/** The choices offered for a leech; `edit` only when the question's file can be edited (a user bank). */
export function leechChoices(editable: boolean): { name: string; value: LeechChoice }[] {
  return [
    { name: 'Read the model answer and its docs links now', value: 'read' },
    { name: 'Pause it until a few days before the interview', value: 'pause' },
    ...(editable ? [{ name: 'Open its file in $EDITOR to rewrite it', value: 'edit' as const }] : []),
    { name: 'Keep it as it is', value: 'keep' },
  ]
}

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

/**
 * The file of a question the user may edit: one in a bank of their own, not
 * the bundled bank (an upgrade would overwrite it, and it may be read-only).
 */
export function userBankFile(banks: readonly Pick<Bank, 'dir' | 'manifest'>[], bundledDir: string): (q: Question) => string | undefined {
  return (q) => {
    const bank = banks.find((b) => b.manifest.id === q.bank)
    return bank && resolve(bank.dir) !== resolve(bundledDir) ? join(bank.dir, q.file) : undefined
  }
}
