import { filtersNothing, readsTexts, type FilterInput } from '../core/filter.ts'
import { listRow } from '../core/list-row.ts'
import { renderTable } from '../core/table.ts'
import type { LightQuestion } from '../core/types.ts'
import { listedLibrary, openLibrary } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { plural, printJson, selectQuestions, type BankOptions } from './common.ts'

export interface ListOptions extends FilterInput, BankOptions {
  json?: boolean
  flagged?: boolean
  due?: boolean
  new?: boolean
  suspended?: boolean
  leeches?: boolean
}

const byProgressAsked = (options: ListOptions): boolean => Boolean(options.flagged || options.due || options.new || options.suspended || options.leeches)

/** --flagged, --due, --new, --suspended, --leeches: what your progress says about each question (all must hold). */
async function byProgress(questions: LightQuestion[], options: ListOptions, runtime: Runtime): Promise<LightQuestion[]> {
  if (!byProgressAsked(options)) return questions
  // The store and the scheduler load only for these filters: a plain `list` reads the bank alone.
  const [{ openStore }, { progressOf }, { findLeeches }, { LEARN_AHEAD_MS }] = await Promise.all([
    import('../io/store.ts'),
    import('../core/progress.ts'),
    import('../core/leech.ts'),
    import('../core/select.ts'),
  ])
  const progress = openStore(runtime).read()
  const leeches = options.leeches ? new Set(findLeeches(progress, questions).map((l) => `${l.bank}/${l.id}`)) : undefined
  const dueBy = runtime.now().getTime() + LEARN_AHEAD_MS
  return questions.filter((q) => {
    const p = progressOf(progress, q.bank, q.id)
    if (options.flagged && !p?.flagged) return false
    if (options.suspended && !p?.suspended) return false
    if (leeches && !leeches.has(`${q.bank}/${q.id}`)) return false
    if (options.new && p?.card) return false
    if (options.due && !(p?.card && p.card.due <= dueBy && !p.suspended)) return false
    return true
  })
}

export async function list(options: ListOptions, runtime: Runtime): Promise<void> {
  // Every question of unchanged banks, piped: the rows their indexes keep (the same bytes as below).
  if (options.json && !runtime.stdoutIsTTY && filtersNothing(options) && !byProgressAsked(options)) {
    const pieces = listedLibrary(runtime, options.bank)
    if (pieces) return runtime.outPieces ? runtime.outPieces(pieces) : runtime.out(pieces.join(''))
  }
  // A list needs no question's texts, unless --search looks in them.
  const library = openLibrary(runtime, options.bank, { light: !readsTexts(options), textsUnread: true })
  const questions = await byProgress(selectQuestions(options, library).questions, options, runtime)
  if (options.json) {
    printJson(runtime, questions, listRow)
    return
  }
  const multiBank = library.banks.length > 1
  const { style } = runtime
  const table = renderTable(
    [
      { header: 'ID', keep: true, color: (s, st) => st.cyan(s) },
      { header: 'TOPIC', shrink: 3, min: 8, drop: 1 },
      { header: 'DIFFICULTY', short: 'LEVEL', drop: 3, color: (s, st) => (s.startsWith('adv') ? st.red(s) : s.startsWith('int') ? st.yellow(s) : st.green(s)) },
      { header: 'TYPE', drop: 2 },
      { header: 'TITLE', shrink: 1, min: 16 },
    ],
    questions.map((q) => [multiBank ? `${q.bank}/${q.id}` : q.id, q.topic, q.difficulty, q.type, q.title]),
    runtime.width,
    style,
  )
  runtime.out(table)
  runtime.out(style.dim(plural(questions.length, 'question')))
}
