// choice: one correct option among 2-5 distractors, shuffled on display.
import { shuffle } from '../random.ts'
import type { QuestionBase } from '../types.ts'
import type { Kind } from './kind.ts'
import { inlinePlain, sameText, verdict } from './shared.ts'
import type { Fields } from '../fields.ts'

export interface ChoiceQuestion extends QuestionBase {
  type: 'choice'
  answer: string
  distractors: string[]
}

/** distractors: `min`-`max` of them, none also a correct answer. */
export function readDistractors(f: Fields, type: string, correct: readonly string[], min: number, max: number): string[] | undefined {
  const distractors = f.strings('distractors', true)
  if (!distractors) return undefined
  let ok = true
  if (distractors.length < min || distractors.length > max) {
    const range = max === Infinity ? `at least ${min}` : `${min} to ${max}`
    f.error('distractors', `a ${type} question needs ${range} distractors, has ${distractors.length}`)
    ok = false
  }
  // Options are shown as written, so only case and spacing make two options the same.
  const right = new Set(correct.map(sameText))
  for (const d of distractors) {
    if (right.has(sameText(d))) {
      f.error('distractors', `"${d}" is also a correct answer`)
      ok = false
    }
  }
  return ok ? distractors : undefined
}

export const choice: Kind<ChoiceQuestion, string> = {
  type: 'choice',
  fields: ['answer', 'distractors'],
  lazy: ['answer', 'distractors'],
  auto: true,
  confirmRating: false,
  asked: 'pick one of the shuffled options (arrows or its number, enter)',
  parse({ f }) {
    const answer = f.string('answer', true)
    const distractors = readDistractors(f, 'choice', answer ? [answer] : [], 2, 5)
    return answer !== undefined && distractors ? { answer, distractors } : undefined
  },
  ask: (q, random) => ({ spec: { mode: 'choice', options: shuffle([q.answer, ...q.distractors], random) } }),
  read: (value) => (typeof value === 'string' ? value : undefined),
  grade: (q, picked) => ({ score: picked === q.answer ? 1 : 0 }),
  feedback: (q, _a, grade, _asked, view) => verdict(grade.score === 1, q.answer, view),
  solution(q, { style }) {
    const options = [q.answer, ...q.distractors]
    return options.map((o, i) => (i === 0 ? `  ${style.green('✔')} ${inlinePlain(o, style)}` : `  ${style.dim('✘')} ${style.dim(inlinePlain(o, style))}`)).join('\n')
  },
  hint: (q) => (q.distractors[0] === undefined ? undefined : `It is not: ${q.distractors[0]}`),
  answerText: (q) => q.answer,
  card(q, random) {
    const items = shuffle([q.answer, ...q.distractors], random)
    return {
      front: [
        { kind: 'markdown', text: q.prompt },
        { kind: 'options', items },
      ],
      answer: [{ kind: 'options', items, correct: items.map((o) => o === q.answer) }],
    }
  },
}
