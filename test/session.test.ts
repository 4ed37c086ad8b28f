// The session loop with a scripted terminal, an injected clock and an in-memory store.
import { describe, expect, it } from 'vitest'
import { runSession, type SessionOptions } from '../src/commands/session.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import type { Rating } from '../src/core/progress.ts'
import type { ChoiceQuestion, OpenQuestion, ShortQuestion } from '../src/core/types.ts'
import type { AskResult, NextAction } from '../src/io/prompts.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { seededRandom } from '../src/core/random.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const base = { bank: 'b', tags: [], summary: 's', references: ['https://docs.djangoproject.com/'], covers: [], related: [], prompt: 'Q?', explanation: 'Because.', file: 'f.md', difficulty: 'beginner' as const, topic: 'orm' }
const choice = (id: string): ChoiceQuestion => ({ ...base, id, title: id, keyPoints: [], type: 'choice', answer: 'right', distractors: ['wrong', 'other'] })
const short = (id: string): ShortQuestion => ({ ...base, id, title: id, keyPoints: [], type: 'short', answer: 'collectstatic', accept: [] })
const open = (id: string): OpenQuestion => ({ ...base, id, title: id, keyPoints: ['one', 'two', 'three'], type: 'open' })

type Step = AskResult | { wait: number } | 'ctrl-c'

/** A terminal that answers from a script; `{ wait: ms }` lets the clock run until a deadline fires. */
function harness(steps: Step[], extra: { keyPoints?: number[]; rating?: (s: Rating) => Rating; next?: NextAction[] } = {}) {
  let clock = Date.parse('2026-11-25T10:00:00Z')
  const timers: { at: number; fn: () => void; live: boolean }[] = []
  const asked: Parameters<SessionUi['ask']>[0][] = []
  const statuses: string[] = []
  const next = [...(extra.next ?? [])]
  const runtime = memoryRuntime({ now: () => new Date(clock), random: seededRandom(3) })
  const store = createMemoryStore()
  const ui: SessionUi = {
    ask: async (config, signal) => {
      asked.push(config)
      statuses.push(config.status())
      const step = steps.shift()
      if (step === undefined) throw new Error('script ran out')
      if (step === 'ctrl-c') throw Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' })
      if ('wait' in step) {
        // Advance the clock past each pending deadline in turn, until the prompt is aborted.
        return new Promise<AskResult>((_, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortPromptError' })))
          clock += step.wait
          for (const t of timers.filter((t) => t.live && t.at <= clock)) {
            t.live = false
            t.fn()
          }
        })
      }
      clock += 2000
      return step
    },
    next: async () => next.shift() ?? 'next',
    keyPoints: async () => extra.keyPoints ?? [],
    rating: async (suggested) => (extra.rating ? extra.rating(suggested) : suggested),
    editor: async () => 'typed in the editor',
  }
  const timer = (ms: number, fn: () => void) => {
    const t = { at: clock + ms, fn, live: true }
    timers.push(t)
    return () => void (t.live = false)
  }
  const options: SessionOptions = { schedule: true, topicTitle: (id) => id.toUpperCase(), topicOrder: ['orm'] }
  return { runtime, store, ui, timer, asked, statuses, options, deps: { ui, store, runtime, timer, tick: 0 } }
}

describe('runSession', () => {
  it('grades each type, saves every answer with its schedule, and summarises', async () => {
    const h = harness([{ action: 'answer', value: 'right' }, { action: 'answer', value: ' CollectStatic ' }, { action: 'answer', value: 'my answer' }], { keyPoints: [] })
    const summary = await runSession([choice('c1'), short('s1'), open('o1')], h.options, h.deps)
    expect(summary).toMatchObject({ asked: 3, correct: 2, wrong: 1, endedBy: 'done', missed: ['o1'] })
    const data = h.store.read().banks['b']!
    expect(data['c1']!.history).toEqual([{ t: expect.any(Number), r: 3, ok: 1, ms: 2000 }])
    expect(data['s1']!.history[0]!.ok).toBe(1)
    expect(data['o1']!.history[0]).toMatchObject({ r: 1, ok: 0 }) // no key point covered → Again
    expect(data['c1']!.card!.reps).toBe(1)
    expect(h.runtime.stdout.join('\n')).toContain('✔ Correct.')
  })

  it('the header shows position, topic, difficulty and clock', async () => {
    const h = harness([{ action: 'answer', value: 'right' }])
    await runSession([choice('c1')], { ...h.options, perQuestionMs: 30_000, timeLimitMs: 600_000 }, h.deps)
    expect(h.statuses[0]).toBe('1/1 · ORM · beginner · ⏱ 0:30 · session 10:00 left')
  })

  it('shuffles the options of choice questions', async () => {
    const h = harness([{ action: 'answer', value: 'right' }])
    await runSession([choice('c1')], h.options, h.deps)
    expect((h.asked[0] as { options?: string[] }).options).toEqual(expect.arrayContaining(['right', 'wrong', 'other']))
    expect((h.asked[0] as { options?: string[] }).options).not.toEqual(['right', 'wrong', 'other'])
  })

  it('a wrong answer shows the correct one', async () => {
    const h = harness([{ action: 'answer', value: 'wrong' }])
    const s = await runSession([choice('c1')], h.options, h.deps)
    expect(s.wrong).toBe(1)
    expect(h.runtime.stdout.join('\n')).toContain('✘ Not quite. The answer: right')
  })

  it('the rating suggested by key points can be changed by the user', async () => {
    const h = harness([{ action: 'answer', value: '' }], { keyPoints: [0, 1, 2], rating: () => 2 })
    await runSession([open('o1')], h.options, h.deps)
    expect(h.store.read().banks['b']!['o1']!.history[0]).toMatchObject({ r: 2, ok: 1 })
  })

  it('a per-question timer running out counts as missed and moves on', async () => {
    const h = harness([{ wait: 31_000 }, { action: 'answer', value: 'right' }])
    const s = await runSession([choice('c1'), choice('c2')], { ...h.options, perQuestionMs: 30_000 }, h.deps)
    expect(s).toMatchObject({ timeouts: 1, timedOut: ['c1'], correct: 1, missed: ['c1'], endedBy: 'done' })
    expect(h.store.read().banks['b']!['c1']!.history[0]).toMatchObject({ ok: 0, r: 1, to: 1 })
    expect(h.runtime.stdout.join('\n')).toContain("⏰ Time's up. The answer: right")
  })

  it('the session time limit ends the session; the question on screen is not counted', async () => {
    const h = harness([{ action: 'answer', value: 'right' }, { wait: 120_000 }])
    const s = await runSession([choice('c1'), choice('c2'), choice('c3')], { ...h.options, timeLimitMs: 60_000, perQuestionMs: 90_000 }, h.deps)
    expect(s).toMatchObject({ endedBy: 'time', asked: 1, correct: 1 })
    expect(Object.keys(h.store.read().banks['b']!)).toEqual(['c1'])
  })

  it('skip records nothing; flag is saved and the question asked again; quit ends with a summary', async () => {
    const h = harness([{ action: 'skip' }, { action: 'flag' }, { action: 'answer', value: 'right' }, { action: 'quit' }])
    const s = await runSession([choice('c1'), choice('c2'), choice('c3')], h.options, h.deps)
    expect(s).toMatchObject({ asked: 2, skipped: 1, correct: 1, endedBy: 'quit', flagged: ['c2'] })
    const stored = h.store.read().banks['b']!
    expect(stored['c1']).toBeUndefined()
    expect(stored['c2']).toMatchObject({ flagged: true, history: [{ ok: 1 }] })
    expect(h.asked.map((a) => a.flagged)).toEqual([false, false, true, false])
  })

  it('quit from the between-questions prompt ends the session', async () => {
    const h = harness([{ action: 'answer', value: 'right' }], { next: ['quit'] })
    const s = await runSession([choice('c1'), choice('c2')], h.options, h.deps)
    expect(s).toMatchObject({ asked: 1, endedBy: 'quit' })
  })

  it('/e opens the editor and grades what was written there', async () => {
    const h = harness([{ action: 'editor' }], { keyPoints: [0, 1] })
    await runSession([open('o1')], h.options, h.deps)
    expect(h.store.read().banks['b']!['o1']!.history[0]).toMatchObject({ r: 3 })
  })

  it('Ctrl+C stops with exit 130 and keeps every answer given before', async () => {
    const h = harness([{ action: 'answer', value: 'right' }, { action: 'answer', value: 'wrong' }, 'ctrl-c'])
    const error = await runSession([choice('c1'), choice('c2'), choice('c3')], h.options, h.deps).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'CancelledError', exitCode: 130, message: 'Stopped. 2 answers were saved.' })
    expect(Object.keys(h.store.read().banks['b']!)).toEqual(['c1', 'c2'])
  })

  it('--no-schedule records the history but leaves the schedule alone', async () => {
    const h = harness([{ action: 'answer', value: 'right' }])
    await runSession([choice('c1')], { ...h.options, schedule: false }, h.deps)
    const p = h.store.read().banks['b']!['c1']!
    expect(p.history).toHaveLength(1)
    expect(p.card).toBeUndefined()
  })
})
