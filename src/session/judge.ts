// Judge: what an answer is worth. One function for every question type, so a
// registry of question kinds can plug in here; self-graded kinds say so.
import { gradeChoice, gradeMulti, gradeShort, ratingForScore } from '../core/grade.ts'
import { kindOf } from '../core/kinds/index.ts'
import type { Asked as KindAsked, View } from '../core/kinds/kind.ts'
import { normalise } from '../core/parse.ts'
import type { Rating } from '../core/progress.ts'
import type { Question } from '../core/types.ts'

export type Judgement =
  /** Graded by the tool. */
  | { kind: 'auto'; correct: boolean; almost?: Almost; graded?: KindGrade }
  /** The user grades it against the key points (open questions). */
  | { kind: 'self' }

/** A code-native kind's grade: partial credit, the rating it suggests (the user confirms it), and what was right and wrong. */
export interface KindGrade {
  score: number
  suggested: Rating
  details: (view: View) => string
}

/** A short answer one edit away from an accepted one. */
export interface Almost {
  given: string
  expected: string
  /** Column of the first difference, for a caret under it. */
  at: number
}

/** Levenshtein distance capped at 2 (we only care whether it is 0, 1 or more). */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1)
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

/** The accepted answer one edit away from what was typed, if any (answers of 4+ characters only). */
export function almostMatch(accepted: readonly string[], typed: string): Almost | undefined {
  if (normalise(typed) === '') return undefined
  // As typed (case aside) when that is one edit away, so the diff shows the user's own text; else normalised.
  for (const form of [(s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase(), normalise]) {
    const given = form(typed)
    for (const answer of accepted) {
      const expected = form(answer)
      if (expected.length < 4 || expected === given || !withinOneEdit(given, expected)) continue
      let at = 0
      while (at < given.length && given[at] === expected[at]) at++
      return { given, expected, at }
    }
  }
  return undefined
}

/** Judges an answer value (the option picked, the options ticked, or the text typed). */
export function judge(q: Question, value: string | string[], asked?: KindAsked): Judgement {
  if (q.type !== 'choice' && q.type !== 'multi' && q.type !== 'short' && q.type !== 'open') {
    // Every other kind (src/core/kinds) grades itself; partial credit suggests a rating the user confirms.
    const how: KindAsked = asked ?? { spec: { mode: 'text', placeholder: '', editor: false } }
    const kind = kindOf(q)
    const answer = kind.read(value, how)
    const grade = answer === undefined ? { score: 0 } : kind.grade(q, answer)
    const graded: KindGrade = { score: grade.score, suggested: ratingForScore(grade.score), details: (view) => kind.feedback(q, answer, grade, how, view) }
    return { kind: 'auto', correct: grade.score >= 1, graded }
  }
  switch (q.type) {
    case 'choice':
      return { kind: 'auto', correct: gradeChoice(q, value as string) }
    case 'multi':
      return { kind: 'auto', correct: gradeMulti(q, value as string[]) }
    case 'short': {
      const correct = gradeShort(q, value as string)
      const almost = correct ? undefined : almostMatch([q.answer, ...q.accept], value as string)
      return { kind: 'auto', correct, ...(almost ? { almost } : {}) }
    }
    case 'open':
      return { kind: 'self' }
  }
}
