// `django-drill completion <shell>` prints a completion script; the script calls
// `django-drill __complete <words...>` (routed here by entry.ts, outside Commander)
// for the candidates, which come from the command table and the banks in use.
import { COMMANDS, GLOBAL_OPTIONS, type CompletionKind } from '../command-table.ts'
import { complete } from '../core/complete.ts'
import { COMPLETION_SCRIPTS, SHELLS, type Shell } from '../core/completion-scripts.ts'
import { DIFFICULTIES, QUESTION_TYPES, type LightQuestion } from '../core/types.ts'
import { UsageError } from '../errors.ts'
import { openLibrary, type Library } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'

export async function completion(shell: string, runtime: Runtime): Promise<void> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`Unknown shell "${shell}". Valid values: ${SHELLS.join(', ')}`)
  runtime.out(COMPLETION_SCRIPTS[shell as Shell])
}

/** The --bank values among the words typed, so completion reads the same banks the command will. */
function banksTyped(words: readonly string[]): string[] {
  const banks: string[] = []
  words.forEach((w, i) => {
    if ((w === '--bank' || w === '-b') && words[i + 1] !== undefined && i + 1 < words.length - 1) banks.push(words[i + 1]!)
    else if (w.startsWith('--bank=')) banks.push(w.slice('--bank='.length))
  })
  return banks
}

/** Prints one candidate per line. Never fails: a completion must not print errors into the shell. */
export async function completeWords(words: readonly string[], runtime: Runtime): Promise<number> {
  try {
    let library: Library<LightQuestion> | undefined
    const quiet: Runtime = { ...runtime, err: () => {}, status: () => {} }
    const bank = (): Library<LightQuestion> => (library ??= openLibrary(quiet, banksTyped(words), { light: true }))
    const source = (kind: CompletionKind): readonly string[] => {
      switch (kind) {
        case 'topic':
          return bank().topics.map((t) => t.id)
        case 'difficulty':
          return DIFFICULTIES
        case 'type':
          return QUESTION_TYPES
        case 'tag':
          return [...new Set(bank().questions.flatMap((q) => q.tags))].sort()
        case 'question':
          return bank().questions.map((q) => q.id)
        case 'shell':
          return SHELLS
        case 'track':
          return [...new Set(bank().tracks.map((t) => t.id))]
        case 'file':
        case 'dir':
        case 'none':
          return []
      }
    }
    const result = complete(words.length > 0 ? words : [''], { commands: COMMANDS, globals: GLOBAL_OPTIONS }, source)
    if (result.words.length > 0) runtime.out(result.words.join('\n'))
  } catch {
    // Nothing to offer; the shell falls back to its own completion.
  }
  return 0
}
