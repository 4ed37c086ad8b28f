import { normalise } from './parse.ts'
import { RATINGS, type Rating } from './progress.ts'
import type { ChoiceQuestion, MultiQuestion, ShortQuestion } from './types.ts'

export const gradeChoice = (q: ChoiceQuestion, picked: string): boolean => picked === q.answer

/** All correct options ticked and no distractor. */
export function gradeMulti(q: MultiQuestion, picked: readonly string[]): boolean {
  const chosen = new Set(picked)
  return q.answer.every((a) => chosen.has(a)) && chosen.size === q.answer.length
}

/** Typed text against the answer and its accepted alternatives, ignoring case, spacing and punctuation. */
export function gradeShort(q: ShortQuestion, typed: string): boolean {
  const given = normalise(typed)
  if (given === '') return false
  return [q.answer, ...q.accept].some((a) => normalise(a) === given)
}

/**
 * The rating an open answer's key-point coverage suggests: none or little
 * → Again, under two thirds → Hard, most → Good, all → Easy.
 */
export function suggestRating(covered: number, total: number): Rating {
  if (total <= 0) return RATINGS.good
  const share = covered / total
  if (share >= 1) return RATINGS.easy
  if (share >= 2 / 3) return RATINGS.good
  if (share >= 1 / 3) return RATINGS.hard
  return RATINGS.again
}

/** Auto-graded answers: right is Good, wrong or timed out is Again. */
export const ratingForAutoGrade = (correct: boolean): Rating => (correct ? RATINGS.good : RATINGS.again)

/** A rating counts as a correct answer unless it is Again. */
export const isCorrectRating = (rating: Rating): boolean => rating !== RATINGS.again
