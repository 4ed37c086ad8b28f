// The quiz and review commands in-process: a fixture bank, a memory store and a scripted terminal.
import { describe, expect, it } from 'vitest'
import { quiz, review } from '../src/commands/quiz.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import { emptyProgress, recordAttempt, setFlag } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      ['a', 'b', 'c', 'd'].map((x) => [
        `${x}.md`,
        questionFile({ id: `orm-${x}`, title: `Title ${x.toUpperCase()}`, type: 'choice', key_points: null, answer: '"yes"', distractors: '["no", "maybe"]' }),
      ]),
    ),
  })

/** A terminal that quits at the first question and remembers which titles were shown. */
function quitter(): SessionUi {
  return {
    ask: async () => ({ action: 'quit' }),
    next: async () => 'next',
    keyPoints: async () => [],
    rating: async (r) => r,
    editor: async () => '',
  }
}

const shownTitles = (out: string[]) => [...out.join('\n').matchAll(/Title ([A-D])/g)].map((m) => m[1])

describe('quiz command', () => {
  const now = new Date('2026-11-25T12:00:00Z')
  const progress = () => {
    const data = emptyProgress()
    const wrong = { t: now.getTime() - 86_400_000, r: 1 as const, ok: 0 as const, ms: 1 }
    recordAttempt(data, { bank: 'sample', id: 'orm-c', topic: 'orm', difficulty: 'beginner', attempt: wrong, card: schedule(undefined, 1, new Date(wrong.t)) })
    setFlag(data, 'sample', 'orm-b', true)
    return data
  }

  it('--weak drills only the questions missed', async () => {
    const runtime = memoryRuntime({ now: () => now })
    await quiz({ bank: [bank()], weak: true }, runtime, { ui: quitter(), store: createMemoryStore(progress()), tick: 0 })
    expect(shownTitles(runtime.stdout)).toEqual(['C'])
  })

  it('--flagged drills only the flagged ones', async () => {
    const runtime = memoryRuntime({ now: () => now })
    await quiz({ bank: [bank()], flagged: true }, runtime, { ui: quitter(), store: createMemoryStore(progress()), tick: 0 })
    expect(shownTitles(runtime.stdout)).toEqual(['B'])
  })

  it('--weak with no history says so and exits 1', async () => {
    const error = await quiz({ bank: [bank()], weak: true }, memoryRuntime(), { ui: quitter(), store: createMemoryStore(), tick: 0 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining('No weak questions yet') })
  })

  it('--seed gives the same order twice, --order bank the bank order', async () => {
    // The runtime's own random source differs on every call, so an ignored seed shows as a different order.
    let draws = 0
    const order = async (opts: Parameters<typeof quiz>[0]) => {
      const runtime = memoryRuntime({ random: () => (++draws * 0.618034) % 1 })
      let asked = 0
      const ui = { ...quitter(), ask: async () => (++asked < 4 ? { action: 'skip' as const } : { action: 'quit' as const }) }
      await quiz({ bank: [bank()], ...opts }, runtime, { ui, store: createMemoryStore(), tick: 0 })
      return shownTitles(runtime.stdout)
    }
    const seven = await order({ seed: 7 })
    expect(seven).toHaveLength(4)
    for (let i = 0; i < 5; i++) expect(await order({ seed: 7 })).toEqual(seven)
    const unseeded = new Set<string>()
    for (let i = 0; i < 8; i++) unseeded.add((await order({})).join(''))
    expect(unseeded.size).toBeGreaterThan(1)
    expect(await order({ order: 'bank' })).toEqual(['A', 'B', 'C', 'D'])
  })

  it('a malformed --per-question is a usage error (exit 2) before anything starts', async () => {
    const error = await quiz({ bank: [bank()], perQuestion: '1.5m' }, memoryRuntime(), { ui: quitter(), store: createMemoryStore() }).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 2 })
  })

  it('reads the store once before the first question, and the session starts from what it read', async () => {
    // Every read is a deep copy of the whole history: quiz, --weak and review each read it once before their first question.
    const counted = () => {
      const store = createMemoryStore(progress())
      const read = store.read
      let reads = 0
      let atFirstQuestion: number | undefined
      const ui = { ...quitter(), ask: async () => ((atFirstQuestion ??= reads), { action: 'quit' as const }) }
      return { store: Object.assign(store, { read: () => (reads++, read()) }), ui, readsBefore: () => atFirstQuestion }
    }
    for (const run of [
      (c: ReturnType<typeof counted>) => quiz({ bank: [bank()] }, memoryRuntime({ now: () => now }), { ui: c.ui, store: c.store, tick: 0 }),
      (c: ReturnType<typeof counted>) => quiz({ bank: [bank()], weak: true, flagged: true }, memoryRuntime({ now: () => now }), { ui: c.ui, store: c.store, tick: 0 }),
      (c: ReturnType<typeof counted>) => review({ bank: [bank()] }, memoryRuntime({ now: () => now }), { ui: c.ui, store: c.store, tick: 0 }),
    ]) {
      const c = counted()
      await run(c)
      expect(c.readsBefore()).toBe(1)
    }
    // The flag the store holds is on the first screen: the session used the data read at the start.
    const runtime = memoryRuntime({ now: () => now })
    let flagged: boolean | undefined
    const ui = { ...quitter(), ask: async (config: { flagged: boolean }) => ((flagged = config.flagged), { action: 'quit' as const }) }
    await quiz({ bank: [bank()], flagged: true }, runtime, { ui, store: createMemoryStore(progress()), tick: 0 })
    expect(flagged).toBe(true)
  })

  it('a filter that matches nothing names it and exits 1', async () => {
    const error = await quiz({ bank: [bank()], tag: ['nothing'] }, memoryRuntime(), { ui: quitter(), store: createMemoryStore() }).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 1, message: 'No question matches --tag nothing.' })
  })
})

describe('review command', () => {
  it('--new is remembered in the settings and limits new questions', async () => {
    const store = createMemoryStore()
    const runtime = memoryRuntime()
    await review({ bank: [bank()], new: 2 }, runtime, { ui: quitter(), store, tick: 0 })
    expect(store.read().settings.newPerDay).toBe(2)
    expect(runtime.stdout.join('\n')).toContain('0 questions due · 2 new')
  })

  it('with nothing due and no new allowed, says so and starts nothing', async () => {
    const runtime = memoryRuntime()
    await review({ bank: [bank()], new: 0 }, runtime, { ui: quitter(), store: createMemoryStore(), tick: 0 })
    expect(runtime.stdout[0]).toMatch(/^Nothing to review right now/)
    expect(runtime.stdout[1]).toBe('Done for now · 0 due tomorrow')
  })

  it('a card answered right a minute ago is not reviewed again; the tool says when it is', async () => {
    const now = new Date('2026-11-25T12:00:00Z')
    const data = emptyProgress()
    const t = now.getTime() - 60_000
    recordAttempt(data, {
      bank: 'sample',
      id: 'orm-a',
      topic: 'orm',
      difficulty: 'beginner',
      attempt: { t, r: 3, ok: 1, ms: 1 },
      card: { ...schedule(undefined, 3, new Date(t)), due: now.getTime() + 3 * 3_600_000 },
    })
    const runtime = memoryRuntime({ now: () => now })
    await review({ bank: [bank()], new: 0 }, runtime, { ui: quitter(), store: createMemoryStore(data), tick: 0 })
    expect(runtime.stdout[1]).toBe('Done for now · next review in 3 hours · 0 due tomorrow')
  })
})

describe('retrying exactly some questions', () => {
  /** Answers every question wrong. */
  function answerer(): SessionUi {
    return {
      ask: async () => ({ action: 'answer', value: 'no' }),
      next: async () => 'next',
      keyPoints: async () => [],
      rating: async (r) => r,
      editor: async () => '',
    }
  }

  it('--ids asks exactly those, in that order; an unknown id is an error', async () => {
    const runtime = memoryRuntime()
    await quiz({ bank: [bank()], ids: ['orm-c,orm-a'] }, runtime, { ui: quitter(), store: createMemoryStore(), tick: 0 })
    expect(shownTitles(runtime.stdout)).toEqual(['C'])
    const error = await quiz({ bank: [bank()], ids: ['orm-zz'] }, memoryRuntime(), { ui: quitter(), store: createMemoryStore(), tick: 0 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ exitCode: 1, message: expect.stringContaining('No question with id "orm-zz"') })
  })

  it('--last-missed retries the questions missed in the last session', async () => {
    const store = createMemoryStore()
    const ui = answerer()
    await quiz({ bank: [bank()], ids: ['orm-b,orm-d'], relearn: false }, memoryRuntime(), { ui, store, tick: 0 })
    expect(store.read().lastMissed).toEqual(['sample/orm-b', 'sample/orm-d'])
    const runtime = memoryRuntime()
    await quiz({ bank: [bank()], lastMissed: true }, runtime, { ui: quitter(), store, tick: 0 })
    expect(shownTitles(runtime.stdout)).toEqual(['B'])
    const none = await quiz({ bank: [bank()], lastMissed: true }, memoryRuntime(), { ui: quitter(), store: createMemoryStore(), tick: 0 }).catch((e: unknown) => e)
    expect(none).toMatchObject({ message: 'No missed questions from your last session to retry.' })
  })

  it('a suspended question is never shown in a session', async () => {
    const data = emptyProgress()
    data.banks['sample'] = { 'orm-a': { history: [], suspended: true } }
    const runtime = memoryRuntime()
    await quiz({ bank: [bank()], order: 'bank' }, runtime, { ui: quitter(), store: createMemoryStore(data), tick: 0 })
    expect(shownTitles(runtime.stdout)).toEqual(['B'])
  })
})
