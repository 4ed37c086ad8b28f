// `plan`: prepare for an interview on a date; `forecast`: what is coming.
import { applyFilter, type FilterInput } from '../core/filter.ts'
import {
  activePlan,
  answerTimes,
  DEFAULT_MINUTES,
  parseInterviewDate,
  PlanDateError,
  planDay,
  projectPlan,
  withPlan,
  type DayPlan,
  type InterviewPlan,
  type ProjectedDay,
} from '../core/plan.ts'
import { countdownLine, noteLines, renderForecast, renderPlanTable, type ForecastDay } from '../core/plan-render.ts'
import { addDays } from '../core/calendar.ts'
import { effectiveSettings, progressOf, type ProgressData } from '../core/progress.ts'
import { wrap } from '../core/text.ts'
import type { LightQuestion, Question } from '../core/types.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary, type Library } from '../io/library.ts'
import { openStore, type ProgressStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { parseFilter, printJson, printPaged, type BankOptions } from './common.ts'

export interface PlanOptions extends FilterInput, BankOptions {
  interview?: string
  minutes?: number
  questions?: number
  target?: number
  json?: boolean
  clear?: boolean
  /** false with --no-pager */
  pager?: boolean
}

export interface ForecastOptions extends BankOptions {
  days?: number
  json?: boolean
  /** false with --no-pager */
  pager?: boolean
}

/** The questions a plan covers in this library (its filter and track), suspended ones left out. */
export function planScope<Q extends LightQuestion>(plan: InterviewPlan, library: Library<Q>, progress: ProgressData): Q[] {
  let questions = library.questions
  if (plan.filter) {
    try {
      questions = applyFilter(questions, parseFilter(plan.filter, library))
    } catch {
      questions = [] // a topic or track the banks no longer have: nothing left to plan
    }
  }
  return questions.filter((q) => !progressOf(progress, q.bank, q.id)?.suspended)
}

export interface PlanStatus<Q extends LightQuestion = Question> {
  plan: InterviewPlan
  scope: Q[]
  today: DayPlan<Q>
  days: ProjectedDay[]
  /** Expected known on the day after the whole plan. */
  projected: number
}

/** The active plan with today's queue and the projection to the day, or undefined. */
export function planStatus<Q extends LightQuestion>(progress: ProgressData, library: Library<Q>, runtime: Runtime, options: { project?: boolean } = {}): PlanStatus<Q> | undefined {
  const now = runtime.now().getTime()
  const plan = activePlan(progress.plans, now)
  if (!plan) return undefined
  const scope = planScope(plan, library, progress)
  const context = { settings: progress.settings, calendar: runtime.calendar, times: answerTimes(progress, library.questions) }
  const today = planDay(progress, scope, now, plan, context)
  if (!today) return undefined
  const days = options.project === false ? [] : projectPlan(progress, scope, now, plan, context)
  return { plan, scope, today, days, projected: days.at(-1)?.projected ?? today.projected }
}

/** The countdown line of the home menu and `stats`, or undefined without a plan. */
export const countdown = (status: PlanStatus<LightQuestion>, runtime: Runtime): string =>
  countdownLine({ daysLeft: status.today.daysLeft, projected: status.projected, scope: status.scope.length, today: status.today, width: runtime.width }, runtime.style)

const interviewText = (at: number, runtime: Runtime) => {
  const day = runtime.calendar.dayOf(at)
  const minutes = Math.round((at - runtime.calendar.startOf(day)) / 60_000)
  return `${day} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/**
 * `plan --json`: the table as a list of days, one object per row, up to the
 * interview day; today's also lists its questions. (The plan itself, with its
 * countdown, is in `stats --json` under `plan`.)
 */
const planJson = (status: PlanStatus) =>
  status.days.map((d, i) => ({
    date: d.day,
    new: d.new,
    reviews: d.reviews,
    sweep: d.sweep,
    minutes: d.minutes,
    projectedKnown: d.projected,
    scope: status.scope.length,
    ...(i === 0 && d.day === status.today.day
      ? { questions: status.today.queue.map((x) => ({ bank: x.question.bank, id: x.question.id, reason: x.reason, minutes: x.ms / 60_000, recallOnDay: x.recallOnDay })) }
      : {}),
  }))

const positive = (name: string, value: number | undefined, max: number) => {
  if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > max)) throw new UsageError(`${name} must be a whole number from 1 to ${max}`)
}

export async function plan(options: PlanOptions, runtime: Runtime, deps: { store?: ProgressStore } = {}): Promise<number> {
  const store = deps.store ?? openStore(runtime)
  const now = runtime.now().getTime()
  if (options.clear) {
    if (options.interview) throw new UsageError('--clear takes no --interview: it removes the active plan.')
    const removed = store.update((data) => {
      const active = activePlan(data.plans, now)
      if (active) data.plans = (data.plans ?? []).filter((p) => p !== active)
      if (data.plans?.length === 0) delete data.plans
      return active
    })
    runtime.out(removed ? `Removed the plan for the interview on ${interviewText(removed.at, runtime)}.` : 'No upcoming interview plan to remove.')
    return 0
  }
  const library = openLibrary(runtime, options.bank)
  if (options.interview !== undefined) {
    let at: number
    try {
      at = parseInterviewDate(options.interview, runtime.calendar)
    } catch (error) {
      if (error instanceof PlanDateError) throw new UsageError(error.message)
      throw error
    }
    if (at <= now)
      throw new UsageError(`--interview must be in the future; ${interviewText(at, runtime)} has passed. Expected a date like ${addDays(runtime.calendar.dayOf(now), 14)}.`)
    if (options.minutes !== undefined && options.questions !== undefined) throw new UsageError('Give --minutes or --questions, not both.')
    positive('--minutes', options.minutes, 24 * 60)
    positive('--questions', options.questions, 10_000)
    const target = options.target ?? effectiveSettings(store.read().settings).retention
    if (!(target > 0.5 && target < 1)) throw new UsageError(`--target must be a recall between 0.5 and 1, like 0.9; "${String(options.target)}" is not.`)
    const filterInput: FilterInput = {}
    for (const key of ['topic', 'difficulty', 'type', 'tag', 'track'] as const) if (options[key]?.length) filterInput[key] = options[key]
    if (options.search) filterInput.search = options.search
    const filter = parseFilter(filterInput, library) // an unknown topic or track: a usage error naming the valid ones
    if (applyFilter(library.questions, filter).length === 0) throw new DrillError('No question matches these filters: nothing to plan.')
    const next: InterviewPlan = {
      at,
      created: now,
      target,
      ...(options.questions === undefined ? { minutes: options.minutes ?? DEFAULT_MINUTES } : { questions: options.questions }),
      ...(filter.tracks?.length ? { track: [...new Set(filter.tracks.map((t) => t.id))].join(',') } : {}),
      ...(Object.keys(filterInput).length ? { filter: filterInput } : {}),
    }
    store.update((data) => {
      data.plans = withPlan(data.plans, next, runtime.calendar)
    })
  } else if (options.minutes !== undefined || options.questions !== undefined || options.track?.length || options.target !== undefined) {
    throw new UsageError('--minutes, --questions, --track and --target go with --interview <date>.')
  }
  const progress = store.read()
  const status = planStatus(progress, library, runtime)
  if (!status) {
    if (options.json) printJson(runtime, [])
    else runtime.out(wrap('No interview planned. Plan one with `django-drill plan --interview 2026-12-15` (a date, or "2026-12-15 14:30").', runtime.width).join('\n'))
    return 0
  }
  if (options.json) {
    printJson(runtime, planJson(status))
    return 0
  }
  const others = (progress.plans ?? []).filter((p) => p.at > status.plan.at)
  const text = [
    renderPlanTable(status.plan, status.days, { width: runtime.width, style: runtime.style, scope: status.scope.length, interviewText: interviewText(status.plan.at, runtime) }),
    '',
    countdown(status, runtime),
    ...(others.length ? [runtime.style.dim(`Also planned: ${others.map((p) => interviewText(p.at, runtime)).join(', ')} (each becomes active after the one before).`)] : []),
  ].join('\n')
  await printPaged(runtime, text, options)
  return 0
}

/** Reviews due per day: the plan's queue while a plan is active, else FSRS due dates. */
export function forecastDays(progress: ProgressData, library: Library, runtime: Runtime, count: number): { days: ForecastDay[]; planned: boolean } {
  const now = runtime.now().getTime()
  const { calendar } = runtime
  const times = answerTimes(progress, library.questions)
  const today = calendar.dayOf(now)
  const plan = activePlan(progress.plans, now)
  const days: ForecastDay[] = []
  const after: { progress?: ProgressData } = {}
  if (plan) {
    const scope = planScope(plan, library, progress)
    for (const d of projectPlan(progress, scope, now, plan, { settings: progress.settings, calendar, times }, count, after))
      days.push({ day: d.day, reviews: d.new + d.reviews + d.sweep, minutes: d.minutes })
  }
  const planned = days.length > 0
  // After the interview (or without a plan): the FSRS due dates, of the cards as the plan leaves them.
  const byDay = new Map<string, { n: number; ms: number }>()
  const cards = after.progress ?? progress
  for (const q of library.questions) {
    const p = progressOf(cards, q.bank, q.id)
    if (!p?.card || p.suspended) continue
    const day = p.card.due <= now ? today : calendar.dayOf(p.card.due)
    const cell = byDay.get(day) ?? { n: 0, ms: 0 }
    cell.n++
    cell.ms += times[q.type]
    byDay.set(day, cell)
  }
  for (let day = days.length ? addDays(days.at(-1)!.day, 1) : today; days.length < count; day = addDays(day, 1)) {
    const cell = byDay.get(day)
    days.push({ day, reviews: cell?.n ?? 0, minutes: (cell?.ms ?? 0) / 60_000 })
  }
  return { days, planned }
}

export async function forecast(options: ForecastOptions, runtime: Runtime): Promise<number> {
  const count = options.days ?? 30
  if (!Number.isInteger(count) || count < 1 || count > 365) throw new UsageError('--days must be a whole number from 1 to 365')
  const library = openLibrary(runtime, options.bank)
  const progress = openStore(runtime).read()
  const { days, planned } = forecastDays(progress, library, runtime, count)
  const retention = effectiveSettings(progress.settings).retention
  if (options.json) {
    printJson(runtime, { retention, planned, days: days.map((d) => ({ date: d.day, reviews: d.reviews, minutes: d.minutes })) })
    return 0
  }
  const title = `Reviews per day, next ${count} days${planned ? ' (the plan, then due dates)' : ''}`
  const text = `${renderForecast(days, { width: runtime.width, style: runtime.style, title })}\n${noteLines(`Desired retention ${retention.toFixed(2)}: due dates aim at that recall.`, runtime.width, runtime.style)}`
  await printPaged(runtime, text, options)
  return 0
}
