import { progressOf } from '../core/progress.ts'
import { renderShowPage } from '../core/render-question.ts'
import { openStore } from '../io/store.ts'
import { closest } from '../core/suggest.ts'
import type { Question } from '../core/types.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary, type Library } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { printJson, printPaged, type BankOptions } from './common.ts'

export interface ShowOptions extends BankOptions {
  json?: boolean
  /** false with --no-pager */
  pager?: boolean
}

/** Finds a question by id, or by `bank/id` when several banks share an id. */
export function findQuestion(library: Library, ref: string): Question {
  const [bankId, id] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : [undefined, ref]
  const matches = library.questions.filter((q) => q.id === id && (bankId === undefined || q.bank === bankId))
  if (matches.length === 1) return matches[0]!
  if (matches.length > 1) {
    throw new UsageError(`"${ref}" is in several banks; name one: ${matches.map((q) => `${q.bank}/${q.id}`).join(', ')}`)
  }
  const suggestions = closest(
    id,
    library.questions.map((q) => q.id),
  )
  const hint = suggestions.length ? `\nDid you mean:\n${suggestions.map((s) => `  ${s}`).join('\n')}` : '\nRun `django-drill list` to see the ids.'
  throw new DrillError(`No question with id "${ref}".${hint}`)
}

export async function show(id: string, options: ShowOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank)
  const q = findQuestion(library, id)
  const mine = progressOf(openStore(runtime).read(), q.bank, q.id)
  if (options.json) {
    printJson(runtime, { ...q, ...(mine ? { progress: mine } : {}) })
    return
  }
  const topic = library.topics.find((t) => t.id === q.topic)?.title ?? q.topic
  const view = { width: Number.isFinite(runtime.width) ? runtime.width : 100, style: runtime.style }
  await printPaged(runtime, renderShowPage(q, topic, mine, view), options)
}
