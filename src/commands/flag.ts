// `flag`, `unflag`, `suspend`, `unsuspend`: per-question state set from the command line.
import { setFlag, setSuspended } from '../core/progress.ts'
import { openLibrary } from '../io/library.ts'
import { openStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import type { BankOptions } from './common.ts'
import { findQuestion } from './show.ts'

export type Mark = 'flag' | 'unflag' | 'suspend' | 'unsuspend'

const DONE: Record<Mark, string> = { flag: 'Flagged', unflag: 'Unflagged', suspend: 'Suspended (not shown in sessions until `unsuspend`)', unsuspend: 'Unsuspended' }

/** Sets or clears a flag or a suspension on every question named; an unknown id changes nothing. */
export async function mark(what: Mark, ids: readonly string[], options: BankOptions, runtime: Runtime): Promise<number> {
  const library = openLibrary(runtime, options.bank)
  // Every id is checked before anything is written.
  const questions = [...new Set(ids.map((ref) => findQuestion(library, ref)))]
  openStore(runtime).update((data) => {
    for (const q of questions) {
      if (what === 'flag' || what === 'unflag') setFlag(data, q.bank, q.id, what === 'flag')
      else setSuspended(data, q.bank, q.id, what === 'suspend')
    }
  })
  const names = questions.map((q) => (library.banks.length > 1 ? `${q.bank}/${q.id}` : q.id))
  runtime.out(`${DONE[what]}: ${names.join(', ')}`)
  return 0
}
