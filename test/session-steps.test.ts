// The session's steps on their own, with an injected clock: record/undo, pick, judge, intervals, feedback.
import { describe, expect, it } from 'vitest'
import { longInterval, previewDue, ratingIntervals, shortInterval } from '../src/core/intervals.ts'
import { emptyProgress, type ProgressData } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { makeStyle } from '../src/core/style.ts'
import type { ChoiceQuestion, ShortQuestion } from '../src/core/types.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { displayWidth } from '../src/core/text.ts'
import { almostLines, fitScreen, multiFeedback, verdictLine } from '../src/session/feedback.ts'
import { almostMatch, judge, withinOneEdit } from '../src/session/judge.ts'
import { askFirst, LEARN_AHEAD_MS, newQueue, pickNext, relearnLater } from '../src/session/pick.ts'
import { recordAnswer, takeBack } from '../src/session/record.ts'

const style = makeStyle(0)
const base = {
  bank: 'b',
  tags: [],
  summary: 's',
  references: [],
  covers: [],
  related: [],
  prompt: 'Q?',
  explanation: 'Because.',
  file: 'f.md',
  difficulty: 'beginner' as const,
  topic: 'orm',
  keyPoints: [],
}
const choice = (id: string): ChoiceQuestion => ({ ...base, id, title: id, type: 'choice', answer: 'right', distractors: ['wrong'] })
const short: ShortQuestion = { ...base, id: 's', title: 's', type: 'short', answer: 'collectstatic', accept: ['manage.py collectstatic'] }
const MIN = 60_000
const DAY = 86_400_000
const t0 = Date.parse('2026-11-01T10:00:00Z')

describe('record and undo', () => {
  it('undo after a late review restores the exact card, due date and last review included', () => {
    // A card reviewed twice, then answered 20 days after it fell due.
    let card = schedule(undefined, 3, new Date(t0))
    card = schedule(card, 3, new Date(card.due))
    const data: ProgressData = emptyProgress()
    data.banks['b'] = { c1: { card, history: [{ t: t0, r: 3, ok: 1, ms: 1 }], topic: 'orm', difficulty: 'beginner' } }
    const store = createMemoryStore(data)
    const before = store.read()
    const late = new Date(card.due + 20 * DAY)
    const recorded = recordAnswer(store, choice('c1'), { outcome: 'wrong', rating: 1, ms: 900 }, late, { schedule: true })
    expect(store.read().banks['b']!['c1']!.card!.due).not.toBe(card.due)
    expect(store.read().banks['b']!['c1']!.card!.lapses).toBe(1)
    const removed = takeBack(store, recorded.entry)
    expect(removed).toMatchObject({ t: late.getTime(), r: 1, ok: 0 })
    expect(store.read().banks).toEqual(before.banks)
    expect(store.read().journal).toEqual([])
  })

  it('undoing the first answer to a question leaves no trace of it', () => {
    const store = createMemoryStore()
    const recorded = recordAnswer(store, choice('c1'), { outcome: 'correct', rating: 3, ms: 5, text: 'typed' }, new Date(t0), { schedule: true })
    expect(store.read().banks['b']!['c1']!.history[0]).toMatchObject({ a: 'typed' })
    takeBack(store, recorded.entry)
    expect(store.read().banks).toEqual({})
  })

  it('undo with --no-schedule leaves the card alone and only removes the attempt', () => {
    const card = schedule(undefined, 3, new Date(t0))
    const data = emptyProgress()
    data.banks['b'] = { c1: { card, history: [] } }
    const store = createMemoryStore(data)
    const recorded = recordAnswer(store, choice('c1'), { outcome: 'wrong', rating: 1, ms: 5 }, new Date(t0 + DAY), { schedule: false })
    expect(store.read().banks['b']!['c1']!.card).toEqual(card)
    takeBack(store, recorded.entry)
    expect(store.read().banks['b']!['c1']).toMatchObject({ card, history: [] })
  })

  it('the journal keeps the last 50 answers, newest last', () => {
    const store = createMemoryStore()
    for (let i = 0; i < 55; i++) recordAnswer(store, choice(`c${i}`), { outcome: 'correct', rating: 3, ms: 5 }, new Date(t0 + i), { schedule: true })
    const journal = store.read().journal!
    expect(journal).toHaveLength(50)
    expect(journal.at(-1)).toMatchObject({ id: 'c54', t: t0 + 54 })
    expect(journal[0]).toMatchObject({ id: 'c5' })
  })
})

describe('pick the next question', () => {
  const [a, b] = [choice('a'), choice('b')]

  it('a failed question comes back once its step is due, before the planned ones', () => {
    let queue = relearnLater(newQueue([b]), a, t0 + MIN)
    const first = pickNext(queue, t0)
    expect('q' in first && first.q.id).toBe('b')
    queue = first.queue
    const early = pickNext(relearnLater(newQueue([b]), a, t0 + MIN), t0 + MIN)
    expect('q' in early && [early.q.id, early.relearning]).toEqual(['a', true])
  })

  it('with nothing else left, a step within the 20-minute margin is asked early; a later one ends the session for now', () => {
    const within = pickNext(relearnLater(newQueue([]), a, t0 + LEARN_AHEAD_MS), t0)
    expect('q' in within && within.q.id).toBe('a')
    const beyond = pickNext(relearnLater(newQueue([]), a, t0 + LEARN_AHEAD_MS + 1), t0)
    expect(beyond).toMatchObject({ done: true, nextDue: t0 + LEARN_AHEAD_MS + 1 })
  })

  it('askFirst puts an undone question in front', () => {
    const picked = pickNext(askFirst(newQueue([a]), b), t0)
    expect('q' in picked && picked.q.id).toBe('b')
  })
})

describe('judge', () => {
  it('one edit away from an accepted short answer is "almost", with where it differs', () => {
    expect(judge(short, 'collectstatc')).toEqual({ kind: 'auto', correct: false, almost: { given: 'collectstatc', expected: 'collectstatic', at: 11 } })
    expect(judge(short, 'Collectstatic')).toEqual({ kind: 'auto', correct: true })
    expect(judge(short, 'colectstatc')).toEqual({ kind: 'auto', correct: false })
    expect(almostMatch(['manage.py collectstatic'], 'manage py colectstatic')).toMatchObject({ at: 13 })
    // The diff shows what was typed, punctuation included, when that alone is one edit away.
    expect(almostMatch(['django-admin startproject mysite'], ' Django-admin  startprojet mysite')).toEqual({
      given: 'django-admin startprojet mysite',
      expected: 'django-admin startproject mysite',
      at: 23,
    })
  })

  it('the almost diff puts its caret under the first difference in columns, and wraps instead when too long', () => {
    const plain = makeStyle(0)
    expect(almostLines({ given: 'collectstatc', expected: 'collectstatic', at: 11 }, 60, plain)).toEqual([
      '≈ Almost.',
      '  you typed  collectstatc',
      '  accepted   collectstatic',
      '                        ^',
    ])
    // Wide characters before the difference move the caret two columns each.
    const cjk = almostLines({ given: '日本語abcx', expected: '日本語abcd', at: 6 }, 60, plain)
    expect(cjk[3]!.indexOf('^')).toBe(13 + 6 + 3)
    const long = 'python -m django startproject mysite --template=https://example.com/templates/project-template.zip'
    const lines = almostLines({ given: long.replace('startproject', 'startprojet'), expected: long, at: 27 }, 60, plain)
    expect(lines.filter((l) => displayWidth(l) > 60)).toEqual([])
    expect(lines.some((l) => l.includes('^'))).toBe(false)
  })

  it.each([
    ['abcd', 'abce', true],
    ['abcd', 'abd', true],
    ['abd', 'abcd', true],
    ['abcd', 'abcd', true],
    ['abcd', 'acbd', false],
    ['abcd', 'ab', false],
  ])('withinOneEdit(%s, %s) = %s', (x, y, ok) => {
    expect(withinOneEdit(x, y)).toBe(ok)
  })
})

describe('interval text', () => {
  it('a new card: what each rating schedules, as ts-fsrs computes it', () => {
    expect(ratingIntervals(undefined, new Date(t0))).toEqual({ 1: '1m', 2: '6m', 3: '10m', 4: '8d' })
  })

  it('a card in review: Again relearns in minutes, the others in days, growing with the rating', () => {
    let card = schedule(undefined, 3, new Date(t0))
    card = schedule(card, 3, new Date(card.due))
    expect(ratingIntervals(card, new Date(card.due))).toEqual({ 1: '10m', 2: '8d', 3: '11d', 4: '19d' })
  })

  it('desired retention changes the intervals', () => {
    let card = schedule(undefined, 3, new Date(t0))
    card = schedule(card, 3, new Date(card.due))
    const at = new Date(card.due)
    expect(previewDue(card, at, { retention: 0.75 })[3]).toBeGreaterThan(previewDue(card, at)[3])
    expect(previewDue(card, at, { retention: 0.97 })[3]).toBeLessThan(previewDue(card, at)[3])
    expect(previewDue(card, at, { maxInterval: 5 })[2] - at.getTime()).toBe(5 * DAY)
  })

  it.each([
    [10_000, '<1m'],
    [6 * MIN, '6m'],
    [3 * 3_600_000, '3h'],
    [4 * DAY, '4d'],
    [45 * DAY, '1.5mo'],
    [800 * DAY, '2.2y'],
  ])('short %d → %s', (ms, text) => {
    expect(shortInterval(ms)).toBe(text)
  })

  it.each([
    [10_000, 'in under a minute'],
    [MIN, 'in 1 minute'],
    [3 * 3_600_000, 'in 3 hours'],
    [3 * DAY, 'in 3 days'],
  ])('long %d → %s', (ms, text) => {
    expect(longInterval(ms)).toBe(text)
  })
})

describe('feedback', () => {
  it('the key line repeats the verdict with the rating and when it comes back', () => {
    expect(verdictLine({ outcome: 'correct', rating: 3, now: t0, due: t0 + 3 * DAY }, style)).toBe('✔ Correct · Good · next in 3 days')
    expect(verdictLine({ outcome: 'wrong', rating: 1, now: t0, due: t0 + MIN }, style)).toBe('✘ Not quite · Again · next in 1 minute')
  })

  it('multi: each option marked ticked and right, ticked but wrong, or missed', () => {
    expect(multiFeedback(['a', 'b', 'c', 'd'], ['a', 'c'], ['a', 'b'], style)).toEqual(['  ✔ a', '  ✘ b (ticked, but wrong)', '  ○ c (missed)', '    d'])
  })

  it('a long explanation is cut to the rows left, saying how much more there is; the verdict line always stays', () => {
    const body = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n')
    const fitted = fitScreen(['✘ Not quite.', 'Your answer: x'], body, 16, style, 60)
    expect(fitted.lines).toHaveLength(16)
    expect(fitted.lines.at(-1)).toBe('… 28 more lines: press m')
    expect(fitted.hidden).toBe(28)
    expect(fitted.lines.slice(0, 4)).toEqual(['✘ Not quite.', 'Your answer: x', '', 'line 0'])
    const tallHead = Array.from({ length: 30 }, (_, i) => `option ${i}`)
    const cut = fitScreen(['✘ Not quite.', ...tallHead], body, 16, style, 60)
    expect(cut.lines[0]).toBe('✘ Not quite.')
    expect(cut.lines.length).toBeLessThanOrEqual(16)
  })
})

describe('the end of a session', () => {
  it('says when the next review is and how many fall due tomorrow', async () => {
    const { whatNext } = await import('../src/commands/quiz.ts')
    const { memoryRuntime } = await import('./helpers/runtime.ts')
    const now = new Date(2026, 10, 25, 12, 0)
    const data = emptyProgress()
    const put = (id: string, due: number) => ({ [id]: { history: [], card: { ...schedule(undefined, 3, now), due } } })
    data.banks['b'] = { ...put('a', now.getTime() + 3 * 3_600_000), ...put('c', now.getTime() + DAY), ...put('d', now.getTime() + 5 * DAY) }
    const runtime = memoryRuntime({ now: () => now })
    const qs = ['a', 'c', 'd'].map(choice)
    expect(whatNext(qs, createMemoryStore(data), runtime)).toBe('Done for now · next review in 3 hours · 1 due tomorrow')
    data.banks['b']['a']!.card!.due = now.getTime() - 1
    expect(whatNext(qs, createMemoryStore(data), runtime)).toBe('1 question still due now · `django-drill review`')
  })
})
