import { renderTable } from '../core/table.ts'
import { DIFFICULTIES } from '../core/types.ts'
import { openLibrary } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { printJson, type BankOptions } from './common.ts'

export interface TopicsOptions extends BankOptions {
  json?: boolean
}

export async function topics(options: TopicsOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank, { light: true })
  const rows = library.topics.map((topic) => {
    const qs = library.questions.filter((q) => q.topic === topic.id)
    const counts = Object.fromEntries(DIFFICULTIES.map((d) => [d, qs.filter((q) => q.difficulty === d).length])) as Record<(typeof DIFFICULTIES)[number], number>
    return { id: topic.id, title: topic.title, ...counts, total: qs.length }
  })
  if (options.json) {
    printJson(runtime, rows)
    return
  }
  const num = (n: number) => String(n)
  runtime.out(
    renderTable(
      [
        { header: 'TOPIC', keep: true, color: (s, st) => st.cyan(s) },
        { header: 'TITLE', shrink: 1, min: 12 },
        { header: 'BEGINNER', short: 'BEG', align: 'right' },
        { header: 'INTERMEDIATE', short: 'INT', align: 'right' },
        { header: 'ADVANCED', short: 'ADV', align: 'right' },
        { header: 'TOTAL', short: 'ALL', align: 'right' },
      ],
      rows.map((r) => [r.id, r.title, num(r.beginner), num(r.intermediate), num(r.advanced), num(r.total)]),
      runtime.width,
      runtime.style,
    ),
  )
  runtime.out(runtime.style.dim(`${library.questions.length} questions in ${rows.length} topics`))
}
