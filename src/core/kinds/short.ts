// short: a typed answer compared case-insensitively after normalising spaces
// and punctuation; no regular expressions. A bare name also accepts that name
// called with arguments (`cache_page(60 * 15)` for `cache_page`).
import type { QuestionBase } from '../types.ts'
import type { Kind } from './kind.ts'
import { startOf, verdict } from './shared.ts'

export interface ShortQuestion extends QuestionBase {
  type: 'short'
  answer: string
  accept: string[]
}

/** Case, spacing and punctuation do not matter when comparing typed answers. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const BARE_NAME = /^[A-Za-z_]\w*$/
// `name(args)`, `obj.name(args)` or `@name(args)`: the name called (or applied as a decorator) with arguments.
const CALL = /^@?(?:[A-Za-z_]\w*\s*\.\s*)*([A-Za-z_]\w*)\s*\([\s\S]*\)$/

/** Typed text against the answer and its accepted alternatives. */
export function gradeShort(q: Pick<ShortQuestion, 'answer' | 'accept'>, typed: string): boolean {
  const given = normalise(typed)
  if (given === '') return false
  const accepted = [q.answer, ...q.accept]
  if (accepted.some((a) => normalise(a) === given)) return true
  const call = CALL.exec(typed.trim())
  return call !== null && accepted.some((a) => BARE_NAME.test(a.trim()) && a.trim().toLowerCase() === call[1]!.toLowerCase())
}

export const short: Kind<ShortQuestion, string> = {
  type: 'short',
  fields: ['answer', 'accept'],
  lazy: ['answer', 'accept'],
  auto: true,
  confirmRating: false,
  asked: 'type the answer (case, spacing and punctuation do not matter)',
  parse({ f }) {
    const answer = f.string('answer', true)
    const accept = f.strings('accept', false) ?? []
    return answer === undefined ? undefined : { answer, accept }
  },
  ask: () => ({ spec: { mode: 'text', placeholder: 'type the answer', editor: false } }),
  read: (value) => (typeof value === 'string' ? value : value.join(' ')),
  grade: (q, typed) => ({ score: gradeShort(q, typed) ? 1 : 0 }),
  feedback: (q, _a, grade, _asked, view) => verdict(grade.score === 1, q.answer, view),
  solution(q, { style }) {
    const alts = q.accept.length ? style.dim(` (also accepted: ${q.accept.join(', ')})`) : ''
    return `  ${style.green('✔')} ${q.answer}${alts}`
  },
  hint: (q) => `It starts with "${startOf(q.answer)}".`,
  answerText: (q) => q.answer,
  card: (q) => ({
    front: [{ kind: 'markdown', text: q.prompt }],
    answer: [{ kind: 'line', label: 'Answer', text: q.answer }, ...(q.accept.length ? [{ kind: 'line' as const, label: 'Also accepted', text: q.accept.join(', ') }] : [])],
  }),
}
