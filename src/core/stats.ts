// The figures behind `stats`: readiness, totals, streaks, activity and the
// weakest questions. Pure: the clock (`now`) and the calendar (which maps a
// moment to the learner's local YYYY-MM-DD) are parameters.
import { addDays, weekdayOf, type Calendar } from './calendar.ts'
import { isKnown, progressOf, weakest, type ProgressData, type QuestionProgress } from './progress.ts'
import { DIFFICULTIES, type Difficulty, type LightQuestion, type Question, type Topic } from './types.ts'

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
  questions: readonly LightQuestion[]
  /** Row order of the readiness table; topics only known from progress come last. */
  topics?: readonly Topic[]
  /** Banks in scope; default: the banks of `questions`. Progress of other banks is left out. */
  banks?: readonly string[]
  filter?: {
    topics?: readonly string[]
    difficulties?: readonly string[]
    /** --track: only questions of the bank this keeps (answers to removed questions drop out). */ keep?: (q: LightQuestion) => boolean
  }
  now: Date
  calendar: Calendar
  weakLimit?: number
  /** Weeks of activity, ending with the current week. */
  weeks?: number
}

const ratio = (given: number, correct: number): Ratio => ({ given, correct, accuracy: given === 0 ? null : correct / given })
const keyOf = (bank: string, id: string) => `${bank}\u0000${id}`

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

/** Known and total, counted as questions come. */
const tally = (): Cell => ({ known: 0, total: 0 })
const count = (cell: Cell, known: boolean) => {
  cell.total++
  if (known) cell.known++
}

/** A readiness row being counted: one cell per difficulty shown, and all. */
interface RowTally {
  cells: Map<string, Cell>
  all: Cell
}
const rowTally = (difficulties: readonly string[]): RowTally => ({ cells: new Map(difficulties.map((d) => [d, tally()])), all: tally() })
const rowOf = (topic: string, row: RowTally, difficulties: readonly string[]): ReadinessRow => ({
  topic,
  cells: Object.fromEntries(difficulties.map((d) => [d, row.cells.get(d)!])),
  all: row.all,
})

/**
 * Computes every figure of the dashboard, in one pass over the stored
 * questions in scope and one over the bank questions in scope.
 */
export function computeStats(input: StatsInput): Stats {
  const { now, calendar } = input
  const nowMs = now.getTime()
  const today = calendar.dayOf(nowMs)
  const topicFilter = [...(input.filter?.topics ?? [])]
  const difficultyFilter = [...(input.filter?.difficulties ?? [])]
  const inFilter = (topic?: string, difficulty?: string) =>
    (topicFilter.length === 0 || (topic !== undefined && topicFilter.includes(topic))) &&
    (difficultyFilter.length === 0 || (difficulty !== undefined && difficultyFilter.includes(difficulty)))
  const bankIds = new Set(input.banks ?? input.questions.map((q) => q.bank))
  const keep = input.filter?.keep

  // The library by bank and id (a repeated id: the last one).
  const library = new Map<string, Map<string, LightQuestion>>()
  for (const q of input.questions) {
    const ids = library.get(q.bank) ?? library.set(q.bank, new Map()).get(q.bank)!
    ids.set(q.id, q)
  }

  // Every stored question in scope, with its topic and difficulty from the bank, or from the store
  // once it left the bank: answers, accuracy, streaks and activity count them all; due and flagged
  // only those still in the bank (the only ones that can be reviewed).
  const weekAgo = addDays(today, -6)
  const weekAhead = addDays(today, 7)
  const stored = new Map<string, Map<string, QuestionProgress>>()
  const perDay = new Map<string, number>()
  let given = 0
  let correct = 0
  let recentGiven = 0
  let recentCorrect = 0
  let seen = 0
  let retired = 0
  let flagged = 0
  const due = { overdue: 0, today: 0, next7Days: 0 }
  // Plain loops over key lists: this runs once per `stats`, cold, over every stored answer.
  const banks = Object.keys(input.progress.banks)
  for (let b = 0; b < banks.length; b++) {
    const bank = banks[b]!
    if (!bankIds.has(bank)) continue
    const questions = input.progress.banks[bank]!
    const inBank = library.get(bank)
    const inScope = new Map<string, QuestionProgress>()
    stored.set(bank, inScope)
    const ids = Object.keys(questions)
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!
      const p = questions[id]!
      const question = inBank?.get(id)
      if (!inFilter(question?.topic ?? p.topic, question?.difficulty ?? p.difficulty) || (keep && (question === undefined || !keep(question)))) continue
      inScope.set(id, p)
      const history = p.history
      for (let i = 0; i < history.length; i++) {
        const a = history[i]!
        const day = calendar.dayOf(a.t)
        perDay.set(day, (perDay.get(day) ?? 0) + 1)
        given++
        if (a.ok === 1) correct++
        if (day >= weekAgo && day <= today) {
          recentGiven++
          recentCorrect += a.ok
        }
      }
      if (history.length > 0) {
        seen++
        if (question === undefined) retired++
      }
      if (question === undefined) continue
      if (p.flagged) flagged++
      if (p.card) {
        const at = p.card.due
        // Due by now is due today, and not in the days after: no need to ask the calendar which day.
        if (at <= nowMs) {
          due.overdue++
          due.today++
        } else {
          const day = calendar.dayOf(at)
          if (day <= today) due.today++
          else if (day <= weekAhead) due.next7Days++
        }
      }
    }
  }

  // Readiness: bank questions only, topics down, difficulties across.
  const difficulties = DIFFICULTIES.filter((d) => difficultyFilter.length === 0 || difficultyFilter.includes(d))
  const questions = input.questions.filter((q) => bankIds.has(q.bank) && inFilter(q.topic, q.difficulty) && (!keep || keep(q)))
  const byTopic = new Map<string, RowTally>()
  const all = rowTally(difficulties)
  const inScope = new Map<string, Set<string>>()
  let unseen = 0
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!
    const p = stored.get(q.bank)?.get(q.id)
    const known = isKnown(p, now)
    if (!p?.history.length) unseen++
    const row = byTopic.get(q.topic) ?? byTopic.set(q.topic, rowTally(difficulties)).get(q.topic)!
    count(row.all, known)
    count(all.all, known)
    const cell = row.cells.get(q.difficulty)
    if (cell) {
      count(cell, known)
      count(all.cells.get(q.difficulty)!, known)
    }
    ;(inScope.get(q.bank) ?? inScope.set(q.bank, new Set()).get(q.bank)!).add(q.id)
  }
  const topicIds = [...new Set([...(input.topics ?? []).map((t) => t.id), ...byTopic.keys()])].filter((t) => byTopic.has(t))

  const weeks = input.weeks ?? 12
  const from = addDays(today, -weekdayOf(today) - 7 * (weeks - 1))
  const days: { date: string; answers: number }[] = []
  let max = 0
  for (let day = from; day <= today; day = addDays(day, 1)) {
    const answers = perDay.get(day) ?? 0
    days.push({ date: day, answers })
    max = Math.max(max, answers)
  }

  const weak = weakest(input.progress, now, input.weakLimit ?? 5, (bank, id) => inScope.get(bank)?.has(id) === true)

  return {
    now: now.toISOString(),
    today,
    filter: { topics: topicFilter, difficulties: difficultyFilter },
    readiness: { difficulties, rows: topicIds.map((t) => rowOf(t, byTopic.get(t)!, difficulties)), all: rowOf('all', all, difficulties) },
    questions: { total: questions.length, seen, unseen, retired, known: all.all.known, flagged },
    answers: ratio(given, correct),
    last7Days: ratio(recentGiven, recentCorrect),
    streak: { ...streaks(perDay.keys(), today), answeredToday: perDay.has(today) },
    due,
    activity: { from, to: today, max, days },
    weakest: weak.map((w) => {
      const q = library.get(w.bank)!.get(w.id)!
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
