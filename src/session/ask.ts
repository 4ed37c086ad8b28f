// Ask: how a question is put to the user. One function dispatching on the
// question's type, so a registry of question kinds can plug in here.
import { shuffle } from '../core/random.ts'
import type { Style } from '../core/style.ts'
import type { Question } from '../core/types.ts'
import { kindOf } from '../core/kinds/index.ts'
import type { Asked as KindAsked } from '../core/kinds/kind.ts'
import type { AskConfig } from '../io/prompts.ts'
import type { KindAskConfig } from '../io/prompts-kinds.ts'

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

/** A code-native kind's prompt, with what the kind asked (a shuffled order, text to print first). */
export type KindConfig = KindAskConfig & { asked: KindAsked }

/** The prompt configuration for a question. */
export function askConfig(q: Question, ctx: AskContext): AskConfig | KindConfig {
  const common = { status: ctx.status, flagged: ctx.flagged, style: ctx.style, tick: ctx.tick, undo: ctx.undo, width: ctx.width }
  if (q.type !== 'choice' && q.type !== 'multi' && q.type !== 'short' && q.type !== 'open') {
    // Every other kind (src/core/kinds: order, cloze, bug, count, output, …) says how it is asked.
    const asked = kindOf(q).ask(q, ctx.random, { width: ctx.width, style: ctx.style })
    return { ...common, ...asked.spec, width: ctx.width, asked, ...(ctx.onText ? { onText: ctx.onText } : {}) } as KindConfig
  }
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
