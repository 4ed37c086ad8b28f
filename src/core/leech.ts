// Leeches and confusions: the questions that cost the most for what they
// give, and the wrong options a user keeps picking. Pure.
import { compareIds, progressOf, type Attempt, type ProgressData, type QuestionProgress, type Settings, type StoredCard } from './progress.ts'
import { recallAt } from './plan.ts'
import { schedule, type SchedulerSettings } from './schedule.ts'
import { effectiveSettings } from './progress.ts'
import type { LightQuestion, Question } from './types.ts'

/** Lapses that make a question a leech, then every LEECH_AGAIN more. */
export const LEECH_LAPSES = 8
export const LEECH_AGAIN = 4
/** The one-sided test's level. */
export const LEECH_P = 0.05
/** The test is not run on fewer misses than this (one unlucky miss is not a pattern). */
export const LEECH_MIN_MISSES = 3

/**
 * P(X >= k) where X counts successes of independent trials with chances
 * `p[i]` (the Poisson-binomial upper tail), exactly, by dynamic programming.
 */
export function poissonBinomialTail(p: readonly number[], k: number): number {
  if (k <= 0) return 1
  if (k > p.length) return 0
  let dist = [1]
  for (const pi of p) {
    const nextDist = new Array<number>(dist.length + 1).fill(0)
    for (let j = 0; j < dist.length; j++) {
      nextDist[j]! += dist[j]! * (1 - pi)
      nextDist[j + 1]! += dist[j]! * pi
    }
    dist = nextDist
  }
  let tail = 0
  for (let j = k; j < dist.length; j++) tail += dist[j]!
  return Math.min(1, tail)
}

export interface MissTest {
  /** Reviews with a prediction (the first answer of a new card has none). */
  reviews: number
  misses: number
  /** Misses FSRS expected: the sum of 1 - predicted recall. */
  expected: number
  /** Chance of at least this many misses if FSRS's predictions held. */
  p: number
}

/**
 * Replays a question's history through the scheduler: at each answer after
 * the first, FSRS's predicted recall, and whether it was missed.
 */
export function missTest(history: readonly Attempt[], settings: Partial<SchedulerSettings>): MissTest {
  const chances: number[] = []
  let misses = 0
  let card: StoredCard | undefined
  for (const a of [...history].sort((x, y) => x.t - y.t)) {
    // Only answers an hour or more after the last: a session's relearning steps say little.
    if (card?.last_review !== undefined && a.t - card.last_review >= 3_600_000) {
      chances.push(1 - recallAt(card, a.t, settings))
      if (a.ok === 0) misses++
    }
    card = schedule(card, a.r, new Date(a.t), settings)
  }
  return { reviews: chances.length, misses, expected: chances.reduce((s, x) => s + x, 0), p: poissonBinomialTail(chances, misses) }
}

export type LeechReason = 'lapses' | 'misses'

export interface Leech {
  bank: string
  id: string
  lapses: number
  reason: LeechReason
  test: MissTest
}

/** Whether `history` holds at least `n` wrong answers. */
function atLeastWrong(history: readonly Attempt[], n: number): boolean {
  let wrong = 0
  for (const a of history) if (a.ok === 0 && ++wrong >= n) return true
  return false
}

/**
 * The misses `missTest` counts, without the scheduler: in time order, the wrong answers an hour
 * or more after the answer before (the card's last review, which every scheduled answer sets to
 * its own time; test/stats-equal.test.ts checks the two agree).
 */
export function spacedMisses(history: readonly Attempt[]): number {
  const inOrder = [...history].sort((x, y) => x.t - y.t)
  let misses = 0
  for (let i = 1; i < inOrder.length; i++) if (inOrder[i]!.ok === 0 && inOrder[i]!.t - inOrder[i - 1]!.t >= 3_600_000) misses++
  return misses
}

/** Why a question is a leech, or undefined. */
export function leechReason(p: QuestionProgress | undefined, settings: Settings): { reason: LeechReason; test: MissTest } | undefined {
  if (!p || p.history.length === 0) return undefined
  // The miss test only counts wrong answers: with fewer than LEECH_MIN_MISSES of them, and short of
  // LEECH_LAPSES lapses, the question is no leech, and replaying its history through the scheduler
  // (most of what `stats` spent here) would not change that.
  // Nor with fewer such misses an hour or more apart: all the test counts (most wrong answers are
  // retried minutes later, in the same session).
  if (!((p.card?.lapses ?? 0) >= LEECH_LAPSES) && !(atLeastWrong(p.history, LEECH_MIN_MISSES) && spacedMisses(p.history) >= LEECH_MIN_MISSES)) return undefined
  const e = effectiveSettings(settings)
  const test = missTest(p.history, { retention: e.retention, maxInterval: e.maxInterval, learningSteps: e.learningSteps })
  if ((p.card?.lapses ?? 0) >= LEECH_LAPSES) return { reason: 'lapses', test }
  if (test.misses >= LEECH_MIN_MISSES && test.p < LEECH_P) return { reason: 'misses', test }
  return undefined
}

/** The leeches among `questions`, most lapses first. */
export function findLeeches(progress: ProgressData, questions: readonly Pick<Question, 'bank' | 'id'>[]): Leech[] {
  const out: Leech[] = []
  for (const q of questions) {
    const p = progressOf(progress, q.bank, q.id)
    const why = leechReason(p, progress.settings)
    if (why) out.push({ bank: q.bank, id: q.id, lapses: p?.card?.lapses ?? 0, ...why })
  }
  return out.sort((a, b) => b.lapses - a.lapses || a.test.p - b.test.p || compareIds(a.id, b.id))
}

/**
 * Whether the answer that took a question from `before` to `after` made it a
 * leech just now (to announce it once): the 8th lapse, the 12th, the 16th…,
 * or the first time the miss test says so.
 */
export function becameLeech(before: QuestionProgress | undefined, after: QuestionProgress, settings: Settings): boolean {
  const lapses = after.card?.lapses ?? 0
  const lapsesBefore = before?.card?.lapses ?? 0
  if (lapses > lapsesBefore && lapses >= LEECH_LAPSES && (lapses - LEECH_LAPSES) % LEECH_AGAIN === 0) return true
  if (after.history.at(-1)?.ok !== 0) return false
  const now = leechReason(after, settings)
  const was = before ? leechReason(before, settings) : undefined
  return now?.reason === 'misses' && was === undefined
}

// ── confusions ─────────────────────────────────────────────────────────────

export interface Confusion {
  bank: string
  id: string
  /** The wrong option picked. */
  picked: string
  /** The right answer(s). */
  answer: string[]
  times: number
}

/** The right answer(s) of a choice or multi question; nothing for another kind. */
export const rightAnswers = (q: Question): readonly string[] => (q.type === 'choice' ? [q.answer] : q.type === 'multi' ? q.answer : [])

/**
 * Wrong options picked at least `min` times for the same question, most frequent first.
 * `answerOf` gives a question's right answers (a long field: asked only of a question missed).
 */
export function confusions<Q extends LightQuestion>(progress: ProgressData, questions: readonly Q[], answerOf: (q: Q) => readonly string[], min = 2): Confusion[] {
  const out: Confusion[] = []
  for (const q of questions) {
    if (q.type !== 'choice' && q.type !== 'multi') continue
    const counts = new Map<string, number>()
    const history = progressOf(progress, q.bank, q.id)?.history ?? []
    for (let i = 0; i < history.length; i++) {
      const picked = history[i]!.w
      // A wrong option picked twice in one answer counts once.
      if (picked) for (const w of new Set(picked)) counts.set(w, (counts.get(w) ?? 0) + 1)
    }
    // The answer is a long field, read from the cache only when it is needed: not for questions never missed.
    if (counts.size === 0) continue
    const answer = [...answerOf(q)]
    for (const [picked, times] of counts) if (times >= min && !answer.includes(picked)) out.push({ bank: q.bank, id: q.id, picked, answer, times })
  }
  return out.sort((a, b) => b.times - a.times || compareIds(a.id, b.id) || a.picked.localeCompare(b.picked))
}

/** The wrong options among what was picked for a choice or multi question (empty otherwise). */
export function wrongPicks(q: Question, value: string | readonly string[]): string[] {
  if (q.type === 'choice') return typeof value === 'string' && value !== q.answer && q.distractors.includes(value) ? [value] : []
  if (q.type === 'multi') return (Array.isArray(value) ? value : [value]).filter((v) => q.distractors.includes(v))
  return []
}
