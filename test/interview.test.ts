// The mock interview's pure core: the plan, the state machine (with a fake
// clock and scripted answers), the band rule and the transcript goldens.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allot, capRating, planInterview, startInterview, step, type InterviewEvent, type InterviewState } from '../src/core/interview.ts'
import { bandFor, buildTranscript, evidence, studyNext, transcriptMarkdown, transcriptProblem, type RubricScores } from '../src/core/interview-report.ts'
import { emptyProgress, type ProgressData } from '../src/core/progress.ts'
import { seededRandom } from '../src/core/random.ts'
import type { Difficulty, Question } from '../src/core/types.ts'

const base = (id: string, topic: string, difficulty: Difficulty, extra: Partial<Question> = {}) => ({
  bank: 'sample',
  id,
  title: `Title of ${id}`,
  topic,
  difficulty,
  tags: [],
  summary: `Summary of ${id}.`,
  keyPoints: [`${id} point one`, `${id} point two`, `${id} point three`],
  references: [`https://docs.djangoproject.com/en/6.1/${id}/`],
  covers: [],
  related: [],
  prompt: `Prompt of ${id}?`,
  explanation: `Explanation of ${id}.`,
  file: `${id}.md`,
  ...extra,
})
const open = (id: string, topic: string, difficulty: Difficulty, extra: Partial<Question> = {}): Question => ({ ...base(id, topic, difficulty, extra), type: 'open' })
const choice = (id: string, topic: string, difficulty: Difficulty): Question => ({ ...base(id, topic, difficulty), type: 'choice', answer: 'yes', distractors: ['no', 'maybe'] })

// A small bank: easy warm-ups, core questions over four topics, a deep-dive root
// whose follow-ups are a question, a spoken prompt and another question, with related questions.
const POOL: Question[] = [
  open('warm-a', 'orm', 'beginner'),
  open('warm-b', 'views', 'beginner'),
  open('easy-forms', 'forms', 'beginner'),
  open('easy-templates', 'templates', 'beginner'),
  open('core-a', 'security', 'intermediate'),
  open('core-b', 'caching', 'intermediate'),
  open('core-c', 'orm', 'advanced'),
  open('core-d', 'views', 'advanced'),
  open('root', 'db', 'intermediate', { followUps: ['deeper-1', 'And with ten thousand rows?', 'deeper-2'], related: ['side-1'] }),
  open('deeper-1', 'db', 'advanced', { followUps: ['deeper-2'], related: ['side-2'] }),
  open('deeper-2', 'db', 'advanced'),
  open('side-1', 'db', 'intermediate', { related: ['side-2'] }),
  open('side-2', 'db', 'intermediate'),
  choice('rapid-a', 'orm', 'beginner'),
  choice('rapid-b', 'security', 'intermediate'),
  choice('rapid-c', 'caching', 'intermediate'),
  choice('rapid-d', 'views', 'intermediate'),
]

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0)

/** A fake clock: every event is `gap` seconds after the last. */
function clock(gapSeconds = 60) {
  let t = T0
  return (seconds = gapSeconds) => (t += seconds * 1000)
}

function start(count: number, options: { minutes?: number; seed?: number; pool?: Question[]; progress?: ProgressData } = {}): InterviewState {
  const plan = planInterview(options.pool ?? POOL, options.progress ?? emptyProgress(), { count, level: 'mid', random: seededRandom(options.seed ?? 1), now: T0 })
  return startInterview(plan, { now: T0, durationMs: (options.minutes ?? 30) * 60_000 })
}

/** Answers every question with `rating` (auto-graded ones right) until the debrief; returns the states seen. */
function run(state: InterviewState, answer: (s: InterviewState) => InterviewEvent | undefined, tick = clock()): InterviewState {
  for (let i = 0; i < 100 && state.phase !== 'debrief'; i++) {
    const event = answer(state) ?? { type: 'answer', at: tick(), rating: 3, ...(state.current?.q?.type === 'choice' ? { correct: true } : {}) }
    state = step(state, event.at === 0 ? { ...event, at: tick() } : event)
  }
  return state
}

describe('allot: --questions N counts every phase', () => {
  it.each([
    [1, { warmup: 1, core: 0, deep: 0, rapid: 0 }],
    [3, { warmup: 1, core: 1, deep: 0, rapid: 1 }],
    [4, { warmup: 1, core: 1, deep: 1, rapid: 1 }],
    [6, { warmup: 2, core: 2, deep: 1, rapid: 1 }],
    [10, { warmup: 2, core: 3, deep: 3, rapid: 2 }],
    [13, { warmup: 2, core: 4, deep: 3, rapid: 4 }],
    [20, { warmup: 2, core: 11, deep: 3, rapid: 4 }],
  ])('%i questions', (n, expected) => {
    expect(allot(n)).toEqual(expected)
    const a = allot(n)
    expect(a.warmup + a.core + a.deep + a.rapid).toBe(n)
  })
})

describe('the plan', () => {
  it('warm-ups are easier, the core spreads over at least three topics, rapid fire is auto-graded, and a seed repeats it', () => {
    const plan = planInterview(POOL, emptyProgress(), { count: 10, level: 'mid', random: seededRandom(7), now: T0 })
    expect(plan.warmup.map((q) => q.difficulty)).toEqual(['beginner', 'beginner'])
    expect(plan.deepRoot?.id).toBe('root')
    expect(plan.rapid.every((q) => q.type === 'choice')).toBe(true)
    const all = [...plan.warmup, ...plan.core, ...plan.rapid, plan.deepRoot!]
    expect(new Set(all.map((q) => q.topic)).size).toBeGreaterThanOrEqual(3)
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length) // nothing twice
    const again = planInterview(POOL, emptyProgress(), { count: 10, level: 'mid', random: seededRandom(7), now: T0 })
    expect(again.core.map((q) => q.id)).toEqual(plan.core.map((q) => q.id))
    expect(again.rapid.map((q) => q.id)).toEqual(plan.rapid.map((q) => q.id))
  })

  it('the core prefers weak topics over ones answered right', () => {
    // security missed, caching and db answered right: the one core question is security's.
    const progress = emptyProgress()
    const right = { t: T0 - 1e9, r: 3, ok: 1, ms: 1000 } as const
    progress.banks['sample'] = {
      'core-a': { history: [{ ...right, r: 1, ok: 0 }] },
      'core-b': { history: [right] },
      'side-1': { history: [right] },
      'side-2': { history: [right] },
    }
    const plan = planInterview(POOL, progress, { count: 4, level: 'mid', random: seededRandom(3), now: T0 })
    expect(plan.core.map((q) => q.id)).toEqual(['core-a'])
    // Unseen beats answered right.
    progress.banks['sample'] = { 'core-b': { history: [right] }, 'side-1': { history: [right] }, 'side-2': { history: [right] } }
    expect(planInterview(POOL, progress, { count: 4, level: 'mid', random: seededRandom(3), now: T0 }).core.map((q) => q.id)).toEqual(['core-a'])
  })

  it('a question never seen in a topic missed elsewhere comes before one in a topic answered right', () => {
    // security's rapid question was missed, caching's answered right; db answered right; core-a and core-b unseen.
    const right = { t: T0 - 1e9, r: 3, ok: 1, ms: 1000 } as const
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const progress = emptyProgress()
      progress.banks['sample'] = {
        'rapid-b': { history: [{ ...right, r: 1, ok: 0 }] },
        'rapid-c': { history: [right] },
        'side-1': { history: [right] },
        'side-2': { history: [right] },
      }
      expect(planInterview(POOL, progress, { count: 4, level: 'mid', random: seededRandom(seed), now: T0 }).core.map((q) => q.id)).toEqual(['core-a'])
    }
  })

  it("the core holds code reading (bug, output, count, order) when the pool has some, after an open question, in the level's mix", () => {
    const code = (id: string, topic: string, difficulty: Difficulty, type: 'bug' | 'count' | 'order'): Question =>
      type === 'bug'
        ? { ...base(id, topic, difficulty, { keyPoints: [] }), type, prompt: '```python\na\nb\nc\n```', answer: [2] }
        : type === 'count'
          ? { ...base(id, topic, difficulty, { keyPoints: [] }), type, answer: 3 }
          : { ...base(id, topic, difficulty, { keyPoints: [] }), type, items: ['a', 'b', 'c'] }
    const pool = [
      ...POOL,
      code('bug-x', 'testing', 'intermediate', 'bug'),
      code('count-x', 'orm', 'advanced', 'count'),
      code('order-x', 'middleware', 'intermediate', 'order'),
      code('bug-easy', 'orm', 'beginner', 'bug'),
    ]
    const isCode = (q: Question) => ['bug', 'count', 'order', 'output'].includes(q.type)
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const plan = planInterview(pool, emptyProgress(), { count: 10, level: 'mid', random: seededRandom(seed), now: T0 })
      expect(plan.core.length).toBeGreaterThanOrEqual(3)
      expect(plan.core.filter(isCode).length).toBeGreaterThanOrEqual(1)
      expect(isCode(plan.core[0]!)).toBe(false)
      const junior = planInterview(pool, emptyProgress(), { count: 10, level: 'junior', random: seededRandom(seed), now: T0 })
      expect(junior.core.some((q) => q.id === 'count-x')).toBe(false) // junior asks no advanced question
    }
    // Without code questions in the pool, the core is as before.
    expect(planInterview(POOL, emptyProgress(), { count: 10, level: 'mid', random: seededRandom(1), now: T0 }).core.some(isCode)).toBe(false)
  })

  it('senior asks advanced questions in the core, junior none', () => {
    const senior = planInterview(POOL, emptyProgress(), { count: 11, level: 'senior', random: seededRandom(1), now: T0 })
    const junior = planInterview(POOL, emptyProgress(), { count: 11, level: 'junior', random: seededRandom(1), now: T0 })
    const adv = (qs: Question[]) => qs.filter((q) => q.difficulty === 'advanced').length
    expect(junior.core).toHaveLength(3)
    expect(adv(junior.core)).toBe(0)
    expect(adv(senior.core)).toBeGreaterThanOrEqual(1)
  })
})

describe('the state machine', () => {
  it('runs the phases in order: warm-up, core, deep dive, rapid fire, closing, debrief', () => {
    let s = start(10)
    const seen: string[] = [s.phase]
    const tick = clock()
    while (s.phase !== 'debrief') {
      s = step(s, { type: 'answer', at: tick(), rating: 3, text: 'an answer', ...(s.current?.q?.type === 'choice' ? { correct: true } : {}) })
      if (seen.at(-1) !== s.phase) seen.push(s.phase)
    }
    expect(seen).toEqual(['warmup', 'core', 'deep', 'rapid', 'closing', 'debrief'])
    expect(s.asked).toHaveLength(10)
    expect(s.endedBy).toBe('done')
  })

  it('a strong rating goes deeper along follow_ups, spoken prompts included', () => {
    const s = run(start(10), () => undefined)
    const deep = s.asked.filter((t) => t.phase === 'deep')
    // root → its first follow-up (a question), whose own follow-up comes next.
    expect(deep.map((t) => t.q?.id)).toEqual(['root', 'deeper-1', 'deeper-2'])
  })

  it('a spoken follow-up is asked as such after a strong answer when the next entry is a prompt', () => {
    // deeper-1 already asked in the warm-up pool? No: make the first follow-up a prompt.
    const pool = POOL.map((q) => (q.id === 'root' ? { ...q, followUps: ['How would you test it?', 'deeper-1'] } : q))
    const s = run(start(10, { pool }), () => undefined)
    const deep = s.asked.filter((t) => t.phase === 'deep')
    expect(deep[1]).toMatchObject({ spoken: 'How would you test it?' })
    expect(deep[1]!.about?.id).toBe('root')
    expect(deep[1]!.q).toBeUndefined()
    expect(deep[2]!.q?.id).toBe('deeper-1') // still strong: on along the root's follow-ups
  })

  it('a weak rating steps sideways to a related question instead of deeper', () => {
    const tick = clock()
    const s = run(start(10), (st) => (st.current?.phase === 'deep' ? { type: 'answer', at: tick(), rating: 2 } : undefined), tick)
    expect(s.asked.filter((t) => t.phase === 'deep').map((t) => t.q?.id)).toEqual(['root', 'side-1', 'side-2'])
  })

  it('time running out mid-phase goes straight to the debrief, without the closing', () => {
    // 10 questions, 5 minutes, each answer 2 minutes: the third answer lands after the end.
    const tick = clock(120)
    let s = start(10, { minutes: 5 })
    s = step(s, { type: 'answer', at: tick(), rating: 3 })
    s = step(s, { type: 'answer', at: tick(), rating: 3 })
    expect(s.phase).toBe('core')
    s = step(s, { type: 'tick', at: T0 + 299_000 })
    expect(s.phase).toBe('core') // not yet
    s = step(s, { type: 'tick', at: T0 + 300_000 })
    expect(s.phase).toBe('debrief')
    expect(s.endedBy).toBe('time')
    expect(s.current).toBeUndefined()
    expect(s.asked).toHaveLength(2)
    // Later events change nothing.
    expect(step(s, { type: 'answer', at: tick(), rating: 4 })).toBe(s)
  })

  it('an answer given after the end is kept, then the debrief', () => {
    let s = start(10, { minutes: 1 })
    s = step(s, { type: 'answer', at: T0 + 90_000, rating: 3, text: 'late' })
    expect(s.phase).toBe('debrief')
    expect(s.asked[0]).toMatchObject({ text: 'late', ms: 90_000 })
  })

  it('a hint shows the first key point once and caps the rating at Hard', () => {
    const tick = clock()
    let s = start(10)
    const q = s.current!.q!
    s = step(s, { type: 'hint', at: tick(10) })
    expect(s.current!.hints).toEqual([q.keyPoints[0]])
    s = step(s, { type: 'hint', at: tick(10) })
    expect(s.current!.hints).toHaveLength(1)
    s = step(s, { type: 'answer', at: tick(), rating: 4 })
    expect(s.asked[0]).toMatchObject({ rating: 2, hints: [q.keyPoints[0]] })
    // Without a hint the rating stands.
    s = step(s, { type: 'answer', at: tick(), rating: 4 })
    expect(s.asked[1]!.rating).toBe(4)
    expect(capRating(1, true)).toBe(1)
    expect(capRating(3, true)).toBe(2)
    expect(capRating(3, false)).toBe(3)
  })

  it('a skip is recorded as skipped with its time, and counts as weak in the deep dive', () => {
    const tick = clock(30)
    const s = run(start(10), (st) => ({ type: st.current?.phase === 'deep' && st.current.q?.id === 'root' ? 'skip' : 'answer', at: tick(), rating: 3, correct: true }), tick)
    const root = s.asked.find((t) => t.q?.id === 'root')!
    expect(root).toMatchObject({ skipped: true, ms: 30_000 })
    expect(root.rating).toBeUndefined()
    expect(s.asked.filter((t) => t.phase === 'deep').map((t) => t.q?.id)).toEqual(['root', 'side-1', 'side-2'])
  })

  it('/q ends early, straight to the debrief', () => {
    const tick = clock()
    let s = start(10)
    s = step(s, { type: 'answer', at: tick(), rating: 3 })
    s = step(s, { type: 'quit', at: tick() })
    expect(s).toMatchObject({ phase: 'debrief', endedBy: 'quit' })
    expect(s.asked).toHaveLength(1)
  })

  it('a rapid-fire time-out is a wrong answer with what was typed', () => {
    const tick = clock()
    const s = run(start(4), (st) => (st.current?.phase === 'rapid' ? { type: 'timeout', at: tick(30), text: 'half' } : undefined), tick)
    const rapid = s.asked.find((t) => t.phase === 'rapid')!
    expect(rapid).toMatchObject({ timedOut: true, correct: false, rating: 1, text: 'half' })
  })

  it('the closing answer is only saved', () => {
    const tick = clock()
    const s = run(start(3), (st) => (st.current?.phase === 'closing' ? { type: 'answer', at: tick(), text: 'How do you deploy?' } : undefined), tick)
    expect(s.closing).toBe('How do you deploy?')
    expect(s.asked.every((t) => t.phase !== 'closing')).toBe(true)
  })
})

describe('the band rule', () => {
  const r = (a: number, b: number, c: number, d: number) => ({ communication: a, correctness: b, depth: c, versions: d }) as RubricScores
  it.each([
    [r(4, 4, 4, 4), 1, 'strong hire', 100],
    [r(4, 4, 4, 4), 0.6, 'strong hire', 80],
    [r(3, 3, 3, 3), 0.6, 'hire', 63],
    [r(4, 4, 4, 3), 0.66, 'hire', 79],
    [r(3, 3, 3, 3), 0.54, 'hire', 60],
    [r(3, 3, 3, 3), 0.51, 'no hire', 59],
    [r(3, 3, 3, 3), 0.25, 'no hire', 46],
    [r(2, 2, 2, 2), 0.47, 'no hire', 40],
    [r(2, 2, 2, 2), 0.45, 'strong no hire', 39],
    [r(4, 4, 4, 1), 1, 'no hire', 88], // any 1 caps at no hire
    [r(3, 3, 3, 3), 0.2, 'no hire', 43],
    [r(2, 2, 2, 2), 0.5, 'no hire', 42],
    [r(2, 2, 2, 2), 0.2, 'strong no hire', 27],
    [r(1, 1, 1, 1), 0, 'strong no hire', 0],
  ] as const)('%o with %f of the evidence → %s', (rubric, ev, band, score) => {
    expect(bandFor(rubric, ev)).toEqual({ band, score })
  })

  it('evidence counts key points covered in open answers and right auto-graded answers', () => {
    const q = (extra: object) =>
      ({
        n: 1,
        phase: 'core',
        title: '',
        topic: 't',
        ms: 0,
        hints: [],
        skipped: false,
        timedOut: false,
        keyPoints: ['a', 'b', 'c', 'd'],
        covered: [],
        references: [],
        id: 'x',
        ...extra,
      }) as never
    expect(evidence([q({ covered: [0, 1] }), q({ phase: 'rapid', keyPoints: [], correct: true }), q({ phase: 'rapid', keyPoints: [], correct: false })])).toBeCloseTo(3 / 6)
    expect(evidence([q({ covered: [0, 1, 2, 3], skipped: true })])).toBe(0) // a skip covers nothing
    expect(evidence([])).toBe(0)
    expect(studyNext([q({ topic: 'orm', covered: [0] }), q({ topic: 'views', covered: [0, 1, 2, 3] }), q({ topic: 'db', skipped: true })])).toEqual(['db', 'orm'])
  })
})

describe('the transcript', () => {
  /** A seeded mock with a fixed clock: hint, skip, deep dive, a rapid miss, a closing question. */
  function golden() {
    const tick = clock(45)
    let s = start(6, { seed: 42 })
    s = step(s, { type: 'hint', at: tick(5) })
    s = step(s, { type: 'answer', at: tick(), rating: 4, text: 'QuerySets are lazy;\n# not a heading <script>' })
    s = step(s, { type: 'skip', at: tick() })
    s = run(
      s,
      (st) =>
        st.current?.phase === 'rapid'
          ? { type: 'answer', at: tick(), text: 'no', correct: false, rating: 1 }
          : st.current?.phase === 'closing'
            ? { type: 'answer', at: tick(), text: 'What does on-call look like?' }
            : { type: 'answer', at: tick(), rating: 3, text: 'An answer.' },
      tick,
    )
    const covered = new Map([
      [1, [0]],
      [3, [0, 1, 2]],
    ])
    return buildTranscript(
      s,
      { level: 'mid', tracks: [], seed: 42, spoken: false, interviewer: false, minutes: 30 },
      { covered, rubric: { communication: 3, correctness: 3, depth: 2, versions: 2 }, at: tick() },
    )
  }

  const fixture = (name: string) => join(import.meta.dirname, 'fixtures', 'interview', name)
  const compare = (name: string, actual: string) => {
    if (process.env['UPDATE_GOLDEN']) writeFileSync(fixture(name), actual)
    expect(actual).toBe(readFileSync(fixture(name), 'utf8'))
  }

  it('markdown matches the golden file', () => compare('transcript.md', transcriptMarkdown(golden())))
  it('JSON matches the golden file and reads back as valid', () => {
    const t = golden()
    compare('transcript.json', `${JSON.stringify(t, null, 2)}\n`)
    expect(transcriptProblem(JSON.parse(JSON.stringify(t)))).toBeUndefined()
  })

  it('user text cannot become markdown structure', () => {
    const md = transcriptMarkdown(golden())
    expect(md).toContain('> # not a heading &lt;script&gt;')
    expect(md).not.toMatch(/^# not a heading/m)
  })

  it.each([
    [null, 'not a JSON object'],
    [{ format: 'other' }, 'format'],
    [{ ...JSON.parse('{"format":"django-drill-interview","version":2}') }, 'version'],
  ])('refuses a malformed transcript (%o)', (raw, reason) => {
    expect(transcriptProblem(raw)).toContain(reason)
  })

  it('refuses a transcript whose question has a bad field', () => {
    const t = JSON.parse(JSON.stringify(golden()))
    t.questions[0].ms = -1
    expect(transcriptProblem(t)).toBe('questions[0].ms: must be a duration')
    t.questions[0].ms = 1
    t.questions[0].phase = 'lunch'
    expect(transcriptProblem(t)).toBe('questions[0].phase: unknown phase')
  })
})
