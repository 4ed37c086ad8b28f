// multi: tick every correct option (2+ answers, 1+ distractors).
import { shuffle } from '../random.ts'
import type { QuestionBase } from '../types.ts'
import { readDistractors } from './choice.ts'
import type { Kind } from './kind.ts'
import { inlinePlain, verdict } from './shared.ts'

export interface MultiQuestion extends QuestionBase {
  type: 'multi'
  answer: string[]
  distractors: string[]
}

export const multi: Kind<MultiQuestion, string[]> = {
  type: 'multi',
  fields: ['answer', 'distractors'],
  lazy: ['answer', 'distractors'],
  auto: true,
  confirmRating: false,
  asked: 'tick every correct option (space), then enter',
  parse({ f }) {
    const answer = f.strings('answer', true)
    let ok = answer !== undefined
    if (answer && answer.length < 2) {
      f.error('answer', `a multi question needs at least 2 correct answers, has ${answer.length}`)
      ok = false
    }
    const distractors = readDistractors(f, 'multi', answer ?? [], 1, Infinity)
    return ok && answer && distractors ? { answer, distractors } : undefined
  },
  ask: (q, random) => ({ spec: { mode: 'multi', options: shuffle([...q.answer, ...q.distractors], random) } }),
  read: (value) => (Array.isArray(value) ? value : undefined),
  /** All correct options ticked and no distractor. */
  grade(q, picked) {
    const chosen = new Set(picked)
    return { score: q.answer.every((a) => chosen.has(a)) && chosen.size === q.answer.length ? 1 : 0 }
  },
  feedback: (q, _a, grade, _asked, view) => verdict(grade.score === 1, q.answer.join('; '), view),
  solution(q, { style }) {
    const correct = new Set(q.answer)
    return [...q.answer, ...q.distractors]
      .map((o) => (correct.has(o) ? `  ${style.green('✔')} ${inlinePlain(o, style)}` : `  ${style.dim('✘')} ${style.dim(inlinePlain(o, style))}`))
      .join('\n')
  },
  hint: (q) => `${q.answer.length === 1 ? 'One option is' : `${q.answer.length} options are`} right.`,
  answerText: (q) => q.answer.join('; '),
  card(q, random) {
    const items = shuffle([...q.answer, ...q.distractors], random)
    const correct = new Set(q.answer)
    return {
      front: [
        { kind: 'markdown', text: q.prompt },
        { kind: 'line', text: `Pick every correct option (${q.answer.length} of ${items.length}).` },
        { kind: 'options', items },
      ],
      answer: [{ kind: 'options', items, correct: items.map((o) => correct.has(o)) }],
    }
  },
}
