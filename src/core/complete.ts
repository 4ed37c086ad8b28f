// Shell completion, pure: the words typed so far and the command table in,
// candidates out. The shells' scripts (completion-scripts.ts) call
// `django-drill __complete <words...>`, which feeds this from the banks in use.
import type { CommandSpec, CompletionKind, OptionSpec } from '../command-table.ts'

/** The values a completion may need, read from the banks (through the cache) only when asked for. */
export type ValueSource = (kind: CompletionKind) => readonly string[]

/** What the shell should do: offer these words, or fall back to its own file or folder completion. */
export interface Completion {
  words: string[]
  /** Set when the word is a path: the shell completes it itself. */
  files?: 'file' | 'dir'
}

const longAndShort = (o: OptionSpec): string[] => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-'))
const takesValue = (o: OptionSpec): boolean => /[<[]/.test(o.flags)

function findOption(options: readonly OptionSpec[], word: string): OptionSpec | undefined {
  return options.find((o) => longAndShort(o).includes(word))
}

/** Candidates for a value, completing the part after the last comma of a comma-separated list. */
function values(of: { complete?: CompletionKind; choices?: readonly string[]; values?: readonly string[] }, current: string, source: ValueSource): Completion {
  const kind = of.complete ?? 'none'
  if (kind === 'file' || kind === 'dir') return { words: [], files: kind }
  const offered = of.choices ?? of.values ?? source(kind)
  const comma = current.lastIndexOf(',')
  const head = current.slice(0, comma + 1)
  const tail = current.slice(comma + 1)
  const taken = new Set(head.split(',').filter(Boolean))
  const words = offered.filter((v) => v.startsWith(tail) && !taken.has(v)).map((v) => `${head}${v}`)
  return { words }
}

/**
 * Completes the last word of `typed` (the words after the program name; the
 * last one is the word being typed, possibly empty).
 */
export function complete(typed: readonly string[], table: { commands: readonly CommandSpec[]; globals: readonly OptionSpec[] }, source: ValueSource): Completion {
  const current = typed.at(-1) ?? ''
  const before = typed.slice(0, -1)
  let commands = table.commands
  let command: CommandSpec | undefined
  let options: readonly OptionSpec[] = table.globals
  let positional = 0
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!
    if (word.startsWith('-')) {
      const option = findOption(options, word.split('=')[0]!)
      if (option && takesValue(option) && !word.includes('=')) i++
      continue
    }
    const sub = commands.find((c) => c.name === word || c.aliases?.includes(word))
    if (sub && (!command || positional === 0)) {
      command = sub
      commands = sub.subcommands ?? []
      options = [...table.globals, ...(sub.options ?? [])]
      positional = 0
    } else positional++
  }

  // The value of the option just before, or after `=` in this word.
  const previous = before.at(-1)
  const previousOption = previous?.startsWith('-') && !previous.includes('=') ? findOption(options, previous) : undefined
  if (previousOption && takesValue(previousOption)) return values(previousOption, current, source)
  if (current.startsWith('-') && current.includes('=')) {
    const [flag, value] = [current.slice(0, current.indexOf('=')), current.slice(current.indexOf('=') + 1)]
    const option = findOption(options, flag)
    if (!option) return { words: [] }
    const inner = values(option, value, source)
    return { ...inner, words: inner.words.map((w) => `${flag}=${w}`) }
  }

  if (current.startsWith('-')) {
    const flags = options.flatMap((o) => longAndShort(o).filter((f) => f.startsWith('--'))).concat(['--help'])
    return { words: [...new Set(flags)].filter((f) => f.startsWith(current)) }
  }
  if (commands.length > 0 && positional === 0) {
    const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])])
    return { words: (command ? names : [...names, 'help']).filter((n) => n.startsWith(current)) }
  }
  const args = command?.arguments ?? []
  const arg = args[Math.min(positional, args.length - 1)]
  if (!arg || (positional >= args.length && !arg.name.includes('...'))) return { words: [] }
  return values(arg, current, source)
}
