// FSRS scheduling through ts-fsrs, with cards stored as plain numbers.
import { createEmptyCard, fsrs, type Card } from 'ts-fsrs'
import { impossibleCard } from './progress-check.ts'
import type { Attempt, Rating, StoredCard } from './progress.ts'

const scheduler = fsrs({ enable_fuzz: false })

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
 * question's history, or started afresh without one.
 */
export function schedule(card: StoredCard | undefined, rating: Rating, now: Date, history: readonly Attempt[] = []): StoredCard {
  if (card && impossibleCard(card, now.getTime()) === undefined && (card.last_review ?? 0) <= now.getTime()) {
    try {
      const next = toStored(scheduler.next(fromStored(card), now, rating).card)
      if (impossibleCard(next, now.getTime()) === undefined) return next
    } catch {
      // fall through: rebuild it
    }
  }
  return card ? fromHistory(history, rating, now) : toStored(scheduler.next(createEmptyCard(now), now, rating).card)
}

/** A card replayed from past answers (in time order, none after `now`), then this one. */
function fromHistory(history: readonly Attempt[], rating: Rating, now: Date): StoredCard {
  const past = history.filter((a) => Number.isFinite(a.t) && a.t <= now.getTime() && a.r >= 1 && a.r <= 4).sort((a, b) => a.t - b.t)
  let current = createEmptyCard(past.length > 0 ? new Date(past[0]!.t) : now)
  try {
    for (const a of past) current = scheduler.next(current, new Date(a.t), a.r).card
    return toStored(scheduler.next(current, now, rating).card)
  } catch {
    return toStored(scheduler.next(createEmptyCard(now), now, rating).card)
  }
}
