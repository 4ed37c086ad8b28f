// Commander wiring only: argv in, typed options out, commands imported lazily
// so that `--version` and `--help` load nothing they do not need.
import { Command, InvalidArgumentError, Option, type OutputConfiguration } from 'commander'
import { processRuntime, type Runtime } from './runtime.ts'

export interface CliContext {
  version: string
  bundledBank: string
  /** Builds the runtime once the global --no-color is known; tests inject their own. */
  runtime?: (color: boolean | undefined) => Runtime
  /** Where Commander writes help and usage errors; tests capture it. */
  output?: OutputConfiguration
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value]

const topicOption = (command: Command): Command => command.option('-t, --topic <topic>', 'only these topics (repeat or comma-separate)', collect)

/** --topic and --difficulty: what stats narrows by. */
const addLevelOptions = (command: Command): Command =>
  topicOption(command).option('-d, --difficulty <level>', 'beginner, intermediate or advanced (repeat or comma-separate)', collect)

/** The filters every command that selects questions shares. */
function addFilterOptions(command: Command): Command {
  return addLevelOptions(command)
    .option('--tag <tag>', 'only questions with one of these tags', collect)
    .option('--type <type>', 'open, choice, multi or short (repeat or comma-separate)', collect)
    .option('-s, --search <text>', 'only questions whose title or text contains all these words')
}

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`

export function buildProgram(context: CliContext): Command {
  const program = new Command('django-drill')
  const runtime = (command: Command): Runtime => {
    const color = command.optsWithGlobals()['color'] as boolean | undefined
    return (context.runtime ?? ((c) => processRuntime(context.bundledBank, c)))(color)
  }
  const globals = (command: Command) => {
    const { bank } = command.optsWithGlobals() as { bank?: string[] }
    return bank && bank.length ? { bank } : {}
  }

  if (context.output) program.configureOutput(context.output)
  program
    .exitOverride()
    .description('Drill Django interview questions in your terminal.')
    .version(context.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-b, --bank <dir>', 'use this question bank instead of the bundled one (repeatable)', collect)
    .option('--no-color', 'plain output without colours (NO_COLOR is respected too)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpCommand(false)
    .addHelpText(
      'after',
      examples([
        'django-drill list --topic orm --difficulty advanced',
        'django-drill show orm-n-plus-one',
        'django-drill topics',
        'django-drill validate ./my-bank',
        'django-drill --bank ./my-bank --bank ./questions list',
      ]),
    )

  addFilterOptions(
    program
      .command('list')
      .alias('ls')
      .description('list questions as a table (id, topic, difficulty, type, title)')
      .option('--json', 'print JSON for scripts'),
  )
    .addHelpText('after', examples(['django-drill list', 'django-drill list -t orm,security -d advanced', 'django-drill list --type choice,short --json', 'django-drill list --search "select_related"']))
    .action(async (options, command: Command) => {
      const { list } = await import('./commands/list.ts')
      await list({ ...options, ...globals(command) }, runtime(command))
    })

  program
    .command('show')
    .description('show a question with its model answer and references')
    .argument('<id>', 'question id (see `list`)')
    .option('--json', 'print the question as JSON')
    .option('--no-pager', 'print straight to the terminal, without a pager')
    .addHelpText('after', examples(['django-drill show orm-n-plus-one', 'django-drill show orm-n-plus-one --no-color | less']))
    .action(async (id: string, options, command: Command) => {
      const { show } = await import('./commands/show.ts')
      await show(id, { ...options, ...globals(command) }, runtime(command))
    })

  program
    .command('topics')
    .description('list topics with their number of questions per difficulty')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', examples(['django-drill topics', 'django-drill topics --json']))
    .action(async (options, command: Command) => {
      const { topics } = await import('./commands/topics.ts')
      await topics({ ...options, ...globals(command) }, runtime(command))
    })

  program
    .command('validate')
    .description('check question banks against the format and report every problem')
    .argument('[dir...]', 'bank folders to check (default: --bank, or the bundled bank)')
    .option('--json', 'print the problems as JSON')
    .option('--strict', 'fail on warnings too')
    .addHelpText(
      'after',
      `${examples(['django-drill validate', 'django-drill validate ./my-bank --strict', 'django-drill validate ./my-bank --json'])}
Each problem prints as "file:line  field  reason". Exit status: 0 when clean, 1 when any error.
`,
    )
    .action(async (dirs: string[], options, command: Command) => {
      const { validate } = await import('./commands/validate.ts')
      const code = await validate(dirs, { ...options, ...globals(command) }, runtime(command))
      if (code !== 0) process.exitCode = code
    })

  // ── practice: quiz and review ─────────────────────────────────────────
  const integer = (name: string) => (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`)
    return Number(value)
  }
  const timerOptions = (command: Command) =>
    command
      .option('--per-question <duration>', 'time limit per question, e.g. 90s, 2m, 1m30s')
      .option('--time-limit <duration>', 'time limit for the whole session, e.g. 15m')

  timerOptions(
    addFilterOptions(
      program
        .command('quiz')
        .description('a practice session over the questions the filters match')
        .option('-n, --count <n>', 'number of questions (default 10)', integer('--count'))
        .option('--seed <n>', 'seed for a reproducible order', integer('--seed'))
        .addOption(new Option('--order <order>', 'question order').choices(['random', 'bank']).default('random'))
        .option('--weak', 'only the questions you miss most')
        .option('--flagged', 'only the questions you flagged')
        .option('--no-schedule', 'record answers but leave the review schedule alone'),
    ),
  )
    .addHelpText(
      'after',
      `${examples([
        'django-drill quiz',
        'django-drill quiz -t orm,security -d advanced -n 5',
        'django-drill quiz --type choice,short --per-question 45s --time-limit 10m',
        'django-drill quiz --weak',
        'django-drill quiz --seed 42 --order random --no-schedule',
      ])}
Keys during a question: s skip · f flag · q quit (in text answers type /s, /f, /q; /e opens $EDITOR).
Ctrl+C stops at once; every answer already given is saved.
`,
    )
    .action(async (options, command: Command) => {
      const { quiz } = await import('./commands/quiz.ts')
      await quiz({ ...options, ...globals(command) }, runtime(command))
    })

  timerOptions(
    addFilterOptions(
      program
        .command('review')
        .description('spaced repetition: what is due today, then new questions up to a daily limit')
        .option('--new <n>', 'new questions per day (remembered; default 10)', integer('--new')),
    ),
  )
    .addHelpText('after', examples(['django-drill review', 'django-drill review --new 20', 'django-drill review --topic orm --time-limit 15m']))
    .action(async (options, command: Command) => {
      const { review } = await import('./commands/quiz.ts')
      await review({ ...options, ...globals(command) }, runtime(command))
    })

  // ── stats and progress ────────────────────────────────────────────────
  addLevelOptions(
    program
      .command('stats')
      .description('your readiness by topic and difficulty, totals, streak, activity and weakest questions'),
  )
    .option('--json', 'print the same figures as JSON for scripts')
    .option('--no-pager', 'print straight to the terminal, without a pager')
    .addHelpText(
      'after',
      `${examples(['django-drill stats', 'django-drill stats --topic orm,views -d advanced', 'django-drill stats --json', 'NO_COLOR=1 django-drill stats'])}
A question is "known" when its last answer was right and it is not overdue.
`,
    )
    .action(async (options, command: Command) => {
      const { stats } = await import('./commands/stats.ts')
      await stats({ ...options, ...globals(command) }, runtime(command))
    })

  const progress = program
    .command('progress')
    .description('where your progress is kept; export, import or reset it')
    .addHelpCommand(false)
    .addHelpText('after', examples(['django-drill progress path', 'django-drill progress export backup.json', 'django-drill progress import backup.json', 'django-drill progress reset --topic orm']))
  progress
    .command('path')
    .description('print the file your progress is kept in')
    .action(async (_options, command: Command) => {
      const { progressPath } = await import('./commands/progress.ts')
      await progressPath(runtime(command))
    })
  progress
    .command('export')
    .description('write all progress (history, schedule, flags, settings) as JSON')
    .argument('[file]', 'file to write (default: stdout)')
    .addHelpText('after', examples(['django-drill progress export progress-backup.json', 'django-drill progress export > progress-backup.json']))
    .action(async (file: string | undefined, _options, command: Command) => {
      const { exportProgress } = await import('./commands/progress.ts')
      await exportProgress(file, runtime(command))
    })
  progress
    .command('import')
    .description('merge an export into your progress, losing nothing from either side')
    .argument('<file>', 'a file written by `progress export` ("-" for stdin)')
    .addHelpText(
      'after',
      `${examples(['django-drill progress import progress-backup.json', 'ssh laptop django-drill progress export | django-drill progress import -'])}
The same answer twice counts once; for each question the schedule reviewed later wins.
`,
    )
    .action(async (file: string, _options, command: Command) => {
      const { importProgress } = await import('./commands/progress.ts')
      await importProgress(file, runtime(command))
    })
  topicOption(
    progress
      .command('reset')
      .description('delete progress (all, one bank or some topics) after writing a backup')
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--only-bank <id>', 'only the bank with this id (as in its bank.yml)'),
  )
    .addHelpText('after', examples(['django-drill progress reset', 'django-drill progress reset --topic orm --yes', 'django-drill progress reset --only-bank django']))
    .action(async (options, command: Command) => {
      const { resetProgress } = await import('./commands/progress.ts')
      await resetProgress({ ...options, ...globals(command) }, runtime(command))
    })

  // --- cheatsheet (issue 6) ---
  addFilterOptions(
    program
      .command('cheatsheet')
      .description('one page per topic: every question with its one-line answer (terminal, markdown or printable HTML)')
      .option('-f, --format <format>', 'terminal, md or html (default: terminal on a terminal, else md; or from the --output extension)')
      .option('-o, --output <file>', 'write to this file instead of stdout')
      .option('--detail', 'add key points, a short code example and the docs links')
      .option('--weak [count]', 'only the questions you miss most, from your progress (default 20)')
      .option('--no-pager', 'print straight to the terminal, without a pager'),
  )
    .addHelpText(
      'after',
      examples([
        'django-drill cheatsheet',
        'django-drill cheatsheet --topic orm,views --detail',
        'django-drill cheatsheet --format html --output cheatsheet.html',
        'django-drill cheatsheet --weak 15 --detail',
        'django-drill cheatsheet > cheatsheet.md',
      ]),
    )
    .action(async (options, command: Command) => {
      const { cheatsheet } = await import('./commands/cheatsheet.ts')
      await cheatsheet({ ...options, ...globals(command) }, runtime(command))
    })
  // --- end cheatsheet ---

  // ── no command: the home menu in a terminal, help elsewhere ───────────
  // Set after the subcommands are added, so they do not inherit it.
  program.allowExcessArguments(true)
  program.action(async (_options, command: Command) => {
    const [unknown] = command.args
    if (unknown !== undefined) {
      const { closest } = await import('./core/suggest.ts')
      const [near] = closest(unknown, program.commands.flatMap((c) => [c.name(), ...c.aliases()]), 1)
      program.error(`error: unknown command '${unknown}'${near ? `\n(Did you mean ${near}?)` : ''}`, { code: 'commander.unknownCommand', exitCode: 2 })
    }
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      program.outputHelp()
      return
    }
    const { home } = await import('./commands/home.ts')
    await home(globals(command), runtime(command))
  })

  return program
}
