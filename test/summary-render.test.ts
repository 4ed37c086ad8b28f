import { describe, expect, it } from 'vitest'
import { summarize, type AnswerRecord } from '../src/core/session.ts'
import { makeStyle, stripAnsi } from '../src/core/style.ts'
import { renderSummary } from '../src/core/summary-render.ts'
import type { Question } from '../src/core/types.ts'

const q = (id: string, topic: string, difficulty: Question['difficulty']): Question => ({
  bank: 'b',
  id,
  title: id,
  topic,
  difficulty,
  type: 'open',
  tags: [],
  summary: '',
  keyPoints: [],
  references: [],
  covers: [],
  related: [],
  prompt: '',
  explanation: '',
  file: '',
})
const records: AnswerRecord[] = [
  { question: q('orm-a', 'orm', 'beginner'), outcome: 'correct', ms: 4000 },
  { question: q('orm-b', 'orm', 'advanced'), outcome: 'wrong', ms: 12_000 },
  { question: q('views-a', 'views', 'intermediate'), outcome: 'timeout', ms: 30_000 },
]
const summary = summarize(records, { endedBy: 'time', totalMs: 50_000, flagged: ['orm-b'], topicOrder: ['orm', 'views'] })
const options = { width: 80, topicTitle: (id: string) => ({ orm: 'ORM and QuerySets', views: 'Views' })[id] ?? id }

describe('renderSummary', () => {
  it('pins the plain summary: score, answers, time, tallies, timeouts, missed and flagged ids', () => {
    expect(renderSummary(summary, { ...options, style: makeStyle(0) })).toBe(
      [
        'Time limit reached',
        '',
        'Score     1/3 (33%)',
        'Answers   1 right · 1 wrong · 1 timed out',
        'Time      50.0s in all · 15.3s per question · slowest 30.0s (views-a)',
        '',
        'TOPIC              RIGHT  ACCURACY',
        'ORM and QuerySets    1/2       50%',
        'Views                0/1        0%',
        '',
        'DIFFICULTY    RIGHT  ACCURACY',
        'beginner        1/1      100%',
        'intermediate    0/1        0%',
        'advanced        0/1        0%',
        '',
        'Timed out  views-a',
        '',
        'Missed — review with `django-drill show <id>`:',
        '  ✘ orm-b',
        '  ✘ views-a',
        '',
        'Flagged for later:',
        '  ⚑ orm-b',
      ].join('\n'),
    )
  })

  it('in colour says the same', () => {
    const coloured = renderSummary(summary, { ...options, style: makeStyle(1) })
    expect(coloured).toContain('\u001b[')
    expect(stripAnsi(coloured)).toBe(renderSummary(summary, { ...options, style: makeStyle(0) }))
  })

  it('an empty session says so', () => {
    const empty = summarize([], { endedBy: 'quit', totalMs: 0, flagged: [], topicOrder: [] })
    expect(renderSummary(empty, { ...options, style: makeStyle(0) })).toBe('Session ended early\n\nNo questions answered.')
  })
})

describe('skipped and unanswered questions', () => {
  it('a skipped question counts in neither RIGHT nor ACCURACY, and is listed by id', () => {
    const s = summarize(
      [
        { question: q('orm-a', 'orm', 'beginner'), outcome: 'correct', ms: 1000 },
        { question: q('orm-b', 'orm', 'beginner'), outcome: 'skipped', ms: 1000 },
      ],
      { endedBy: 'done', totalMs: 2000, flagged: [], topicOrder: ['orm'] },
    )
    const text = renderSummary(s, { ...options, style: makeStyle(0) })
    expect(text).toContain('Score     1/1 (100%)')
    expect(text).toContain('ORM and QuerySets    1/1      100%')
    expect(text).toContain('Skipped    orm-b')
  })

  it('the question on screen when time ran out is listed with what was typed', () => {
    const s = { ...summary, unanswered: { id: 'orm-c', typed: 'half of\nan answer' } }
    expect(renderSummary(s, { ...options, style: makeStyle(0) })).toContain('Unanswered  orm-c (time ran out) · you had typed: half of an answer')
    const empty = { ...summarize([], { endedBy: 'time', totalMs: 0, flagged: [], topicOrder: [] }), unanswered: { id: 'orm-a', typed: 'sel' } }
    expect(renderSummary(empty, { ...options, style: makeStyle(0) })).toBe('Time limit reached\n\nNo questions answered.\nUnanswered  orm-a (time ran out) · you had typed: sel')
  })
})

describe('the summary fits the terminal', () => {
  // Ids as long as the bank's longest, each answered one way.
  const long = (n: number) => `contenttypes-generic-relations-design-number-${n}`
  const many: AnswerRecord[] = [
    { question: q(long(1), 'contenttypes', 'advanced'), outcome: 'wrong', ms: 61_000 },
    { question: q(long(2), 'contenttypes', 'advanced'), outcome: 'skipped', ms: 1000 },
    { question: q(long(3), 'contenttypes', 'advanced'), outcome: 'skipped', ms: 1000 },
    { question: q(long(4), 'contenttypes', 'beginner'), outcome: 'timeout', ms: 30_000 },
    { question: q(long(5), 'contenttypes', 'beginner'), outcome: 'timeout', ms: 30_000 },
  ]
  const s = {
    ...summarize(many, { endedBy: 'time', totalMs: 3_600_000, flagged: [long(1)], topicOrder: ['contenttypes'] }),
    unanswered: { id: long(6), typed: 'a long answer typed before the time ran out '.repeat(4) },
  }
  const title = () => 'Contenttypes, generic relations and contrib apps'

  it.each([60, 80, 100])('at %i columns no line is wider, and every id is whole on one line', (width) => {
    const out = stripAnsi(renderSummary(s, { width, style: makeStyle(1), topicTitle: title }))
    const lines = out.split('\n')
    expect(lines.filter((l) => l.length > width)).toEqual([])
    for (let n = 1; n <= 6; n++)
      expect(
        lines.some((l) => l.includes(long(n))),
        long(n),
      ).toBe(true)
    expect(out.replace(/\n +/g, ' ')).toContain('you had typed: a long answer')
  })
})
