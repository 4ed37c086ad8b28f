// The registry of question kinds: one entry per `type:`. Every place that
// treats types differently (parser, cache, session, show, cheat sheet) asks
// the kind here instead of naming types or their fields.
import type { Question, QuestionBase } from '../types.ts'
import { bug } from './bug.ts'
import { choice } from './choice.ts'
import { cloze } from './cloze.ts'
import { count } from './count.ts'
import type { Kind } from './kind.ts'
import { multi } from './multi.ts'
import { open } from './open.ts'
import { order } from './order.ts'
import { output } from './output.ts'
import { short } from './short.ts'

export const KINDS = { open, choice, multi, short, order, cloze, bug, count, output } as const

type Registry = typeof KINDS
/** The question each kind parses: the union the compiler checks. */
export type KindQuestion = { [T in keyof Registry]: Registry[T] extends Kind<infer Q, infer _A> ? Q : never }[keyof Registry]

export const QUESTION_TYPES = Object.keys(KINDS) as (keyof Registry)[]

/** The kind of a question, typed loosely: what every caller that does not care which kind it is needs. */
export const kindOf = (q: { type: string }): Kind<Question, unknown> => (KINDS as unknown as Record<string, Kind<Question, unknown>>)[q.type]!

/** The mock interview's hint for a question: its first key point, else what its kind offers (undefined: none). */
export const hintOf = (q: Question): string | undefined => q.keyPoints[0] ?? kindOf(q).hint?.(q)

export const isQuestionType = (type: string): type is keyof Registry => Object.hasOwn(KINDS, type)

/** Front-matter fields some kind reads: known everywhere, ignored (with a warning) where not used. */
export const KIND_FIELDS: ReadonlySet<string> = new Set(Object.values(KINDS).flatMap((k) => k.fields))

/** Properties of the common fields long enough to keep out of the cache's light part (not `followUps` nor `related`: the checks across files read them on every load). */
export const COMMON_LAZY = ['prompt', 'explanation', 'keyPoints', 'references', 'covers', 'django'] as const satisfies readonly (keyof QuestionBase)[]

/** Every property any kind keeps lazy in the cache, with the common ones. */
export const LAZY_FIELDS: ReadonlySet<string> = new Set([...COMMON_LAZY, ...Object.values(KINDS).flatMap((k) => k.lazy)])

export type { Kind } from './kind.ts'
