// The fast figures of `stats` against the code they replaced (test/helpers/stats-reference.ts,
// kept verbatim): on generated histories every figure, the weakest and the leeches must be the
// same, in the same order, down to the key order of what `stats --json` prints.
import { describe, expect, it } from 'vitest'
import { fixedOffsetCalendar, localCalendar, type Calendar } from '../src/core/calendar.ts'
import { confusions, findLeeches, LEECH_MIN_MISSES, leechReason, missTest, rightAnswers, spacedMisses } from '../src/core/leech.ts'
import { compareIds, emptyProgress, firstInOrder, plainIdOrder, progressOf, recordAttempt, weakest, type ProgressData, type Rating, type StoredCard } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { computeStats, type StatsInput } from '../src/core/stats.ts'
import { DIFFICULTIES, type Question } from '../src/core/types.ts'
import { computeStatsBefore, confusionsBefore, findLeechesBefore, leechReasonBefore, missTestBefore, weakestBefore } from './helpers/stats-reference.ts'
import { DAY, question } from './helpers/stats-fixtures.ts'

const NOW = Date.UTC(2026, 11, 15, 10)
const TOPICS = ['orm', 'views', 'security', 'testing', 'models']

/** A reproducible random source. */
const random = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648

interface World {
  name: string
  progress: ProgressData
  questions: Question[]
}

/**
 * A library of one or two banks and a history over it: answers a few minutes to weeks apart,
 * cards as sessions schedule them (or stored by hand, some impossible), questions that left the
 * bank, flags, suspensions, ids shared between banks and ids outside a bank's usual alphabet.
 */
function world(seed: number, options: { answers: number; questions?: number; banks?: number; oddIds?: boolean; settings?: ProgressData['settings'] } = { answers: 600 }): World {
  const rnd = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const banks = Array.from({ length: options.banks ?? 1 }, (_, i) => (i === 0 ? 'django' : `extra${i}`))
  const questions: Question[] = []
  const n = options.questions ?? 60
  for (const bank of banks) {
    for (let i = 0; i < n; i++) {
      // Some ids repeat across banks, some sort differently by locale than by code unit.
      const id = options.oddIds && i % 7 === 0 ? pick(['Zeta-a', 'alpha_b', 'beta', 'Beta', 'a-b', 'ab', 'a10', 'a9', 'ÄRGER', 'zz']) + `-${i}` : `${pick(TOPICS)}-q${i % 13}-${i}`
      questions.push(question(id, pick(TOPICS), pick(DIFFICULTIES), bank))
    }
  }
  const progress = emptyProgress()
  if (options.settings) progress.settings = { ...progress.settings, ...options.settings }
  // Questions answered, more of some (a few are missed again and again: leeches).
  const retired = Array.from({ length: 8 }, (_, i) => question(`gone-${i}`, pick(TOPICS), pick(DIFFICULTIES), pick(banks)))
  const pool = [...questions, ...retired]
  const hot = Array.from({ length: 6 }, () => pick(pool))
  let t = NOW - 40 * DAY
  for (let k = 0; k < options.answers; k++) {
    t += Math.floor(rnd() * (rnd() < 0.8 ? 20 * 60_000 : 2 * DAY))
    if (t > NOW + DAY) t = NOW - Math.floor(rnd() * 30 * DAY)
    const q = rnd() < 0.3 ? pick(hot) : pick(pool)
    const ok = rnd() < (hot.includes(q) ? 0.3 : 0.7) ? 1 : 0
    const r: Rating = ok ? pick<Rating>([2, 3, 3, 4]) : 1
    const before = progressOf(progress, q.bank, q.id)?.card
    const mode = rnd()
    const card: StoredCard | undefined =
      mode < 0.7
        ? schedule(before, r, new Date(t))
        : mode < 0.8
          ? undefined // recorded with --no-schedule
          : {
              due: t + Math.floor(rnd() * 10 * DAY) - 2 * DAY,
              stability: rnd() < 0.1 ? 0 : Math.round(rnd() * 40e6) / 1e6,
              difficulty: Math.round(rnd() * 10e6) / 1e6,
              elapsed_days: 1,
              scheduled_days: 3,
              learning_steps: 0,
              reps: 1 + Math.floor(rnd() * 20),
              lapses: Math.floor(rnd() * 12),
              state: pick([0, 1, 2, 3]),
              ...(rnd() < 0.9 ? { last_review: t } : {}),
            }
    recordAttempt(progress, {
      bank: q.bank,
      id: q.id,
      topic: q.topic,
      difficulty: q.difficulty,
      attempt: { t, r, ok, ms: 1000 + Math.floor(rnd() * 60_000), ...(ok ? {} : { w: pick([['a'], ['b'], ['c'], ['b', 'c'], ['c', 'c']]) }) },
      ...(card ? { card } : {}),
    })
  }
  for (const [bank, qs] of Object.entries(progress.banks)) {
    for (const p of Object.values(qs)) {
      if (rnd() < 0.1) p.flagged = true
      if (rnd() < 0.1) p.suspended = true
      if (rnd() < 0.05) p.history = [] // flagged or suspended before any answer
    }
    // A stored entry with no topic or difficulty (an older file) and no answers.
    qs['bare'] = { history: [] }
    void bank
  }
  // Choice questions, for the confusions.
  for (const q of questions) if (rnd() < 0.5) Object.assign(q, { type: 'choice', answer: 'a', distractors: ['b', 'c'] })
  return { name: `seed ${seed}`, progress, questions }
}

const worlds: World[] = [
  { name: 'empty', progress: emptyProgress(), questions: world(1).questions },
  { ...world(2, { answers: 1 }), name: 'one answer' },
  world(3),
  world(4, { answers: 2000, banks: 2 }),
  world(5, { answers: 800, oddIds: true }),
  world(6, { answers: 1500, banks: 3, oddIds: true, settings: { newPerDay: 10, retention: 0.8, maxInterval: 30, learningSteps: ['5m'] } }),
  world(7, { answers: 3000, questions: 20 }),
]

const calendars: [string, Calendar][] = [
  ['UTC', fixedOffsetCalendar(0)],
  ['UTC-5', fixedOffsetCalendar(300)],
  ['UTC+13', fixedOffsetCalendar(-780)],
  ['local', localCalendar],
]

/** The inputs `stats` is given: with and without filters, tracks and several banks in scope. */
function inputs(w: World): [string, StatsInput][] {
  const base = { progress: w.progress, questions: w.questions, now: new Date(NOW) }
  const topics = [...TOPICS].reverse().map((id) => ({ id, title: id }))
  return [
    ['plain', { ...base, calendar: fixedOffsetCalendar(0) }],
    ...calendars.map(([name, calendar]): [string, StatsInput] => [`topics, ${name}`, { ...base, topics, calendar }]),
    ['one bank', { ...base, topics, banks: ['django'], calendar: fixedOffsetCalendar(0) }],
    ['topic and difficulty', { ...base, topics, filter: { topics: ['orm', 'views'], difficulties: ['advanced'] }, calendar: fixedOffsetCalendar(0) }],
    ['a track', { ...base, topics, filter: { keep: (q) => q.id.length % 2 === 0 }, calendar: fixedOffsetCalendar(0), weakLimit: 12 }],
    ['a later day', { ...base, now: new Date(NOW + 9 * DAY), calendar: fixedOffsetCalendar(0), weeks: 3 }],
    ['an earlier day', { ...base, now: new Date(NOW - 20 * DAY), calendar: fixedOffsetCalendar(-60) }],
  ]
}

describe('stats figures are those of the code they replaced', () => {
  for (const w of worlds) {
    it(`computeStats: ${w.name}`, () => {
      for (const [name, input] of inputs(w)) {
        const before = computeStatsBefore(input)
        const after = computeStats(input)
        // Key order too: `stats --json` prints these objects as they are.
        expect(JSON.stringify(after), name).toBe(JSON.stringify(before))
        expect(after, name).toStrictEqual(before)
      }
    })

    it(`weakest, leeches and confusions: ${w.name}`, () => {
      const now = new Date(NOW)
      for (const limit of [0, 1, 2, 5, 30, 1000]) expect(weakest(w.progress, now, limit)).toStrictEqual(weakestBefore(w.progress, now, limit))
      expect(weakest(w.progress, now, 7, (_b, id) => id.length % 3 !== 0)).toStrictEqual(weakestBefore(w.progress, now, 7, (_b, id) => id.length % 3 !== 0))
      expect(findLeeches(w.progress, w.questions)).toStrictEqual(findLeechesBefore(w.progress, w.questions))
      expect(confusions(w.progress, w.questions, rightAnswers)).toStrictEqual(confusionsBefore(w.progress, w.questions))
      expect(confusions(w.progress, w.questions, rightAnswers, 1)).toStrictEqual(confusionsBefore(w.progress, w.questions, 1))
      for (const qs of Object.values(w.progress.banks)) {
        for (const p of Object.values(qs)) {
          expect(leechReason(p, w.progress.settings)).toStrictEqual(leechReasonBefore(p, w.progress.settings))
          expect(missTest(p.history, w.progress.settings)).toStrictEqual(missTestBefore(p.history, w.progress.settings))
          // leechReason skips the replay on this count: it must be the replay's.
          expect(spacedMisses(p.history)).toBe(missTest(p.history, w.progress.settings).misses)
        }
      }
    })
  }

  it('the generated histories have what the comparison is about', () => {
    const all = worlds.slice(2)
    // Leeches of both kinds, ties in the weakest that only the id breaks, and retired questions.
    const leeches = all.flatMap((w) => findLeechesBefore(w.progress, w.questions))
    expect(leeches.some((l) => l.reason === 'lapses')).toBe(true)
    expect(leeches.some((l) => l.reason === 'misses')).toBe(true)
    // A leech by misses with no more wrong answers than the test needs (the edge of leechReason's shortcut).
    const wrong = (w: World, l: { bank: string; id: string }) => progressOf(w.progress, l.bank, l.id)!.history.filter((a) => a.ok === 0).length
    expect(all.some((w) => findLeechesBefore(w.progress, w.questions).some((l) => l.reason === 'misses' && wrong(w, l) === LEECH_MIN_MISSES))).toBe(true)
    const weak = all.flatMap((w) => weakestBefore(w.progress, new Date(NOW), 1000))
    expect(weak.some((a, i) => weak.some((b, j) => i !== j && a.lapses === b.lapses && a.wrong === b.wrong && a.recall === b.recall))).toBe(true)
    expect(all.some((w) => computeStatsBefore({ progress: w.progress, questions: w.questions, now: new Date(NOW), calendar: localCalendar }).questions.retired > 0)).toBe(true)
  })
})

describe('the misses the leech test counts, without the scheduler', () => {
  it('spacedMisses counts what missTest counts at the edges: an hour exactly, a minute less, the same time, out of order', () => {
    const H = 3_600_000
    const at = (t: number, ok: 0 | 1) => ({ t: NOW + t, r: (ok ? 3 : 1) as Rating, ok, ms: 1000 })
    const histories = [
      [at(0, 1), at(H, 0), at(2 * H - 60_000, 0), at(3 * H - 60_000, 0), at(3 * H - 60_000, 0)],
      [at(5 * H, 0), at(0, 0), at(H, 0), at(10 * H, 0), at(2 * H, 1)],
      [at(0, 0), at(H - 1, 0), at(2 * H - 1, 0), at(3 * H, 0)],
    ]
    for (const history of histories) expect(spacedMisses(history), JSON.stringify(history)).toBe(missTest(history, {}).misses)
    expect(histories.map(spacedMisses)).toEqual([2, 3, 2])
  })
})

describe('the first items in order without sorting them all', () => {
  it('firstInOrder is a stable sort cut to the limit, ties kept in their order', () => {
    const rnd = random(9)
    for (let round = 0; round < 300; round++) {
      // Few distinct keys: many ties, which only the original order breaks.
      const items = Array.from({ length: Math.floor(rnd() * 40) }, (_, i) => ({ key: Math.floor(rnd() * 6), i }))
      const compare = (a: { key: number }, b: { key: number }) => a.key - b.key
      for (const limit of [0, 1, 2, 3, 5, items.length - 1, items.length, items.length + 3, -2, 2.5, Number.NaN]) {
        const expected = [...items].sort(compare).slice(0, limit)
        expect(firstInOrder([...items], limit, compare), `${JSON.stringify(items)} ${limit}`).toStrictEqual(expected)
      }
    }
  })
})

describe('ids in order without a collator', () => {
  const rnd = random(42)
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-'
  const ids = Array.from({ length: 2000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 10) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''))
  ids.push(...['a', 'a-', 'a-b', 'ab', 'a0', 'a10', 'a9', '-', '0', 'z', 'aa', 'ch', 'cz', 'y', 'k', 'i', 'zz-1'])
  // Outside the bank's alphabet: capitals, '_' (before digits in a collation, after them in code units), spaces, letters beyond ASCII.
  const odd = ['Beta', 'alpha_b', 'a_b', 'a1b', 'a_1', 'ÄRGER', 'Zeta', 'a b', 'straße', 'ﬁ', '']

  it('compareIds orders as localeCompare does, in this process locale', () => {
    const list = [...ids, ...odd]
    expect([...list].sort(compareIds)).toEqual([...list].sort((a, b) => a.localeCompare(b)))
    for (let i = 0; i < 3000; i++) {
      const a = list[Math.floor(rnd() * list.length)]!
      const b = list[Math.floor(rnd() * list.length)]!
      expect(Math.sign(compareIds(a, b)), `${a} ${b}`).toBe(Math.sign(a.localeCompare(b)))
    }
  })

  it('each locale taken as plain orders bank ids by code unit; those that do not are not taken', () => {
    const code = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    for (const locale of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'pt-BR', 'nl-NL', 'ja-JP', 'zh-CN', 'ru-RU', 'pl-PL', 'und']) {
      expect(plainIdOrder(locale), locale).toBe(true)
      expect([...ids].sort(new Intl.Collator(locale).compare), locale).toEqual(code)
    }
    // Danish sorts "aa" after "z", Lithuanian "y" before "k", Czech "ch" after "h": never taken as plain.
    for (const locale of ['da-DK', 'lt-LT', 'cs-CZ', 'sk-SK', 'et-EE', 'cy-GB', 'hu-HU', 'nb-NO', 'sr-Latn-RS', 'en-Latn-US', 'zh-Hant-TW']) {
      expect(plainIdOrder(locale), locale).toBe(false)
    }
  })
})
