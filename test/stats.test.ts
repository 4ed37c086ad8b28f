// The figures of `stats`, from fixed histories with an injected clock and time zone.
import { describe, expect, it } from 'vitest'
import { addDays, fixedOffsetCalendar, weekdayOf } from '../src/core/calendar.ts'
import { computeStats, flaggedQuestions, streaks, weakQuestions, type StatsInput } from '../src/core/stats.ts'
import { emptyProgress } from '../src/core/progress.ts'
import { answer, card, progress, question } from './helpers/stats-fixtures.ts'

// Wednesday 25 November 2026, noon UTC.
const NOW = new Date('2026-11-25T12:00:00Z')
const UTC = fixedOffsetCalendar(0)
const NEW_YORK = fixedOffsetCalendar(300) // UTC-5
const PARIS = fixedOffsetCalendar(-60) // UTC+1

const QUESTIONS = [
  question('orm-a', 'orm', 'beginner'),
  question('orm-b', 'orm', 'beginner'),
  question('orm-c', 'orm', 'advanced'),
  question('views-a', 'views', 'intermediate'),
  question('views-b', 'views', 'advanced'),
]
const TOPICS = [
  { id: 'views', title: 'Views' },
  { id: 'orm', title: 'ORM' },
]

const stats = (input: Partial<StatsInput>) => computeStats({ progress: emptyProgress(), questions: QUESTIONS, topics: TOPICS, now: NOW, calendar: UTC, ...input })

describe('calendar helpers', () => {
  it.each([
    ['2026-11-25', 1, '2026-11-26'],
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i = %s', (key, n, expected) => expect(addDays(key, n)).toBe(expected))

  it('weekdays run Monday 0 to Sunday 6', () => {
    expect([weekdayOf('2026-11-23'), weekdayOf('2026-11-25'), weekdayOf('2026-11-29')]).toEqual([0, 2, 6])
  })
})

describe('streaks', () => {
  // prettier-ignore
  const cases: [string, string[], { current: number; longest: number }][] = [
    ['no answers',                        [],                                                        { current: 0, longest: 0 }],
    ['only today',                        ['2026-11-25'],                                            { current: 1, longest: 1 }],
    ['ends yesterday, none today yet',    ['2026-11-23', '2026-11-24'],                              { current: 2, longest: 2 }],
    ['a missed day breaks it',            ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24', '2026-11-25'], { current: 2, longest: 3 }],
    ['last answer two days ago',          ['2026-11-22', '2026-11-23'],                              { current: 0, longest: 2 }],
    ['across a month end',                ['2026-10-30', '2026-10-31', '2026-11-01'],                { current: 0, longest: 3 }],
    ['repeats and future days ignored',   ['2026-11-25', '2026-11-25', '2026-11-26', '2026-11-27'], { current: 1, longest: 1 }],
  ]
  it.each(cases)('%s', (_name, days, expected) => expect(streaks(days, '2026-11-25')).toEqual(expected))
})

describe('computeStats', () => {
  it('an empty history gives zeros, not NaN, and every question unseen', () => {
    const s = stats({})
    expect(s.questions).toEqual({ total: 5, seen: 0, unseen: 5, retired: 0, known: 0, flagged: 0 })
    expect(s.answers).toEqual({ given: 0, correct: 0, accuracy: null })
    expect(s.last7Days).toEqual({ given: 0, correct: 0, accuracy: null })
    expect(s.streak).toEqual({ current: 0, longest: 0, answeredToday: false })
    expect(s.due).toEqual({ overdue: 0, today: 0, next7Days: 0 })
    expect(s.weakest).toEqual([])
    expect(s.activity.max).toBe(0)
    expect(s.readiness.all.all).toEqual({ known: 0, total: 5 })
  })

  it('readiness counts a question known only when its last answer was right and it is not overdue', () => {
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': { history: [answer('2026-11-20T10:00:00Z', false), answer('2026-11-24T10:00:00Z', true)], card: card('2026-11-28T10:00:00Z', '2026-11-24T10:00:00Z') },
          'orm-b': { history: [answer('2026-11-24T10:00:00Z', true), answer('2026-11-24T11:00:00Z', false)], card: card('2026-11-28T10:00:00Z', '2026-11-24T11:00:00Z') },
          'orm-c': { history: [answer('2026-11-01T10:00:00Z', true)], card: card('2026-11-25T11:59:00Z', '2026-11-01T10:00:00Z') }, // overdue a minute ago
          'views-a': { history: [answer('2026-11-24T10:00:00Z', true)] }, // no schedule (quiz --no-schedule): known
        },
      }),
    })
    // Rows follow the topic order given, difficulties run beginner → advanced.
    expect(s.readiness.difficulties).toEqual(['beginner', 'intermediate', 'advanced'])
    expect(s.readiness.rows).toEqual([
      { topic: 'views', cells: { beginner: { known: 0, total: 0 }, intermediate: { known: 1, total: 1 }, advanced: { known: 0, total: 1 } }, all: { known: 1, total: 2 } },
      { topic: 'orm', cells: { beginner: { known: 1, total: 2 }, intermediate: { known: 0, total: 0 }, advanced: { known: 0, total: 1 } }, all: { known: 1, total: 3 } },
    ])
    expect(s.readiness.all.all).toEqual({ known: 2, total: 5 })
    expect(s.questions).toMatchObject({ seen: 4, unseen: 1, known: 2 })
  })

  it('counts answers, accuracy overall and over the last 7 local days', () => {
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': { history: [answer('2026-11-18T23:59:00Z', true), answer('2026-11-19T00:01:00Z', true)] }, // 7 days ago, then 6
          'orm-b': { history: [answer('2026-11-25T08:00:00Z', false), answer('2026-11-25T09:00:00Z', true)] },
        },
      }),
    })
    expect(s.answers).toEqual({ given: 4, correct: 3, accuracy: 0.75 })
    expect(s.last7Days).toEqual({ given: 3, correct: 2, accuracy: 2 / 3 })
  })

  describe('days follow the learner’s time zone', () => {
    // 23:30 and 00:30 UTC: two days in London, one evening in New York, one morning in Paris.
    const late = progress({ sample: { 'orm-a': { history: [answer('2026-11-24T23:30:00Z', true), answer('2026-11-25T00:30:00Z', true)] } } })

    it.each([
      ['UTC', UTC, { current: 2, longest: 2, answeredToday: true }, { '2026-11-24': 1, '2026-11-25': 1 }],
      ['UTC-5', NEW_YORK, { current: 1, longest: 1, answeredToday: false }, { '2026-11-24': 2 }],
      ['UTC+1', PARIS, { current: 1, longest: 1, answeredToday: true }, { '2026-11-25': 2 }],
    ])('%s', (_zone, calendar, streak, perDay) => {
      const s = stats({ progress: late, calendar })
      expect(s.streak).toEqual(streak)
      expect(Object.fromEntries(s.activity.days.filter((d) => d.answers > 0).map((d) => [d.date, d.answers]))).toEqual(perDay)
    })

    it('a streak survives midnight: answering just before and just after keeps both days', () => {
      const s = stats({
        progress: progress({
          sample: { 'orm-a': { history: [answer('2026-11-23T23:59:59Z', true), answer('2026-11-24T00:00:01Z', false), answer('2026-11-25T00:00:00Z', true)] } },
        }),
      })
      expect(s.streak).toEqual({ current: 3, longest: 3, answeredToday: true })
    })

    it('"today" itself moves with the zone: noon UTC is still the 25th in New York, already the 26th in Auckland', () => {
      expect(stats({ calendar: NEW_YORK }).today).toBe('2026-11-25')
      expect(stats({ calendar: fixedOffsetCalendar(-13 * 60) }).today).toBe('2026-11-26')
    })
  })

  it('due: overdue, later today and in the next 7 days, by local day', () => {
    const reviewed = '2026-11-20T10:00:00Z'
    const p = progress({
      sample: {
        'orm-a': { history: [answer(reviewed, true)], card: card('2026-11-24T10:00:00Z', reviewed) }, // overdue
        'orm-b': { history: [answer(reviewed, true)], card: card('2026-11-25T23:30:00Z', reviewed) }, // tonight in UTC, tomorrow in Paris
        'orm-c': { history: [answer(reviewed, true)], card: card('2026-12-02T10:00:00Z', reviewed) }, // today + 7
        'views-a': { history: [answer(reviewed, true)], card: card('2026-12-03T10:00:00Z', reviewed) }, // today + 8
        gone: { history: [answer(reviewed, true)], card: card('2026-11-24T10:00:00Z', reviewed), topic: 'orm', difficulty: 'beginner' }, // left the bank
      },
    })
    expect(stats({ progress: p }).due).toEqual({ overdue: 1, today: 2, next7Days: 1 })
    expect(stats({ progress: p, calendar: PARIS }).due).toEqual({ overdue: 1, today: 1, next7Days: 2 })
  })

  it('questions that left the bank still count in answers, activity and seen, but not in readiness, due or weakest', () => {
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': { history: [answer('2026-11-25T10:00:00Z', true)] },
          'orm-retired': {
            history: [answer('2026-11-24T10:00:00Z', false), answer('2026-11-25T09:00:00Z', false)],
            card: card('2026-11-20T00:00:00Z', '2026-11-25T09:00:00Z', { lapses: 5 }),
            topic: 'orm',
            difficulty: 'beginner',
          },
        },
      }),
    })
    expect(s.questions).toMatchObject({ total: 5, seen: 2, unseen: 4, retired: 1 })
    expect(s.answers.given).toBe(3)
    expect(s.streak.current).toBe(2)
    expect(s.readiness.all.all.total).toBe(5)
    expect(s.due.today).toBe(0)
    expect(s.weakest).toEqual([])
  })

  it('--topic and --difficulty narrow every figure, retired questions by their stored topic', () => {
    const p = progress({
      sample: {
        'orm-a': { history: [answer('2026-11-25T10:00:00Z', true)] },
        'views-a': { history: [answer('2026-11-24T10:00:00Z', false)] },
        'orm-retired': { history: [answer('2026-11-23T10:00:00Z', true)], topic: 'orm', difficulty: 'advanced' },
      },
    })
    const orm = stats({ progress: p, filter: { topics: ['orm'] } })
    expect(orm.readiness.rows.map((r) => r.topic)).toEqual(['orm'])
    expect(orm.answers.given).toBe(2)
    expect(orm.streak).toMatchObject({ current: 1, longest: 1 })
    const advanced = stats({ progress: p, filter: { difficulties: ['advanced'] } })
    expect(advanced.readiness.difficulties).toEqual(['advanced'])
    expect(advanced.readiness.all.all).toEqual({ known: 0, total: 2 })
    expect(advanced.answers.given).toBe(1)
    expect(advanced.questions).toMatchObject({ total: 2, seen: 1, retired: 1 })
  })

  it('leaves out progress of banks not loaded', () => {
    const p = progress({ sample: { 'orm-a': { history: [answer('2026-11-25T10:00:00Z', true)] } }, other: { 'orm-a': { history: [answer('2026-11-25T10:00:00Z', false)] } } })
    expect(stats({ progress: p }).answers).toEqual({ given: 1, correct: 1, accuracy: 1 })
    expect(stats({ progress: p, banks: ['sample', 'other'] }).answers.given).toBe(2)
  })

  it('activity covers 12 weeks from a Monday through today, per local day', () => {
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': {
            history: [answer('2026-09-07T10:00:00Z', true), answer('2026-09-06T10:00:00Z', true), answer('2026-11-25T10:00:00Z', true), answer('2026-11-25T11:00:00Z', true)],
          },
        },
      }),
    })
    expect(s.activity.from).toBe('2026-09-07')
    expect(weekdayOf(s.activity.from)).toBe(0)
    expect(s.activity.to).toBe('2026-11-25')
    expect(s.activity.days).toHaveLength(11 * 7 + 3)
    expect(s.activity.days[0]).toEqual({ date: '2026-09-07', answers: 1 })
    expect(s.activity.days.at(-1)).toEqual({ date: '2026-11-25', answers: 2 })
    expect(s.activity.max).toBe(2)
  })

  it('the weakest are the most lapsed, then most missed, then least recalled, with titles', () => {
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': { history: [answer('2026-11-20T10:00:00Z', false)], card: card('2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', { lapses: 1 }) },
          'orm-b': {
            history: [answer('2026-11-20T10:00:00Z', false), answer('2026-11-21T10:00:00Z', false)],
            card: card('2026-11-22T10:00:00Z', '2026-11-21T10:00:00Z', { lapses: 1 }),
          },
          'orm-c': { history: [answer('2026-11-24T10:00:00Z', true)], card: card('2026-12-24T10:00:00Z', '2026-11-24T10:00:00Z') }, // known, never missed
          'views-a': { history: [answer('2026-11-20T10:00:00Z', false)], card: card('2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', { lapses: 3 }) },
        },
      }),
      weakLimit: 2,
    })
    expect(s.weakest.map((w) => w.id)).toEqual(['views-a', 'orm-b'])
    expect(s.weakest[0]).toMatchObject({ bank: 'sample', topic: 'views', difficulty: 'intermediate', title: 'Title of views-a', lapses: 3, wrong: 1 })
    // Missed at its last answer: not recalled, however recent the miss (FSRS alone would say ~99%).
    expect(s.weakest[0]!.recall).toBe(0)
  })

  it('a right answer stays known through its learning steps; a miss minutes ago is 0% recall', () => {
    const at = '2026-11-25T11:50:00Z' // ten minutes before the stats' now
    const s = stats({
      progress: progress({
        sample: {
          'orm-a': { history: [answer(at, true)], card: card('2026-11-25T12:00:00Z', at, { state: 1, stability: 2.3 }) },
          'orm-b': {
            history: [answer(at, true), answer('2026-11-25T11:58:00Z', false)],
            card: card('2026-11-25T11:59:00Z', '2026-11-25T11:58:00Z', { state: 3, lapses: 1, stability: 0.4 }),
          },
        },
      }),
      now: new Date('2026-11-25T12:05:00Z'),
    })
    expect(s.weakest.map((w) => [w.id, w.recall])).toEqual([['orm-b', 0]])
    // orm-a's 10-minute step fell due five minutes ago; it is still known (recall ~99%).
    expect(s.questions.known).toBe(1)
  })
})

describe('weakQuestions and flaggedQuestions (for quiz --weak / --flagged)', () => {
  const p = progress({
    sample: {
      'orm-a': { history: [answer('2026-11-20T10:00:00Z', false)], card: card('2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', { lapses: 2 }), flagged: true },
      'orm-b': { history: [answer('2026-11-24T10:00:00Z', true)], card: card('2026-12-24T10:00:00Z', '2026-11-24T10:00:00Z') },
      'orm-c': { history: [answer('2026-10-01T10:00:00Z', true)], card: card('2026-10-05T10:00:00Z', '2026-10-01T10:00:00Z', { stability: 1 }) }, // overdue: low recall
      'views-a': { history: [answer('2026-11-20T10:00:00Z', false)], card: card('2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', { lapses: 1 }) },
      'views-b': { history: [], flagged: true },
    },
    other: { 'orm-b': { history: [answer('2026-11-20T10:00:00Z', false)], card: card('2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', { lapses: 9 }), flagged: true } },
  })

  const ids = (qs: readonly { id: string }[]) => qs.map((q) => q.id)

  it('weakest first; never-missed known questions and other banks are left out', () => {
    expect(ids(weakQuestions(p, QUESTIONS, NOW, 10))).toEqual(['orm-a', 'views-a', 'orm-c'])
  })

  it('only among the questions given, up to the limit', () => {
    expect(
      ids(
        weakQuestions(
          p,
          QUESTIONS.filter((q) => q.topic === 'views'),
          NOW,
          10,
        ),
      ),
    ).toEqual(['views-a'])
    expect(ids(weakQuestions(p, QUESTIONS, NOW, 2))).toEqual(['orm-a', 'views-a'])
    expect(ids(weakQuestions(emptyProgress(), QUESTIONS, NOW, 5))).toEqual([])
  })

  it('flagged, in the order given, this bank only', () => {
    expect(ids(flaggedQuestions(p, QUESTIONS))).toEqual(['orm-a', 'views-b'])
    expect(ids(flaggedQuestions(p, [...QUESTIONS].reverse()))).toEqual(['views-b', 'orm-a'])
    expect(ids(flaggedQuestions(emptyProgress(), QUESTIONS))).toEqual([])
  })
})
