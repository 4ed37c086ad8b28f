// FSRS scheduling through ts-fsrs, with cards stored as plain numbers.
import { createEmptyCard, fsrs, type Card } from 'ts-fsrs'
import type { Rating, StoredCard } from './progress.ts'

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

/** The card after answering with `rating` at `now`; a question never seen starts as a new card. */
export function schedule(card: StoredCard | undefined, rating: Rating, now: Date): StoredCard {
  const current = card ? fromStored(card) : createEmptyCard(now)
  return toStored(scheduler.next(current, now, rating).card)
}
