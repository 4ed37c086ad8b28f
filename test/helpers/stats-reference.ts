// The figures of `stats`, `weakest` and the leeches as they were computed
// before they were made fast (2026-12, issue #16), kept verbatim as the
// reference the fast code must match figure for figure (test/stats-equal.test.ts).
// Do not "improve" this file: its point is to stay the old code.
import { addDays, weekdayOf } from '../../src/core/calendar.ts'
import { LEECH_LAPSES, LEECH_MIN_MISSES, LEECH_P, poissonBinomialTail, type Confusion, type Leech, type LeechReason, type MissTest } from '../../src/core/leech.ts'
import { recallAt } from '../../src/core/plan.ts'
import {
  effectiveSettings,
  isKnown,
  lastAttempt,
  progressOf,
  recall,
  type Attempt,
  type ProgressData,
  type QuestionProgress,
  type Settings,
  type StoredCard,
  type WeakEntry,
} from '../../src/core/progress.ts'
import { schedule, type SchedulerSettings } from '../../src/core/schedule.ts'
import { streaks, type Cell, type ReadinessRow, type Stats, type StatsInput } from '../../src/core/stats.ts'
import { DIFFICULTIES, type LightQuestion, type Question } from '../../src/core/types.ts'

const ratio = (given: number, correct: number) => ({ given, correct, accuracy: given === 0 ? null : correct / given })
const keyOf = (bank: string, id: string) => `${bank}\u0000${id}`

interface Entry {
  bank: string
  id: string
  p: QuestionProgress
  question: LightQuestion | undefined
  topic: string | undefined
  difficulty: string | undefined
}

/** Every stored question in scope, with its topic and difficulty from the bank, or from the store once it left the bank. */
function entriesInScope(input: StatsInput, byKey: Map<string, LightQuestion>, inFilter: (topic?: string, difficulty?: string) => boolean): Entry[] {
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

/** Computes every figure of the dashboard. */
export function computeStatsBefore(input: StatsInput): Stats {
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
  const knownNow = (q: LightQuestion) => isKnown(progressOf.get(keyOf(q.bank, q.id)), now)

  // Readiness: bank questions only, topics down, difficulties across.
  const difficulties = DIFFICULTIES.filter((d) => difficultyFilter.length === 0 || difficultyFilter.includes(d))
  const topicOrder = [...(input.topics ?? []).map((t) => t.id), ...questions.map((q) => q.topic)]
  const topicIds = [...new Set(topicOrder)].filter((t) => questions.some((q) => q.topic === t))
  const rowOf = (topic: string, qs: LightQuestion[]): ReadinessRow => {
    const cell = (list: LightQuestion[]): Cell => ({ known: list.filter(knownNow).length, total: list.length })
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
  const weak = weakestBefore(input.progress, now, input.weakLimit ?? 5, (bank, id) => inScope.has(keyOf(bank, id)))

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
 * The questions the learner misses most: most lapses and wrong answers first,
 * then lowest recall. Only questions answered at least once and not known now.
 */
export function weakestBefore(data: ProgressData, now: Date, limit = 10, keep: (bank: string, id: string) => boolean = () => true): WeakEntry[] {
  const entries: WeakEntry[] = []
  for (const [bank, questions] of Object.entries(data.banks)) {
    for (const [id, p] of Object.entries(questions)) {
      if (p.history.length === 0 || !keep(bank, id)) continue
      const wrong = p.history.filter((a) => a.ok === 0).length
      if (wrong === 0 && isKnown(p, now)) continue
      // A question missed at its last answer is not recalled, whatever the curve says minutes later.
      entries.push({ bank, id, lapses: p.card?.lapses ?? 0, wrong, recall: lastAttempt(p)?.ok === 1 ? recall(p.card, now) : 0 })
    }
  }
  return entries.sort((a, b) => b.lapses - a.lapses || b.wrong - a.wrong || a.recall - b.recall || a.id.localeCompare(b.id)).slice(0, limit)
}

/**
 * Replays a question's history through the scheduler: at each answer after
 * the first, FSRS's predicted recall, and whether it was missed.
 */
export function missTestBefore(history: readonly Attempt[], settings: Partial<SchedulerSettings>): MissTest {
  const chances: number[] = []
  let misses = 0
  let card: StoredCard | undefined
  for (const a of [...history].sort((x, y) => x.t - y.t)) {
    // Only answers an hour or more after the last: a session's relearning steps say little.
    if (card?.last_review !== undefined && a.t - card.last_review >= 3_600_000) {
      chances.push(1 - recallAt(card, a.t, settings))
      if (a.ok === 0) misses++
    }
    card = schedule(card, a.r, new Date(a.t), settings)
  }
  return { reviews: chances.length, misses, expected: chances.reduce((s, x) => s + x, 0), p: poissonBinomialTail(chances, misses) }
}

/** Why a question is a leech, or undefined. */
export function leechReasonBefore(p: QuestionProgress | undefined, settings: Settings): { reason: LeechReason; test: MissTest } | undefined {
  if (!p || p.history.length === 0) return undefined
  const e = effectiveSettings(settings)
  const test = missTestBefore(p.history, { retention: e.retention, maxInterval: e.maxInterval, learningSteps: e.learningSteps })
  if ((p.card?.lapses ?? 0) >= LEECH_LAPSES) return { reason: 'lapses', test }
  if (test.misses >= LEECH_MIN_MISSES && test.p < LEECH_P) return { reason: 'misses', test }
  return undefined
}

/** The leeches among `questions`, most lapses first. */
export function findLeechesBefore(progress: ProgressData, questions: readonly Question[]): Leech[] {
  const out: Leech[] = []
  for (const q of questions) {
    const p = progressOf(progress, q.bank, q.id)
    const why = leechReasonBefore(p, progress.settings)
    if (why) out.push({ bank: q.bank, id: q.id, lapses: p?.card?.lapses ?? 0, ...why })
  }
  return out.sort((a, b) => b.lapses - a.lapses || a.test.p - b.test.p || a.id.localeCompare(b.id))
}

/** Wrong options picked at least `min` times for the same question, most frequent first. */
export function confusionsBefore(progress: ProgressData, questions: readonly Question[], min = 2): Confusion[] {
  const out: Confusion[] = []
  for (const q of questions) {
    if (q.type !== 'choice' && q.type !== 'multi') continue
    const counts = new Map<string, number>()
    for (const a of progressOf(progress, q.bank, q.id)?.history ?? []) for (const w of new Set(a.w ?? [])) counts.set(w, (counts.get(w) ?? 0) + 1)
    // The answer is a long field, read from the cache only when it is needed: not for questions never missed.
    if (counts.size === 0) continue
    const answer = q.type === 'choice' ? [q.answer] : q.answer
    for (const [picked, times] of counts) if (times >= min && !answer.includes(picked)) out.push({ bank: q.bank, id: q.id, picked, answer, times })
  }
  return out.sort((a, b) => b.times - a.times || a.id.localeCompare(b.id) || a.picked.localeCompare(b.picked))
}
