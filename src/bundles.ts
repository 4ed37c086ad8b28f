// Which file of dist/ a command line runs. scripts/build.mjs bundles the
// program once per handler module of the command table (dist/list.cjs holds
// the parser, the table and list's handler only), and dist/main.cjs loads the
// one bundle the command line names: a process compiles one command's code,
// not all of it. Pure: the build makes the map, main.ts reads argv with it.
import type { CommandSpec, OptionSpec } from './command-table.ts'

/** The bundle of the program without any command: `--help`, `help <command>`, unknown commands. */
export const HELP_BUNDLE = 'help'
/** The bundle of the home menu (no command on a terminal). */
export const HOME_BUNDLE = 'home'

export interface BundleMap {
  /** A command's name or alias -> the bundle that runs it. */
  words: Record<string, string>
  /** Global options that take a value (`-b`, `--bank`): the next word is that value, not a command. */
  valueFlags: string[]
}

/** A lazy handler import in a run function's text: `import('./commands/quiz.ts')`, or how a test runner rewrites it. */
const HANDLER = /import\w*\(\s*["'][./\w-]*\bcommands\/([\w-]+)\.ts["']\s*\)/g

/** The handler modules (src/commands/<name>.ts) a command and its subcommands import. */
export function modulesOf(spec: CommandSpec): string[] {
  const found = new Set<string>()
  if (spec.run) {
    const names = [...spec.run.toString().matchAll(HANDLER)].map((m) => m[1]!)
    if (names.length !== 1) throw new Error(`command "${spec.name}": its run must import exactly one ./commands/<name>.ts, found ${names.length}`)
    found.add(names[0]!)
  }
  for (const sub of spec.subcommands ?? []) for (const name of modulesOf(sub)) found.add(name)
  return [...found].sort()
}

/** A bundle's name: its handler modules joined (`quiz`, or `a+b` when one command's subcommands use two). */
export const bundleName = (modules: readonly string[]): string => modules.join('+')

export function bundleMap(commands: readonly CommandSpec[], globals: readonly OptionSpec[]): BundleMap {
  const words: Record<string, string> = {}
  for (const spec of commands) {
    const modules = modulesOf(spec)
    if (modules.length === 0) throw new Error(`command "${spec.name}" has no handler`)
    for (const word of [spec.name, ...(spec.aliases ?? [])]) words[word] = bundleName(modules)
  }
  // entry.ts answers shell completion (`__complete`) itself, with commands/completion.ts.
  words['__complete'] = bundleName(['completion'])
  const valueFlags = globals.filter((o) => /[<[]/.test(o.flags)).flatMap((o) => o.flags.split(/[ ,]+/).filter((f) => f.startsWith('-')))
  return { words, valueFlags }
}

/**
 * The bundle for a command line (argv without node and the script), read the
 * way Commander reads it: global options may come before the command name,
 * `--bank dir`, `--bank=dir` and `-bdir` carry their value, `--` ends options.
 */
export function bundleFor(argv: readonly string[], map: BundleMap): string {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    if (word === '--') return commandBundle(argv[i + 1], argv, map)
    if (!word.startsWith('-') || word === '-') return commandBundle(word, argv, map)
    if (map.valueFlags.includes(word)) i++
  }
  return commandBundle(undefined, argv, map)
}

function commandBundle(word: string | undefined, argv: readonly string[], map: BundleMap): string {
  if (word === undefined) return argv.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version' || a === '-v') ? HELP_BUNDLE : HOME_BUNDLE
  return Object.hasOwn(map.words, word) ? map.words[word]! : HELP_BUNDLE
}
