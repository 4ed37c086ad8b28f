// Every field the app writes into progress survives `progress export` ->
// `progress import` (into an empty store and merged into one that has the
// question) and a sync between two machines. The fixtures are typed
// Required<...>, so a field added to Attempt or QuestionProgress without a
// value here fails `tsc` before it can be silently dropped somewhere.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportProgress, importProgress } from '../src/commands/progress.ts'
import { readExport, makeExport } from '../src/core/merge.ts'
import type { InterviewPlan } from '../src/core/plan.ts'
import { ATTEMPT_FLAGS, emptyProgress, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from '../src/core/progress.ts'
import { questionProblem } from '../src/core/progress-check.ts'
import { parseReplica, serializeReplica, syncStep } from '../src/core/sync.ts'
import { openStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { testdir } from './helpers/testdir.ts'

const NOW = new Date('2026-11-25T12:00:00Z')
const T = Date.parse('2026-11-20T10:00:00Z')

/** An attempt with every field set: `Required` makes tsc list any field missing here. */
const everyField = (): Required<Attempt> => ({ t: T, r: 2, ok: 0, ms: 41_000, to: 1, a: 'select_related follows the FK', ov: 1, ns: 1, iv: 1, w: ['prefetch_related'] })
/** Scheduled, so that sync keeps it in the schedule. */
const scheduled = (): Attempt => ({ t: T + 86_400_000, r: 3, ok: 1, ms: 9_000, a: 'a JOIN', iv: 1, w: ['b'] })

const fullCard = (): Required<StoredCard> => ({
  due: Date.parse('2026-11-30T10:00:00Z'),
  stability: 4.5,
  difficulty: 5.1,
  elapsed_days: 1,
  scheduled_days: 4,
  learning_steps: 0,
  reps: 2,
  lapses: 1,
  state: 2,
  last_review: T + 86_400_000,
})

/** Question progress with every field set. */
const fullQuestion = (): Required<QuestionProgress> => ({
  card: fullCard(),
  history: [everyField(), scheduled()],
  flagged: true,
  suspended: true,
  pausedUntil: Date.parse('2026-12-10T00:00:00Z'),
  topic: 'orm',
  difficulty: 'advanced',
})

const plan = (): InterviewPlan => ({ at: Date.parse('2026-12-20T09:00:00Z'), created: NOW.getTime(), target: 0.9, minutes: 25 })

function full(): ProgressData {
  return { ...emptyProgress(), banks: { django: { 'orm-1': fullQuestion() } }, plans: [plan()] }
}

function home(data?: ProgressData) {
  const dir = testdir()
  const runtime = memoryRuntime({ env: { DJANGO_DRILL_HOME: dir }, cwd: dir, now: () => NOW })
  if (data) openStore(runtime).replace(data)
  return { dir, runtime, read: () => openStore(runtime).read() }
}

describe('every progress field survives export -> import', () => {
  it('the fixture really sets every attempt flag', () => {
    for (const flag of ATTEMPT_FLAGS) expect(everyField()[flag]).toBe(1)
  })

  it('readExport keeps every attempt, card and question field', () => {
    const { data } = readExport(JSON.stringify(makeExport(full(), NOW)), NOW)
    expect(data.banks['django']!['orm-1']).toEqual(fullQuestion())
    expect(data.plans).toEqual([plan()])
  })

  it('an attempt flag that is not 1 is refused by name, ns included', () => {
    for (const flag of ATTEMPT_FLAGS) {
      const q = { history: [{ ...everyField(), [flag]: 2 }] }
      expect(questionProblem(q, 'q')).toBe(`q.history[0].${flag}: must be 1 when present`)
      // Alone on an answer too: the check reads each flag by name before it looks at them all.
      const alone = { history: [{ t: 1, r: 3, ok: 1, ms: 10, [flag]: 2 }] }
      expect(questionProblem(alone, 'q')).toBe(`q.history[0].${flag}: must be 1 when present`)
    }
  })

  it('a card field that is not a number is refused by name, each one alone', () => {
    for (const key of Object.keys(fullCard()) as (keyof StoredCard)[]) {
      const q = { history: [], card: { ...fullCard(), [key]: '5' } }
      expect(questionProblem(q, 'q')).toBe(`q.card.${key}: must be a number`)
    }
    const { last_review: _l, elapsed_days: _e, scheduled_days: _s, learning_steps: _ls, ...required } = fullCard()
    expect(questionProblem({ history: [], card: required }, 'q')).toBeUndefined()
  })

  it('progress import into an empty store reproduces the question and the plan', async () => {
    const from = home(full())
    await exportProgress('backup.json', from.runtime)
    const to = home()
    await importProgress(join(from.dir, 'backup.json'), to.runtime)
    expect(to.read().banks['django']!['orm-1']).toEqual(fullQuestion())
    expect(to.read().plans).toEqual([plan()])
  })

  it('progress import merged into a store that has the question adds what it lacks', async () => {
    const from = home(full())
    await exportProgress('backup.json', from.runtime)
    const existing: QuestionProgress = { history: [everyField()], topic: 'orm', difficulty: 'advanced' }
    const to = home({ ...emptyProgress(), banks: { django: { 'orm-1': existing } } })
    await importProgress(join(from.dir, 'backup.json'), to.runtime)
    expect(to.read().banks['django']!['orm-1']).toEqual(fullQuestion())
    expect(to.read().plans).toEqual([plan()])
  })

  it('a question only suspended or paused is imported, not dropped as empty', async () => {
    const paused: QuestionProgress = { history: [], pausedUntil: Date.parse('2026-12-10T00:00:00Z') }
    const from = home({ ...emptyProgress(), banks: { django: { s: { history: [], suspended: true }, p: paused } } })
    await exportProgress('backup.json', from.runtime)
    const to = home()
    await importProgress(join(from.dir, 'backup.json'), to.runtime)
    expect(to.read().banks['django']).toEqual({ s: { history: [], suspended: true }, p: paused })
    expect(existsSync(join(to.dir, 'progress.json'))).toBe(true)
  })
})

describe('every attempt field survives a sync', () => {
  it('through the folder file to another machine', () => {
    const a = full()
    const folder = new Map<string, string>()
    const first = syncStep(a, { device: 'aaaa1111', now: NOW.getTime(), others: [] })
    folder.set('a', serializeReplica(first.replica))
    const b = emptyProgress()
    syncStep(b, { device: 'bbbb2222', now: NOW.getTime(), others: [parseReplica(folder.get('a')!)] })
    // Every field but the schedule, which sync replays from the answers (the one left out with --no-schedule too).
    const { card, ...rest } = b.banks['django']!['orm-1']!
    const { card: _card, ...expected } = fullQuestion()
    expect(rest).toEqual(expected)
    expect(card).toBeDefined()
    expect(b.plans).toEqual([plan()])
  })

  it('a leech put aside on two machines stays aside until the later date on both', () => {
    const until = (day: string) => Date.parse(`${day}T00:00:00Z`)
    const a: ProgressData = { ...emptyProgress(), banks: { django: { q: { history: [scheduled()], pausedUntil: until('2026-12-10') } } } }
    const b: ProgressData = { ...emptyProgress(), banks: { django: { q: { history: [scheduled()], pausedUntil: until('2026-12-20') } } } }
    const fromA = serializeReplica(syncStep(a, { device: 'aaaa1111', now: NOW.getTime(), others: [] }).replica)
    const fromB = serializeReplica(syncStep(b, { device: 'bbbb2222', now: NOW.getTime(), others: [parseReplica(fromA)] }).replica)
    syncStep(a, { device: 'aaaa1111', now: NOW.getTime(), base: parseReplica(fromA), others: [parseReplica(fromB)] })
    expect([a.banks['django']!['q']!.pausedUntil, b.banks['django']!['q']!.pausedUntil]).toEqual([until('2026-12-20'), until('2026-12-20')])
  })
})
