export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const
export type Difficulty = (typeof DIFFICULTIES)[number]

export const QUESTION_TYPES = ['open', 'choice', 'multi', 'short'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

interface QuestionBase {
  /** Id of the bank this question belongs to. */
  bank: string
  id: string
  title: string
  topic: string
  difficulty: Difficulty
  tags: string[]
  summary: string
  keyPoints: string[]
  references: string[]
  covers: string[]
  django?: string
  related: string[]
  /** The question text (markdown), before `## Answer`. */
  prompt: string
  /** The model answer (markdown), after `## Answer`. */
  explanation: string
  /** Path of the source file, relative to the bank folder. */
  file: string
}

export interface OpenQuestion extends QuestionBase {
  type: 'open'
}
export interface ChoiceQuestion extends QuestionBase {
  type: 'choice'
  answer: string
  distractors: string[]
}
export interface MultiQuestion extends QuestionBase {
  type: 'multi'
  answer: string[]
  distractors: string[]
}
export interface ShortQuestion extends QuestionBase {
  type: 'short'
  answer: string
  accept: string[]
}

export type Question = OpenQuestion | ChoiceQuestion | MultiQuestion | ShortQuestion

export interface Topic {
  id: string
  title: string
}

export interface BankManifest {
  id: string
  title: string
  targets?: string
  topics: Topic[]
}

export type Severity = 'error' | 'warning'

/** One thing wrong with a bank: where, which field, why. */
export interface Problem {
  file: string
  line?: number
  field: string
  reason: string
  severity: Severity
}

export interface Bank {
  manifest: BankManifest
  /** Absolute folder of the bank. */
  dir: string
  questions: Question[]
  problems: Problem[]
  /** Files that had at least one error and were left out. */
  skipped: number
}
