// The interview command with a scripted terminal, an injected clock and an
// in-memory store: peer (interviewer) mode, spoken mode, and the clock running out.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { interview, type InterviewUi } from '../src/commands/interview.ts'
import type { Transcript } from '../src/core/interview-report.ts'
import type { Rating } from '../src/core/progress.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { HINT, type AskConfig, type AskResult } from '../src/io/prompts.ts'
import type { KindAskConfig } from '../src/io/prompts-kinds.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    'w.md': questionFile({ id: 'orm-warm', title: 'What is a QuerySet?', key_points: '\n  - lazy until evaluated\n  - chainable' }),
    'c.md': questionFile({
      id: 'security-core',
      topic: 'security',
      difficulty: 'intermediate',
      title: 'How does CSRF protection work?',
      follow_ups: '\n  - "What about AJAX requests?"',
    }),
    'r.md': questionFile({
      id: 'orm-rapid',
      title: 'Which method joins in SQL?',
      type: 'choice',
      key_points: null,
      answer: '"select_related"',
      distractors: '["prefetch_related", "only"]',
    }),
  })

type Step = AskResult | { wait: number } | { advance: number }

function harness(steps: Step[], options: { keyPoints?: number[][]; rating?: Rating } = {}) {
  let clock = Date.parse('2026-11-25T10:00:00Z')
  const timers: { at: number; fn: () => void; live: boolean }[] = []
  const home = testdir()
  const runtime = memoryRuntime({ now: () => new Date(clock), env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_CACHE: join(home, 'cache') } })
  const store = createMemoryStore()
  const keyPointCalls: string[][] = []
  /** How many questions had been asked at each key-point checklist (during the mock, or all of them in the debrief). */
  const asksAtKeyPoints: number[] = []
  let asks = 0
  const ratingMessages: string[] = []
  const choose: string[] = []
  const configs: (AskConfig | KindAskConfig)[] = []
  const ui: InterviewUi = {
    ask: async (config, signal) => {
      configs.push(config)
      asks++
      const step = steps.shift()
      if (step === undefined) throw new Error('script ran out')
      if ('wait' in step) {
        return new Promise<AskResult>((_, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortPromptError' })))
          clock += step.wait
          for (const t of timers.filter((t) => t.live && t.at <= clock)) {
            t.live = false
            t.fn()
          }
        })
      }
      clock += 'advance' in step ? step.advance : 20_000
      return 'advance' in step ? { action: 'answer', value: 'slow answer' } : step
    },
    next: async () => 'next',
    keyPoints: async (points) => {
      keyPointCalls.push(points)
      asksAtKeyPoints.push(asks)
      return options.keyPoints?.shift() ?? []
    },
    rating: async (suggested, _style, more) => {
      ratingMessages.push(more?.message ?? '')
      return options.rating ?? suggested
    },
    editor: async () => 'from the editor',
    choose: async (message) => {
      choose.push(message)
      return 2 // the third band
    },
  }
  const timer = (ms: number, fn: () => void) => {
    const t = { at: clock + ms, fn, live: true }
    timers.push(t)
    return () => void (t.live = false)
  }
  const transcript = (): Transcript => {
    const file = readdirSync(join(home, 'interviews')).find((f) => f.endsWith('.json'))!
    return JSON.parse(readFileSync(join(home, 'interviews', file), 'utf8')) as Transcript
  }
  return { runtime, store, ui, deps: { ui, store, timer, tick: 0 }, configs, keyPointCalls, asksAtKeyPoints, ratingMessages, choose, transcript, home }
}

const answer = (value: string): AskResult => ({ action: 'answer', value })

describe('interview --interviewer', () => {
  it('shows the interviewer the key points, the hint and the follow-ups, asks them to tick and rate during the mock and for the rubric at the end', async () => {
    const dir = bank()
    const h = harness([answer(''), answer(''), answer(''), answer('Is there on-call?')], { keyPoints: [[0], [0, 1]] })
    const code = await interview({ bank: [dir], questions: 3, seed: 5, interviewer: true }, h.runtime, h.deps)
    expect(code).toBe(0)
    const out = h.runtime.stdout.join('\n')
    expect(out).toContain('Read this aloud:')
    expect(out).toContain('Listen for:')
    expect(out).toContain('  • lazy until evaluated')
    expect(out).toContain('Hint if they are stuck: lazy until evaluated')
    // Key points ticked by the interviewer as they listen: once per open question, not again in the debrief.
    expect(h.keyPointCalls).toEqual([
      ['lazy until evaluated', 'chainable'],
      ['first point', 'second point'],
    ])
    expect(h.asksAtKeyPoints).toEqual([1, 2]) // right after each answer
    expect(h.ratingMessages).toHaveLength(3) // the rapid question (no key points) is rated by them too
    expect(out).toMatch(/select_related/) // they see the right option to listen for
    expect(out).toContain('What about AJAX requests?') // and the follow-ups
    expect(h.ratingMessages.every((m) => m === 'How did they do?')).toBe(true)
    expect(out).toContain('Interviewer: rate the candidate, 1 to 4.')
    expect(h.choose).toEqual(['Communication and structure', 'Technical correctness', 'Depth and trade-offs', 'Awareness of Django versions'])
    const t = h.transcript()
    expect(t.interviewer).toBe(true)
    expect(t.questions[0]!.covered).toEqual([0])
    expect(t.rubric).toEqual({ communication: 3, correctness: 3, depth: 3, versions: 3 })
    expect(t.closing).toBe('Is there on-call?')
  })
})

describe('interview --spoken', () => {
  it('records the time taken to answer aloud and saves the answer in the store as given in an interview', async () => {
    const dir = bank()
    const h = harness([{ advance: 95_000 }, answer(''), answer('select_related'), answer('')])
    await interview({ bank: [dir], questions: 3, seed: 5, spoken: true }, h.runtime, h.deps)
    const t = h.transcript()
    expect(t.spoken).toBe(true)
    expect(t.questions[0]!.ms).toBe(95_000)
    const history = h.store.read().banks['sample']!['orm-warm']!.history
    expect(history[0]).toMatchObject({ ms: 95_000, iv: 1 })
  })
})

describe('the clock running out', () => {
  it('goes to the debrief mid-phase, without the closing, and the transcript says time ran out', async () => {
    const dir = bank()
    // One minute for three questions: the second question is still open when the minute ends.
    const h = harness([answer('a first answer'), { wait: 60_000 }], { keyPoints: [[0]] })
    await interview({ bank: [dir], questions: 3, seed: 5, minutes: 1 }, h.runtime, h.deps)
    const out = h.runtime.stdout.join('\n')
    expect(out).toContain('Time is up. Debrief of 1 question.')
    expect(out).not.toContain('Do you have questions for us?')
    const t = h.transcript()
    expect(t.endedBy).toBe('time')
    expect(t.questions).toHaveLength(1)
  })

  it('a wrong rapid-fire pick is recorded with the option picked, for the confusions in stats', async () => {
    const dir = bank()
    const h = harness([answer('x'), answer('y'), answer('only'), answer('')])
    await interview({ bank: [dir], questions: 3, seed: 5 }, h.runtime, h.deps)
    expect(h.store.read().banks['sample']!['orm-rapid']!.history[0]).toMatchObject({ ok: 0, r: 1, w: ['only'], iv: 1 })
    expect(h.transcript().questions[2]).toMatchObject({ correct: false, answer: 'only' })
  })

  it('a rapid-fire question times out on its own clock and counts as wrong, without revealing the answer', async () => {
    const dir = bank()
    const h = harness([answer('x'), answer('y'), { wait: 31_000 }, answer('')])
    await interview({ bank: [dir], questions: 3, seed: 5 }, h.runtime, h.deps)
    const t = h.transcript()
    expect(t.questions[2]).toMatchObject({ phase: 'rapid', timedOut: true, correct: false })
    expect(h.store.read().banks['sample']!['orm-rapid']!.history[0]).toMatchObject({ ok: 0, to: 1, iv: 1 })
  })
})

describe('/h in a question without key points', () => {
  it("offers the kind's hint in a count prompt, shows it, caps the auto grade at Hard, and offers it only once; no flag key in a mock", async () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'w.md': questionFile({ id: 'orm-warm', title: 'What is a QuerySet?' }),
      'c.md': questionFile({ id: 'security-core', topic: 'security', difficulty: 'intermediate', title: 'How does CSRF protection work?' }),
      'n.md': questionFile({ id: 'orm-count', title: 'How many queries?', type: 'count', key_points: null, answer: '4' }),
    })
    // The seed puts the count question first, as the warm-up.
    const h = harness([HINT, answer('4'), answer('x'), answer('y'), answer('')])
    await interview({ bank: [dir], questions: 3, seed: 5 }, h.runtime, h.deps)
    const counts = h.configs.filter((c) => c.mode === 'typed')
    expect(counts.map((c) => c.hint)).toEqual([true, false])
    expect(h.configs.every((c) => c.flag === false && c.quitLabel === 'end')).toBe(true)
    // The closing offers no hint.
    expect(h.configs.at(-1)).toMatchObject({ mode: 'text', hint: false })
    expect(h.runtime.stdout.join('\n')).toContain('Hint: It is between 2 and 8.')
    const t = h.transcript()
    expect(t.questions[0]).toMatchObject({ id: 'orm-count', hints: ['It is between 2 and 8.'], correct: true, rating: 2 })
    expect(h.store.read().banks['sample']!['orm-count']!.history[0]).toMatchObject({ ok: 1, r: 2 })
  })
})

describe('a cloze in the mock', () => {
  it('is drawn by its own prompt only: the interview does not print the question first', async () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'z.md': questionFile(
        { id: 'orm-cloze', title: 'Fill in the QuerySet', type: 'cloze', key_points: null, gaps: '\n  - filter' },
        'Books by Ann, in one query:\n\n```python\nBook.objects.[[1]](author__name="Ann")\n```\n\n## Answer\n\nfilter.\n',
      ),
    })
    const h = harness([{ action: 'answer', value: ['filter'] }, answer('')])
    await interview({ bank: [dir], questions: 1, seed: 5 }, h.runtime, h.deps)
    expect(h.configs[0]).toMatchObject({ mode: 'cloze', hint: true })
    const out = h.runtime.stdout.join('\n')
    expect(out.slice(0, out.indexOf('Debrief'))).not.toContain('Books by Ann')
    expect(h.transcript().questions[0]).toMatchObject({ id: 'orm-cloze', correct: true })
  })
})

describe('interview --show', () => {
  it("draws the transcript to the terminal's width on a terminal, and prints the markdown as written when piped", async () => {
    const h = harness([answer('a first answer'), answer('y'), answer('select_related'), answer('')])
    await interview({ bank: [bank()], questions: 3, seed: 5 }, h.runtime, h.deps)
    const env = { DJANGO_DRILL_HOME: h.home, DJANGO_DRILL_CACHE: join(h.home, 'cache') }
    const piped = memoryRuntime({ env })
    await interview({ show: '1' }, piped)
    expect(piped.stdout.join('\n')).toContain('**Band: ')
    const tty = memoryRuntime({ env, stdoutIsTTY: true, width: 50 })
    await interview({ show: '1' }, tty)
    const shown = tty.stdout.join('\n')
    expect(shown).toContain('Band: ')
    expect(shown).not.toContain('**Band')
    for (const line of shown.split('\n')) expect(line.length).toBeLessThanOrEqual(50)
  })
})

describe('usage errors', () => {
  it.each([
    [{ level: 'principal' }, '--level must be junior, mid or senior'],
    [{ questions: 0 }, '--questions must be between 1 and 50'],
    [{ minutes: 0 }, '--minutes must be between 1 and 240'],
  ])('%o', async (options, message) => {
    const h = harness([])
    await expect(interview({ bank: [bank()], ...options }, h.runtime, h.deps)).rejects.toThrow(message)
  })
})
