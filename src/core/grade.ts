// Grading: each kind grades its own answers (src/core/kinds); this module
// turns grades into ratings and keeps the one-line helpers callers use.
import { choice } from './kinds/choice.ts'
import { kindOf } from './kinds/index.ts'
import type { Asked, Grade, View } from './kinds/kind.ts'
import { ratingForScore } from './kinds/kind.ts'
import { multi } from './kinds/multi.ts'
import { RATINGS, type Rating } from './progress.ts'
import type { ChoiceQuestion, MultiQuestion, Question } from './types.ts'

export { gradeShort } from './kinds/short.ts'
export { ratingForScore } from './kinds/kind.ts'

export const gradeChoice = (q: ChoiceQuestion, picked: string): boolean => choice.grade(q, picked).score === 1

/** All correct options ticked and no distractor. */
export const gradeMulti = (q: MultiQuestion, picked: readonly string[]): boolean => multi.grade(q, [...picked]).score === 1

export interface Judgement {
  grade: Grade
  /** Partly right suggests Hard, fully right Good, wrong Again. */
  suggested: Rating
  /** What was right and wrong, for the terminal. */
  feedback: string
}

/** Grades a prompt's answer to any auto-graded question: the one dispatch the session needs. */
export function judge(q: Question, value: string | string[], asked: Asked, view: View): Judgement {
  const kind = kindOf(q)
  const answer = kind.read(value, asked)
  const grade = answer === undefined ? { score: 0 } : kind.grade(q, answer)
  return { grade, suggested: ratingForScore(grade.score), feedback: kind.feedback(q, answer, grade, asked, view) }
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
