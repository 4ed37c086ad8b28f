// Planning to a date: which questions to offer each day so that as much as
// possible is known on the interview day. FSRS still updates every card on
// every answer; the planner only chooses what is asked. Pure: the clock, the
// calendar and the settings are parameters.
import { addDays, daysBetween, type Calendar, type DayKey } from './calendar.ts'
import { effectiveSettings, progressOf, type ProgressData, type QuestionProgress, type Settings, type StoredCard } from './progress.ts'
import { fromStored, schedulerFor, toStored, type SchedulerSettings } from './schedule.ts'
import type { LightQuestion, Question, QuestionType } from './types.ts'

/** One interview to prepare for, as stored in the progress (`plans`). */
export interface InterviewPlan {
  /** The interview's moment (epoch ms); a date alone means 09:00 local time. */
  at: number
  /** When the plan was made (epoch ms). */
  created: number
  /** Daily budget in minutes (default DEFAULT_MINUTES unless `questions` is set). */
  minutes?: number
  /** Daily budget in questions, instead of minutes. */
  questions?: number
  /** Recall to reach on the day for every question (0.70-0.99). */
  target: number
  /** The question-kind track the plan covers, if any. */
  track?: string
  /** The filters that chose the questions (as on the command line). */
  filter?: { topic?: string[]; difficulty?: string[]; type?: string[]; tag?: string[]; track?: string[]; search?: string }
}

export const DEFAULT_MINUTES = 20
/** The last days before the interview (the day itself included) in which the sweep runs. */
export const SWEEP_DAYS = 3
/** A date alone means an interview at this local hour. */
export const DEFAULT_HOUR = 9

const DAY_MS = 86_400_000

/** Default seconds per answer by type, before the user has answered enough to measure. */
const DEFAULT_MS: Record<QuestionType, number> = {
  choice: 20_000,
  multi: 30_000,
  short: 25_000,
  open: 90_000,
  order: 40_000,
  cloze: 30_000,
  bug: 60_000,
  count: 30_000,
  output: 40_000,
}
const MIN_SAMPLES = 3
/** One answer counts for at most this long in the estimate (a question left open over lunch). */
const MAX_ANSWER_MS = 10 * 60_000
const MIN_ANSWER_MS = 2_000

export class PlanDateError extends Error {
  override name = 'PlanDateError'
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?$/

/**
 * The moment of "2026-12-15" (09:00 local) or "2026-12-15 14:30" /
 * "2026-12-15T14:30" in the user's calendar; throws PlanDateError naming the
 * expected forms for anything else (including dates that do not exist).
 */
export function parseInterviewDate(text: string, calendar: Calendar): number {
  const m = DATE.exec(text.trim())
  const expected = 'a date like 2026-12-15 or a date and time like "2026-12-15 14:30"'
  if (!m) throw new PlanDateError(`--interview must be ${expected}; "${text}" is not.`)
  const day = `${m[1]}-${m[2]}-${m[3]}`
  const hour = m[4] === undefined ? DEFAULT_HOUR : Number(m[4])
  const minute = m[5] === undefined ? 0 : Number(m[5])
  if (addDays(day, 0) !== day || Number(m[2]) < 1 || Number(m[2]) > 12) throw new PlanDateError(`--interview must be ${expected}; ${day} is not a day of the calendar.`)
  if (hour > 23 || minute > 59) throw new PlanDateError(`--interview must be ${expected}; ${m[4]}:${m[5]} is not a time of day.`)
  return calendar.startOf(day) + hour * 3_600_000 + minute * 60_000
}

/** The plan in force at `now`: the nearest interview still to come. */
export function activePlan(plans: readonly InterviewPlan[] | undefined, now: number): InterviewPlan | undefined {
  return [...(plans ?? [])].filter((p) => p.at > now).sort((a, b) => a.at - b.at)[0]
}

/** Adds a plan; one for the same local day replaces it. Returns the new list. */
export function withPlan(plans: readonly InterviewPlan[] | undefined, plan: InterviewPlan, calendar: Calendar): InterviewPlan[] {
  const day = calendar.dayOf(plan.at)
  return [...(plans ?? []).filter((p) => calendar.dayOf(p.at) !== day), plan].sort((a, b) => a.at - b.at)
}

// ── answer times ───────────────────────────────────────────────────────────

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * Milliseconds an answer takes, per question type, from the user's own
 * answer times (median, each answer clamped to 2 s-10 min); a type with fewer
 * than three answers takes the median of all answers, or a default.
 */
export function answerTimes(progress: ProgressData, questions: readonly LightQuestion[]): Record<QuestionType, number> {
  const byType = new Map<QuestionType, number[]>()
  const all: number[] = []
  for (const q of questions) {
    for (const a of progressOf(progress, q.bank, q.id)?.history ?? []) {
      if (!Number.isFinite(a.ms) || a.ms <= 0) continue
      const ms = Math.min(MAX_ANSWER_MS, Math.max(MIN_ANSWER_MS, a.ms))
      byType.set(q.type, [...(byType.get(q.type) ?? []), ms])
      all.push(ms)
    }
  }
  const out = { ...DEFAULT_MS }
  for (const type of Object.keys(out) as QuestionType[]) {
    const samples = byType.get(type) ?? []
    if (samples.length >= MIN_SAMPLES) out[type] = Math.round(median(samples))
    else if (all.length >= MIN_SAMPLES) out[type] = Math.round(median(all))
  }
  return out
}

// ── recall on the day ──────────────────────────────────────────────────────

/** FSRS predicted recall of a card at a moment (0 for a question never scheduled). */
export function recallAt(card: StoredCard | undefined, at: number, settings?: Partial<SchedulerSettings>): number {
  if (!card || card.last_review === undefined || card.stability <= 0) return 0
  if (at <= card.last_review) return 1
  return schedulerFor(settings).get_retrievability(fromStored(card), new Date(at), false)
}

const next = (card: StoredCard | undefined, at: number, rating: 1 | 3, settings: Partial<SchedulerSettings>): StoredCard => {
  const s = schedulerFor(settings)
  const current = card
    ? fromStored(card)
    : fromStored({ due: at, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: 0 })
  return toStored(s.next(current, new Date(at), rating).card)
}

/** The step a miss is answered again after, in a session (relearning). */
const RELEARN_MS = 10 * 60_000

/**
 * What reviewing a card at `at` adds to its expected recall at `day`: with
 * the chance of recalling it now it is answered Good, otherwise Again and
 * then Good ten minutes later, against leaving it alone.
 */
export function reviewGain(card: StoredCard, at: number, day: number, settings: Partial<SchedulerSettings>): number {
  const p = recallAt(card, at, settings)
  const base = recallAt(card, day, settings)
  const good = recallAt(next(card, at, 3, settings), day, settings)
  const relearned = recallAt(next(next(card, at, 1, settings), at + RELEARN_MS, 3, settings), day, settings)
  return p * good + (1 - p) * relearned - base
}

// ── one day of the plan ────────────────────────────────────────────────────

export type PlanReason = 'second' | 'sweep' | 'new' | 'review'

export interface PlannedQuestion<Q extends LightQuestion = Question> {
  question: Q
  reason: PlanReason
  /** Estimated time for it (ms). */
  ms: number
  /** Predicted recall on the day before this review. */
  recallOnDay: number
}

export interface DayPlan<Q extends LightQuestion = Question> {
  day: DayKey
  /** Whole days from today to the interview day. */
  daysLeft: number
  /** What to ask today, in order: second looks, the sweep, new questions, then reviews by gain. */
  queue: PlannedQuestion<Q>[]
  newCount: number
  reviewCount: number
  sweepCount: number
  /** Whether today is one of the sweep days. */
  sweep: boolean
  /** Estimated minutes of today's queue. */
  estMs: number
  /** Today's budget left after what was already answered today (ms), or questions when the plan counts questions. */
  budget: { ms?: number; questions?: number }
  /** Questions in scope. */
  scope: number
  /** Expected number known on the day if nothing more were done: sum of predicted recalls. */
  projected: number
}

export interface PlanContext {
  settings: Settings
  calendar: Calendar
  /** Answer times per type (ms); measured from the progress when absent. */
  times?: Record<QuestionType, number>
}

const keyOf = (q: LightQuestion) => `${q.bank}\u0000${q.id}`
const schedulerSettings = (settings: Settings): SchedulerSettings => {
  const e = effectiveSettings(settings)
  return { retention: e.retention, maxInterval: e.maxInterval, learningSteps: e.learningSteps }
}

const isPaused = (p: QuestionProgress | undefined, now: number) => (p?.pausedUntil ?? 0) > now

/**
 * The queue for the day `now` falls on: `questions` are the plan's scope.
 * Nothing is planned once the interview has begun (undefined).
 */
export function planDay<Q extends LightQuestion>(progress: ProgressData, questions: readonly Q[], now: number, plan: InterviewPlan, context: PlanContext): DayPlan<Q> | undefined {
  if (now >= plan.at) return undefined
  const { calendar } = context
  const settings = schedulerSettings(context.settings)
  const times = context.times ?? answerTimes(progress, questions)
  const today = calendar.dayOf(now)
  const start = calendar.startOf(today)
  const daysLeft = daysBetween(today, calendar.dayOf(plan.at))
  const sweep = daysLeft < SWEEP_DAYS

  // What was answered today already counts against today's budget and quota.
  let usedMs = 0
  let usedCount = 0
  let newToday = 0
  const answeredToday = new Set<string>()
  const unseen: Q[] = []
  const candidates: { q: Q; p: QuestionProgress; card: StoredCard; onDay: number }[] = []
  let projected = 0
  for (const q of questions) {
    const p = progressOf(progress, q.bank, q.id)
    const todays = (p?.history ?? []).filter((a) => a.t >= start && a.t <= now)
    if (todays.length) {
      answeredToday.add(keyOf(q))
      usedMs += todays.length * times[q.type]
      usedCount += todays.length
      if (p!.history[0]!.t >= start) newToday++
    }
    if (p?.suspended) continue
    const card = p?.card
    const onDay = recallAt(card, plan.at, settings)
    projected += onDay
    if (isPaused(p, now)) continue
    if (!card) unseen.push(q)
    else if (!answeredToday.has(keyOf(q))) candidates.push({ q, p: p, card, onDay })
  }

  // New questions: spread so that each is introduced on a day with at least
  // one more day before the interview, for a second look.
  const introDays = Math.max(1, daysLeft - 1)
  const perDay = Math.ceil((unseen.length + newToday) / introDays)
  const newQuota = daysLeft <= 1 ? unseen.length : Math.max(0, perDay - newToday)

  const budgetMs = plan.questions === undefined ? (plan.minutes ?? DEFAULT_MINUTES) * 60_000 - usedMs : Number.POSITIVE_INFINITY
  const budgetCount = plan.questions === undefined ? Number.POSITIVE_INFINITY : plan.questions - usedCount
  const queue: PlannedQuestion<Q>[] = []
  const taken = new Set<string>()
  let spent = 0
  const take = (q: Q, reason: PlanReason, onDay: number): boolean => {
    const ms = times[q.type]
    if (taken.has(keyOf(q)) || spent + ms > budgetMs || queue.length + 1 > budgetCount) return false
    taken.add(keyOf(q))
    spent += ms
    queue.push({ question: q, reason, ms, recallOnDay: onDay })
    return true
  }

  // 1. Second looks: seen on one day only, before today.
  const daysSeen = (p: QuestionProgress) => new Set(p.history.map((a) => calendar.dayOf(a.t))).size
  for (const c of candidates.filter((c) => daysSeen(c.p) === 1).sort((a, b) => a.onDay - b.onDay)) take(c.q, 'second', c.onDay)
  // 2. The sweep: every question below the target on the day, weakest first.
  if (sweep) for (const c of candidates.filter((c) => c.onDay < plan.target).sort((a, b) => a.onDay - b.onDay)) take(c.q, 'sweep', c.onDay)
  // 3. New questions, in bank order, in at most half the budget while days
  // remain (tomorrow's second looks need the other half).
  let fresh = 0
  const newRoom = daysLeft <= 1 ? Number.POSITIVE_INFINITY : budgetMs / 2
  let newSpent = 0
  for (const q of unseen) {
    if (fresh >= newQuota || newSpent + times[q.type] > newRoom) break
    if (take(q, 'new', 0)) {
      fresh++
      newSpent += times[q.type]
    }
  }
  // 4. Reviews, by expected gain on the day per minute spent.
  const ranked = candidates
    .filter((c) => !taken.has(keyOf(c.q)))
    .map((c) => ({ c, gain: reviewGain(c.card, now, plan.at, settings) }))
    .filter((r) => r.gain > 1e-3)
    .sort((a, b) => b.gain / times[b.c.q.type] - a.gain / times[a.c.q.type] || a.c.q.id.localeCompare(b.c.q.id))
  for (const r of ranked) take(r.c.q, 'review', r.c.onDay)
  // 5. What the reviews left of the budget goes to more new questions, up to the quota.
  for (const q of unseen) {
    if (fresh >= newQuota) break
    if (!taken.has(keyOf(q)) && take(q, 'new', 0)) fresh++
  }

  const count = (reason: PlanReason) => queue.filter((x) => x.reason === reason).length
  return {
    day: today,
    daysLeft,
    queue,
    newCount: count('new'),
    reviewCount: count('review') + count('second'),
    sweepCount: count('sweep'),
    sweep,
    estMs: spent,
    budget: plan.questions === undefined ? { ms: Math.max(0, budgetMs) } : { questions: Math.max(0, budgetCount) },
    scope: questions.length,
    projected,
  }
}

// ── the plan to the day ────────────────────────────────────────────────────

export interface ProjectedDay {
  day: DayKey
  new: number
  reviews: number
  sweep: number
  minutes: number
  /** Expected number known on the interview day after this day's queue is answered right. */
  projected: number
}

/** The moment of a future day at which the projection answers its queue. */
const answerTime = (calendar: Calendar, day: DayKey, now: number, plan: InterviewPlan): number => {
  const t = day === calendar.dayOf(now) ? now : calendar.startOf(day) + 18 * 3_600_000
  return Math.min(t, plan.at - 60_000)
}

/**
 * Day by day from today to the interview: each day's queue, answered Good
 * (the projection assumes each planned answer is right), and the expected
 * number known on the day after it. `days` limits the length (forecast).
 */
export function projectPlan(
  progress: ProgressData,
  questions: readonly LightQuestion[],
  now: number,
  plan: InterviewPlan,
  context: PlanContext,
  days = Number.POSITIVE_INFINITY,
  final?: { progress?: ProgressData },
): ProjectedDay[] {
  const { calendar } = context
  const settings = schedulerSettings(context.settings)
  const times = context.times ?? answerTimes(progress, questions)
  const sim = structuredClone(progress)
  const out: ProjectedDay[] = []
  const last = calendar.dayOf(plan.at)
  for (let day = calendar.dayOf(now); day <= last && out.length < days; day = addDays(day, 1)) {
    const at = answerTime(calendar, day, now, plan)
    if (at < now || at >= plan.at) break
    const today = planDay(sim, questions, at, plan, { ...context, times })
    if (!today) break
    let t = at
    for (const item of today.queue) {
      const q = item.question
      const bank = (sim.banks[q.bank] ??= {})
      const p = (bank[q.id] ??= { history: [] })
      p.card = next(p.card, t, 3, settings)
      p.history.push({ t, r: 3, ok: 1, ms: item.ms })
      t += 1
    }
    const projected = questions.reduce((sum, q) => sum + recallAt(progressOf(sim, q.bank, q.id)?.card, plan.at, settings), 0)
    out.push({ day, new: today.newCount, reviews: today.reviewCount, sweep: today.sweepCount, minutes: today.estMs / 60_000, projected })
  }
  if (final) final.progress = sim
  return out
}

/** Days from a day to the interview day, for the countdown. */
export const daysUntil = (calendar: Calendar, now: number, plan: InterviewPlan): number => daysBetween(calendar.dayOf(now), calendar.dayOf(plan.at))

export { DAY_MS }
