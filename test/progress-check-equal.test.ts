// The cheaper progress checks against the code they replaced (test/helpers/progress-check-reference.ts,
// kept verbatim): on progress broken one field at a time, the same problem, the same notes and
// the same repairs, word for word.
import { describe, expect, it } from 'vitest'
import { checkProgress, impossibleCard, questionProblem } from '../src/core/progress-check.ts'
import { emptyProgress, type ProgressData, type StoredCard } from '../src/core/progress.ts'
import { checkProgressBefore, impossibleCardBefore, questionProblemBefore } from './helpers/progress-check-reference.ts'

const NOW = Date.UTC(2026, 11, 15, 10)
const DAY = 86_400_000
const MAX_SAFE = Number.MAX_SAFE_INTEGER + 2

const goodCard = (): StoredCard => ({
  due: NOW + DAY,
  stability: 3,
  difficulty: 5,
  elapsed_days: 1,
  scheduled_days: 3,
  learning_steps: 0,
  reps: 2,
  lapses: 1,
  state: 2,
  last_review: NOW - DAY,
})
const goodQuestion = () => ({
  card: goodCard(),
  history: [
    { t: NOW - 2 * DAY, r: 3, ok: 1, ms: 4000 },
    { t: NOW - DAY, r: 1, ok: 0, ms: 9000, w: ['b'], to: 1, a: 'typed' },
  ],
  flagged: true,
  topic: 'orm',
  difficulty: 'advanced',
})

/** Values a field may be broken to: wrong types, out of range, impossible, hostile. */
const BAD: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1,
  2,
  3,
  4,
  5,
  1.5,
  10,
  10.5,
  1e6,
  1e6 + 1,
  5e6,
  1e7,
  MAX_SAFE,
  NaN,
  Infinity,
  -0,
  1e308,
  9e15,
  NOW + 200 * 365 * DAY,
  '',
  'x',
  'a\u0007b',
  'a\u200bb',
  [],
  ['x'],
  [1],
  {},
  'x'.repeat(20_001),
]

/** Every progress that differs from a good one by one field set to one bad value (or removed). */
function variants(): [string, () => ProgressData][] {
  const out: [string, () => ProgressData][] = []
  const base = (): ProgressData => ({ ...emptyProgress(), banks: { django: { 'orm-a': goodQuestion() as never, 'orm-b': goodQuestion() as never } } })
  const set = (path: (string | number)[], value: unknown) => () => {
    const data = base()
    let at: Record<string | number, unknown> = data as never
    for (const key of path.slice(0, -1)) at = at[key] as never
    const last = path.at(-1)!
    if (value === undefined) delete at[last]
    else at[last] = value
    return data
  }
  const q = ['banks', 'django', 'orm-b']
  const fields: (string | number)[][] = [
    [...q],
    [...q, 'history'],
    [...q, 'history', 0],
    [...q, 'history', 1],
    ...['t', 'r', 'ok', 'ms', 'to', 'ov', 'ns', 'iv', 'a', 'w'].map((k) => [...q, 'history', 1, k]),
    [...q, 'history', 1, 'w', 0],
    [...q, 'card'],
    ...['due', 'stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state', 'last_review'].map((k) => [...q, 'card', k]),
    ...['flagged', 'suspended', 'pausedUntil', 'topic', 'difficulty'].map((k) => [...q, k]),
    ['banks', 'django'],
    ...['newPerDay', 'retention', 'maxInterval', 'learningSteps', 'shuffle'].map((k) => ['settings', k]),
  ]
  for (const path of fields) for (const value of BAD) out.push([`${path.join('.')} = ${String(value).slice(0, 20)}`, set(path, value)])
  // Names that are not plain, and answers from the future.
  out.push(['a bank id with a control character', () => ({ ...emptyProgress(), banks: { 'dj\u0001': {} } })])
  out.push(['a question id that is invisible', () => ({ ...emptyProgress(), banks: { django: { '\u200b': goodQuestion() as never } } })])
  out.push([
    'times ahead and long answers',
    () => {
      const data = base()
      const p = data.banks['django']!['orm-a']!
      p.history[0]!.t = NOW + DAY
      p.history[1]!.ms = 400 * DAY
      p.card!.last_review = NOW + DAY
      return data
    },
  ])
  return out
}

describe('progress checks say what they said before', () => {
  it('checkProgress: the same problem, notes and repairs for each broken field', () => {
    let problems = 0
    for (const [name, make] of variants()) {
      for (const rebuild of [false, true]) {
        const before = make()
        const after = make()
        const want = checkProgressBefore(before, NOW, { rebuild })
        const got = checkProgress(after, NOW, { rebuild })
        expect(got, name).toStrictEqual(want)
        expect(JSON.stringify(after), name).toBe(JSON.stringify(before))
        if (want.problem) problems++
      }
    }
    // The variants reach every kind of problem, not only good data.
    expect(problems).toBeGreaterThan(400)
  })

  it('questionProblem and impossibleCard: the same reason for each broken field', () => {
    for (const [name, make] of variants()) {
      const p = make().banks['django']?.['orm-b']
      expect(questionProblem(p, 'q'), name).toBe(questionProblemBefore(p, 'q'))
      const card = (p as { card?: StoredCard } | undefined)?.card
      if (card && typeof card === 'object') expect(impossibleCard(card, NOW), name).toBe(impossibleCardBefore(card, NOW))
    }
  })
})
