// `django-drill undo`: takes back the last recorded answer, wherever it was given.
import { RATING_NAMES, undoAnswer } from '../core/progress.ts'
import { DrillError } from '../errors.ts'
import { openStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'

const when = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

export async function undo(runtime: Runtime): Promise<number> {
  const { style } = runtime
  const result = openStore(runtime).update((data) => {
    const entry = data.journal?.at(-1)
    if (!entry) return undefined
    const attempt = undoAnswer(data, entry)
    return { entry, attempt, card: data.banks[entry.bank]?.[entry.id]?.card }
  })
  if (!result) throw new DrillError('Nothing to undo: no answer has been recorded since undo was added (the last 50 answers can be undone).')
  const { entry, attempt } = result
  if (!attempt) {
    runtime.out(`The last answer (${entry.id}) was no longer in the history; nothing else changed.`)
    return 0
  }
  const verdict = attempt.ok ? style.green('right') : style.red('wrong')
  runtime.out(`Undid your answer to ${style.cyan(`${entry.bank}/${entry.id}`)} from ${when(attempt.t)}: ${verdict}, rated ${RATING_NAMES[attempt.r]}.`)
  if (entry.scheduled) {
    runtime.out(style.dim(result.card ? `Its schedule is back to what it was: due ${when(result.card.due)}.` : 'It is a new question again.'))
  }
  return 0
}
