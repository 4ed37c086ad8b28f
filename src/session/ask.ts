// Ask: how a question is put to the user. One function dispatching on the
// question's type, so a registry of question kinds can plug in here.
import { shuffle } from '../core/random.ts'
import type { Style } from '../core/style.ts'
import type { Question } from '../core/types.ts'
import type { AskConfig } from '../io/prompts.ts'

export interface AskContext {
  status: () => string
  flagged: boolean
  style: Style
  tick: number
  width: number
  random: () => number
  /** Shuffle choice and multi options (the `shuffle` setting). */
  shuffle: boolean
  /** Whether `u` can undo an earlier answer. */
  undo: boolean
  /** Told what is in a text field as it changes, so a timeout can report it. */
  onText?: (text: string) => void
}

const order = (options: string[], ctx: AskContext) => (ctx.shuffle ? shuffle(options, ctx.random) : options)

/** The prompt configuration for a question. */
export function askConfig(q: Question, ctx: AskContext): AskConfig {
  const common = { status: ctx.status, flagged: ctx.flagged, style: ctx.style, tick: ctx.tick, undo: ctx.undo }
  switch (q.type) {
    case 'choice':
      return { ...common, mode: 'choice', options: order([q.answer, ...q.distractors], ctx), width: ctx.width }
    case 'multi':
      return { ...common, mode: 'multi', options: order([...q.answer, ...q.distractors], ctx), width: ctx.width }
    case 'short':
      return { ...common, mode: 'text', placeholder: 'type the answer', editor: false, ...(ctx.onText ? { onText: ctx.onText } : {}) }
    case 'open':
      return { ...common, mode: 'text', placeholder: 'type your answer, or press enter to answer in your head', editor: true, ...(ctx.onText ? { onText: ctx.onText } : {}) }
  }
}
