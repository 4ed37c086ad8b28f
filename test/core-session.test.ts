import { describe, expect, it } from 'vitest'
import { fixedOffsetCalendar } from '../src/core/calendar.ts'
import { formatClock, parseDuration } from '../src/core/duration.ts'
import { gradeChoice, gradeMulti, gradeShort, suggestRating } from '../src/core/grade.ts'
import { emptyProgress, recordAttempt, type ProgressData } from '../src/core/progress.ts'
import { seededRandom, shuffle } from '../src/core/random.ts'
import { schedule } from '../src/core/schedule.ts'
import { pickQuiz, reviewQueue } from '../src/core/select.ts'
import { summarize, type AnswerRecord } from '../src/core/session.ts'
import type { ChoiceQuestion, MultiQuestion, Question, ShortQuestion } from '../src/core/types.ts'

const UTC = fixedOffsetCalendar(0)
const base = { bank: 'b', title: 't', tags: [], summary: 's', keyPoints: [], references: [], covers: [], related: [], prompt: '', explanation: '', file: 'f.md' }
const open = (id: string, topic = 'orm', difficulty: Question['difficulty'] = 'beginner'): Question => ({ ...base, id, topic, difficulty, type: 'open' })
const choice: ChoiceQuestion = { ...base, id: 'c', topic: 'orm', difficulty: 'beginner', type: 'choice', answer: 'select_related', distractors: ['prefetch_related', 'only'] }
const multi: MultiQuestion = { ...base, id: 'm', topic: 'orm', difficulty: 'beginner', type: 'multi', answer: ['a', 'b'], distractors: ['c'] }
const short: ShortQuestion = { ...base, id: 's', topic: 'orm', difficulty: 'beginner', type: 'short', answer: 'select_for_update', accept: ['QuerySet.select_for_update()'] }

describe('seeded randomness', () => {
  it('the same seed gives the same order, another seed another', () => {
    const items = Array.from({ length: 20 }, (_, i) => i)
    expect(shuffle(items, seededRandom(42))).toEqual(shuffle(items, seededRandom(42)))
    expect(shuffle(items, seededRandom(42))).not.toEqual(shuffle(items, seededRandom(43)))
  })

  it('a shuffle is a permutation with no repeats, for many seeds and sizes', () => {
    for (let seed = 0; seed < 200; seed++) {
      const items = Array.from({ length: seed % 17 }, (_, i) => `q${i}`)
      const out = shuffle(items, seededRandom(seed))
      expect(out).toHaveLength(items.length)
      expect([...out].sort()).toEqual([...items].sort())
    }
  })

  it('does not change its input', () => {
    const items = [1, 2, 3, 4]
    shuffle(items, seededRandom(1))
    expect(items).toEqual([1, 2, 3, 4])
  })
})

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s', 3_723_000],
    ['45', 45_000],
    [' 2M ', 120_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', '0s', 'abc', '1.5m', '-3s', '2 m', 'm', '30x', '1s2m'])('%j is refused with an example', (text) => {
    expect(() => parseDuration(text)).toThrow(/write it like 90s, 2m, 1m30s/)
  })

  it.each([
    [0, '0:00'],
    [999, '0:01'],
    [61_000, '1:01'],
    [3_723_000, '1:02:03'],
    [-5, '0:00'],
  ])('clock %d → %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text)
  })
})

describe('grading', () => {
  it('choice: only the exact answer', () => {
    expect(gradeChoice(choice, 'select_related')).toBe(true)
    expect(gradeChoice(choice, 'prefetch_related')).toBe(false)
  })

  it.each([
    [['a', 'b'], true],
    [['b', 'a'], true],
    [['a'], false],
    [['a', 'b', 'c'], false],
    [[], false],
  ])('multi %j → %s', (picked, ok) => expect(gradeMulti(multi, picked)).toBe(ok))

  it.each([
    ['select_for_update', true],
    ['  SELECT_FOR_UPDATE ', true],
    ['select for update', true],
    ['select_for_update()', true],
    ['QuerySet.select_for_update()', true],
    ['select_related', false],
    ['', false],
    ['selectforupdate', false],
  ])('short %j → %s', (typed, ok) => expect(gradeShort(short, typed)).toBe(ok))

  it.each([
    [0, 4, 1],
    [1, 4, 1],
    [2, 4, 2],
    [3, 4, 3],
    [4, 4, 4],
    [0, 0, 3],
    [1, 3, 2],
    [2, 3, 3],
  ])('%d of %d key points suggests rating %d', (covered, total, rating) => expect(suggestRating(covered, total)).toBe(rating))
})

describe('scheduling (FSRS)', () => {
  const now = new Date('2026-11-25T10:00:00Z')
  it('a new card answered Good is due later, Again sooner', () => {
    const good = schedule(undefined, 3, now)
    const again = schedule(undefined, 1, now)
    expect(good.due).toBeGreaterThan(now.getTime())
    expect(good.due).toBeGreaterThan(again.due)
    expect(good.reps).toBe(1)
    expect(good.last_review).toBe(now.getTime())
  })

  it('a review card forgotten counts a lapse; dates stay numbers through JSON', () => {
    let card = schedule(undefined, 3, now)
    for (let day = 1; day < 40; day += 10) card = schedule(card, 3, new Date(now.getTime() + day * 86_400_000))
    expect(card.state).toBe(2)
    const lapsed = schedule(JSON.parse(JSON.stringify(card)), 1, new Date(card.due))
    expect(lapsed.lapses).toBe(card.lapses + 1)
    expect(typeof lapsed.due).toBe('number')
  })
})

describe('selection', () => {
  const qs = Array.from({ length: 30 }, (_, i) => open(`q${i}`))

  it('quiz picks count questions, in bank order or shuffled by seed', () => {
    expect(pickQuiz(qs, { count: 3, order: 'bank', random: seededRandom(1) }).map((q) => q.id)).toEqual(['q0', 'q1', 'q2'])
    const a = pickQuiz(qs, { count: 5, order: 'random', random: seededRandom(7) })
    expect(a).toHaveLength(5)
    expect(pickQuiz(qs, { count: 5, order: 'random', random: seededRandom(7) })).toEqual(a)
    expect(pickQuiz(qs, { count: 100, order: 'bank', random: seededRandom(1) })).toHaveLength(30)
  })

  it('review: due cards first (most overdue first), then new ones up to the daily limit', () => {
    const now = new Date(Date.UTC(2026, 10, 25, 12, 0))
    const day = 86_400_000
    const progress: ProgressData = emptyProgress()
    const put = (id: string, due: number, firstAnswer: number) =>
      recordAttempt(progress, {
        bank: 'b',
        id,
        topic: 'orm',
        difficulty: 'beginner',
        attempt: { t: firstAnswer, r: 3, ok: 1, ms: 1 },
        card: { ...schedule(undefined, 3, new Date(firstAnswer)), due },
      })
    put('q5', now.getTime() - 2 * day, now.getTime() - 9 * day) // overdue
    put('q3', now.getTime() - 5 * day, now.getTime() - 9 * day) // more overdue
    put('q4', now.getTime() + 3 * day, now.getTime() - 9 * day) // not due
    put('q6', now.getTime() + 19 * 60_000, now.getTime() - 9 * day) // within the learn-ahead margin
    put('q8', now.getTime() + 21 * 60_000, now.getTime() - 9 * day) // later today: not yet
    put('q7', now.getTime() + 5 * day, now.getTime() - 3_600_000) // first answered today: a new one used up
    put('q9', now.getTime() + day, now.getTime() - 9 * day) // tomorrow
    const queue = reviewQueue(qs.slice(0, 12), progress, now, 3, UTC)
    expect(queue.due.map((q) => q.id)).toEqual(['q3', 'q5', 'q6'])
    expect(queue.newToday).toBe(1)
    expect(queue.fresh.map((q) => q.id)).toEqual(['q0', 'q1'])
    expect(queue.queue.map((q) => q.id)).toEqual(['q3', 'q5', 'q6', 'q0', 'q1'])
    expect(queue.nextDue).toBe(now.getTime() + 21 * 60_000)
    expect(queue.dueTomorrow).toBe(1)
  })

  it('review never shows a card answered right seconds ago (its 10-minute step is not due)', () => {
    const now = new Date(2026, 10, 25, 12, 0)
    const progress: ProgressData = emptyProgress()
    const answered = new Date(now.getTime() - 30_000)
    const card = schedule(undefined, 3, answered)
    recordAttempt(progress, { bank: 'b', id: 'q0', topic: 'orm', difficulty: 'beginner', attempt: { t: answered.getTime(), r: 3, ok: 1, ms: 1 }, card })
    expect(reviewQueue(qs.slice(0, 1), progress, now, 10, UTC, 0).queue).toEqual([])
    // Within Anki's 20-minute learn-ahead margin it may come early; a larger margin is capped.
    expect(reviewQueue(qs.slice(0, 1), progress, now, 10, UTC).queue.map((q) => q.id)).toEqual(['q0'])
    expect(reviewQueue(qs.slice(0, 1), progress, new Date(card.due - 30 * 60_000), 10, UTC, 3_600_000).queue).toEqual([])
  })

  it("review: tomorrow begins at the user's midnight, from the injected calendar", () => {
    const now = new Date(Date.UTC(2026, 10, 25, 12, 0))
    const progress: ProgressData = emptyProgress()
    const due = Date.UTC(2026, 10, 26, 8, 0) // 03:00 tomorrow in New York; 21:00 today at UTC+13, where it is already 26 November
    recordAttempt(progress, {
      bank: 'b',
      id: 'q0',
      topic: 'orm',
      difficulty: 'beginner',
      attempt: { t: due - 9 * 86_400_000, r: 3, ok: 1, ms: 1 },
      card: { ...schedule(undefined, 3, new Date(due - 9 * 86_400_000)), due },
    })
    // Due later, not now, in both zones (a card is never shown hours early); but "due tomorrow" only in New York.
    expect(reviewQueue(qs.slice(0, 1), progress, now, 0, fixedOffsetCalendar(300))).toMatchObject({ due: [], dueTomorrow: 1 })
    expect(reviewQueue(qs.slice(0, 1), progress, now, 0, fixedOffsetCalendar(-780))).toMatchObject({ due: [], dueTomorrow: 0 })
  })

  it('review with nothing stored offers only new questions, up to the limit', () => {
    expect(reviewQueue(qs, emptyProgress(), new Date(), 10, UTC).queue).toHaveLength(10)
    expect(reviewQueue(qs, emptyProgress(), new Date(), 0, UTC).queue).toHaveLength(0)
  })
})

describe('summary', () => {
  const rec = (q: Question, outcome: AnswerRecord['outcome'], ms: number): AnswerRecord => ({ question: q, outcome, ms })
  it('scores, tallies by topic and difficulty, times and lists the missed', () => {
    const records = [
      rec(open('a', 'orm', 'beginner'), 'correct', 1000),
      rec(open('b', 'orm', 'advanced'), 'wrong', 3000),
      rec(open('c', 'views', 'advanced'), 'timeout', 9000),
      rec(open('d', 'views', 'beginner'), 'skipped', 500),
      rec(open('e', 'views', 'beginner'), 'correct', 2000),
    ]
    const s = summarize(records, { endedBy: 'quit', totalMs: 20_000, flagged: ['b'], topicOrder: ['views', 'orm'] })
    expect(s).toMatchObject({ asked: 5, answered: 4, correct: 2, wrong: 1, timeouts: 1, skipped: 1, score: 0.5, averageMs: 3750, slowest: { id: 'c', ms: 9000 } })
    expect(s.missed).toEqual(['b', 'c'])
    expect(s.skippedIds).toEqual(['d'])
    expect(s.timedOut).toEqual(['c'])
    expect(s.byTopic).toEqual([
      { key: 'views', asked: 3, answered: 2, correct: 1, accuracy: 0.5 },
      { key: 'orm', asked: 2, answered: 2, correct: 1, accuracy: 0.5 },
    ])
    expect(s.byDifficulty.map((t) => [t.key, t.correct, t.asked])).toEqual([
      ['beginner', 2, 3],
      ['advanced', 0, 2],
    ])
  })

  it('an empty session', () => {
    expect(summarize([], { endedBy: 'time', totalMs: 0, flagged: [], topicOrder: [] })).toMatchObject({ asked: 0, score: 0, averageMs: 0, missed: [] })
  })
})

describe('progress records', () => {
  it.each(['constructor', 'tostring', 'hasownproperty', 'valueof'])('a question id like %s (valid: lowercase, hyphens) is stored like any other', (id) => {
    const data = emptyProgress()
    recordAttempt(data, { bank: 'b', id, topic: 'orm', difficulty: 'beginner', attempt: { t: 1, r: 3, ok: 1, ms: 1 } })
    recordAttempt(data, { bank: 'constructor', id, topic: 'orm', difficulty: 'beginner', attempt: { t: 2, r: 3, ok: 1, ms: 1 } })
    expect(Object.hasOwn(data.banks['b']!, id)).toBe(true)
    expect(JSON.parse(JSON.stringify(data)).banks.b[id].history).toHaveLength(1)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})
