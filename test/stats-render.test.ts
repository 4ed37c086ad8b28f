// The dashboard as text: pinned with NO_COLOR and in colour, always within 80 columns.
import { describe, expect, it } from 'vitest'
import { fixedOffsetCalendar } from '../src/core/calendar.ts'
import { computeStats } from '../src/core/stats.ts'
import { fitLine, heatLevel, percent, renderHeatmap, renderReadiness, renderStats, shadeOf } from '../src/core/stats-render.ts'
import { emptyProgress, type QuestionProgress } from '../src/core/progress.ts'
import { makeStyle, stripAnsi, visibleLength } from '../src/core/style.ts'
import { answer, card, DAY, progress, question } from './helpers/stats-fixtures.ts'

const NOW = new Date('2026-11-25T12:00:00Z')
const plain = makeStyle(0)
const colour = makeStyle(1)

const QUESTIONS = [
  question('orm-select-related', 'orm', 'beginner'),
  question('orm-prefetch', 'orm', 'beginner'),
  question('orm-n-plus-one', 'orm', 'intermediate'),
  question('orm-subquery', 'orm', 'advanced'),
  question('views-cbv', 'views', 'beginner'),
  question('views-async', 'views', 'advanced'),
  question('security-csrf', 'security', 'intermediate'),
  question('security-xss', 'security', 'intermediate'),
]
const TOPICS = [
  { id: 'orm', title: 'ORM' },
  { id: 'views', title: 'Views' },
  { id: 'security', title: 'Security' },
]

/** A learner who answered every day for the last five days, with some misses. */
function learner(): ReturnType<typeof progress> {
  const at = (daysAgo: number, hour = 10) => new Date(NOW.getTime() - daysAgo * DAY + (hour - 12) * 3_600_000).toISOString()
  const known = (daysAgo: number): QuestionProgress => ({ history: [answer(at(daysAgo), true)], card: card(at(-5), at(daysAgo)) })
  return progress({
    sample: {
      'orm-select-related': known(1),
      'orm-prefetch': known(2),
      'orm-n-plus-one': { history: [answer(at(4), false), answer(at(3), false), answer(at(0), false)], card: card(at(0, 11), at(0), { lapses: 2 }) },
      'views-cbv': known(0),
      'security-csrf': { history: [answer(at(40), true)], card: card(at(30), at(40)) },
      'security-xss': { history: [answer(at(0, 9), false)], card: card(at(0, 11), at(0, 9), { lapses: 1 }), flagged: true },
    },
  })
}

const STATS = computeStats({ progress: learner(), questions: QUESTIONS, topics: TOPICS, now: NOW, calendar: fixedOffsetCalendar(0) })

/** ANSI colours as readable tags, so a coloured rendering can be pinned. */
const tags = (text: string) =>
  text.replace(
    // eslint-disable-next-line no-control-regex
    /\u001b\[(\d+)m/g,
    (_, code: string) => ({ 1: '<b>', 2: '<dim>', 22: '</>', 31: '<red>', 32: '<green>', 33: '<yellow>', 36: '<cyan>', 39: '</>' })[code] ?? `<${code}>`,
  )

describe('small helpers', () => {
  it.each([
    [0, '░'],
    [0.24, '░'],
    [0.25, '▒'],
    [0.5, '▓'],
    [0.74, '▓'],
    [0.75, '█'],
    [1, '█'],
  ])('shade of %d is %s', (share, shade) => expect(shadeOf(share)).toBe(shade))
  it.each([
    [null, '–'],
    [0, '0%'],
    [2 / 3, '66%'],
    [0.999, '99%'],
    [1, '100%'],
    [0.29, '29%'],
  ])('percent(%s) = %s', (share, text) => expect(percent(share)).toBe(text))
  it.each([
    [0, 10, 0],
    [1, 10, 1],
    [3, 10, 2],
    [5, 10, 2],
    [6, 10, 3],
    [10, 10, 4],
    [1, 1, 4],
    [0, 0, 0],
  ])('heat of %i with max %i is %i', (n, max, level) => expect(heatLevel(n, max)).toBe(level))
})

describe('renderStats', () => {
  it('without colour: readable with shading characters alone', () => {
    expect(renderStats(STATS, { width: 80, style: plain })).toMatchInlineSnapshot(`
      "Readiness  3 of 8 questions known now (37%)
      TOPIC     BEGINNER    INTERMEDIATE  ADVANCED    ALL
      orm       █ 2/2 100%  ░ 0/1   0%    ░ 0/1   0%  ▓ 2/4  50%
      views     █ 1/1 100%  ·             ░ 0/1   0%  ▓ 1/2  50%
      security  ·           ░ 0/2   0%    ·           ░ 0/2   0%
      all       █ 3/3 100%  ░ 0/3   0%    ░ 0/2   0%  ▒ 3/8  37%

      Activity  last 12 weeks        Totals
          Sep     Oct     Nov        Questions   6 seen · 2 unseen
      Mon · · · · · · · · · · · ▒    Flagged     1
      Tue · · · · · · · · · · · ▒    Answers     8 · 50% right
      Wed · · · · · · · · · · · █    Last 7 days 7 · 42% right
      Thu · · · · · · · · · · ·      Streak      5 days · longest 5
      Fri · · · · · ▒ · · · · ·      Due         3 today · 3 in the next 7 days
      Sat · · · · · · · · · · ▒
      Sun · · · · · · · · · · ▒
          Less · ░ ▒ ▓ █ More

      Weakest questions  django-drill show <id> · quiz --weak
      ID              LAPSES  WRONG  RECALL  TITLE
      orm-n-plus-one       2      3      0%  Title of orm-n-plus-one
      security-xss         1      1      0%  Title of security-xss
      security-csrf        0      0     71%  Title of security-csrf"
    `)
  })

  it('in colour: the same layout, weak cells red, middling yellow, strong green', () => {
    const coloured = renderStats(STATS, { width: 80, style: colour })
    expect(stripAnsi(coloured)).toBe(renderStats(STATS, { width: 80, style: plain }))
    const lines = tags(coloured).split('\n')
    expect(lines.slice(0, 4)).toMatchInlineSnapshot(`
      [
        "<b>Readiness</>  <dim>3 of 8 questions known now (37%)</>",
        "<b>TOPIC     BEGINNER    INTERMEDIATE  ADVANCED    ALL</>",
        "orm       <green>█ 2/2 100%</>  <red>░ 0/1   0%</>    <red>░ 0/1   0%</>  <yellow>▓ 2/4  50%</>",
        "views     <green>█ 1/1 100%</>  <dim>·</>             <red>░ 0/1   0%</>  <yellow>▓ 1/2  50%</>",
      ]
    `)
    expect(lines.find((l) => l.includes('Mon'))).toMatchInlineSnapshot(
      `"<dim>Mon</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <dim>·</> <green>▒</>    <b>Flagged     </>1"`,
    )
    expect(lines.find((l) => l.includes('More'))).toMatchInlineSnapshot(`"    <dim>Less</> <dim>·</> <green>░</> <green>▒</> <green>▓</> <green>█</> <dim>More</>"`)
  })

  it('fits 80 columns even with long topics and big banks', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      question(`q-${i}`, i % 2 ? 'a-rather-long-topic-name' : 'short', (['beginner', 'intermediate', 'advanced'] as const)[i % 3]!),
    )
    const s = computeStats({ progress: learner(), questions: [...QUESTIONS, ...many], now: NOW, calendar: fixedOffsetCalendar(0) })
    for (const width of [80, 200, Number.POSITIVE_INFINITY]) {
      for (const line of renderStats(s, { width, style: colour }).split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(80)
    }
  })

  it('narrower terminals get short headers, no percentages and stacked blocks', () => {
    const out = renderStats(STATS, { width: 40, style: plain })
    for (const line of out.split('\n')) expect(visibleLength(line)).toBeLessThanOrEqual(40)
    expect(out).toContain('TOPIC     BEG    INT    ADV    ALL')
    expect(out).toMatch(/^ {4}Less · ░ ▒ ▓ █ More\n\nTotals$/m)
  })

  it('totals mention retired questions and flags only when there are some, and an unanswered day', () => {
    const data = learner()
    data.banks['sample']!['orm-retired'] = { history: [answer('2026-11-01T10:00:00Z', true)], topic: 'orm', difficulty: 'beginner' }
    const yesterday = new Date(NOW.getTime() + DAY)
    const s = computeStats({ progress: data, questions: QUESTIONS, topics: TOPICS, now: yesterday, calendar: fixedOffsetCalendar(0) })
    const out = renderStats(s, { width: 80, style: plain })
    expect(out).toMatch(/ {4}Questions {3}7 seen · 2 unseen · 1 retired$/m)
    expect(out).toContain('Flagged     1')
    expect(out).toContain('Streak      5 days · longest 5 · keep it today')
    const none = renderStats(computeStats({ progress: progress({}), questions: QUESTIONS, now: NOW, calendar: fixedOffsetCalendar(0) }), { width: 80, style: plain })
    expect(none).not.toMatch(/Flagged|retired/)
  })

  it('a new user sees every question unseen and how to start', () => {
    const s = computeStats({ progress: emptyProgress(), questions: QUESTIONS, topics: TOPICS, now: NOW, calendar: fixedOffsetCalendar(0) })
    const out = renderStats(s, { width: 80, style: plain })
    expect(out).toContain('Readiness  0 of 8 questions known now (0%)')
    expect(out).toContain('0 seen · 8 unseen')
    expect(out).toContain('Streak      none · longest 0')
    expect(out).toContain('No answers yet: run `django-drill quiz` to start.')
    expect(out).not.toMatch(/NaN|undefined|Infinity/)
  })

  it('says which filters apply, and keeps ids unique across banks', () => {
    const s = computeStats({
      progress: learner(),
      questions: QUESTIONS,
      topics: TOPICS,
      now: NOW,
      calendar: fixedOffsetCalendar(0),
      filter: { topics: ['orm'], difficulties: ['intermediate'] },
    })
    const out = renderStats(s, { width: 80, style: plain, multiBank: true })
    expect(out.split('\n')[0]).toBe('Only topic orm · difficulty intermediate')
    expect(out).toContain('TOPIC  INTERMEDIATE')
    expect(out).not.toMatch(/ ALL$/m)
    expect(out).toContain('sample/orm-n-plus-one')
  })

  it('a filter that leaves no bank question says so', () => {
    const s = computeStats({ progress: learner(), questions: QUESTIONS, now: NOW, calendar: fixedOffsetCalendar(0), filter: { topics: ['views'], difficulties: ['intermediate'] } })
    expect(renderReadiness(s, { width: 80, style: plain })).toEqual(['Readiness', 'No question in the bank matches these filters.'])
  })
})

describe('renderHeatmap', () => {
  const activity = (from: string, counts: number[]) => {
    const days = counts.map((answers, i) => ({ date: new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10), answers }))
    return { from, to: days.at(-1)!.date, max: Math.max(...counts), days }
  }

  it('labels each month over the first week that starts in it, and leaves the days after today blank', () => {
    // Monday 12 Oct to Wednesday 25 Nov 2026: 7 weeks, the last one partial; Mondays busy, Tuesdays light.
    const counts = Array.from({ length: 45 }, (_, i) => (i % 7 === 0 ? 4 : i % 7 === 1 ? 1 : 0))
    const lines = renderHeatmap(activity('2026-10-12', counts), { width: 80, style: plain })
    expect(lines.join('\n')).toBe(
      [
        'Activity  last 7 weeks',
        '    Oct   Nov',
        'Mon █ █ █ █ █ █ █',
        'Tue ░ ░ ░ ░ ░ ░ ░',
        'Wed · · · · · · ·',
        'Thu · · · · · ·',
        'Fri · · · · · ·',
        'Sat · · · · · ·',
        'Sun · · · · · ·',
        '    Less · ░ ▒ ▓ █ More',
      ].join('\n'),
    )
  })

  it.each([
    ['2026-10-19', '    Oct Nov'], // two weeks apart: both fit
    ['2026-10-26', '      Nov'], // the month changes one week in: the later label wins
  ])('month labels from %s', (from, expected) => {
    expect(
      renderHeatmap(
        activity(
          from,
          Array.from({ length: 21 }, () => 0),
        ),
        { width: 80, style: plain },
      )[1],
    ).toBe(expected)
  })

  it('colours busy days green and empty ones dim', () => {
    const lines = renderHeatmap(activity('2026-11-23', [2, 0, 1]), { width: 80, style: colour }).map(tags)
    expect(lines.slice(2, 5)).toEqual(['<dim>Mon</> <green>█</>', '<dim>Tue</> <dim>·</>', '<dim>Wed</> <green>▒</>'])
  })
})

describe('fitLine', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a longer line', 6, 'a lon…'],
  ])('%s at %i', (line, width, expected) => expect(fitLine(line, width)).toBe(expected))

  it('cuts by visible width and keeps every colour code', () => {
    const cut = fitLine(colour.red('abcdef') + colour.green('ghij'), 5)
    expect(stripAnsi(cut)).toBe('abcd…')
    expect(tags(cut)).toBe('<red>abcd</><green></>…')
  })
})
