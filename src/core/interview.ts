// The mock interview as a state machine: a plan of questions per phase, then
// state + event → state. Pure: the clock arrives in every event (`at`, epoch
// ms) and randomness is a function passed to `planInterview`.
//
// Phases, in order: warm-up (easier questions), core (open and code-reading
// questions from weak and unseen topics), a deep-dive chain that follows the
// current question's follow_ups after a strong self-rating and steps sideways
// (its `related`) after a weak one, a rapid-fire round of auto-graded
// questions on a short clock, and a closing "Do you have questions for us?".
import { shuffle } from './random.ts'
import { progressOf, RATINGS, type ProgressData, type Rating } from './progress.ts'
import type { Difficulty, Question } from './types.ts'
import { ID_PATTERN } from './parse.ts'
import { hintOf } from './kinds/index.ts'

export const PHASES = ['warmup', 'core', 'deep', 'rapid', 'closing'] as const
export type Phase = (typeof PHASES)[number]
export const PHASE_TITLES: Record<Phase, string> = { warmup: 'Warm-up', core: 'Core', deep: 'Deep dive', rapid: 'Rapid fire', closing: 'Closing' }

export const LEVELS = ['junior', 'mid', 'senior'] as const
export type Level = (typeof LEVELS)[number]

/** Share of each difficulty in the core questions of a level. */
export const LEVEL_MIX: Record<Level, Record<Difficulty, number>> = {
  junior: { beginner: 0.6, intermediate: 0.4, advanced: 0 },
  mid: { beginner: 0.2, intermediate: 0.6, advanced: 0.2 },
  senior: { beginner: 0, intermediate: 0.4, advanced: 0.6 },
}

/** The soft time budget per question by difficulty (shown, never enforced). */
export const SOFT_BUDGET_MS: Record<Difficulty, number> = { beginner: 2 * 60_000, intermediate: 3 * 60_000, advanced: 4 * 60_000 }
/** The rapid-fire round's per-question clock (enforced: time out counts as a miss). */
export const RAPID_MS = 30_000
/** A spoken follow-up's soft budget. */
export const SPOKEN_MS = 90_000
export const CLOSING_MS = 2 * 60_000

/** Code reading: which line is the bug, what it prints, how many queries, in what order. */
const CODE_TYPES = new Set(['bug', 'output', 'count', 'order'])
/** Kinds asked in the core and the deep dive: open answers and code reading. */
const CORE_TYPES = new Set(['open', ...CODE_TYPES])
/** Kinds quick enough, and graded by the tool, for the rapid-fire round. */
const RAPID_TYPES = new Set(['choice', 'multi', 'short', 'cloze'])

/** Questions asked in a mock of `minutes` when --questions is not given: about one per three minutes. */
export const defaultQuestionCount = (minutes: number): number => Math.max(3, Math.min(30, Math.round(minutes / 3)))

export interface Allotment {
  warmup: number
  core: number
  deep: number
  rapid: number
}

/**
 * How N questions are shared among the phases: one warm-up, core, rapid and
 * deep-dive question first, then in turn more core, a second warm-up, up to
 * three deep-dive and four rapid ones; the rest go to the core.
 */
export function allot(n: number): Allotment {
  const a: Allotment = { warmup: 0, core: 0, deep: 0, rapid: 0 }
  const order: (keyof Allotment)[] = ['warmup', 'core', 'rapid', 'deep', 'core', 'warmup', 'deep', 'core', 'rapid', 'deep', 'rapid', 'core', 'rapid']
  const caps: Allotment = { warmup: 2, core: Number.POSITIVE_INFINITY, deep: 3, rapid: 4 }
  let left = n
  for (const phase of order) {
    if (left === 0) break
    if (a[phase] < caps[phase]) {
      a[phase]++
      left--
    }
  }
  a.core += left
  return a
}

export interface PlanOptions {
  count: number
  level: Level
  random: () => number
  now: number
}

export interface Plan {
  warmup: Question[]
  core: Question[]
  /** Where the deep dive starts: an open question with follow-ups. */
  deepRoot?: Question
  rapid: Question[]
  /** Questions the deep dive may go to (the pool, by bank and id). */
  pool: readonly Question[]
  allot: Allotment
}

const keyOf = (q: Question) => `${q.bank}/${q.id}`

/** How much a question wants asking: unseen and weak topics first, then weak questions. */
function need(q: Question, progress: ProgressData, topicScore: Map<string, number>): number {
  const p = progressOf(progress, q.bank, q.id)
  const seen = (p?.history.length ?? 0) > 0
  const wrong = p?.history.filter((a) => a.ok === 0).length ?? 0
  return (topicScore.get(q.topic) ?? 1) * 2 + (seen ? 0 : 1) + Math.min(wrong, 3) * 0.5
}

/** Per topic: 1 when unseen, else the share of wrong answers (0-1). */
function topicWeakness(pool: readonly Question[], progress: ProgressData): Map<string, number> {
  const tally = new Map<string, { n: number; wrong: number }>()
  for (const q of pool) {
    const t = tally.get(q.topic) ?? { n: 0, wrong: 0 }
    for (const a of progressOf(progress, q.bank, q.id)?.history ?? []) {
      t.n++
      if (a.ok === 0) t.wrong++
    }
    tally.set(q.topic, t)
  }
  return new Map([...tally].map(([topic, t]) => [topic, t.n === 0 ? 1 : t.wrong / t.n]))
}

/**
 * Picks `n` of `candidates`, spreading them over topics (round-robin over
 * topics, the neediest first) so a mock covers at least three when it can.
 */
function spread(candidates: Question[], n: number, used: Set<string>, usedTopics: Map<string, number>, rank: (q: Question) => number, random: () => number): Question[] {
  const byTopic = new Map<string, Question[]>()
  for (const q of shuffle(candidates, random).sort((a, b) => rank(b) - rank(a))) {
    if (used.has(keyOf(q))) continue
    byTopic.set(q.topic, [...(byTopic.get(q.topic) ?? []), q])
  }
  const out: Question[] = []
  while (out.length < n && byTopic.size > 0) {
    // The topic asked least so far, then the neediest question's topic.
    const topics = [...byTopic.keys()].sort((a, b) => (usedTopics.get(a) ?? 0) - (usedTopics.get(b) ?? 0) || rank(byTopic.get(b)![0]!) - rank(byTopic.get(a)![0]!))
    const topic = topics[0]!
    const list = byTopic.get(topic)!
    const q = list.shift()!
    if (list.length === 0) byTopic.delete(topic)
    out.push(q)
    used.add(keyOf(q))
    usedTopics.set(topic, (usedTopics.get(topic) ?? 0) + 1)
  }
  return out
}

/** How many of each difficulty among `n`, by the level's mix (largest remainder). */
function mixCounts(n: number, level: Level): Record<Difficulty, number> {
  const mix = LEVEL_MIX[level]
  const diffs: Difficulty[] = ['beginner', 'intermediate', 'advanced']
  const base = diffs.map((d) => Math.floor(mix[d] * n))
  let left = n - base.reduce((s, x) => s + x, 0)
  const order = [...diffs.keys()].sort((a, b) => mix[diffs[b]!] * n - base[b]! - (mix[diffs[a]!] * n - base[a]!))
  for (const i of order) {
    if (left > 0 && mix[diffs[i]!] > 0) {
      base[i]!++
      left--
    }
  }
  return { beginner: base[0]!, intermediate: base[1]!, advanced: base[2]! }
}

const EASIER: Record<Level, Difficulty[]> = { junior: ['beginner'], mid: ['beginner'], senior: ['beginner', 'intermediate'] }

/** Chooses the questions of each phase from `pool` (already filtered by track and filters). */
export function planInterview(pool: readonly Question[], progress: ProgressData, options: PlanOptions): Plan {
  const { random, level } = options
  const a = allot(options.count)
  const weakness = topicWeakness(pool, progress)
  const rank = (q: Question) => need(q, progress, weakness)
  const used = new Set<string>()
  const usedTopics = new Map<string, number>()
  const coreKinds = pool.filter((q) => CORE_TYPES.has(q.type))
  const easier = EASIER[level]

  // The warm-up: easier questions of any kind but the rapid ones, gentlest first.
  let warmupPool = pool.filter((q) => easier.includes(q.difficulty) && !RAPID_TYPES.has(q.type))
  if (warmupPool.length === 0) warmupPool = pool.filter((q) => easier.includes(q.difficulty))
  const warmup = spread(warmupPool, a.warmup, used, usedTopics, (q) => -rank(q), random)

  // The deep-dive root: an open question of the level whose follow-ups lead somewhere.
  const mix = LEVEL_MIX[level]
  const roots = shuffle(
    pool.filter((q) => q.type === 'open' && (q.followUps?.length ?? 0) > 0 && !used.has(keyOf(q))),
    random,
  ).sort((x, y) => mix[y.difficulty] - mix[x.difficulty] || rank(y) - rank(x))
  const deepRoot = a.deep > 0 ? roots[0] : undefined
  if (deepRoot) {
    used.add(keyOf(deepRoot))
    usedTopics.set(deepRoot.topic, (usedTopics.get(deepRoot.topic) ?? 0) + 1)
  }
  // Without a root the deep-dive share goes to the core.
  const coreCount = a.core + (deepRoot ? 0 : a.deep)

  // The core: by the level's mix of difficulties, then whatever is left. About a third of it
  // (one at least, from two questions on) is code reading when the pool has some, so a core is
  // never all open questions; the code questions take their places in the same mix.
  const counts = mixCounts(coreCount, level)
  const core: Question[] = []
  const codeWanted = coreCount >= 2 ? Math.max(1, Math.floor(coreCount / 3)) : 0
  for (let i = 0; i < codeWanted; i++) {
    const order = (['beginner', 'intermediate', 'advanced'] as const).filter((d) => counts[d] > 0).sort((x, y) => counts[y] - counts[x])
    let picked: Question[] = []
    for (const d of order) {
      picked = spread(
        pool.filter((q) => CODE_TYPES.has(q.type) && q.difficulty === d),
        1,
        used,
        usedTopics,
        rank,
        random,
      )
      if (picked.length) {
        counts[d]--
        break
      }
    }
    if (!picked.length) break
    core.push(...picked)
  }
  for (const d of ['beginner', 'intermediate', 'advanced'] as const)
    core.push(
      ...spread(
        coreKinds.filter((q) => q.type === 'open' && q.difficulty === d),
        counts[d],
        used,
        usedTopics,
        rank,
        random,
      ),
    )
  // Short of open questions of a difficulty: code reading of it, others the level asks, then any kind of those, then anything.
  for (const d of ['beginner', 'intermediate', 'advanced'] as const) {
    const short = counts[d] - core.filter((q) => q.difficulty === d && q.type === 'open').length
    if (short > 0)
      core.push(
        ...spread(
          coreKinds.filter((q) => q.difficulty === d),
          short,
          used,
          usedTopics,
          rank,
          random,
        ),
      )
  }
  const levelKinds = coreKinds.filter((q) => mix[q.difficulty] > 0)
  if (core.length < coreCount) core.push(...spread(levelKinds, coreCount - core.length, used, usedTopics, rank, random))
  if (core.length < coreCount)
    core.push(
      ...spread(
        pool.filter((q) => mix[q.difficulty] > 0),
        coreCount - core.length,
        used,
        usedTopics,
        rank,
        random,
      ),
    )
  if (core.length < coreCount) core.push(...spread(coreKinds, coreCount - core.length, used, usedTopics, rank, random))
  if (core.length < coreCount) core.push(...spread([...pool], coreCount - core.length, used, usedTopics, rank, random))
  // An open question first, then code reading and open questions in turn.
  const opens = core.filter((q) => !CODE_TYPES.has(q.type))
  const codes = core.filter((q) => CODE_TYPES.has(q.type))
  core.length = 0
  while (opens.length || codes.length) core.push(...opens.splice(0, 1), ...codes.splice(0, 1))

  // Rapid fire: auto-graded questions; when there are none, the core takes their place.
  const rapid = spread(
    pool.filter((q) => RAPID_TYPES.has(q.type)),
    a.rapid,
    used,
    usedTopics,
    rank,
    random,
  )
  if (rapid.length < a.rapid) core.push(...spread([...pool], a.rapid - rapid.length, used, usedTopics, rank, random))
  return { warmup, core, ...(deepRoot ? { deepRoot } : {}), rapid, pool, allot: { ...a, core: core.length, deep: deepRoot ? a.deep : 0, rapid: rapid.length } }
}

// ── the state machine ──────────────────────────────────────────────────────

/** What is being asked now: a bank question, or a follow-up asked aloud about one. */
export interface Current {
  phase: Phase
  q?: Question
  /** A spoken follow-up prompt (not in the bank): asked about `about`. */
  spoken?: string
  about?: Question
  startedAt: number
  /** Soft budget (hard for the rapid round). */
  budgetMs: number
  /** Key points revealed by /h (the first one; the rating is then capped at Hard). */
  hints: string[]
}

/** One question asked, and what came of it. */
export interface Turn {
  n: number
  phase: Phase
  q?: Question
  spoken?: string
  about?: Question
  ms: number
  text?: string
  hints: string[]
  skipped: boolean
  timedOut: boolean
  /** The self-rating (or the auto grade's), after the hint cap. */
  rating?: Rating
  /** Auto-graded questions: right or not. */
  correct?: boolean
}

export type EndReason = 'done' | 'time' | 'quit'

export interface InterviewState {
  phase: Phase | 'debrief'
  startedAt: number
  endsAt: number
  /** Bank questions still allowed (--questions counts all phases; the closing is not one). */
  left: number
  current?: Current
  queue: { warmup: Question[]; core: Question[]; rapid: Question[] }
  deep: { anchor?: Question; cursor: number; left: number }
  pool: readonly Question[]
  asked: Turn[]
  used: string[]
  closing?: string
  endedBy?: EndReason
  endedAt?: number
}

export type InterviewEvent =
  | { type: 'answer'; at: number; text?: string; rating?: Rating; correct?: boolean }
  | { type: 'hint'; at: number }
  | { type: 'skip'; at: number }
  | { type: 'timeout'; at: number; text?: string }
  | { type: 'quit'; at: number }
  | { type: 'tick'; at: number }

/** A self-rating at or above this goes deeper; below it, sideways. */
export const STRONG = RATINGS.good

const budgetOf = (q: Question, phase: Phase): number => (phase === 'rapid' ? RAPID_MS : SOFT_BUDGET_MS[q.difficulty])

export function startInterview(plan: Plan, options: { now: number; durationMs: number }): InterviewState {
  const state: InterviewState = {
    phase: 'warmup',
    startedAt: options.now,
    endsAt: options.now + options.durationMs,
    left: plan.warmup.length + plan.core.length + plan.rapid.length + (plan.deepRoot ? plan.allot.deep : 0),
    queue: { warmup: [...plan.warmup], core: [...plan.core], rapid: [...plan.rapid] },
    deep: { ...(plan.deepRoot ? { anchor: plan.deepRoot } : {}), cursor: -1, left: plan.deepRoot ? plan.allot.deep : 0 },
    pool: plan.pool,
    asked: [],
    used: [...plan.warmup, ...plan.core, ...plan.rapid, ...(plan.deepRoot ? [plan.deepRoot] : [])].map(keyOf),
  }
  return advanceTo(state, options.now)
}

const find = (pool: readonly Question[], bank: string, id: string) => pool.find((q) => q.bank === bank && q.id === id)

/** The next deep-dive step after `anchor` was answered with `rating`, or undefined when the chain ends. */
function nextDeep(state: InterviewState, strong: boolean): { q?: Question; spoken?: string; about?: Question; anchor: Question; cursor: number } | undefined {
  const anchor = state.deep.anchor
  if (!anchor) return undefined
  if (strong) {
    // Deeper: the anchor's next follow-up, a question (which becomes the anchor) or a prompt asked aloud.
    const followUps = anchor.followUps ?? []
    for (let i = state.deep.cursor + 1; i < followUps.length; i++) {
      const entry = followUps[i]!
      if (ID_PATTERN.test(entry)) {
        const q = find(state.pool, anchor.bank, entry)
        if (q && !state.used.includes(keyOf(q))) return { q, anchor: q, cursor: -1 }
        continue
      }
      return { spoken: entry, about: anchor, anchor, cursor: i }
    }
  }
  // Sideways (or deeper found nothing): a related question not asked yet, else another of the topic.
  const related = anchor.related.map((id) => find(state.pool, anchor.bank, id)).filter((q): q is Question => q !== undefined && !state.used.includes(keyOf(q)))
  const sameTopic = state.pool.filter((q) => q.topic === anchor.topic && q.type === 'open' && !state.used.includes(keyOf(q)) && q.difficulty !== 'beginner')
  const side = related[0] ?? (strong ? undefined : sameTopic[0])
  return side ? { q: side, anchor: side, cursor: -1 } : undefined
}

/** Moves on to the next question (from `phase` on), or to the debrief. */
function advanceTo(state: InterviewState, at: number): InterviewState {
  if (at >= state.endsAt) return end(state, 'time', at)
  const ask = (phase: Phase, q: Question, rest: Partial<InterviewState>): InterviewState => ({
    ...state,
    ...rest,
    phase,
    left: state.left - 1,
    current: { phase, q, startedAt: at, budgetMs: budgetOf(q, phase), hints: [] },
  })
  if (state.left > 0) {
    const { warmup, core, rapid } = state.queue
    if (warmup.length) return ask('warmup', warmup[0]!, { queue: { ...state.queue, warmup: warmup.slice(1) } })
    if (core.length) return ask('core', core[0]!, { queue: { ...state.queue, core: core.slice(1) } })
    if (state.deep.left > 0 && state.deep.anchor && state.deep.cursor === -1 && !state.asked.some((t) => t.phase === 'deep')) {
      return ask('deep', state.deep.anchor, { deep: { ...state.deep, left: state.deep.left - 1 } })
    }
    if (rapid.length) return ask('rapid', rapid[0]!, { queue: { ...state.queue, rapid: rapid.slice(1) } })
  }
  if (state.closing === undefined && state.phase !== 'closing') return { ...state, phase: 'closing', current: { phase: 'closing', startedAt: at, budgetMs: CLOSING_MS, hints: [] } }
  return end(state, 'done', at)
}

function end(state: InterviewState, reason: EndReason, at: number): InterviewState {
  const { current: _current, ...rest } = state
  return { ...rest, phase: 'debrief', endedBy: reason, endedAt: at }
}

/** The hint cap: a question answered after /h is rated Hard at best. */
export const capRating = (rating: Rating, hinted: boolean): Rating => (hinted && rating > RATINGS.hard ? RATINGS.hard : rating)

/** The interview after `event`. Events after the debrief began change nothing. */
export function step(state: InterviewState, event: InterviewEvent): InterviewState {
  const cur = state.current
  if (state.phase === 'debrief' || !cur) return state
  const at = event.at
  if (event.type === 'quit') return end(state, 'quit', at)
  if (event.type === 'tick') return at >= state.endsAt ? end(state, 'time', at) : state
  if (event.type === 'hint') {
    const source = cur.q ?? cur.about
    const point = source && hintOf(source)
    // One hint per question: the first key point, or the kind's nudge when it has none.
    if (!point || cur.hints.length > 0 || cur.phase === 'closing') return state
    return { ...state, current: { ...cur, hints: [point] } }
  }
  if (cur.phase === 'closing') {
    const closing = event.type === 'answer' ? (event.text ?? '') : ''
    return end({ ...state, closing }, at >= state.endsAt ? 'time' : 'done', at)
  }
  const hinted = cur.hints.length > 0
  const turn: Turn = {
    n: state.asked.length + 1,
    phase: cur.phase,
    ...(cur.q ? { q: cur.q } : {}),
    ...(cur.spoken ? { spoken: cur.spoken, ...(cur.about ? { about: cur.about } : {}) } : {}),
    ms: Math.max(0, at - cur.startedAt),
    hints: cur.hints,
    skipped: event.type === 'skip',
    timedOut: event.type === 'timeout',
  }
  if (event.type === 'answer') {
    if (event.text !== undefined) turn.text = event.text
    if (event.correct !== undefined) turn.correct = event.correct
    const rating = event.rating ?? (event.correct === undefined ? undefined : event.correct ? RATINGS.good : RATINGS.again)
    if (rating !== undefined) turn.rating = capRating(rating, hinted)
  } else if (event.type === 'timeout') {
    if (event.text) turn.text = event.text
    turn.rating = RATINGS.again
    if (cur.q && cur.phase === 'rapid') turn.correct = false
  }
  const next: InterviewState = { ...state, asked: [...state.asked, turn] }
  if (cur.phase === 'deep') {
    const strong = !turn.skipped && (turn.rating ?? RATINGS.again) >= STRONG
    const deeper = next.deep.left > 0 && next.left > 0 && at < next.endsAt ? nextDeep(next, strong) : undefined
    if (deeper) {
      const used = deeper.q ? [...next.used, keyOf(deeper.q)] : next.used
      const q = deeper.q
      return {
        ...next,
        used,
        left: next.left - 1,
        deep: { anchor: deeper.anchor, cursor: deeper.cursor, left: next.deep.left - 1 },
        current: {
          phase: 'deep',
          ...(q ? { q } : {}),
          ...(deeper.spoken ? { spoken: deeper.spoken, about: deeper.about! } : {}),
          startedAt: at,
          budgetMs: q ? budgetOf(q, 'deep') : SPOKEN_MS,
          hints: [],
        },
      }
    }
    // The chain ended early: its unused share goes back (nothing else is planned for it).
    return advanceTo({ ...next, deep: { ...next.deep, left: 0 } }, at)
  }
  return advanceTo(next, at)
}

/** Milliseconds left of the whole mock at `at`. */
export const timeLeft = (state: InterviewState, at: number): number => Math.max(0, state.endsAt - at)
