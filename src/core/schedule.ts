// FSRS scheduling through ts-fsrs, with cards stored as plain numbers.
import { createEmptyCard, fsrs, type Card, type FSRS, type Grade, type StepUnit } from 'ts-fsrs'
import type { Rating, Settings, StoredCard } from './progress.ts'

export type SchedulerSettings = Pick<Settings, 'retention' | 'maxInterval' | 'learningSteps'>

const scheduler = fsrs({ enable_fuzz: false })
const schedulers = new Map<string, FSRS>()

/** The ts-fsrs scheduler for the user's settings (the default one without). */
export function schedulerFor(settings?: Partial<SchedulerSettings>): FSRS {
  if (!settings) return scheduler
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

/** The card after answering with `rating` at `now`; a question never seen starts as a new card. */
export function schedule(card: StoredCard | undefined, rating: Rating, now: Date, settings?: Partial<SchedulerSettings>): StoredCard {
  const current = card ? fromStored(card) : createEmptyCard(now)
  return toStored(schedulerFor(settings).next(current, now, rating as Grade).card)
}
