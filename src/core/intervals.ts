// What each rating would schedule for a card right now, as short and long text.
// Pure: the card, the moment and the settings come in.
import { createEmptyCard, type Grade } from 'ts-fsrs'
import type { Rating, StoredCard } from './progress.ts'
import { fromStored, schedulerFor, type SchedulerSettings } from './schedule.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Next due time (epoch ms) for each rating, as ts-fsrs computes it for this card at `now`. */
export function previewDue(card: StoredCard | undefined, now: Date, settings?: Partial<SchedulerSettings>): Record<Rating, number> {
  const current = card ? fromStored(card) : createEmptyCard(now)
  const preview = schedulerFor(settings).repeat(current, now)
  const due = (r: Rating) => preview[r as Grade].card.due.getTime()
  return { 1: due(1), 2: due(2), 3: due(3), 4: due(4) }
}

const trim = (n: number) => (n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10))

/** Anki's short form: "<1m", "6m", "3h", "4d", "1.5mo", "2y". */
export function shortInterval(ms: number): string {
  if (ms < MINUTE) return '<1m'
  if (ms < HOUR) return `${Math.round(ms / MINUTE)}m`
  if (ms < DAY) return `${trim(ms / HOUR)}h`
  if (ms < 30 * DAY) return `${Math.round(ms / DAY)}d`
  if (ms < 365 * DAY) return `${trim(ms / (30 * DAY))}mo`
  return `${trim(ms / (365 * DAY))}y`
}

const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** The long form: "in under a minute", "in 10 minutes", "in 3 hours", "in 4 days", "in 2 months". */
export function longInterval(ms: number): string {
  if (ms < MINUTE / 2) return 'in under a minute'
  if (ms < HOUR) return `in ${unit(Math.max(1, Math.round(ms / MINUTE)), 'minute')}`
  if (ms < DAY) return `in ${unit(Math.round(ms / HOUR), 'hour')}`
  if (ms < 30 * DAY) return `in ${unit(Math.round(ms / DAY), 'day')}`
  if (ms < 365 * DAY) return `in ${unit(Math.round(ms / (30 * DAY)), 'month')}`
  return `in ${unit(Math.round(ms / (365 * DAY)), 'year')}`
}

/** Short interval text per rating for the rating prompt. */
export function ratingIntervals(card: StoredCard | undefined, now: Date, settings?: Partial<SchedulerSettings>): Record<Rating, string> {
  const due = previewDue(card, now, settings)
  const t = now.getTime()
  return { 1: shortInterval(due[1] - t), 2: shortInterval(due[2] - t), 3: shortInterval(due[3] - t), 4: shortInterval(due[4] - t) }
}
