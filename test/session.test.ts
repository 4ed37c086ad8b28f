import { EditorError } from '../src/errors.ts'
// The session loop with a scripted terminal, an injected clock and an in-memory store.
import { describe, expect, it } from 'vitest'
import { runSession, type SessionOptions } from '../src/commands/session.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import { emptyProgress, type ProgressData, type Rating } from '../src/core/progress.ts'
import type { ChoiceQuestion, OpenQuestion, ShortQuestion } from '../src/core/types.ts'
import type { AskResult, NextAction, NextConfig } from '../src/io/prompts.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { seededRandom } from '../src/core/random.ts'
import { schedule } from '../src/core/schedule.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const base = {
  bank: 'b',
  tags: [],
  summary: 's',
  references: ['https://docs.djangoproject.com/'],
  covers: [],
  related: [],
  prompt: 'Q?',
  explanation: 'Because.',
  file: 'f.md',
  difficulty: 'beginner' as const,
  topic: 'orm',
}
const choice = (id: string): ChoiceQuestion => ({ ...base, id, title: id, keyPoints: [], type: 'choice', answer: 'right', distractors: ['wrong', 'other'] })
const short = (id: string): ShortQuestion => ({ ...base, id, title: id, keyPoints: [], type: 'short', answer: 'collectstatic', accept: [] })
const open = (id: string): OpenQuestion => ({ ...base, id, title: id, keyPoints: ['one', 'two', 'three'], type: 'open' })

type Step = AskResult | { wait: number } | 'ctrl-c'

/** A terminal that answers from a script; `{ wait: ms }` lets the clock run until a deadline fires. */
function harness(
  steps: Step[],
  extra: {
    keyPoints?: number[]
    rating?: (s: Rating, allowed?: readonly Rating[]) => Rating
    next?: NextAction[]
    confirm?: boolean
    editor?: () => Promise<string>
    initial?: ProgressData
  } = {},
) {
  let clock = Date.parse('2026-11-25T10:00:00Z')
  const timers: { at: number; fn: () => void; live: boolean }[] = []
  const asked: Parameters<SessionUi['ask']>[0][] = []
  const statuses: string[] = []
  const next = [...(extra.next ?? [])]
  const runtime = memoryRuntime({ now: () => new Date(clock), random: seededRandom(3) })
  const store = createMemoryStore(extra.initial)
  const ratings: { suggested: Rating; intervals?: Record<Rating, string>; allowed?: readonly Rating[] }[] = []
  const nexts: NextConfig[] = []
  const advance = (ms: number) => void (clock += ms)
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
    next: async (config) => {
      nexts.push(config)
      return next.shift() ?? 'next'
    },
    keyPoints: async () => extra.keyPoints ?? [],
    rating: async (suggested, _style, more) => {
      ratings.push({ suggested, ...(more?.intervals ? { intervals: more.intervals } : {}), ...(more?.allowed ? { allowed: more.allowed } : {}) })
      return extra.rating ? extra.rating(suggested, more?.allowed) : suggested
    },
    editor: extra.editor ?? (async () => 'typed in the editor'),
    confirm: async () => extra.confirm ?? false,
  }
  const timer = (ms: number, fn: () => void) => {
    const t = { at: clock + ms, fn, live: true }
    timers.push(t)
    return () => void (t.live = false)
  }
  const options: SessionOptions = { schedule: true, topicTitle: (id) => id.toUpperCase(), topicOrder: ['orm'] }
  return { runtime, store, ui, timer, asked, statuses, options, ratings, nexts, advance, deps: { ui, store, runtime, timer, tick: 0 } }
}

describe('runSession', () => {
  it('grades each type, saves every answer with its schedule, and summarises', async () => {
    const h = harness(
      [
        { action: 'answer', value: 'right' },
        { action: 'answer', value: ' CollectStatic ' },
        { action: 'answer', value: 'my answer' },
      ],
      { keyPoints: [] },
    )
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

describe('runSession: undo, override, relearning, open answers', () => {
  it('u after an answer takes it back exactly and asks the same question again', async () => {
    const h = harness(
      [
        { action: 'answer', value: 'wrong' },
        { action: 'answer', value: 'right' },
      ],
      { next: ['undo', 'next'] },
    )
    const s = await runSession([choice('c1')], h.options, h.deps)
    expect(h.asked).toHaveLength(2)
    const p = h.store.read().banks['b']!['c1']!
    expect(p.history).toEqual([expect.objectContaining({ ok: 1, r: 3 })])
    expect(p.card!.lapses).toBe(0)
    expect(p.card!.reps).toBe(1)
    expect(s).toMatchObject({ asked: 1, correct: 1, wrong: 0 })
  })

  it('several undos go back through the session: u at a question takes back the answer before it', async () => {
    const h = harness([
      { action: 'answer', value: 'right' },
      { action: 'answer', value: 'right' },
      { action: 'undo' },
      { action: 'undo' },
      { action: 'answer', value: 'wrong' },
      { action: 'answer', value: 'right' },
      { action: 'answer', value: 'right' },
    ])
    // After c1 and c2: c3 asked → u (takes back c2) → c2 asked → u (takes back c1) → c1, c2, c3.
    const s = await runSession([choice('c1'), choice('c2'), choice('c3')], h.options, h.deps)
    expect(h.asked.map((a) => a.undo)).toEqual([false, true, true, true, false, true, true])
    const banks = h.store.read().banks['b']!
    expect(banks['c1']!.history).toEqual([expect.objectContaining({ ok: 0 })])
    expect(banks['c2']!.history).toEqual([expect.objectContaining({ ok: 1 })])
    expect(s).toMatchObject({ asked: 3, correct: 2, wrong: 1 })
  })

  it('o after an auto-graded miss records it as right with the rating picked, as an override', async () => {
    const h = harness([{ action: 'answer', value: 'wrong' }], { next: ['override', 'next'], rating: () => 2 })
    const s = await runSession([choice('c1')], h.options, h.deps)
    expect(h.ratings[0]).toMatchObject({ suggested: 3, allowed: [2, 3, 4] })
    const p = h.store.read().banks['b']!['c1']!
    expect(p.history).toEqual([expect.objectContaining({ ok: 1, r: 2, ov: 1 })])
    expect(p.card!.lapses).toBe(0)
    expect(s).toMatchObject({ correct: 1, wrong: 0, missed: [] })
    expect(h.nexts[0]!.override).toBe(true)
    expect(h.nexts[1]!.verdict).toContain('Counted as right · Hard')
  })

  it('o is offered only after a wrong answer (not a right one, not a timeout)', async () => {
    const timedOut = harness([{ wait: 31_000 }])
    await runSession([choice('c1')], { ...timedOut.options, perQuestionMs: 30_000 }, timedOut.deps)
    expect(timedOut.nexts[0]!.override).toBe(false)
    const h = harness([{ action: 'answer', value: 'right' }])
    await runSession([choice('c1')], h.options, h.deps)
    expect(h.nexts[0]!.override).toBe(false)
    expect(h.nexts[0]!.verdict).toBe('✔ Correct · Good · next in 10 minutes')
  })

  it('a question answered Again comes back once its step is due, until it is right', async () => {
    const h = harness([
      { action: 'answer', value: 'wrong' },
      { action: 'answer', value: 'right' },
      { action: 'answer', value: 'wrong' },
      { action: 'answer', value: 'right' },
    ])
    const s = await runSession([choice('c1'), choice('c2')], { ...h.options, relearn: true }, h.deps)
    // c1 wrong, c2 right, then c1 again (its 1-minute step within the learn-ahead margin): wrong, then right.
    expect(h.statuses.map((st) => st.split(' · ')[0])).toEqual(['1/2', '2/3', '3/3', '4/4'])
    expect(h.statuses[2]).toContain('again')
    expect(h.store.read().banks['b']!['c1']!.history.map((a) => a.ok)).toEqual([0, 0, 1])
    expect(s).toMatchObject({ asked: 4, endedBy: 'done' })
  })

  it('undoing a miss also drops its relearning step', async () => {
    const h = harness(
      [
        { action: 'answer', value: 'wrong' },
        { action: 'answer', value: 'right' },
      ],
      { next: ['undo', 'next'] },
    )
    const s = await runSession([choice('c1')], { ...h.options, relearn: true }, h.deps)
    expect(h.asked).toHaveLength(2)
    expect(h.statuses.map((st) => st.split(' · ')[0])).toEqual(['1/1', '1/1'])
    expect(s).toMatchObject({ asked: 1, correct: 1 })
  })

  it('without relearning (--no-relearn) a missed question is asked once', async () => {
    const h = harness([{ action: 'answer', value: 'wrong' }])
    await runSession([choice('c1')], { ...h.options, relearn: false }, h.deps)
    expect(h.asked).toHaveLength(1)
  })

  it('a relearning step due later than the margin ends the session for now, saying when', async () => {
    const data = emptyProgress()
    data.settings.learningSteps = ['1h']
    const h2 = harness([{ action: 'answer', value: 'wrong' }], { initial: data })
    const s = await runSession([choice('c1')], { ...h2.options, relearn: true }, h2.deps)
    expect(h2.asked).toHaveLength(1)
    expect(s.nextDue).toBe(h2.store.read().banks['b']!['c1']!.card!.due)
  })

  it('the rating prompt gets what each rating schedules for this card', async () => {
    const fresh = harness([{ action: 'answer', value: 'my answer' }], { keyPoints: [0, 1] })
    await runSession([open('o1')], fresh.options, fresh.deps)
    expect(fresh.ratings[0]).toEqual({ suggested: 3, intervals: { 1: '1m', 2: '6m', 3: '10m', 4: '8d' } })
    // A card in review, due as the answer is given: Again relearns, the others are days.
    let card = schedule(undefined, 3, new Date(0))
    card = schedule(card, 3, new Date(card.due))
    const shift = Date.parse('2026-11-25T10:00:02Z') - card.due
    const data = emptyProgress()
    data.banks['b'] = { o1: { history: [], card: { ...card, due: card.due + shift, last_review: card.last_review! + shift } } }
    const h = harness([{ action: 'answer', value: 'my answer' }], { keyPoints: [0, 1], initial: data })
    await runSession([open('o1')], h.options, h.deps)
    expect(h.ratings[0]).toEqual({ suggested: 3, intervals: { 1: '10m', 2: '8d', 3: '11d', 4: '19d' } })
  })

  it('an open answer is on screen above the checklist and kept in the history', async () => {
    const h = harness([{ action: 'answer', value: 'Use select_related for foreign keys' }], { keyPoints: [0] })
    await runSession([open('o1')], h.options, h.deps)
    const out = h.runtime.stdout.join('\n')
    expect(out).toContain('Your answer:\n  Use select_related for foreign keys')
    expect(h.store.read().banks['b']!['o1']!.history[0]).toMatchObject({ a: 'Use select_related for foreign keys' })
  })

  it('an editor that fails is a one-line message and back to the typed prompt', async () => {
    const failing = async () => {
      throw new EditorError('Editor "nope" not found (ENOENT).')
    }
    const h = harness([{ action: 'editor' }, { action: 'answer', value: 'typed instead' }], { editor: failing })
    await runSession([open('o1')], h.options, h.deps)
    expect(h.runtime.stdout.join('\n')).toContain('Editor "nope" not found (ENOENT). Type your answer instead.')
    expect(h.asked).toHaveLength(2)
    expect(h.store.read().banks['b']!['o1']!.history[0]).toMatchObject({ a: 'typed instead' })
  })

  it('the editor text is kept, its comment and control characters removed', async () => {
    const h = harness([{ action: 'editor' }], { editor: async () => 'line one\u001b[2J\nline two\n<!-- o1 -->\n' })
    await runSession([open('o1')], h.options, h.deps)
    expect(h.store.read().banks['b']!['o1']!.history[0]!.a).toBe('line one[2J\nline two')
  })

  it('one edit away from a short answer: "almost", and the user decides', async () => {
    const yes = harness([{ action: 'answer', value: 'collectstatc' }], { confirm: true })
    await runSession([short('s1')], yes.options, yes.deps)
    expect(yes.runtime.stdout.join('\n')).toContain('≈ Almost.')
    expect(yes.store.read().banks['b']!['s1']!.history[0]).toMatchObject({ ok: 1, ov: 1, a: 'collectstatc' })
    const no = harness([{ action: 'answer', value: 'collectstatc' }], { confirm: false })
    await runSession([short('s1')], no.options, no.deps)
    expect(no.store.read().banks['b']!['s1']!.history[0]).toMatchObject({ ok: 0 })
  })

  it('a session starts with the stored flags', async () => {
    const data = emptyProgress()
    data.banks['b'] = { c1: { history: [], flagged: true } }
    const h = harness([{ action: 'flag' }, { action: 'answer', value: 'right' }], { initial: data })
    const s = await runSession([choice('c1')], h.options, h.deps)
    expect(h.asked.map((a) => a.flagged)).toEqual([true, false])
    expect(h.store.read().banks['b']!['c1']!.flagged).toBeUndefined()
    expect(s.flagged).toEqual([])
  })

  it('when the session time runs out, the question on screen is listed as unanswered with what was typed', async () => {
    const h = harness([{ action: 'answer', value: 'right' }, { wait: 120_000 }])
    const typing = h.ui.ask
    h.ui.ask = async (config, signal) => {
      config.onText?.('half an ans')
      return typing(config, signal)
    }
    const s = await runSession([choice('c1'), short('s2')], { ...h.options, timeLimitMs: 60_000 }, h.deps)
    expect(s).toMatchObject({ endedBy: 'time', asked: 1, unanswered: { id: 's2', typed: 'half an ans' } })
  })
})
