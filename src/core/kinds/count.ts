// count: a whole number from 0 to 10,000, for example how many SQL queries a
// snippet runs. Graded exactly.
import type { QuestionBase } from '../types.ts'
import type { Kind } from './kind.ts'
import { describe } from '../fields.ts'

export interface CountQuestion extends QuestionBase {
  type: 'count'
  answer: number
}

export const MAX_COUNT = 10_000

/** A typed count, or the reason it is not one. */
export function parseCount(text: string): number | string {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return 'Type a whole number, like 3.'
  const n = Number(t)
  return n > MAX_COUNT ? `The answer is at most ${MAX_COUNT.toLocaleString('en')}.` : n
}

/** A range around the answer, a few wide, that does not give it away: 4 → "between 2 and 8". */
export function countRange(answer: number): [number, number] {
  if (answer <= 1) return [0, 3]
  return [Math.floor(answer / 2), answer * 2]
}

export const count: Kind<CountQuestion, number> = {
  type: 'count',
  fields: ['answer'],
  lazy: ['answer'],
  auto: true,
  confirmRating: true,
  asked: 'type a number',
  parse({ f }) {
    const raw = f.raw('answer')
    if (raw === undefined || raw === null) {
      f.error('answer', `is required: a whole number from 0 to ${MAX_COUNT}`)
      return undefined
    }
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= MAX_COUNT) return { answer: raw }
    if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) {
      f.error('answer', `must be a number, not the text "${raw.trim()}": unquote it (answer: ${raw.trim()})`)
    } else f.error('answer', `must be a whole number from 0 to ${MAX_COUNT}, got ${describe(raw)}`)
    return undefined
  },
  ask: () => ({
    spec: {
      mode: 'typed',
      label: 'Number',
      placeholder: 'a whole number',
      check: (text) => {
        const n = parseCount(text)
        return typeof n === 'string' ? n : undefined
      },
    },
  }),
  read(value) {
    if (typeof value !== 'string') return undefined
    const n = parseCount(value)
    return typeof n === 'number' ? n : undefined
  },
  grade: (q, n) => ({ score: n === q.answer ? 1 : 0 }),
  feedback: (q, n, grade, _asked, { style }) =>
    grade.score >= 1
      ? style.green.bold(`✔ Correct: ${q.answer}.`)
      : `${style.red.bold('✘ Not quite.')} ${n === undefined ? '' : `You said ${n}; `}the answer is ${style.bold(String(q.answer))}.`,
  solution: (q, { style }) => `  ${style.green('✔')} ${style.bold(String(q.answer))}`,
  hint: (q) => {
    const [lo, hi] = countRange(q.answer)
    return `It is between ${lo} and ${hi}.`
  },
  answerText: (q) => String(q.answer),
  solved: (q) => ({ kind: 'answer', text: String(q.answer) }),
  card: (q) => ({ front: [{ kind: 'markdown', text: q.prompt }], answer: [{ kind: 'line', label: 'Answer', text: String(q.answer), code: true }] }),
}
