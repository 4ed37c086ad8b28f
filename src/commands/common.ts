import { applyFilter, buildFilter, explainNoMatch, FilterError, type Filter, type FilterInput } from '../core/filter.ts'
import type { LightQuestion } from '../core/types.ts'
import { DrillError, UsageError } from '../errors.ts'
import type { Library } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'

export interface BankOptions {
  /** Bank folders from --bank; the bundled bank when empty. */
  bank?: string[]
}

export function parseFilter(input: FilterInput, library: Library<LightQuestion>): Filter {
  try {
    return buildFilter(input, library.topics, library.tracks)
  } catch (error) {
    if (error instanceof FilterError) throw new UsageError(error.message)
    throw error
  }
}

/** The questions matching the filter options; none is an error that says which filter matched nothing. */
export function selectQuestions<Q extends LightQuestion>(input: FilterInput, library: Library<Q>): { filter: Filter; questions: Q[] } {
  const filter = parseFilter(input, library)
  const questions = applyFilter(library.questions, filter)
  if (questions.length === 0) throw new DrillError(explainNoMatch(library.questions, filter))
  return { filter, questions }
}

/**
 * JSON for scripts: indented on a terminal, compact when piped (as gh does), which is also much
 * faster for big banks. With `each`, a list is printed as `value.map(each)` would be, each item
 * made only when its batch is written.
 */
export function printJson<T>(runtime: Runtime, value: readonly T[], each: (item: T) => unknown): void
export function printJson(runtime: Runtime, value: unknown): void
export function printJson(runtime: Runtime, value: unknown, each?: (item: unknown) => unknown): void {
  const whole = (list: readonly unknown[]): unknown => (each ? list.map(each) : list)
  if (runtime.stdoutIsTTY || !Array.isArray(value) || value.length < 2 * JSON_BATCH) {
    const json = Array.isArray(value) ? whole(value) : value
    return runtime.out(runtime.stdoutIsTTY ? JSON.stringify(json, null, 2) : JSON.stringify(json))
  }
  // A long list goes out a batch of items at a time: the same bytes as one JSON.stringify, never all of it in memory.
  const pieces = function* (): Generator<string> {
    for (let i = 0; i < value.length; i += JSON_BATCH) {
      const batch = JSON.stringify(whole(value.slice(i, i + JSON_BATCH)))
      yield `${i === 0 ? '[' : ','}${batch.slice(1, -1)}`
    }
    yield ']'
  }
  if (runtime.outPieces) runtime.outPieces(pieces())
  else runtime.out([...pieces()].join(''))
}
const JSON_BATCH = 100

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`

/** Prints long output through the pager when one applies (not with --no-pager), else straight to stdout. */
export async function printPaged(runtime: Runtime, text: string, options: { pager?: boolean }): Promise<void> {
  if (options.pager !== false && runtime.page && (await runtime.page(text))) return
  runtime.out(text)
}
