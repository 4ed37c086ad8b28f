// A synthetic learner whose memory follows FSRS with hidden parameters (not
// the scheduler's) answers for 30 days, under the interview plan and under
// plain due-review with the same number of answers each day. What counts is
// the learner's true recall on the interview day.
import { describe, expect, it } from 'vitest'
import { QUESTION_BASE } from './helpers/question-base.ts'
import { createEmptyCard, fsrs, generatorParameters, type Card } from 'ts-fsrs'
import { fixedOffsetCalendar } from '../src/core/calendar.ts'
import { planDay, type InterviewPlan } from '../src/core/plan.ts'
import { emptyProgress, progressOf, recordAttempt, type ProgressData } from '../src/core/progress.ts'
import { seededRandom } from '../src/core/random.ts'
import { schedule } from '../src/core/schedule.ts'
import type { Question } from '../src/core/types.ts'

const UTC = fixedOffsetCalendar(0)
const DAY = 86_400_000
const START = Date.UTC(2026, 0, 5, 18, 0)
const base = { ...QUESTION_BASE, topic: 'orm' }
const bankOf = (n: number): Question[] =>
  Array.from({ length: n }, (_, i) =>
    i % 2 ? { ...base, id: `q${i}`, type: 'choice', answer: 'a', distractors: ['b', 'c'] } : { ...base, id: `q${i}`, type: 'short', answer: 'a', accept: [] },
  )
const planWith = (minutes: number): InterviewPlan => ({ at: START + 30 * DAY - 9 * 3_600_000, created: START, minutes, target: 0.9 })

/** The learner's true memory: FSRS with its own (hidden) parameters, forgetting faster than the defaults assume. */
function learner(seed: number) {
  const w = [...generatorParameters().w]
  for (const i of [0, 1, 2, 3]) w[i] = w[i]! * 0.45 // initial stabilities
  w[8] = w[8]! * 0.8 // stability growth on success
  const hidden = fsrs({ w, enable_fuzz: false, enable_short_term: true })
  const random = seededRandom(seed)
  const memory = new Map<string, Card>()
  return {
    /** Answers a question at `t`: recalled with the true probability; returns the rating. */
    answer(id: string, t: number): 1 | 3 {
      const card: Card = memory.get(id) ?? createEmptyCard(new Date(t))
      const p = card.last_review ? hidden.get_retrievability(card, new Date(t), false) : 0
      const rating = random() < p ? 3 : 1
      memory.set(id, hidden.next(card, new Date(t), rating).card)
      return rating
    },
    recallAt: (id: string, t: number) => {
      const card = memory.get(id)
      return card?.last_review ? hidden.get_retrievability(card, new Date(t), false) : 0
    },
  }
}

const answer = (progress: ProgressData, who: ReturnType<typeof learner>, q: Question, t: number) => {
  const rating = who.answer(q.id, t)
  const card = schedule(progressOf(progress, q.bank, q.id)?.card, rating, new Date(t))
  recordAttempt(progress, {
    bank: q.bank,
    id: q.id,
    topic: q.topic,
    difficulty: q.difficulty,
    attempt: { t, r: rating, ok: rating === 3 ? 1 : 0, ms: q.type === 'choice' ? 20_000 : 25_000 },
    card,
  })
}

function run(seed: number, questions: Question[], plan: InterviewPlan): { plan: number; plain: number; answers: number } {
  const planned = { progress: emptyProgress(), who: learner(seed) }
  const perDay: number[] = []
  for (let d = 0; d < 30; d++) {
    const t = START + d * DAY
    const today = planDay(planned.progress, questions, t, plan, { settings: planned.progress.settings, calendar: UTC })!
    today.queue.forEach((x, i) => answer(planned.progress, planned.who, x.question, t + i * 1000))
    perDay.push(today.queue.length)
  }
  // Plain due-review, the same number of answers each day: due first (most
  // overdue), then new in bank order, then the soonest due ahead of time.
  const plain = { progress: emptyProgress(), who: learner(seed) }
  for (let d = 0; d < 30; d++) {
    const t = START + d * DAY
    const end = UTC.startOf(UTC.dayOf(t)) + DAY
    const cards = questions.map((q) => ({ q, card: progressOf(plain.progress, q.bank, q.id)?.card }))
    const due = cards.filter((c) => c.card && c.card.due < end).sort((a, b) => a.card!.due - b.card!.due)
    const fresh = cards.filter((c) => !c.card)
    const ahead = cards.filter((c) => c.card && c.card.due >= end).sort((a, b) => a.card!.due - b.card!.due)
    ;[...due, ...fresh, ...ahead].slice(0, perDay[d]).forEach((c, i) => answer(plain.progress, plain.who, c.q, t + i * 1000))
  }
  const mean = (who: ReturnType<typeof learner>) => questions.reduce((s, q) => s + who.recallAt(q.id, plan.at), 0) / questions.length
  return { plan: mean(planned.who), plain: mean(plain.who), answers: perDay.reduce((a, b) => a + b, 0) }
}

describe('the plan against plain due-review (simulated learner, hidden FSRS parameters)', () => {
  const simulate = (n: number, minutes: number) => {
    const results = [1, 2, 3, 4, 5].map((seed) => run(seed, bankOf(n), planWith(minutes)))
    const margin = results.reduce((s, r) => s + (r.plan - r.plain), 0) / results.length
    console.log(
      `${n} questions, ${minutes} min a day\n` + results.map((r) => `plan ${r.plan.toFixed(3)} plain ${r.plain.toFixed(3)} answers ${r.answers}`).join('\n'),
      `\nmean margin ${margin.toFixed(3)}`,
    )
    return { results, margin }
  }

  it('a tight budget (150 questions, 5 minutes a day): far higher mean true recall on the day with the same answers', () => {
    const { results, margin } = simulate(150, 5)
    for (const r of results) expect(r.plan).toBeGreaterThan(r.plain + 0.2)
    expect(margin).toBeGreaterThan(0.25) // measured 0.272 (plan 0.758, plain 0.486)
  })

  it('a generous budget (80 questions, 8 minutes a day): both near the ceiling, the plan still ahead', () => {
    const { margin } = simulate(80, 8)
    expect(margin).toBeGreaterThan(0.002) // measured 0.006 (plan 0.975, plain 0.969)
  })
})
