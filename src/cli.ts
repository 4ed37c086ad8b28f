// Builds the Commander program from the command table (src/command-table.ts):
// argv in, typed options out, handlers imported only when their command runs.
import { Command, CommanderError, Option, type OutputConfiguration } from 'commander'
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM, type CommandSpec, type OptionSpec } from './command-table.ts'
import { wrap } from './core/text.ts'
import { processRuntime, type Runtime } from './runtime.ts'
import { isTerminal, stdoutStream } from './io/stdio.ts'

export interface CliContext {
  version: string
  bundledBank: string
  /** Builds the runtime once the global --no-color is known; tests inject their own. */
  runtime?: (color: boolean | undefined) => Runtime
  /** Where Commander writes help and usage errors; tests capture it. */
  output?: OutputConfiguration
  /** Runs a command instead of its handler; tests use it to see what a command line turns into. */
  dispatch?: (spec: CommandSpec, args: unknown[], options: Record<string, unknown>) => Promise<number | void>
}

/** Receives the exit code a command returns; main.ts turns it into the process's. */
export type ExitCode = { code: number }

/**
 * One example as a shell command that fits `width`: too long, it breaks between words (never inside
 * quotes) with a trailing ` \\`, as man pages do, so that it still pastes into a shell as it is.
 */
export function exampleLines(line: string, width: number): string[] {
  const words = line.match(/(?:"[^"]*"|'[^']*'|\S)+/g) ?? []
  const out: string[] = []
  let current = `  $ ${words[0] ?? ''}`
  for (const word of words.slice(1)) {
    // Room for the word and for the " \\" should the line end there.
    if (current.length + 1 + word.length + 2 > width) {
      out.push(`${current} \\`)
      current = `    ${word}`
    } else current += ` ${word}`
  }
  return [...out, current]
}

export const examplesText = (lines: readonly string[], width = Number.POSITIVE_INFINITY) => `\nExamples:\n${lines.flatMap((l) => exampleLines(l, width)).join('\n')}\n`

/** The columns help is laid out in: the terminal's, else 80, as Commander does. */
const helpColumns = (): number => (isTerminal(1) && stdoutStream().columns) || 80
/** A command's notes under its examples, wrapped to the help's width. */
const notesText = (notes: string | undefined): string => (notes ? `${wrap(notes, Math.min(helpColumns(), 100) - 1).join('\n')}\n` : '')

function addOption(command: Command, spec: OptionSpec): void {
  const option = new Option(spec.flags, spec.description)
  if (spec.parse) option.argParser(spec.parse as (value: string, previous: unknown) => unknown)
  if (spec.choices) option.choices(spec.choices)
  if (spec.default !== undefined) option.default(spec.default)
  command.addOption(option)
}

export function buildProgram(context: CliContext, exit: ExitCode = { code: 0 }): Command {
  const program = new Command(PROGRAM.name)
  const runtimeOf = (command: Command): Runtime => {
    const color = command.optsWithGlobals()['color'] as boolean | undefined
    return (context.runtime ?? ((c) => processRuntime(context.bundledBank, c)))(color)
  }

  if (context.output) program.configureOutput(context.output)
  program
    .exitOverride()
    .description(PROGRAM.summary)
    .version(context.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(false)
    .addHelpText('after', () => `${examplesText(PROGRAM.examples, helpColumns())}\n${notesText(PROGRAM.notes)}`)
  for (const spec of GLOBAL_OPTIONS) addOption(program, spec)
  // `-v` too, as many tools accept it; hidden so help shows one spelling.
  program.addOption(new Option('-v').hideHelp())
  program.on('option:v', () => {
    ;(context.output?.writeOut ?? ((s: string) => process.stdout.write(s)))(`${context.version}\n`)
    throw new CommanderError(0, 'commander.version', context.version)
  })

  // A command's options and help text are added only when that command runs or shows its help
  // (Commander's preSubcommand hook, and `help <command>`): one command line parses one command's
  // options, not the ~300 of the whole table. The usage line in the command list still says [options].
  const pending = new Map<Command, () => void>()
  const ready = (command: Command): void => {
    pending.get(command)?.()
    pending.delete(command)
  }
  const readyOnDispatch = (command: Command) => command.hook('preSubcommand', (_parent, sub) => ready(sub))
  const withOptions = new Set<Command>()
  readyOnDispatch(program)
  program.configureHelp({
    // Commander leaves descriptions unwrapped when they have less than 40 columns; 20 keeps 60-column help inside the screen.
    minWidthToWrap: 20,
    subcommandTerm: (cmd) => {
      const args = cmd.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))
      return [cmd.name() + (cmd.aliases()[0] ? `|${cmd.aliases()[0]}` : ''), withOptions.has(cmd) || cmd.options.length ? '[options]' : '', ...args].filter(Boolean).join(' ')
    },
  })

  const add = (parent: Command, spec: CommandSpec): void => {
    const command = parent.command(spec.name).description(spec.summary)
    for (const alias of spec.aliases ?? []) command.alias(alias)
    for (const arg of spec.arguments ?? []) command.argument(arg.name, arg.description)
    if (spec.options?.length) withOptions.add(command)
    pending.set(command, () => {
      for (const option of spec.options ?? []) addOption(command, option)
      command.addHelpText('after', () => `${examplesText(spec.examples, helpColumns())}${notesText(spec.notes)}`)
    })
    if (spec.subcommands) {
      command.helpCommand(false)
      readyOnDispatch(command)
      for (const sub of spec.subcommands) add(command, sub)
    }
    const run = spec.run as ((args: unknown[], options: unknown, runtime: Runtime) => Promise<number | void>) | undefined
    if (!run) return
    command.action(async (...received: unknown[]) => {
      // Commander passes the positional arguments, then the options, then the command.
      const args = received.slice(0, -2)
      const { bank } = command.optsWithGlobals<{ bank?: string[] }>()
      const options = { ...(received.at(-2) as Record<string, unknown>), ...(bank && bank.length ? { bank } : {}) }
      const code = context.dispatch ? await context.dispatch(spec, args, options) : await run(args, options, runtimeOf(command))
      exit.code = code ?? 0
    })
  }
  for (const spec of COMMANDS) add(program, spec)

  // `help <command> [subcommand]`, as git and gh have it, subcommands included.
  program
    .command('help')
    .description('show help for a command')
    .argument('[command...]', 'the command, and its subcommand')
    .action((names: string[]) => {
      let target = program
      for (const name of names) {
        const next = target.commands.find((c) => c.name() === name || c.aliases().includes(name))
        if (!next) return program.error(`error: unknown command '${names.join(' ')}'`, { code: 'commander.unknownCommand', exitCode: 2 })
        target = next
        ready(target)
      }
      target.outputHelp()
    })

  // ── no command: the home menu in a terminal, help elsewhere ───────────
  // Set after the subcommands are added, so they do not inherit it.
  program.allowExcessArguments(true)
  program.action(async (_options, command: Command) => {
    const [unknown] = command.args
    if (unknown !== undefined) {
      const { closest } = await import('./core/suggest.ts')
      const [near] = closest(
        unknown,
        program.commands.flatMap((c) => [c.name(), ...c.aliases()]),
        1,
      )
      program.error(`error: unknown command '${unknown}'${near ? `\n(Did you mean ${near}?)` : ''}`, { code: 'commander.unknownCommand', exitCode: 2 })
    }
    const runtime = runtimeOf(command)
    if (!runtime.stdinIsTTY || !runtime.stdoutIsTTY) {
      program.outputHelp()
      return
    }
    const { bank } = command.optsWithGlobals<{ bank?: string[] }>()
    const { home } = await import('./commands/home.ts')
    await home(bank && bank.length ? { bank } : {}, runtime)
  })

  return program
}
