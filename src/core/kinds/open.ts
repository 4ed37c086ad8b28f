// open: self-graded. The user answers (typed or in their head), sees the
// model answer and ticks the key points they covered (the session does that).
import type { QuestionBase } from '../types.ts'
import type { Kind } from './kind.ts'

export interface OpenQuestion extends QuestionBase {
  type: 'open'
}

export const open: Kind<OpenQuestion, string> = {
  type: 'open',
  fields: [],
  lazy: [],
  auto: false,
  confirmRating: true,
  asked: 'typed or answered in your head (/e opens $EDITOR), then the key points you covered are ticked',
  parse({ f, keyPoints }) {
    if (keyPoints && (keyPoints.length < 2 || keyPoints.length > 6)) {
      f.error('key_points', `an open question needs 2 to 6 key points, has ${keyPoints.length}`)
      return undefined
    }
    return {}
  },
  ignored: (field) => (field === 'answer' ? 'is ignored for open questions; put the model answer under "## Answer"' : undefined),
  ask: () => ({ spec: { mode: 'text', placeholder: 'type your answer, or press enter to answer in your head', editor: true } }),
  read: (value) => (typeof value === 'string' ? value : value.join('\n')),
  grade: () => ({ score: 0 }),
  feedback: () => '',
  solution: () => '',
  answerText: () => undefined,
}
