// `review` follows the interview plan: the day's queue, in the plan's order; after the interview, the plain schedule.
import { describe, expect, it } from 'vitest'
import { review } from '../src/commands/quiz.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import { emptyProgress, recordAttempt } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const ids = ['a', 'b', 'c', 'd', 'e', 'f']
const makeBank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      ids.map((x) => [
        `${x}.md`,
        questionFile({ id: `orm-${x}`, title: `Title ${x.toUpperCase()}`, type: 'choice', key_points: null, answer: '"yes"', distractors: '["no", "maybe"]' }),
      ]),
    ),
  })

/** Answers every question right and remembers the order asked. */
function answering(asked: string[]): SessionUi {
  return {
    ask: async (config) => (asked.push(config.status()), { action: 'answer', value: 'yes' }),
    next: async () => 'next',
    keyPoints: async () => [],
    rating: async (r) => r,
    editor: async () => '',
  }
}

describe('review with an interview plan', () => {
  const now = new Date('2026-11-25T12:00:00Z')
  const DAY = 86_400_000
  const data = () => {
    const d = emptyProgress()
    // orm-a: seen once, 3 days ago (a second look); orm-b due today but reviewed twice, long-lasting.
    const t = now.getTime() - 3 * DAY
    recordAttempt(d, { bank: 'sample', id: 'orm-a', topic: 'orm', difficulty: 'beginner', attempt: { t, r: 3, ok: 1, ms: 20_000 }, card: schedule(undefined, 3, new Date(t)) })
    d.plans = [{ at: now.getTime() + 5 * DAY, created: t, questions: 3, target: 0.9 }]
    return d
  }

  it('offers the plan of the day: the second look first, then new ones, no more than the budget', async () => {
    const bank = makeBank()
    const store = createMemoryStore(data())
    const runtime = memoryRuntime({ now: () => now })
    const asked: string[] = []
    await review({ bank: [bank] }, runtime, { ui: answering(asked), store, tick: 0 })
    expect(runtime.stdout.join('\n')).toMatch(/Interview in 5 days · projected \d\/6 known · today 3 questions/)
    const answered = Object.entries(store.read().banks['sample']!)
      .filter(([, p]) => p.history.some((a) => a.t >= now.getTime()))
      .map(([id]) => id)
    expect(answered).toHaveLength(3)
    expect(answered).toContain('orm-a')
    // Asked again today: the plan is done for the day.
    const again = memoryRuntime({ now: () => new Date(now.getTime() + 60_000) })
    await review({ bank: [bank] }, again, { ui: answering([]), store, tick: 0 })
    expect(again.stdout.join('\n')).toMatch(/Today's plan is done/)
  })

  it('after the interview the plan is off and plain review resumes', async () => {
    const bank = makeBank()
    const store = createMemoryStore(data())
    const after = memoryRuntime({ now: () => new Date(now.getTime() + 6 * DAY) })
    await review({ bank: [bank], new: 10 }, after, { ui: answering([]), store, tick: 0 })
    expect(after.stdout.join('\n')).not.toMatch(/Interview/)
    expect(after.stdout.join('\n')).toMatch(/due · 5 new/)
  })
})
