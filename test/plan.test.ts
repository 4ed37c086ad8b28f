import { describe, expect, it } from 'vitest'
import { QUESTION_BASE } from './helpers/question-base.ts'
import { fixedOffsetCalendar } from '../src/core/calendar.ts'
import { answerTimes, activePlan, parseInterviewDate, planDay, projectPlan, recallAt, reviewGain, SWEEP_DAYS, withPlan, type InterviewPlan } from '../src/core/plan.ts'
import { confusions, findLeeches, missTest, poissonBinomialTail, wrongPicks, becameLeech, rightAnswers } from '../src/core/leech.ts'
import { makeExport, mergeProgress, parseExport } from '../src/core/merge.ts'
import { emptyProgress, migrateProgress, progressOf, recordAttempt, type ProgressData, type StoredCard } from '../src/core/progress.ts'
import { projectReadiness } from '../src/core/projection.ts'
import { schedule } from '../src/core/schedule.ts'
import { renderConfusions, renderForecast, renderPlanTable } from '../src/core/plan-render.ts'
import { makeStyle } from '../src/core/style.ts'
import type { ChoiceQuestion, Question } from '../src/core/types.ts'
import { plan as planCommand } from '../src/commands/plan.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const UTC = fixedOffsetCalendar(0)
const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 1, 10, 0)
const base = QUESTION_BASE
const open = (id: string, topic = 'orm'): Question => ({ ...base, id, topic, type: 'open' })
const choice = (id: string): ChoiceQuestion => ({ ...base, id, topic: 'orm', type: 'choice', answer: 'select_related', distractors: ['prefetch_related', 'only'] })
const bank = (n: number): Question[] => Array.from({ length: n }, (_, i) => (i % 3 ? choice(`q${i}`) : open(`q${i}`)))
/** A plan `days` ahead; an `extra` key set to undefined removes that field (a questions budget instead of minutes). */
const planFor = (days: number, extra: { [K in keyof InterviewPlan]?: InterviewPlan[K] | undefined } = {}): InterviewPlan => {
  const plan: Record<string, unknown> = { at: NOW + days * DAY, created: NOW, minutes: 10, target: 0.9, ...extra }
  for (const key of Object.keys(plan)) if (plan[key] === undefined) delete plan[key]
  return plan as unknown as InterviewPlan
}

/** Answers `q` right (Good) at `t`, updating the card as a session does. */
const answer = (data: ProgressData, q: Question, t: number, ok: 0 | 1 = 1, ms = 20_000) => {
  const r = ok ? 3 : 1
  recordAttempt(data, {
    bank: q.bank,
    id: q.id,
    topic: q.topic,
    difficulty: q.difficulty,
    attempt: { t, r, ok, ms },
    card: schedule(progressOf(data, q.bank, q.id)?.card, r, new Date(t)),
  })
}

/** Runs the plan day by day, answering everything right; returns each day's plan. */
function follow(questions: Question[], plan: InterviewPlan, data = emptyProgress()) {
  const days = []
  for (let t = NOW; t < plan.at; t += DAY) {
    const day = planDay(data, questions, t, plan, { settings: data.settings, calendar: UTC })!
    days.push(day)
    day.queue.forEach((x, i) => answer(data, x.question, t + i * 1000, 1, x.ms))
  }
  return { days, data }
}

describe('the interview date', () => {
  it('reads a date (09:00) or a date and time in the calendar given', () => {
    expect(parseInterviewDate('2026-12-15', UTC)).toBe(Date.UTC(2026, 11, 15, 9, 0))
    expect(parseInterviewDate('2026-12-15 14:30', UTC)).toBe(Date.UTC(2026, 11, 15, 14, 30))
    expect(parseInterviewDate('2026-12-15T14:30', fixedOffsetCalendar(-120))).toBe(Date.UTC(2026, 11, 15, 12, 30))
  })
  it('refuses malformed dates and days that do not exist, saying what was expected', () => {
    for (const bad of ['tomorrow', '15/12/2026', '2026-02-30', '2026-13-01', '2026-12-15 25:00', '']) expect(() => parseInterviewDate(bad, UTC)).toThrow(/a date like 2026-12-15/)
  })
  it('the nearest upcoming plan is active; one per day; past ones are not', () => {
    const a = planFor(5)
    const b = planFor(9)
    const plans = withPlan(withPlan([b], a, UTC), { ...a, minutes: 30 }, UTC)
    expect(plans).toHaveLength(2)
    expect(activePlan(plans, NOW)?.minutes).toBe(30)
    expect(activePlan(plans, a.at + 1)?.at).toBe(b.at)
    expect(activePlan(plans, b.at)).toBeUndefined()
  })
})

describe('planDay with a fixed clock', () => {
  it('never exceeds the daily budget in minutes, nor in questions', () => {
    for (const minutes of [1, 3, 10, 25]) {
      const { days } = follow(bank(60), planFor(14, { minutes }))
      for (const d of days) expect(d.estMs).toBeLessThanOrEqual(minutes * 60_000)
      if (minutes <= 10) expect(days.some((d) => d.estMs > minutes * 60_000 * 0.7)).toBe(true) // a small budget is used, not left idle
    }
    const { days } = follow(bank(60), planFor(14, { questions: 7, minutes: undefined }))
    for (const d of days) expect(d.queue.length).toBeLessThanOrEqual(7)
  })

  it('what was answered today counts against today', () => {
    const questions = bank(30)
    const data = emptyProgress()
    const plan = planFor(10)
    const first = planDay(data, questions, NOW, plan, { settings: data.settings, calendar: UTC })!
    first.queue.slice(0, 3).forEach((x, i) => answer(data, x.question, NOW + i, 1, x.ms))
    const later = planDay(data, questions, NOW + 3_600_000, plan, { settings: data.settings, calendar: UTC })!
    expect(later.estMs + first.queue.slice(0, 3).reduce((s, x) => s + x.ms, 0)).toBeLessThanOrEqual(10 * 60_000)
    expect(later.queue.map((x) => x.question.id)).not.toContain(first.queue[0]!.question.id)
  })

  it('sees every question in scope, twice on different days, when the budget allows', () => {
    const questions = bank(40)
    const { days, data } = follow(questions, planFor(14, { minutes: 20 }))
    for (const q of questions) {
      const history = progressOf(data, q.bank, q.id)?.history ?? []
      expect(new Set(history.map((a) => UTC.dayOf(a.t))).size, q.id).toBeGreaterThanOrEqual(2)
    }
    expect(days.reduce((s, d) => s + d.newCount, 0)).toBe(40)
  })

  it('a question seen on one day only comes back first the next day, even on a tight budget', () => {
    const questions = bank(30)
    const { days } = follow(questions, planFor(10, { minutes: 3 }))
    for (let i = 1; i < days.length - 1; i++) {
      const yesterday = days[i - 1]!.queue.filter((x) => x.reason === 'new').map((x) => x.question.id)
      const today = days[i]!.queue
      const firsts = today.slice(0, yesterday.length).map((x) => x.question.id)
      expect(new Set(firsts), `day ${i}`).toEqual(new Set(yesterday))
    }
  })

  it('sweeps only in its last days', () => {
    const { days } = follow(bank(60), planFor(12, { minutes: 15, target: 0.97 }))
    for (const d of days) {
      expect(d.sweep).toBe(d.daysLeft < SWEEP_DAYS)
      if (!d.sweep) expect(d.sweepCount).toBe(0)
    }
    expect(days.filter((d) => d.sweep).some((d) => d.sweepCount > 0)).toBe(true)
  })

  it('the same inputs give the same plan', () => {
    const a = follow(bank(50), planFor(9))
    const b = follow(bank(50), planFor(9))
    expect(b.days.map((d) => d.queue.map((x) => x.question.id))).toEqual(a.days.map((d) => d.queue.map((x) => x.question.id)))
  })

  it('turns off once the interview has begun', () => {
    const plan = planFor(3)
    expect(planDay(emptyProgress(), bank(5), plan.at, plan, { settings: {} as never, calendar: UTC })).toBeUndefined()
  })

  it('ranks reviews by expected gain on the day: a fading card before a fresh one', () => {
    const data = emptyProgress()
    const [old, fresh] = [choice('old'), choice('fresh')]
    answer(data, old, NOW - 20 * DAY)
    answer(data, old, NOW - 12 * DAY)
    answer(data, fresh, NOW - 12 * DAY)
    answer(data, fresh, NOW - 1 * DAY)
    const plan = planFor(6, { minutes: 60 })
    const s = { retention: 0.9 }
    expect(reviewGain(progressOf(data, 'b', 'old')!.card!, NOW, plan.at, s)).toBeGreaterThan(reviewGain(progressOf(data, 'b', 'fresh')!.card!, NOW, plan.at, s))
  })

  it('answer times come from the user own answers per type', () => {
    const data = emptyProgress()
    const questions = [open('o1'), open('o2'), open('o3'), choice('c1')]
    ;[40_000, 60_000, 200_000].forEach((ms, i) => answer(data, questions[i]!, NOW - DAY + i, 1, ms))
    const times = answerTimes(data, questions)
    expect(times.open).toBe(60_000)
    expect(times.choice).toBe(60_000) // too few choice answers: the median of all
  })

  it('the projection ends on the day with more known than without the plan', () => {
    const questions = bank(30)
    const plan = planFor(10)
    const days = projectPlan(emptyProgress(), questions, NOW, plan, { settings: {} as never, calendar: UTC })
    expect(days[0]!.day).toBe('2026-12-01')
    expect(days.at(-1)!.day <= UTC.dayOf(plan.at)).toBe(true)
    for (let i = 1; i < days.length; i++) expect(days[i]!.projected).toBeGreaterThanOrEqual(days[i - 1]!.projected - 1)
    expect(days.at(-1)!.projected).toBeGreaterThan(20)
  })
})

describe('leeches', () => {
  /** The tail by enumerating every outcome. */
  const brute = (p: number[], k: number) => {
    let total = 0
    for (let mask = 0; mask < 1 << p.length; mask++) {
      let prob = 1
      let hits = 0
      p.forEach((pi, i) => {
        const hit = (mask >> i) & 1
        hits += hit
        prob *= hit ? pi : 1 - pi
      })
      if (hits >= k) total += prob
    }
    return total
  }

  it('the Poisson-binomial tail matches brute force for small n', () => {
    let seed = 7
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let n = 0; n <= 10; n++) {
      for (let trial = 0; trial < 5; trial++) {
        const p = Array.from({ length: n }, rnd)
        for (let k = 0; k <= n + 1; k++) expect(poissonBinomialTail(p, k)).toBeCloseTo(brute(p, k), 12)
      }
    }
  })

  it('8 lapses make a leech, announced again at 12, not at 9', () => {
    const card = (lapses: number) => ({ card: { lapses } as StoredCard, history: [{ t: 1, r: 1 as const, ok: 0 as const, ms: 1 }] })
    expect(becameLeech(card(7), card(8), {} as never)).toBe(true)
    expect(becameLeech(card(8), card(9), {} as never)).toBe(false)
    expect(becameLeech(card(11), card(12), {} as never)).toBe(true)
  })

  it('missing far more than FSRS predicted makes a leech; misses as predicted do not', () => {
    const questions = [choice('bad'), choice('fine')]
    const data = emptyProgress()
    let t = NOW - 200 * DAY
    // "bad": right, then missed every time it comes back after days.
    answer(data, questions[0]!, t)
    for (let i = 0; i < 5; i++) {
      t += 3 * DAY
      answer(data, questions[0]!, t, 0)
      answer(data, questions[0]!, t + 600_000, 1)
    }
    t = NOW - 200 * DAY
    for (let i = 0; i < 6; i++) answer(data, questions[1]!, (t += 4 * DAY), 1)
    const found = findLeeches(data, questions)
    expect(found.map((l) => l.id)).toEqual(['bad'])
    expect(found[0]!.reason).toBe('misses')
    expect(found[0]!.test.p).toBeLessThan(0.05)
    expect(found[0]!.test.misses).toBe(5)
    expect(found[0]!.test.expected).toBeLessThan(2)
    expect(missTest(progressOf(data, 'b', 'fine')!.history, {}).misses).toBe(0)
  })

  it('stores wrong picks and reports the recurring ones', () => {
    const q = choice('c')
    expect(wrongPicks(q, 'prefetch_related')).toEqual(['prefetch_related'])
    expect(wrongPicks(q, 'select_related')).toEqual([])
    const data = emptyProgress()
    for (let i = 0; i < 3; i++) recordAttempt(data, { bank: 'b', id: 'c', topic: 'orm', difficulty: 'beginner', attempt: { t: i, r: 1, ok: 0, ms: 1, w: ['prefetch_related'] } })
    recordAttempt(data, { bank: 'b', id: 'c', topic: 'orm', difficulty: 'beginner', attempt: { t: 9, r: 1, ok: 0, ms: 1, w: ['only'] } })
    expect(confusions(data, [q], rightAnswers)).toEqual([{ bank: 'b', id: 'c', picked: 'prefetch_related', answer: ['select_related'], times: 3 }])
  })
})

describe('readiness projected to a date', () => {
  it('is the sum of hand-computed FSRS-6 retrievabilities', () => {
    // R(t) = (1 + factor * t / S) ^ -decay, decay 0.1542, factor = 0.9 ^ (-1 / decay) - 1 (ts-fsrs defaults).
    const decay = 0.1542
    const factor = Math.pow(0.9, -1 / decay) - 1
    const hand = (s: number, days: number) => Math.pow(1 + (factor * days) / s, -decay)
    const at = NOW + 10 * DAY
    const card = (stability: number, lastDaysAgo: number): StoredCard => ({
      due: NOW,
      stability,
      difficulty: 5,
      elapsed_days: 0,
      scheduled_days: 0,
      learning_steps: 0,
      reps: 3,
      lapses: 0,
      state: 2,
      last_review: NOW - lastDaysAgo * DAY,
    })
    const data = emptyProgress()
    data.banks['b'] = { a: { history: [], card: card(5, 2) }, b: { history: [], card: card(30, 0) }, c: { history: [], card: card(1.5, 1) } }
    const questions = [open('a'), open('b', 'views'), open('c'), open('never')]
    const grid = projectReadiness({ progress: data, questions, at, settings: {} as never })
    expect(recallAt(data.banks['b']['a']!.card, at)).toBeCloseTo(hand(5, 12), 6)
    const orm = grid.rows.find((r) => r.topic === 'orm')!
    expect(orm.all.known).toBeCloseTo(hand(5, 12) + hand(1.5, 11), 6)
    expect(orm.all.total).toBe(3)
    expect(grid.all.all.known).toBeCloseTo(hand(5, 12) + hand(30, 10) + hand(1.5, 11), 6)
  })
})

describe('the plan travels with the progress', () => {
  it('through export and import, and a merge unites plans', () => {
    const data = emptyProgress()
    const plan = planFor(9, { track: 'backend', filter: { topic: ['orm'] } })
    data.plans = [plan]
    const back = parseExport(JSON.stringify(makeExport(data, new Date(NOW))))
    expect(back.plans).toEqual([plan])
    const other = emptyProgress()
    other.plans = [planFor(20)]
    const merged = mergeProgress(other, back)
    expect(merged.data.plans?.map((p) => p.at)).toEqual([plan.at, planFor(20).at])
    expect(merged.report.changed).toBe(true)
    expect(mergeProgress(merged.data, back).report.changed).toBe(false)
  })
  it('a malformed plan in an export is refused, one in the store is dropped', () => {
    const text = JSON.stringify({
      format: 'django-drill-progress',
      version: 1,
      exportedAt: '',
      progress: { version: 1, banks: {}, settings: { newPerDay: 10 }, plans: [{ at: 'soon' }] },
    })
    expect(() => parseExport(text)).toThrow(/progress.plans\[0\]/)
    expect(migrateProgress({ version: 1, banks: {}, plans: [{ at: 1, created: 1, target: 0.9 }, { at: 'x' }] }).plans).toHaveLength(1)
  })
})

describe('the plan table', () => {
  it('fits 40, 60, 80 and 100 columns and keeps every part of its heading whole', () => {
    const questions = bank(12)
    const plan = planFor(9, { track: 'backend-drf' })
    const days = projectPlan(emptyProgress(), questions, NOW, plan, { settings: emptyProgress().settings, calendar: UTC })
    for (const width of [40, 60, 80, 100]) {
      const text = renderPlanTable(plan, days, { width, style: makeStyle(0), scope: questions.length, interviewText: '2026-12-10 10:00' })
      for (const line of text.split('\n')) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width)
      const head = text.slice(0, text.indexOf('\n\n'))
      expect(head, `${width}`).not.toContain('…')
      expect(head.split('\n').flatMap((l) => l.split(' · '))).toEqual(['Interview 2026-12-10 10:00', '10 min a day', 'target 90% recall', 'track backend-drf'])
      expect(text.split('\n').filter((l) => /\d+\/12$/.test(l))).toHaveLength(days.length)
    }
  })
})

describe('plan, forecast and confusion text in narrow terminals', () => {
  it('wraps its sentences instead of cutting them: the count of a confusion and the forecast total stay on screen', () => {
    const confusion = { bank: 'b', id: 'orm-select-related-vs-prefetch-related', picked: 'prefetch_related', answer: ['select_related'], times: 3 }
    const days = Array.from({ length: 5 }, (_, i) => ({ day: `2026-12-0${i + 1}`, reviews: 10 + i, minutes: 12 }))
    for (const width of [40, 60, 80]) {
      const confusions = renderConfusions([confusion], { width, style: makeStyle(0) }).join('\n')
      const forecast = renderForecast(days, { width, style: makeStyle(0), title: 'Reviews per day' })
      for (const line of `${confusions}\n${forecast}`.split('\n')) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width)
      expect(confusions.replace(/\s+/g, ' ')).toContain('you pick prefetch_related when the answer is select_related: 3 times')
      expect(forecast.replace(/\s+/g, ' ')).toContain('60 reviews in 5 days, ≈ 60 min at your answer times')
    }
  })
})

describe('plan with nothing planned', () => {
  it('wraps the hint to the terminal width (60, 80 columns) and keeps every word', async () => {
    for (const width of [60, 80]) {
      const runtime = memoryRuntime({ width, env: { DJANGO_DRILL_HOME: testdir() } })
      expect(await planCommand({ bank: [testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a' }) })] }, runtime)).toBe(0)
      const text = runtime.stdout.join('\n')
      for (const line of text.split('\n')) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width)
      expect(text.replace(/\s+/g, ' ')).toBe('No interview planned. Plan one with `django-drill plan --interview 2026-12-15` (a date, or "2026-12-15 14:30").')
    }
  })
})
