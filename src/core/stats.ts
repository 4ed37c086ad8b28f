// The figures behind `stats`: readiness, totals, streaks, activity and the
// weakest questions. Pure: the clock (`now`) and the calendar (which maps a
// moment to the learner's local YYYY-MM-DD) are parameters.
import { addDays, weekdayOf, type Calendar } from './calendar.ts'
import { isKnown, progressOf, weakest, type ProgressData, type QuestionProgress } from './progress.ts'
import { DIFFICULTIES, type Difficulty, type Question, type Topic } from './types.ts'

export interface Cell {
  known: number
  total: number
}

export interface ReadinessRow {
  topic: string
  /** One cell per difficulty shown, in `readiness.difficulties` order. */
  cells: Record<string, Cell>
  all: Cell
}

export interface Ratio {
  given: number
  correct: number
  /** correct / given, or null when nothing was answered. */
  accuracy: number | null
}

export interface WeakQuestion {
  bank: string
  id: string
  topic: string
  difficulty: string
  title: string
  lapses: number
  wrong: number
  /** Estimated chance of recalling it now, 0..1. */
  recall: number
}

export interface Stats {
  now: string
  /** The learner's local day. */
  today: string
  filter: { topics: string[]; difficulties: string[] }
  readiness: { difficulties: Difficulty[]; rows: ReadinessRow[]; all: ReadinessRow }
  questions: {
    /** Bank questions in scope. */
    total: number
    /** Questions answered at least once, including those no longer in the bank. */
    seen: number
    /** Bank questions never answered. */
    unseen: number
    /** Seen questions that have since left the bank (still counted in answers and activity). */
    retired: number
    known: number
    flagged: number
  }
  answers: Ratio
  last7Days: Ratio
  streak: { current: number; longest: number; answeredToday: boolean }
  /** Scheduled bank questions: overdue now, due by the end of today (overdue included), due in the 7 days after today. */
  due: { overdue: number; today: number; next7Days: number }
  activity: { from: string; to: string; max: number; days: { date: string; answers: number }[] }
  weakest: WeakQuestion[]
}

export interface StatsInput {
  progress: ProgressData
  /** The library's questions (every bank loaded). */
  questions: readonly Question[]
  /** Row order of the readiness table; topics only known from progress come last. */
  topics?: readonly Topic[]
  /** Banks in scope; default: the banks of `questions`. Progress of other banks is left out. */
  banks?: readonly string[]
  filter?: {
    topics?: readonly string[]
    difficulties?: readonly string[]
    /** --track: only questions of the bank this keeps (answers to removed questions drop out). */ keep?: (q: Question) => boolean
  }
  now: Date
  calendar: Calendar
  weakLimit?: number
  /** Weeks of activity, ending with the current week. */
  weeks?: number
}

const ratio = (given: number, correct: number): Ratio => ({ given, correct, accuracy: given === 0 ? null : correct / given })
const keyOf = (bank: string, id: string) => `${bank}\u0000${id}`

interface Entry {
  bank: string
  id: string
  p: QuestionProgress
  question: Question | undefined
  topic: string | undefined
  difficulty: string | undefined
}

/** Every stored question in scope, with its topic and difficulty from the bank, or from the store once it left the bank. */
function entriesInScope(input: StatsInput, byKey: Map<string, Question>, inFilter: (topic?: string, difficulty?: string) => boolean): Entry[] {
  const banks = new Set(input.banks ?? input.questions.map((q) => q.bank))
  const out: Entry[] = []
  for (const [bank, questions] of Object.entries(input.progress.banks)) {
    if (!banks.has(bank)) continue
    for (const [id, p] of Object.entries(questions)) {
      const question = byKey.get(keyOf(bank, id))
      const topic = question?.topic ?? p.topic
      const difficulty = question?.difficulty ?? p.difficulty
      if (inFilter(topic, difficulty) && (!input.filter?.keep || (question !== undefined && input.filter.keep(question)))) out.push({ bank, id, p, question, topic, difficulty })
    }
  }
  return out
}

/** Current and longest runs of consecutive active days; the current run may end yesterday. */
export function streaks(activeDays: Iterable<string>, today: string): { current: number; longest: number } {
  const days = [...new Set(activeDays)].filter((d) => d <= today).sort()
  let longest = 0
  let run = 0
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && addDays(days[i - 1]!, 1) === days[i] ? run + 1 : 1
    longest = Math.max(longest, run)
  }
  const active = new Set(days)
  let current = 0
  for (let day = active.has(today) ? today : addDays(today, -1); active.has(day); day = addDays(day, -1)) current++
  return { current, longest }
}

/** Computes every figure of the dashboard. */
export function computeStats(input: StatsInput): Stats {
  const { now, calendar } = input
  const dayOf = (t: number) => calendar.dayOf(t)
  const nowMs = now.getTime()
  const today = dayOf(nowMs)
  const topicFilter = [...(input.filter?.topics ?? [])]
  const difficultyFilter = [...(input.filter?.difficulties ?? [])]
  const inFilter = (topic?: string, difficulty?: string) =>
    (topicFilter.length === 0 || (topic !== undefined && topicFilter.includes(topic))) &&
    (difficultyFilter.length === 0 || (difficulty !== undefined && difficultyFilter.includes(difficulty)))

  const bankIds = new Set(input.banks ?? input.questions.map((q) => q.bank))
  const keep = input.filter?.keep ?? (() => true)
  const questions = input.questions.filter((q) => bankIds.has(q.bank) && inFilter(q.topic, q.difficulty) && keep(q))
  const byKey = new Map(input.questions.map((q) => [keyOf(q.bank, q.id), q]))
  const entries = entriesInScope(input, byKey, inFilter)
  const progressOf = new Map(entries.map((e) => [keyOf(e.bank, e.id), e.p]))
  const knownNow = (q: Question) => isKnown(progressOf.get(keyOf(q.bank, q.id)), now)

  // Readiness: bank questions only, topics down, difficulties across.
  const difficulties = DIFFICULTIES.filter((d) => difficultyFilter.length === 0 || difficultyFilter.includes(d))
  const topicOrder = [...(input.topics ?? []).map((t) => t.id), ...questions.map((q) => q.topic)]
  const topicIds = [...new Set(topicOrder)].filter((t) => questions.some((q) => q.topic === t))
  const rowOf = (topic: string, qs: Question[]): ReadinessRow => {
    const cell = (list: Question[]): Cell => ({ known: list.filter(knownNow).length, total: list.length })
    return {
      topic,
      cells: Object.fromEntries(difficulties.map((d) => [d, cell(qs.filter((q) => q.difficulty === d))])),
      all: cell(qs),
    }
  }
  const rows = topicIds.map((t) =>
    rowOf(
      t,
      questions.filter((q) => q.topic === t),
    ),
  )

  // Answers, accuracy, streaks and activity: every stored answer in scope, retired questions included.
  const attempts = entries.flatMap((e) => e.p.history)
  const weekAgo = addDays(today, -6)
  const perDay = new Map<string, number>()
  let recentGiven = 0
  let recentCorrect = 0
  for (const a of attempts) {
    const day = dayOf(a.t)
    perDay.set(day, (perDay.get(day) ?? 0) + 1)
    if (day >= weekAgo && day <= today) {
      recentGiven++
      recentCorrect += a.ok
    }
  }

  const weeks = input.weeks ?? 12
  const from = addDays(today, -weekdayOf(today) - 7 * (weeks - 1))
  const days: { date: string; answers: number }[] = []
  for (let day = from; day <= today; day = addDays(day, 1)) days.push({ date: day, answers: perDay.get(day) ?? 0 })

  // Due: only questions still in the bank can be reviewed.
  const inBank = entries.filter((e) => e.question !== undefined)
  const dueDays = inBank.flatMap((e) => (e.p.card ? [{ due: e.p.card.due, day: dayOf(e.p.card.due) }] : []))
  const weekAhead = addDays(today, 7)

  const seen = entries.filter((e) => e.p.history.length > 0)
  const inScope = new Set(questions.map((q) => keyOf(q.bank, q.id)))
  const weak = weakest(input.progress, now, input.weakLimit ?? 5, (bank, id) => inScope.has(keyOf(bank, id)))

  return {
    now: now.toISOString(),
    today,
    filter: { topics: topicFilter, difficulties: difficultyFilter },
    readiness: { difficulties, rows, all: rowOf('all', questions) },
    questions: {
      total: questions.length,
      seen: seen.length,
      unseen: questions.filter((q) => !progressOf.get(keyOf(q.bank, q.id))?.history.length).length,
      retired: seen.filter((e) => e.question === undefined).length,
      known: questions.filter(knownNow).length,
      flagged: inBank.filter((e) => e.p.flagged).length,
    },
    answers: ratio(attempts.length, attempts.filter((a) => a.ok === 1).length),
    last7Days: ratio(recentGiven, recentCorrect),
    streak: { ...streaks(perDay.keys(), today), answeredToday: perDay.has(today) },
    due: {
      overdue: dueDays.filter((d) => d.due <= nowMs).length,
      today: dueDays.filter((d) => d.day <= today || d.due <= nowMs).length,
      next7Days: dueDays.filter((d) => d.due > nowMs && d.day > today && d.day <= weekAhead).length,
    },
    activity: { from, to: today, max: Math.max(0, ...days.map((d) => d.answers)), days },
    weakest: weak.map((w) => {
      const q = byKey.get(keyOf(w.bank, w.id))!
      return { bank: w.bank, id: w.id, topic: q.topic, difficulty: q.difficulty, title: q.title, lapses: w.lapses, wrong: w.wrong, recall: w.recall }
    }),
  }
}

/**
 * The given questions the learner misses most (most lapses, then wrong
 * answers, then lowest recall), weakest first: what `quiz --weak` drills.
 * Questions never answered, or answered right and still fresh, are not weak.
 */
export function weakQuestions<Q extends Question>(progress: ProgressData, questions: readonly Q[], now: Date, limit: number): Q[] {
  const byKey = new Map(questions.map((q) => [keyOf(q.bank, q.id), q]))
  return weakest(progress, now, Math.max(0, limit), (bank, id) => byKey.has(keyOf(bank, id))).map((w) => byKey.get(keyOf(w.bank, w.id))!)
}

/** The given questions the learner flagged, in the order given: what `quiz --flagged` drills. */
export function flaggedQuestions<Q extends Question>(progress: ProgressData, questions: readonly Q[]): Q[] {
  return questions.filter((q) => progressOf(progress, q.bank, q.id)?.flagged === true)
}
