import { DurationError, parseDuration } from '../core/duration.ts'
import type { FilterInput } from '../core/filter.ts'
import { flaggedQuestions, weakQuestions } from '../core/stats.ts'
import { seededRandom } from '../core/random.ts'
import { pickQuiz, reviewQueue, type Order } from '../core/select.ts'
import { renderSummary } from '../core/summary-render.ts'
import { progressOf, type ProgressData } from '../core/progress.ts'
import { findQuestion } from './show.ts'
import { longInterval } from '../core/intervals.ts'
import type { Question } from '../core/types.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary, type Library } from '../io/library.ts'
import { openStore, type ProgressStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { plural, selectQuestions, type BankOptions } from './common.ts'
import { runSession, userBankFile, type SessionDeps } from './session.ts'
import { sessionUi, type SessionUi } from './session-ui.ts'
import { autoSync } from './sync.ts'

interface TimerOptions {
  /** e.g. "90s": limit per question. */
  perQuestion?: string
  /** e.g. "15m": limit for the whole session. */
  timeLimit?: string
}

export interface QuizOptions extends FilterInput, BankOptions, TimerOptions {
  count?: number
  seed?: number
  order?: Order
  /** false with --no-schedule: answers are recorded but the FSRS schedule is left alone. */
  schedule?: boolean
  weak?: boolean
  flagged?: boolean
  /** false with --no-relearn: a question answered Again is not asked again this session. */
  relearn?: boolean
  /** --ids: exactly these questions, in this order. */
  ids?: string[]
  /** --last-missed: the questions missed in the last session. */
  lastMissed?: boolean
  /** --leeches: only the leeches. */
  leeches?: boolean
}

export interface ReviewOptions extends FilterInput, BankOptions, TimerOptions {
  /** New questions per day; remembered in the settings. */
  new?: number
  relearn?: boolean
}

export interface CommandDeps {
  ui?: SessionUi
  store?: ProgressStore
  timer?: SessionDeps['timer']
  tick?: number
}

function durations(options: TimerOptions): { perQuestionMs?: number; timeLimitMs?: number } {
  try {
    return {
      ...(options.perQuestion === undefined ? {} : { perQuestionMs: parseDuration(options.perQuestion) }),
      ...(options.timeLimit === undefined ? {} : { timeLimitMs: parseDuration(options.timeLimit) }),
    }
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(error.message)
    throw error
  }
}

function requireTerminal(runtime: Runtime, command: string): void {
  if (!runtime.stdinIsTTY || !runtime.stdoutIsTTY) {
    throw new UsageError(`\`${command}\` is interactive and needs a terminal; for scripts use \`list --json\` or \`show <id>\`.`)
  }
}

const topicTitles = (library: Library) => {
  const titles = new Map(library.topics.map((t) => [t.id, t.title]))
  return { topicTitle: (id: string) => titles.get(id) ?? id, topicOrder: library.topics.map((t) => t.id) }
}

/** What a session starts from: the store, and its data as read once at the start (after the start-of-session sync). */
type Started = CommandDeps & { store: ProgressStore; progress: ProgressData }

/** The store's data at the start of a session: read once, after the sync at the start (which may change it). */
function startingProgress(store: ProgressStore, runtime: Runtime): ProgressData {
  // Only read: the session changes progress through the store (uncopied, see ProgressStore.snapshot).
  const read = () => store.snapshot?.() ?? store.read()
  let progress: ProgressData | undefined
  try {
    progress = read()
  } catch {
    // autoSync reports it as it always has, and the read below throws it
  }
  return autoSync(store, runtime, 'start', progress) || progress === undefined ? read() : progress
}

async function play(questions: Question[], library: Library, runtime: Runtime, timers: TimerOptions & { relearn?: boolean }, schedule: boolean, deps: Started): Promise<number> {
  const summary = await runSession(
    questions,
    { ...durations(timers), schedule, relearn: timers.relearn !== false, ...topicTitles(library), sourceFile: userBankFile(library.banks, runtime.bundledBank) },
    {
      ui: deps.ui ?? sessionUi(runtime.env),
      store: deps.store,
      progress: deps.progress,
      runtime,
      ...(deps.timer ? { timer: deps.timer } : {}),
      ...(deps.tick === undefined ? {} : { tick: deps.tick }),
    },
  )
  const missed = new Set(summary.missed)
  deps.store.update((data) => {
    data.lastMissed = questions.filter((q) => missed.has(q.id)).map((q) => `${q.bank}/${q.id}`)
  })
  autoSync(deps.store, runtime, 'end')
  runtime.out(`\n${renderSummary(summary, { width: runtime.width, style: runtime.style, topicTitle: topicTitles(library).topicTitle })}`)
  if (schedule) runtime.out(`\n${whatNext(library.questions, deps.store, runtime)}`)
  return 0
}

/** "Done for now · next review in 3 hours · 12 due tomorrow", or how many are still due. */
export function whatNext(questions: readonly Question[], store: ProgressStore, runtime: Runtime): string {
  const progress = store.read()
  const now = runtime.now()
  const queue = reviewQueue(questions, progress, now, 0, runtime.calendar, 0) // due now, not within the learn-ahead margin
  const { style } = runtime
  if (queue.due.length) return style.bold(`${plural(queue.due.length, 'question')} still due now · \`django-drill review\``)
  const parts = [style.bold('Done for now')]
  if (queue.nextDue !== undefined) parts.push(`next review ${longInterval(queue.nextDue - now.getTime())}`)
  parts.push(`${queue.dueTomorrow} due tomorrow`)
  return parts.join(style.dim(' · '))
}

export async function quiz(options: QuizOptions, runtime: Runtime, deps: CommandDeps = {}): Promise<number> {
  durations(options) // a malformed duration is an error before anything else happens
  if (options.count !== undefined && (!Number.isInteger(options.count) || options.count < 1)) throw new UsageError('--count must be a whole number of at least 1')
  if (!deps.ui) requireTerminal(runtime, 'quiz')
  const library = openLibrary(runtime, options.bank, { records: true })
  const store = deps.store ?? openStore(runtime)
  const progress = startingProgress(store, runtime)
  if (options.ids || options.lastMissed) return retry(options, library, runtime, { ...deps, store, progress })
  let { questions } = selectQuestions(options, library)
  questions = withoutSuspended(questions, progress)
  if (options.leeches) {
    const { findLeeches } = await import('../core/leech.ts')
    const keys = new Set(findLeeches(progress, questions).map((l) => `${l.bank}/${l.id}`))
    if (keys.size === 0) throw new DrillError('No leeches: no question has 8 lapses or is missed far more often than FSRS predicted.')
    questions = questions.filter((q) => keys.has(`${q.bank}/${q.id}`))
  }
  if (options.weak || options.flagged) {
    const picked = new Set([
      ...(options.weak ? weakQuestions(progress, questions, runtime.now(), Number.MAX_SAFE_INTEGER) : []),
      ...(options.flagged ? flaggedQuestions(progress, questions) : []),
    ])
    if (picked.size === 0) {
      const what = options.weak && options.flagged ? 'weak or flagged' : options.weak ? 'weak' : 'flagged'
      const scope = questions.length < library.questions.length ? ' among those the filters match' : ''
      throw new DrillError(`No ${what} questions${scope} yet. Answer some questions first (\`django-drill review\`).`)
    }
    questions = questions.filter((q) => picked.has(q))
  }
  const random = seededRandom(options.seed ?? Math.floor(runtime.random() * 2 ** 32))
  const chosen = pickQuiz(questions, {
    count: options.count ?? 10,
    order: options.order ?? 'random',
    random,
  })
  return play(chosen, library, { ...runtime, random }, options, options.schedule !== false, { ...deps, store, progress })
}

/** Keeps suspended questions out of sessions. */
const withoutSuspended = (questions: readonly Question[], progress: ProgressData): Question[] => questions.filter((q) => !progressOf(progress, q.bank, q.id)?.suspended)

/** `quiz --ids a,b,c` and `quiz --last-missed`: exactly those questions, in that order. */
async function retry(options: QuizOptions, library: Library, runtime: Runtime, deps: Started): Promise<number> {
  const { progress } = deps
  let refs: string[]
  if (options.ids)
    refs = options.ids
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean)
  else {
    refs = progress.lastMissed ?? []
    if (refs.length === 0) throw new DrillError('No missed questions from your last session to retry.')
  }
  const found = [...new Set(refs.map((ref) => findQuestion(library, ref)))]
  const questions = withoutSuspended(found, progress)
  if (questions.length === 0) throw new DrillError('Every one of those questions is suspended; `django-drill unsuspend <id>` lets them back.')
  return play(questions, library, runtime, options, options.schedule !== false, deps)
}

export async function review(options: ReviewOptions, runtime: Runtime, deps: CommandDeps = {}): Promise<number> {
  durations(options)
  if (options.new !== undefined && (!Number.isInteger(options.new) || options.new < 0)) throw new UsageError('--new must be a whole number, 0 or more')
  if (!deps.ui) requireTerminal(runtime, 'review')
  const library = openLibrary(runtime, options.bank, { records: true })
  const { questions } = selectQuestions(options, library)
  const store = deps.store ?? openStore(runtime)
  let progress = startingProgress(store, runtime)
  if (options.new !== undefined) {
    const perDay = options.new
    store.update((data) => {
      data.settings.newPerDay = perDay
    })
    progress = store.read()
  }
  const { planStatus, countdown } = await import('./plan.ts')
  const status = planStatus(progress, library, runtime, { project: false })
  if (status) {
    // An interview is planned: the day's queue of the plan, within the filters given.
    const wanted = new Set(questions)
    const planned = status.today.queue.map((x) => x.question).filter((q) => wanted.has(q))
    runtime.out(countdown(status, runtime))
    if (planned.length === 0) {
      runtime.out("Today's plan is done. Practise anyway with `django-drill quiz`, or see the days ahead with `django-drill plan`.")
      return 0
    }
    return play(planned, library, runtime, options, true, { ...deps, store, progress })
  }
  const queue = reviewQueue(questions, progress, runtime.now(), progress.settings.newPerDay, runtime.calendar)
  if (queue.queue.length === 0) {
    runtime.out(
      `Nothing to review right now: no question is due and today's ${plural(progress.settings.newPerDay, 'new question')} ${progress.settings.newPerDay === 1 ? 'is' : 'are'} done.`,
    )
    runtime.out(whatNext(questions, store, runtime))
    runtime.out(runtime.style.dim('Practise anyway with `django-drill quiz`, or raise the daily limit with `review --new 20`.'))
    return 0
  }
  runtime.out(runtime.style.dim(`${plural(queue.due.length, 'question')} due · ${queue.fresh.length} new`))
  return play(queue.queue, library, runtime, options, true, { ...deps, store, progress })
}
