import type { KindQuestion } from './kinds/index.ts'

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const
export type Difficulty = (typeof DIFFICULTIES)[number]

export { QUESTION_TYPES } from './kinds/index.ts'

/** What every question has, whatever its type. */
export interface QuestionBase {
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
  /** What an interviewer asks next: question ids or prompts asked aloud, in order. */
  followUps?: string[]
  /** The question text (markdown), before `## Answer`. */
  prompt: string
  /** The model answer (markdown), after `## Answer`. */
  explanation: string
  /** Path of the source file, relative to the bank folder. */
  file: string
}

/** A question: a union over the kinds in src/core/kinds, discriminated by `type`. */
export type Question = KindQuestion
export type QuestionType = Question['type']

export type { OpenQuestion } from './kinds/open.ts'
export type { ChoiceQuestion } from './kinds/choice.ts'
export type { MultiQuestion } from './kinds/multi.ts'
export type { ShortQuestion } from './kinds/short.ts'
export type { OrderQuestion } from './kinds/order.ts'
export type { ClozeQuestion } from './kinds/cloze.ts'
export type { BugQuestion } from './kinds/bug.ts'
export type { CountQuestion } from './kinds/count.ts'
export type { OutputQuestion } from './kinds/output.ts'

export interface Topic {
  id: string
  title: string
}

/** A study playlist in bank.yml: a question is in it when it matches every selector given (ids add questions). */
export interface Track {
  id: string
  title: string
  description?: string
  topics?: string[]
  tags?: string[]
  difficulty?: Difficulty[]
  ids?: string[]
}

export interface BankManifest {
  id: string
  title: string
  targets?: string
  topics: Topic[]
  tracks?: Track[]
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

/**
 * What a listing of questions reads: the fields the bank index keeps in its light part, without
 * the long texts and answers a cached question reads on first use (src/io/cache.ts). Commands
 * that only list, count or filter load these (openLibrary's `light`), and skip the work of
 * making every question able to read its texts.
 */
export type LightQuestion = Pick<Question, 'bank' | 'id' | 'title' | 'topic' | 'difficulty' | 'type' | 'tags' | 'summary' | 'related' | 'followUps' | 'file'>

export interface Bank<Q extends LightQuestion = Question> {
  manifest: BankManifest
  /** Absolute folder of the bank. */
  dir: string
  questions: Q[]
  problems: Problem[]
  /** Files that had at least one error and were left out. */
  skipped: number
}
