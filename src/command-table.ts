// Every command of django-drill as data: name, summary, arguments, options with
// their parsers, examples and the lazily imported handler. src/cli.ts builds
// the Commander program from this table, the README's command reference is
// generated from it (scripts/readme.ts), and the wiring tests walk it.
// Adding a command is one entry here and one handler file in src/commands/.
import { InvalidArgumentError } from 'commander'
import type { CheatsheetOptions } from './commands/cheatsheet.ts'
import type { ConfigOptions } from './commands/config.ts'
import type { AnkiOptions } from './commands/export.ts'
import type { BankOptions } from './commands/common.ts'
import type { InterviewOptions } from './commands/interview.ts'
import type { ListOptions } from './commands/list.ts'
import type { ForecastOptions, PlanOptions } from './commands/plan.ts'
import type { ResetOptions } from './commands/progress.ts'
import type { QuizOptions, ReviewOptions } from './commands/quiz.ts'
import type { ShowOptions } from './commands/show.ts'
import type { StatsOptions } from './commands/stats.ts'
import type { SyncOptions } from './commands/sync.ts'
import type { TopicsOptions } from './commands/topics.ts'
import type { TracksOptions } from './commands/tracks.ts'
import type { ValidateOptions } from './commands/validate.ts'
import type { Runtime } from './runtime.ts'

/** What a value completes to in the shell (see src/core/complete.ts). */
export type CompletionKind = 'topic' | 'difficulty' | 'type' | 'tag' | 'track' | 'question' | 'file' | 'dir' | 'shell' | 'none'

export interface OptionSpec {
  /** Commander flags, e.g. `-t, --topic <topic>` or `--no-schedule`. */
  flags: string
  description: string
  /** Turns the raw value into the option's value; `previous` is the value so far (for repeatable options). */
  parse?: (value: string, previous: never) => unknown
  choices?: readonly string[]
  default?: unknown
  /** What its value completes to in the shell. */
  complete?: CompletionKind
  /** Values offered in completion when the handler, not Commander, checks them. */
  values?: readonly string[]
}

export interface ArgumentSpec {
  /** Commander syntax: `<id>`, `[file]`, `[dir...]`. */
  name: string
  description: string
  /** What it completes to in the shell. */
  complete?: CompletionKind
}

export interface CommandSpec {
  name: string
  aliases?: readonly string[]
  summary: string
  arguments?: readonly ArgumentSpec[]
  options?: readonly OptionSpec[]
  /** Full command lines that work on the bundled bank (a test runs each through the parser). */
  examples: readonly string[]
  /** Extra help text shown after the examples. */
  notes?: string
  /** Runs the command with its positional arguments and options; returns the exit code (0 when nothing is returned). */
  run?: (args: readonly never[], options: never, runtime: Runtime) => Promise<number | void>
  subcommands?: readonly CommandSpec[]
}

/** Declares a command whose handler takes these argument and option types. */
const command = <A extends readonly unknown[], O>(spec: Omit<CommandSpec, 'run'> & { run?: (args: A, options: O, runtime: Runtime) => Promise<number | void> }): CommandSpec =>
  spec as unknown as CommandSpec

// ── option parsers and shared groups ───────────────────────────────────────
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value]

const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`)
  return Number(value)
}

const recall = (value: string) => {
  if (!/^0?\.\d{1,4}$/.test(value) || Number(value) <= 0.5) throw new InvalidArgumentError('--target must be a recall between 0.5 and 1, like 0.9')
  return Number(value)
}

const TOPIC: OptionSpec = { flags: '-t, --topic <topic>', description: 'only these topics (repeat or comma-separate)', parse: collect, complete: 'topic' }
const DIFFICULTY: OptionSpec = {
  flags: '-d, --difficulty <level>',
  description: 'beginner, intermediate or advanced (repeat or comma-separate)',
  parse: collect,
  complete: 'difficulty',
}
const JSON_OUT: OptionSpec = { flags: '--json', description: 'print JSON for scripts' }
/** Long output goes through $DJANGO_DRILL_PAGER, $PAGER or less -FRX on a terminal (see core/pager.ts). */
const NO_PAGER: OptionSpec = { flags: '--no-pager', description: 'print straight to the terminal, without a pager' }

/** --topic and --difficulty: what stats narrows by. */
export const LEVEL_OPTIONS: readonly OptionSpec[] = [TOPIC, DIFFICULTY]

/** The filters every command that selects questions shares. */
export const FILTER_OPTIONS: readonly OptionSpec[] = [
  ...LEVEL_OPTIONS,
  { flags: '--tag <tag>', description: 'only questions with one of these tags', parse: collect, complete: 'tag' },
  { flags: '--type <type>', description: 'open, choice, multi, short, order, cloze, bug, count or output (repeat or comma-separate)', parse: collect, complete: 'type' },
  { flags: '-s, --search <text>', description: 'only questions whose title or text contains all these words' },
  { flags: '--track <id>', description: 'only the questions of this track (see `tracks`; repeat or comma-separate)', parse: collect, complete: 'track' },
]

const TIMER_OPTIONS: readonly OptionSpec[] = [
  { flags: '--per-question <duration>', description: 'time limit per question, e.g. 90s, 2m, 1m30s' },
  { flags: '--time-limit <duration>', description: 'time limit for the whole session, e.g. 15m' },
]

/** Options of the program itself, available before and after the command name. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { flags: '-b, --bank <dir>', description: 'use this question bank instead of the bundled one (repeatable)', parse: collect, complete: 'dir' },
  { flags: '--no-color', description: 'plain output without colours (NO_COLOR is respected too)' },
]

export const PROGRAM = {
  name: 'django-drill',
  summary: 'Drill Django interview questions in your terminal.',
  examples: [
    'django-drill',
    'django-drill review',
    'django-drill quiz -t orm -d advanced -n 5',
    'django-drill show orm-select-related-vs-prefetch-related',
    'django-drill validate ./my-bank',
    'django-drill --bank ./my-bank --bank bundled list',
  ],
  notes: 'Run `django-drill help <command>` for the options and examples of one command.',
} as const

const KEYS_NOTE = `Keys during a question: s skip · f flag · u undo · q quit (in text answers type /s, /f, /u, /q; /e opens $EDITOR).
After an answer: m more · u undo · o I was right (after a miss) · f flag · q quit. Ratings: 1-4, or enter for the suggested one.
Ctrl+C stops at once; every answer already given is saved.`

const NO_RELEARN: OptionSpec = { flags: '--no-relearn', description: 'do not ask a question answered Again a second time in the session' }

// ── the commands ───────────────────────────────────────────────────────────
export const COMMANDS: readonly CommandSpec[] = [
  command<[], QuizOptions>({
    name: 'quiz',
    summary: 'a practice session over the questions the filters match',
    options: [
      { flags: '-n, --count <n>', description: 'number of questions (default 10)', parse: wholeNumber('--count') },
      { flags: '--seed <n>', description: 'seed for a reproducible order', parse: wholeNumber('--seed') },
      { flags: '--order <order>', description: 'question order', choices: ['random', 'bank'], default: 'random' },
      { flags: '--weak', description: 'only the questions you miss most' },
      { flags: '--flagged', description: 'only the questions you flagged' },
      { flags: '--no-schedule', description: 'record answers but leave the review schedule alone' },
      { flags: '--ids <ids>', description: 'exactly these questions, in this order (comma-separate or repeat)', parse: collect, complete: 'question' },
      { flags: '--last-missed', description: 'the questions missed in your last session' },
      { flags: '--leeches', description: 'only your leeches (see `list --leeches`)' },
      NO_RELEARN,
      ...FILTER_OPTIONS,
      ...TIMER_OPTIONS,
    ],
    examples: [
      'django-drill quiz',
      'django-drill quiz -t orm,security -d advanced -n 5',
      'django-drill quiz --type choice,short --per-question 45s --time-limit 10m',
      'django-drill quiz --weak',
      'django-drill quiz --seed 42 --order random --no-schedule',
      'django-drill quiz --last-missed',
      'django-drill quiz --ids orm-select-related-vs-prefetch-related --ids orm-n-plus-one-fetch-modes',
    ],
    notes: KEYS_NOTE,
    run: async (_args, options, runtime) => (await import('./commands/quiz.ts')).quiz(options, runtime),
  }),
  command<[], ReviewOptions>({
    name: 'review',
    summary: 'spaced repetition: what is due today, then new questions up to a daily limit',
    options: [{ flags: '--new <n>', description: 'new questions per day (remembered; default 10)', parse: wholeNumber('--new') }, NO_RELEARN, ...FILTER_OPTIONS, ...TIMER_OPTIONS],
    examples: ['django-drill review', 'django-drill review --new 20', 'django-drill review --topic orm --time-limit 15m'],
    notes: KEYS_NOTE,
    run: async (_args, options, runtime) => (await import('./commands/quiz.ts')).review(options, runtime),
  }),
  command<[], InterviewOptions>({
    name: 'interview',
    summary: 'a mock interview: warm-up, core, a deep dive, rapid fire, your questions, then a debrief with a band',
    options: [
      { flags: '--questions <n>', description: 'questions in all phases (default: about one per 3 minutes)', parse: wholeNumber('--questions') },
      { flags: '--minutes <m>', description: 'length of the mock (default 30)', parse: wholeNumber('--minutes') },
      { flags: '--level <level>', description: 'junior, mid or senior: the mix of difficulties (default mid)', values: ['junior', 'mid', 'senior'] },
      { flags: '--spoken', description: 'answer aloud and press enter when done (your time is recorded)' },
      { flags: '--interviewer', description: 'peer mode: a friend reads the questions, listens for the key points and rates you' },
      { flags: '--seed <n>', description: 'seed for reproducible questions and order', parse: wholeNumber('--seed') },
      { flags: '--history', description: 'list past mocks with their band, score and topics' },
      { flags: '--show <n|file>', description: 'print one past mock (its number in --history, or a transcript file)', complete: 'file' },
      JSON_OUT,
      ...FILTER_OPTIONS,
    ],
    examples: [
      'django-drill interview --level senior',
      'django-drill interview --questions 6 --minutes 20 --seed 7',
      'django-drill interview --spoken --track backend-drf',
      'django-drill interview --interviewer',
      'django-drill interview --history',
      'django-drill interview --show 1',
    ],
    notes: `Nothing is revealed until the debrief. Keys in every prompt: /h hint (the first key point, or a nudge from the question's type; the question is then rated Hard at best) · /s skip · /q end early · /e $EDITOR. Ctrl+C saves a partial transcript.
Transcripts (markdown and JSON) go to $DJANGO_DRILL_HOME/interviews, else $XDG_DATA_HOME/django-drill/interviews (~/.local/share/django-drill/interviews).`,
    run: async (_args, options, runtime) => (await import('./commands/interview.ts')).interview(options, runtime),
  }),
  command<[], ListOptions>({
    name: 'list',
    aliases: ['ls'],
    summary: 'list questions as a table (id, topic, difficulty, type, title)',
    options: [
      JSON_OUT,
      { flags: '--flagged', description: 'only questions you flagged' },
      { flags: '--due', description: 'only questions due for review now' },
      { flags: '--new', description: 'only questions you have never been scheduled on' },
      { flags: '--suspended', description: 'only suspended questions' },
      { flags: '--leeches', description: 'only leeches: 8 lapses or more, or missed far more often than FSRS predicted' },
      ...FILTER_OPTIONS,
    ],
    examples: [
      'django-drill list',
      'django-drill list -t orm,security -d advanced',
      'django-drill list --type choice,short --json',
      'django-drill list --search "select_related"',
      'django-drill list --flagged',
      'django-drill list --due --json',
    ],
    run: async (_args, options, runtime) => (await import('./commands/list.ts')).list(options, runtime),
  }),
  command<[string], ShowOptions>({
    name: 'show',
    summary: 'show a question with its model answer and references',
    arguments: [{ name: '<id>', description: 'question id (see `list`)', complete: 'question' }],
    options: [{ flags: '--json', description: 'print the question as JSON' }, NO_PAGER],
    examples: ['django-drill show orm-select-related-vs-prefetch-related', 'django-drill show orm-n-plus-one-fetch-modes --json'],
    notes: 'After the answer comes your history for the question: each attempt with its date, rating and what you typed, the due date, lapses and flag.',
    run: async ([id], options, runtime) => (await import('./commands/show.ts')).show(id, options, runtime),
  }),
  command<[], TopicsOptions>({
    name: 'topics',
    summary: 'list topics with their number of questions per difficulty',
    options: [JSON_OUT],
    examples: ['django-drill topics', 'django-drill topics --json'],
    run: async (_args, options, runtime) => (await import('./commands/topics.ts')).topics(options, runtime),
  }),
  command<[], TracksOptions>({
    name: 'tracks',
    summary: 'study tracks of the bank: each with its number of questions, seen and known now',
    options: [JSON_OUT],
    examples: ['django-drill tracks', 'django-drill tracks --json'],
    notes: 'Drill one track with `--track <id>` on quiz, review, list or cheatsheet.',
    run: async (_args, options, runtime) => (await import('./commands/tracks.ts')).tracks(options, runtime),
  }),
  command<[], StatsOptions>({
    name: 'stats',
    summary: 'your readiness by topic and difficulty, totals, streak, activity and weakest questions',
    options: [
      ...LEVEL_OPTIONS,
      FILTER_OPTIONS.find((o) => o.flags.startsWith('--track'))!,
      { flags: '--on <date>', description: 'the readiness projected to this date (known = expected recall)' },
      { flags: '--json', description: 'print the same figures as JSON for scripts' },
      NO_PAGER,
    ],
    examples: [
      'django-drill stats',
      'django-drill stats --topic orm,views -d advanced',
      'django-drill stats --json',
      'django-drill stats --on 2030-01-15',
      'NO_COLOR=1 django-drill stats',
    ],
    notes: 'A question is "known" when its last answer was right and FSRS still predicts at least 90% recall. `--json` includes your settings.',
    run: async (_args, options, runtime) => (await import('./commands/stats.ts')).stats(options, runtime),
  }),
  command<[], CheatsheetOptions>({
    name: 'cheatsheet',
    summary: 'one page per topic: every question with its one-line answer (terminal, markdown or printable HTML)',
    options: [
      {
        flags: '-f, --format <format>',
        description: 'terminal, md or html (default: terminal on a terminal, else md; or from the --output extension)',
        values: ['terminal', 'md', 'html'],
      },
      { flags: '-o, --output <file>', description: 'write to this file instead of stdout', complete: 'file' },
      { flags: '--detail', description: 'add key points, a short code example and the docs links' },
      { flags: '--weak [count]', description: 'only the questions you miss most, from your progress (default 20)' },
      NO_PAGER,
      ...FILTER_OPTIONS,
    ],
    examples: [
      'django-drill cheatsheet',
      'django-drill cheatsheet --topic orm,views --detail',
      'django-drill cheatsheet --format html --output cheatsheet.html',
      'django-drill cheatsheet --weak 15 --detail',
      'django-drill cheatsheet > cheatsheet.md',
    ],
    run: async (_args, options, runtime) => (await import('./commands/cheatsheet.ts')).cheatsheet(options, runtime),
  }),
  {
    name: 'export',
    summary: 'your questions for other apps: `export anki` writes a file Anki imports',
    examples: ['django-drill export anki', 'django-drill export anki --weak 30 -o weak.txt'],
    subcommands: [
      command<[], AnkiOptions>({
        name: 'anki',
        summary: 'the selected questions as Anki notes, one per question, with a deck per topic',
        options: [
          { flags: '-o, --output <file>', description: 'write to this file, "-" for stdout (default: stdout when piped, else django-drill-anki.txt)', complete: 'file' },
          { flags: '--weak [count]', description: 'only the questions you miss most, from your progress (default 20)', complete: 'none' },
          ...FILTER_OPTIONS,
        ],
        examples: [
          'django-drill export anki',
          'django-drill export anki --topic orm,security -o django-orm.txt',
          'django-drill export anki --weak 30 -o weak.txt',
          'django-drill export anki --type bug,cloze,order -d advanced',
          'django-drill export anki > django-drill-anki.txt',
        ],
        notes:
          'In Anki (2.1.55 or later): File > Import, pick the file, then Import; the file sets the note type (Basic), the decks (Django Drill::<topic>), the tags and the HTML. ' +
          'Each note keeps its id, so importing a newer export updates the notes (their schedule stays) instead of adding copies.',
        run: async (_args, options, runtime) => (await import('./commands/export.ts')).exportAnki(options, runtime),
      }),
    ],
  },
  command<[string[]], ValidateOptions>({
    name: 'validate',
    summary: 'check question banks against the format and report every problem',
    arguments: [{ name: '[dir...]', description: 'bank folders to check (default: --bank, or the bundled bank)', complete: 'dir' }],
    options: [
      { flags: '--json', description: 'print the problems as JSON' },
      { flags: '--strict', description: 'fail on warnings too' },
    ],
    examples: ['django-drill validate', 'django-drill validate ./my-bank --strict', 'django-drill validate ./my-bank --json'],
    notes: 'Each problem prints as "file:line  field  reason". Exit status: 0 when clean, 1 when any error.',
    run: async ([dirs], options, runtime) => (await import('./commands/validate.ts')).validate(dirs, options, runtime),
  }),
  command<[], PlanOptions>({
    name: 'plan',
    summary: 'prepare for an interview on a date: a daily plan, and the readiness projected to the day',
    options: [
      { flags: '--interview <date>', description: 'the interview: a date (2026-12-15, 09:00) or a date and time ("2026-12-15 14:30")' },
      { flags: '--minutes <n>', description: 'daily budget in minutes (default 20)', parse: wholeNumber('--minutes') },
      { flags: '--questions <n>', description: 'daily budget in questions, instead of minutes', parse: wholeNumber('--questions') },
      { flags: '--target <recall>', description: 'recall to reach on the day for every question (default: your desired retention)', parse: recall },
      { flags: '--clear', description: 'remove the active plan' },
      JSON_OUT,
      NO_PAGER,
      ...FILTER_OPTIONS,
    ],
    examples: [
      'django-drill plan --interview 2030-01-15',
      'django-drill plan --interview "2030-01-15 14:30" --minutes 30 --topic orm,views',
      'django-drill plan',
      'django-drill plan --json',
      'django-drill plan --clear',
    ],
    notes: 'Every answer still updates FSRS; the plan chooses what `review` and the home menu offer each day. After the interview normal due dates resume.',
    run: async (_args, options, runtime) => (await import('./commands/plan.ts')).plan(options, runtime),
  }),
  command<[], ForecastOptions>({
    name: 'forecast',
    summary: 'reviews due per day as a bar chart, with the minutes they take at your answer times',
    options: [{ flags: '--days <n>', description: 'how many days (default 30)', parse: wholeNumber('--days') }, JSON_OUT, NO_PAGER],
    examples: ['django-drill forecast', 'django-drill forecast --days 14 --json'],
    run: async (_args, options, runtime) => (await import('./commands/plan.ts')).forecast(options, runtime),
  }),
  command<[string[]], BankOptions>({
    name: 'flag',
    summary: 'flag questions for later (`quiz --flagged`, `list --flagged`)',
    arguments: [{ name: '<id...>', description: 'question ids (see `list`); bank/id when several banks share one', complete: 'question' }],
    examples: ['django-drill flag orm-select-related-vs-prefetch-related'],
    run: async ([ids], options, runtime) => (await import('./commands/flag.ts')).mark('flag', ids, options, runtime),
  }),
  command<[string[]], BankOptions>({
    name: 'unflag',
    summary: 'clear the flag of questions',
    arguments: [{ name: '<id...>', description: 'question ids (see `list`); bank/id when several banks share one', complete: 'question' }],
    examples: ['django-drill unflag orm-select-related-vs-prefetch-related'],
    run: async ([ids], options, runtime) => (await import('./commands/flag.ts')).mark('unflag', ids, options, runtime),
  }),
  command<[string[]], BankOptions>({
    name: 'suspend',
    summary: 'keep questions out of every session until `unsuspend`',
    arguments: [{ name: '<id...>', description: 'question ids (see `list`); bank/id when several banks share one', complete: 'question' }],
    examples: ['django-drill suspend orm-n-plus-one-fetch-modes'],
    run: async ([ids], options, runtime) => (await import('./commands/flag.ts')).mark('suspend', ids, options, runtime),
  }),
  command<[string[]], BankOptions>({
    name: 'unsuspend',
    summary: 'let suspended questions back into sessions',
    arguments: [{ name: '<id...>', description: 'question ids (see `list`); bank/id when several banks share one', complete: 'question' }],
    examples: ['django-drill unsuspend orm-n-plus-one-fetch-modes'],
    run: async ([ids], options, runtime) => (await import('./commands/flag.ts')).mark('unsuspend', ids, options, runtime),
  }),
  command<[], BankOptions>({
    name: 'undo',
    summary: 'take back the last answer you recorded, wherever it was given, and say which',
    examples: ['django-drill undo'],
    notes: 'The schedule goes back exactly to what it was before that answer. The last 50 answers can be undone, newest first.',
    run: async (_args, _options, runtime) => (await import('./commands/undo.ts')).undo(runtime),
  }),
  command<[], ConfigOptions>({
    name: 'config',
    summary: 'your settings: new per day, desired retention, maximum interval, learning steps, shuffling',
    options: [JSON_OUT],
    examples: ['django-drill config', 'django-drill config --json'],
    run: async (_args, options, runtime) => (await import('./commands/config.ts')).showConfig(options, runtime),
    subcommands: [
      command<[string, string], BankOptions>({
        name: 'set',
        summary: 'change one setting (a bad value is refused and changes nothing)',
        arguments: [
          { name: '<key>', description: 'new-per-day, retention, max-interval, learning-steps or shuffle' },
          { name: '<value>', description: 'the new value' },
        ],
        examples: ['django-drill config set retention 0.85', 'django-drill config set learning-steps 1m,10m,1h', 'django-drill config set shuffle false'],
        run: async ([key, value], _options, runtime) => (await import('./commands/config.ts')).setConfig(key, value, runtime),
      }),
    ],
  }),
  command<[string], BankOptions>({
    name: 'completion',
    summary: 'print a shell completion script (bash, zsh or fish)',
    arguments: [{ name: '<shell>', description: 'bash, zsh or fish', complete: 'shell' }],
    examples: [
      'django-drill completion bash > ~/.local/share/bash-completion/completions/django-drill',
      'django-drill completion zsh > "${fpath[1]}/_django-drill"',
      'django-drill completion fish > ~/.config/fish/completions/django-drill.fish',
    ],
    notes: 'Completes commands, options, topics, difficulties, types, tags and question ids from the banks in use.',
    run: async ([shell], _options, runtime) => (await import('./commands/completion.ts')).completion(shell, runtime),
  }),
  command<[], SyncOptions>({
    name: 'sync',
    summary: 'merge your progress with a folder you sync between machines (Syncthing, Dropbox, iCloud, git)',
    options: [
      { flags: '--dir <folder>', description: 'the shared folder (default: the remembered one)', complete: 'dir' },
      { flags: '--remember', description: 'also sync every session (quiz, review, home) with it at start and end' },
      { flags: '--forget', description: 'stop syncing sessions (the folder is left as it is)' },
    ],
    examples: ['django-drill sync --dir ~/Sync/django-drill', 'django-drill sync --dir ~/Dropbox/django-drill --remember', 'django-drill sync'],
    notes:
      'Each machine writes only its own file, django-drill-<device>.json; answers, undos, flags, suspensions and plans are merged, and each schedule is replayed from the merged answers.',
    run: async (_args, options, runtime) => (await import('./commands/sync.ts')).sync(options, runtime),
    subcommands: [
      command<[], BankOptions>({
        name: 'status',
        summary: 'when this machine last synced, with which folder, and what was merged',
        examples: ['django-drill sync status'],
        run: async (_args, _options, runtime) => (await import('./commands/sync.ts')).syncStatus(runtime),
      }),
    ],
  }),
  {
    name: 'progress',
    summary: 'where your progress is kept; export, import or reset it',
    examples: ['django-drill progress path', 'django-drill progress export backup.json', 'django-drill progress import backup.json', 'django-drill progress reset --topic orm'],
    subcommands: [
      command<[], BankOptions>({
        name: 'path',
        summary: 'print the file your progress is kept in',
        examples: ['django-drill progress path'],
        run: async (_args, _options, runtime) => (await import('./commands/progress.ts')).progressPath(runtime),
      }),
      command<[string | undefined], BankOptions>({
        name: 'export',
        summary: 'write all progress (history, schedule, flags, settings) as JSON',
        arguments: [{ name: '[file]', description: 'file to write (default: stdout)', complete: 'file' }],
        examples: ['django-drill progress export progress-backup.json', 'django-drill progress export > progress-backup.json'],
        run: async ([file], _options, runtime) => (await import('./commands/progress.ts')).exportProgress(file, runtime),
      }),
      command<[string], BankOptions>({
        name: 'import',
        summary: 'merge an export into your progress, losing nothing from either side',
        arguments: [{ name: '<file>', description: 'a file written by `progress export` ("-" for stdin)', complete: 'file' }],
        examples: ['django-drill progress import progress-backup.json', 'ssh laptop django-drill progress export | django-drill progress import -'],
        notes: 'The same answer twice counts once; for each question the schedule reviewed later wins.',
        run: async ([file], _options, runtime) => (await import('./commands/progress.ts')).importProgress(file, runtime),
      }),
      command<[], ResetOptions>({
        name: 'reset',
        summary: 'delete progress (all, one bank or some topics) after writing a backup',
        options: [
          { flags: '-y, --yes', description: 'do not ask for confirmation' },
          { flags: '--only-bank <id>', description: 'only the bank with this id (as in its bank.yml)' },
          TOPIC,
        ],
        examples: ['django-drill progress reset', 'django-drill progress reset --topic orm --yes', 'django-drill progress reset --only-bank django'],
        run: async (_args, options, runtime) => (await import('./commands/progress.ts')).resetProgress(options, runtime),
      }),
    ],
  },
]

/** Every command name and alias, subcommands as `parent child`. */
export function commandNames(commands: readonly CommandSpec[] = COMMANDS, prefix = ''): string[] {
  return commands.flatMap((c) => [...[c.name, ...(c.aliases ?? [])].map((n) => `${prefix}${n}`), ...commandNames(c.subcommands ?? [], `${prefix}${c.name} `)])
}
