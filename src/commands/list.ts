import type { FilterInput } from '../core/filter.ts'
import { renderTable } from '../core/table.ts'
import { openLibrary } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { plural, printJson, selectQuestions, type BankOptions } from './common.ts'

export interface ListOptions extends FilterInput, BankOptions {
  json?: boolean
}

export async function list(options: ListOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank)
  const { questions } = selectQuestions(options, library)
  if (options.json) {
    printJson(
      runtime,
      questions.map((q) => ({ bank: q.bank, id: q.id, topic: q.topic, difficulty: q.difficulty, type: q.type, title: q.title, tags: q.tags, summary: q.summary })),
    )
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
