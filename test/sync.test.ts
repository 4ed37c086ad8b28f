// Sync as a property: simulated machines answering, undoing, flagging and
// planning in random interleavings, syncing through a shared folder (a map of
// file name → text, read back through the same parser as real files), reach
// the same state whatever the order; merging is a union that is idempotent.
import { describe, expect, it } from 'vitest'
import { emptyProgress, recordWithJournal, setFlag, setSuspended, undoAnswer, type Attempt, type ProgressData, type Rating } from '../src/core/progress.ts'
import { seededRandom, shuffle } from '../src/core/random.ts'
import { schedule } from '../src/core/schedule.ts'
import { canonical, mergeReplicas, parseReplica, replayCard, serializeReplica, SyncVersionError, syncStep, toReplica, type Replica } from '../src/core/sync.ts'
import { syncFileNames } from '../src/io/sync-folder.ts'

const QUESTIONS = ['q1', 'q2', 'q3', 'q4', 'q5']
const DAY = 86_400_000

interface Machine {
  device: string
  data: ProgressData
}

type Folder = Map<string, string>

const fileOf = (device: string) => `django-drill-${device}.json`

/** One sync of `m` with the folder, as src/commands/sync.ts does it (minus the disk). */
function syncMachine(m: Machine, folder: Folder, now: number): ReturnType<typeof syncStep>['report'] {
  let base: Replica | undefined
  const others: Replica[] = []
  for (const name of syncFileNames([...folder.keys()])) {
    const replica = parseReplica(folder.get(name)!)
    if (name === fileOf(m.device)) base = replica
    else others.push(replica)
  }
  const { replica, report } = syncStep(m.data, { device: m.device, now, ...(base ? { base } : {}), others })
  folder.set(fileOf(m.device), serializeReplica(replica))
  return report
}

/** Answers live, as a session does: the card scheduled from the one before (or left alone with --no-schedule). */
function answer(m: Machine, id: string, rating: Rating, t: number, scheduled = true): Attempt {
  const p = m.data.banks['django']?.[id]
  const last = p?.history.at(-1)
  const attempt: Attempt = { t: last && last.t >= t ? last.t + 1 : t, r: rating, ok: rating > 1 ? 1 : 0, ms: 1000 + rating }
  if (!scheduled) attempt.ns = 1
  const card = scheduled ? schedule(p?.card, rating, new Date(attempt.t)) : undefined
  recordWithJournal(m.data, { bank: 'django', id, topic: 'orm', difficulty: 'beginner', attempt, ...(card ? { card } : {}) })
  return attempt
}

/** What must agree between machines: everything sync merges. */
const shared = (d: ProgressData) => canonical({ banks: d.banks, undone: d.undone ?? [], plans: (d as { plans?: unknown[] }).plans ?? [] })

interface Run {
  machines: Machine[]
  folder: Folder
  given: Map<string, Attempt>
  undone: Set<string>
  clock: number
  conflicts: number
}

const key = (id: string, a: Attempt) => `${id}|${a.t}|${a.r}|${a.ok}|${a.ms}`

/** A random interleaving of answers, undos, flags, suspensions, plans, syncs and conflict copies. */
function simulate(seed: number, steps: number): Run {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const machines: Machine[] = ['aaaa01', 'bbbb02', 'cccc03'].map((device) => ({ device, data: emptyProgress() }))
  const folder: Folder = new Map()
  const given = new Map<string, Attempt>()
  const undone = new Set<string>()
  let clock = Date.UTC(2026, 0, 1)
  let conflicts = 0
  for (let step = 0; step < steps; step++) {
    // Often no time passes between steps: two machines then stamp a change with the same time.
    if (random() < 0.4) clock += Math.floor(random() * 6 * 3_600_000) + 1
    const m = pick(machines)
    const op = random()
    if (op < 0.4) {
      const id = pick(QUESTIONS)
      const a = answer(m, id, (1 + Math.floor(random() * 4)) as Rating, clock, random() > 0.1)
      given.set(key(id, a), a)
    } else if (op < 0.5) {
      const entry = m.data.journal?.at(-1)
      if (entry) {
        const removed = undoAnswer(m.data, entry)
        if (removed) undone.add(key(entry.id, removed))
      }
    } else if (op < 0.6) setFlag(m.data, 'django', pick(QUESTIONS), random() < 0.5)
    else if (op < 0.65) setSuspended(m.data, 'django', pick(QUESTIONS), random() < 0.5)
    else if (op < 0.72) {
      const plans = ((m.data as { plans?: unknown[] }).plans ??= [])
      if (random() < 0.6 || plans.length === 0) plans.push({ at: clock + 30 * DAY, created: clock, target: 0.9 })
      else plans.splice(Math.floor(random() * plans.length), 1)
    } else if (op < 0.95) syncMachine(m, folder, clock)
    else {
      // A sync tool's conflict copy: an older or another version of someone's file kept beside it.
      const [name, text] = pick([...folder.entries()].length ? [...folder.entries()] : [['', '']])
      if (name && !name.includes('.sync-conflict-')) {
        folder.set(name.replace(/\.json$/, `.sync-conflict-20260101-000000-${step}.json`), text)
        conflicts++
      }
    }
  }
  return { machines, folder, given, undone, clock, conflicts }
}

/** Every machine syncs, in a random order, twice: everyone has then read everyone. */
function settle(run: Run, random: () => number): void {
  for (let round = 0; round < 2; round++) {
    for (const m of shuffle(run.machines, random)) {
      run.clock += 1000
      syncMachine(m, run.folder, run.clock)
    }
  }
}

describe('sync (property)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: three machines converge, nothing given is lost, nothing undone comes back`, () => {
      const run = simulate(seed, 120)
      settle(run, seededRandom(seed * 7919))
      const [a, b, c] = run.machines.map((m) => shared(m.data))
      expect(b).toBe(a)
      expect(c).toBe(a)

      const final = run.machines[0]!.data
      const have = new Set(Object.entries(final.banks['django'] ?? {}).flatMap(([id, p]) => p.history.map((x) => key(id, x))))
      for (const [k] of run.given) expect(have.has(k), k).toBe(!run.undone.has(k))
      // Each schedule is the replay of the merged answers.
      for (const p of Object.values(final.banks['django'] ?? {})) expect(p.card).toEqual(replayCard(p.history) ?? p.card)

      // The folder's files merged in every order give one result; merging it again changes nothing.
      const replicas = [...run.folder.values()].map(parseReplica)
      const merged = canonical(mergeReplicas(replicas, 'x'))
      for (const order of [replicas, [...replicas].reverse(), shuffle(replicas, seededRandom(seed)), shuffle(replicas, seededRandom(seed + 1))]) {
        expect(canonical(mergeReplicas(order, 'x'))).toBe(merged)
      }
      const once = mergeReplicas(replicas, 'x')
      expect(canonical(mergeReplicas([once, once], 'x'))).toBe(canonical(once))
      expect(canonical(mergeReplicas([once, ...replicas], 'x'))).toBe(canonical(once))

      // Syncing again changes nothing anywhere: no answer, no schedule, no file.
      const files = canonical([...run.folder.entries()].sort())
      for (const m of run.machines) {
        const report = syncMachine(m, run.folder, run.clock + 5000)
        expect(report).toEqual({ answersIn: 0, undoneIn: 0, marksIn: 0, schedules: 0, heldBack: 0 })
      }
      expect(canonical([...run.folder.entries()].sort())).toBe(files)
      // Conflict copies are read, never removed.
      expect([...run.folder.keys()].filter((n) => n.includes('.sync-conflict-')).length).toBe(run.conflicts)
    })
  }

  it('the three machines reach the same state for every order of the final syncs', () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]
    const results = orders.map((order) => {
      const run = simulate(99, 120)
      for (let round = 0; round < 2; round++) for (const i of order) syncMachine(run.machines[i]!, run.folder, (run.clock += 1000))
      return shared(run.machines[0]!.data)
    })
    for (const r of results) expect(r).toBe(results[0])
  })
})

describe('sync (directed)', () => {
  const t0 = Date.UTC(2026, 5, 1)
  const machine = (device: string): Machine => ({ device, data: emptyProgress() })

  it('replaying a history gives the card live scheduling gave', () => {
    const m = machine('aaaa01')
    const ratings: Rating[] = [3, 1, 3, 4, 2, 3]
    ratings.forEach((r, i) => answer(m, 'q1', r, t0 + i * 2 * DAY + i * 600_000))
    const p = m.data.banks['django']!['q1']!
    expect(p.card!.reps).toBe(6)
    expect(replayCard(p.history)).toEqual(p.card)
    // and a machine syncing alone keeps its schedule as it is
    const before = structuredClone(p.card)
    const report = syncMachine(m, new Map(), t0 + 30 * DAY)
    expect(report.schedules).toBe(0)
    expect(m.data.banks['django']!['q1']!.card).toEqual(before)
  })

  it('an answer given with --no-schedule is not replayed into the schedule', () => {
    const m = machine('aaaa01')
    answer(m, 'q1', 3, t0)
    answer(m, 'q1', 1, t0 + DAY, false)
    const card = structuredClone(m.data.banks['django']!['q1']!.card)
    syncMachine(m, new Map(), t0 + 2 * DAY)
    expect(m.data.banks['django']!['q1']!.card).toEqual(card)
  })

  it('an undo on one machine removes the answer on the others (a tombstone, not a deletion)', () => {
    const folder: Folder = new Map()
    const [a, b] = [machine('aaaa01'), machine('bbbb02')]
    answer(a, 'q1', 3, t0)
    answer(a, 'q1', 1, t0 + DAY)
    syncMachine(a, folder, t0 + DAY + 1)
    syncMachine(b, folder, t0 + DAY + 2)
    expect(b.data.banks['django']!['q1']!.history).toHaveLength(2)
    undoAnswer(a.data, a.data.journal!.at(-1)!)
    syncMachine(a, folder, t0 + DAY + 3)
    // b's own file still holds the answer: only the tombstone keeps it from coming back
    const report = syncMachine(b, folder, t0 + DAY + 4)
    expect(report.undoneIn).toBe(1)
    expect(b.data.banks['django']!['q1']!.history.map((x) => x.r)).toEqual([3])
    expect(b.data.banks['django']!['q1']!.card).toEqual(a.data.banks['django']!['q1']!.card)
    syncMachine(a, folder, t0 + DAY + 5)
    expect(a.data.banks['django']!['q1']!.history.map((x) => x.r)).toEqual([3])
  })

  it('the later flag change wins, unflagging included', () => {
    const folder: Folder = new Map()
    const [a, b] = [machine('aaaa01'), machine('bbbb02')]
    setFlag(a.data, 'django', 'q1', true)
    syncMachine(a, folder, t0)
    syncMachine(b, folder, t0 + 1)
    expect(b.data.banks['django']!['q1']!.flagged).toBe(true)
    setFlag(b.data, 'django', 'q1', false)
    syncMachine(b, folder, t0 + 2)
    syncMachine(a, folder, t0 + 3)
    expect(a.data.banks['django']?.['q1']?.flagged).toBeUndefined()
  })

  it('merging is idempotent: a replica with itself, or a result again, is unchanged', () => {
    const a = machine('aaaa01')
    answer(a, 'q1', 3, t0)
    answer(a, 'q2', 1, t0 + 1)
    answer(a, 'q2', 4, t0 + 2)
    undoAnswer(a.data, a.data.journal!.at(-1)!)
    setFlag(a.data, 'django', 'q3', true)
    const r = toReplica(a.data, 'aaaa01', t0 + 3)
    const once = mergeReplicas([r], 'aaaa01')
    expect(once.questions['django']!['q2']!.h).toHaveLength(1)
    expect(canonical(mergeReplicas([r, r], 'aaaa01'))).toBe(canonical(once))
    expect(canonical(mergeReplicas([once, r, once], 'aaaa01'))).toBe(canonical(once))
    const folder: Folder = new Map()
    syncMachine(a, folder, t0 + 4)
    const state = canonical(a.data)
    expect(syncMachine(a, folder, t0 + 5)).toEqual({ answersIn: 0, undoneIn: 0, marksIn: 0, schedules: 0, heldBack: 0 })
    expect(canonical({ ...a.data, sync: undefined })).toBe(canonical({ ...JSON.parse(state), sync: undefined }))
  })

  it('flag changes stamped with the same time merge the same in either order', () => {
    const [a, b] = [machine('aaaa01'), machine('bbbb02')]
    setFlag(a.data, 'django', 'q1', true)
    setSuspended(a.data, 'django', 'q1', true)
    setFlag(b.data, 'django', 'q1', true)
    setSuspended(b.data, 'django', 'q1', true)
    const base = toReplica(b.data, 'bbbb02', t0 - 1)
    setFlag(b.data, 'django', 'q1', false)
    setSuspended(b.data, 'django', 'q1', false)
    const [ra, rb] = [toReplica(a.data, 'aaaa01', t0), toReplica(b.data, 'bbbb02', t0, base)]
    expect(rb.questions['django']!['q1']).toMatchObject({ f: [0, t0, 'bbbb02'], s: [0, t0, 'bbbb02'] })
    expect(canonical(mergeReplicas([ra, rb], 'x'))).toBe(canonical(mergeReplicas([rb, ra], 'x')))
  })

  it('a plan removed on one machine is removed everywhere; one added anywhere is kept', () => {
    const folder: Folder = new Map()
    const [a, b] = [machine('aaaa01'), machine('bbbb02')]
    const plan = { at: t0 + 30 * DAY, created: t0, target: 0.9 }
    ;(a.data as { plans?: unknown[] }).plans = [plan]
    syncMachine(a, folder, t0)
    syncMachine(b, folder, t0 + 1)
    expect((b.data as { plans?: unknown[] }).plans).toEqual([plan])
    ;(b.data as { plans?: unknown[] }).plans = [{ ...plan, created: t0 + 5 }]
    syncMachine(b, folder, t0 + 2)
    syncMachine(a, folder, t0 + 3)
    expect((a.data as { plans?: unknown[] }).plans).toEqual([{ ...plan, created: t0 + 5 }])
  })

  it('a conflict copy is merged and kept', () => {
    const folder: Folder = new Map()
    const a = machine('aaaa01')
    answer(a, 'q1', 3, t0)
    syncMachine(a, folder, t0 + 1)
    // The sync tool kept another version of a's file as a conflict copy, with an answer only it has.
    const other = machine('aaaa01')
    answer(other, 'q2', 4, t0 + 2)
    folder.set('django-drill-aaaa01.sync-conflict-20260601-120000-ABCDEFG.json', serializeReplica(toReplica(other.data, 'aaaa01', t0 + 2)))
    folder.set('django-drill-aaaa01 (Bob’s conflicted copy 2026-06-01).json', serializeReplica(toReplica(other.data, 'aaaa01', t0 + 2)))
    const report = syncMachine(a, folder, t0 + 3)
    expect(report.answersIn).toBe(1)
    expect(Object.keys(a.data.banks['django']!).sort()).toEqual(['q1', 'q2'])
    expect(folder.size).toBe(3)
  })

  it('answers dated after now are held back, not clamped (their identity must not change)', () => {
    const folder: Folder = new Map()
    const [a, b] = [machine('aaaa01'), machine('bbbb02')]
    answer(a, 'q1', 3, t0 + DAY) // a's clock is a day ahead
    syncMachine(a, folder, t0 + DAY)
    expect(syncMachine(b, folder, t0).heldBack).toBe(1)
    expect(b.data.banks['django']?.['q1']?.history ?? []).toEqual([])
    expect(syncMachine(b, folder, t0 + 2 * DAY).answersIn).toBe(1)
    expect(b.data.banks['django']!['q1']!.history[0]!.t).toBe(t0 + DAY)
  })

  it('what an answer carries (typed text, override, wrong picks, interview, timeout) survives a sync file', () => {
    const data = emptyProgress()
    const attempt: Attempt = { t: t0, r: 1, ok: 0, ms: 5, to: 1, ov: 1, iv: 1, ns: 1, a: 'typed', w: ['B', 'C'] }
    recordWithJournal(data, { bank: 'django', id: 'q1', topic: 'orm', difficulty: 'beginner', attempt })
    const back = parseReplica(serializeReplica(toReplica(data, 'aaaa01', t0 + 1)))
    expect(back.questions['django']!['q1']!.h).toEqual([attempt])
  })

  it('a file of a newer format is refused with its own error; a malformed one names the field', () => {
    const text = serializeReplica(toReplica(emptyProgress(), 'aaaa01', t0)).replace('"version":1', '"version":2')
    expect(() => parseReplica(text)).toThrow(SyncVersionError)
    expect(() => parseReplica('{"format":"django-drill-sync","version":1,"device":"aaaa01","questions":{"b":{"q":{"h":[{"t":1,"r":9,"ok":1,"ms":1}]}}},"undone":[]}')).toThrow(
      'questions.b.q.h[0].r: must be a rating 1-4',
    )
    expect(() => parseReplica('{"format":"django-drill-sync","version":1,"device":"aaaa01","questions":{"__proto__":{}},"undone":[]}')).toThrow()
    expect(() => parseReplica('[]')).toThrow('not a django-drill sync file')
  })

  it('conflict copies and our files are sync files; temporary and other files are not', () => {
    expect(
      syncFileNames([
        'django-drill-aaaa01.json',
        'django-drill-aaaa01.sync-conflict-20260601-120000-ABCDEFG.json',
        'django-drill-aaaa01 (conflicted copy 2026-06-01).json',
        'django-drill-aaaa01 2.json',
        'django-drill-aaaa01.json.tmp-abc123',
        '.syncthing.django-drill-aaaa01.json.tmp',
        'notes.txt',
      ]),
    ).toEqual([
      'django-drill-aaaa01 (conflicted copy 2026-06-01).json',
      'django-drill-aaaa01 2.json',
      'django-drill-aaaa01.json',
      'django-drill-aaaa01.sync-conflict-20260601-120000-ABCDEFG.json',
    ])
  })
})
