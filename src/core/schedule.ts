// FSRS scheduling through ts-fsrs, with cards stored as plain numbers.
import { createEmptyCard, fsrs, type Card, type FSRS, type StepUnit } from 'ts-fsrs'
import { impossibleCard } from './progress-check.ts'
import type { Attempt, Rating, Settings, StoredCard } from './progress.ts'

export type SchedulerSettings = Pick<Settings, 'retention' | 'maxInterval' | 'learningSteps'>

/** Made when first needed: a session's first question schedules nothing (the quiz bundle loads ts-fsrs on first use). */
let scheduler: FSRS | undefined
const schedulers = new Map<string, FSRS>()

/** The ts-fsrs scheduler for the user's settings (the default one without). */
export function schedulerFor(settings?: Partial<SchedulerSettings>): FSRS {
  if (!settings) return (scheduler ??= fsrs({ enable_fuzz: false }))
  const key = JSON.stringify([settings.retention, settings.maxInterval, settings.learningSteps])
  let found = schedulers.get(key)
  if (!found) {
    found = fsrs({
      enable_fuzz: false,
      ...(settings.retention === undefined ? {} : { request_retention: settings.retention }),
      ...(settings.maxInterval === undefined ? {} : { maximum_interval: settings.maxInterval }),
      ...(settings.learningSteps === undefined ? {} : { learning_steps: settings.learningSteps as StepUnit[] }),
    })
    schedulers.set(key, found)
  }
  return found
}

export function toStored(card: Card): StoredCard {
  const out: StoredCard = {
    due: card.due.getTime(),
    stability: round(card.stability),
    difficulty: round(card.difficulty),
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
  }
  if (card.last_review) out.last_review = card.last_review.getTime()
  return out
}

export function fromStored(card: StoredCard): Card {
  return {
    ...card,
    due: new Date(card.due),
    state: card.state,
    ...(card.last_review === undefined ? {} : { last_review: new Date(card.last_review) }),
  } as Card
}

const round = (n: number) => Math.round(n * 1e6) / 1e6

/**
 * The card after answering with `rating` at `now`; a question never seen starts as a new card.
 * Survives any stored card: one ts-fsrs cannot continue from (an unknown state,
 * a date outside the calendar, a last review after `now`) is rebuilt from the
 * question's `history`, or started afresh without one.
 */
export function schedule(card: StoredCard | undefined, rating: Rating, now: Date, settings?: Partial<SchedulerSettings>, history: readonly Attempt[] = []): StoredCard {
  const fsrsFor = schedulerFor(settings)
  if (card && impossibleCard(card, now.getTime()) === undefined && (card.last_review ?? 0) <= now.getTime()) {
    try {
      const next = toStored(fsrsFor.next(fromStored(card), now, rating).card)
      if (impossibleCard(next, now.getTime()) === undefined) return next
    } catch {
      // fall through: rebuild it
    }
  }
  return card ? fromHistory(fsrsFor, history, rating, now) : toStored(fsrsFor.next(createEmptyCard(now), now, rating).card)
}

/** A card replayed from past answers (in time order, none after `now`), then this one. */
function fromHistory(fsrsFor: FSRS, history: readonly Attempt[], rating: Rating, now: Date): StoredCard {
  const past = history.filter((a) => Number.isFinite(a.t) && a.t <= now.getTime() && a.r >= 1 && a.r <= 4).sort((a, b) => a.t - b.t)
  let current = createEmptyCard(past.length > 0 ? new Date(past[0]!.t) : now)
  try {
    for (const a of past) current = fsrsFor.next(current, new Date(a.t), a.r).card
    return toStored(fsrsFor.next(current, now, rating).card)
  } catch {
    // Even the user's scheduler settings failed: the default scheduler, from scratch.
    return toStored(schedulerFor().next(createEmptyCard(now), now, rating).card)
  }
}
