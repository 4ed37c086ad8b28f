// Sync through a folder the user already syncs (Syncthing, Dropbox, iCloud, a
// git repository): the replica format each machine writes to its own file,
// and a merge that is a union (commutative, associative, idempotent), so
// every machine that has read the same files reaches the same state whatever
// the order. Pure: no disk, no clock (`now` is passed in).
//
// What is merged:
// - answers: the union by identity (bank, question, time, rating, outcome,
//   duration), minus the answers some machine undid (tombstones in `undone`);
// - flags and suspensions: per question the latest change wins (time, then
//   device id); a machine's change is found by comparing its progress with
//   the file it wrote at its last sync;
// - a leech put aside: the later date (a pause is only ever set, never undone);
// - plans (when present): the union by content, minus plans removed somewhere;
// - each question's schedule is not merged but replayed from its merged
//   answers with ts-fsrs, so it is the same everywhere (for the same
//   scheduler settings).
import { ATTEMPT_FLAGS, isPlan, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from './progress.ts'
import { DEVICE, isName, type Mark, type SyncState, type SyncSummary, type Undone } from './sync-fields.ts'
import { schedule, type SchedulerSettings } from './schedule.ts'

export const SYNC_FORMAT = 'django-drill-sync'
export const SYNC_VERSION = 1
/** A sync file larger than this is refused unread. */
export const MAX_SYNC_BYTES = 64 * 1024 * 1024

export interface ReplicaQuestion {
  /** Answers, in time order. */
  h: Attempt[]
  /** A schedule not derived from answers (only kept when no answer schedules it). */
  c?: StoredCard
  f?: Mark
  s?: Mark
  /** A leech put aside until this time (epoch ms); only ever set, so the later one wins. */
  p?: number
  /** Topic and difficulty as of `at` (the latest answer the writer had). */
  topic?: string
  difficulty?: string
  at?: number
}

export interface Replica {
  format: typeof SYNC_FORMAT
  version: typeof SYNC_VERSION
  /** The device that wrote it. */
  device: string
  questions: Record<string, Record<string, ReplicaQuestion>>
  undone: Undone[]
  plans?: unknown[]
  /** Keys (canonical JSON) of plans removed on some machine. */
  plansRemoved?: string[]
}

export type { Mark, SyncState, SyncSummary, Undone }

export class SyncFormatError extends Error {
  override name = 'SyncFormatError'
}

/** A file from a newer django-drill: left alone. */
export class SyncVersionError extends SyncFormatError {
  override name = 'SyncVersionError'
}

// ── identities and canonical forms ─────────────────────────────────────────
const attemptKey = (a: Attempt) => `${a.t}|${a.r}|${a.ok}|${a.ms}`
const undoneKey = (u: Undone) => JSON.stringify(u)
const undoneOf = (bank: string, id: string, a: Attempt): Undone => [bank, id, a.t, a.r, a.ok, a.ms]

/** JSON with object keys sorted, so equal values have equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const own = <T>(map: Record<string, T> | undefined, key: string): T | undefined => (map && Object.hasOwn(map, key) ? map[key] : undefined)

/** The later of two marks: by time, then device, then state. */
function laterMark(a: Mark | undefined, b: Mark | undefined): Mark | undefined {
  if (!a) return b
  if (!b) return a
  return a[1] !== b[1] ? (a[1] > b[1] ? a : b) : a[2] !== b[2] ? (a[2] > b[2] ? a : b) : a[0] >= b[0] ? a : b
}

/** The card kept when no answer schedules the question: the one reviewed last, ties by content. */
function laterCard(a: StoredCard | undefined, b: StoredCard | undefined): StoredCard | undefined {
  if (!a) return b
  if (!b) return a
  const ra = a.last_review ?? -1
  const rb = b.last_review ?? -1
  if (ra !== rb) return ra > rb ? a : b
  return compareText(canonical(a), canonical(b)) >= 0 ? a : b
}

// ── merging ────────────────────────────────────────────────────────────────
function mergeQuestion(a: ReplicaQuestion | undefined, b: ReplicaQuestion | undefined): ReplicaQuestion {
  if (!a) return structuredClone(b!)
  if (!b) return structuredClone(a)
  const byKey = new Map<string, Attempt>()
  for (const attempt of [...a.h, ...b.h]) {
    const key = attemptKey(attempt)
    const seen = byKey.get(key)
    // The same answer with different extras (typed text): the larger text, so the choice does not depend on order.
    if (!seen || compareText(canonical(attempt), canonical(seen)) > 0) byKey.set(key, attempt)
  }
  const out: ReplicaQuestion = { h: [...byKey.values()].map((x) => structuredClone(x)) }
  const card = laterCard(a.c, b.c)
  if (card) out.c = structuredClone(card)
  const f = laterMark(a.f, b.f)
  if (f) out.f = [...f]
  const s = laterMark(a.s, b.s)
  if (s) out.s = [...s]
  if (a.p !== undefined || b.p !== undefined) out.p = Math.max(a.p ?? 0, b.p ?? 0)
  // Topic and difficulty from the side with the later answer (ties by text).
  const metaKey = (q: ReplicaQuestion) => [q.at ?? -1, q.topic ?? '', q.difficulty ?? ''] as const
  const [ma, mb] = [metaKey(a), metaKey(b)]
  const meta = ma[0] !== mb[0] ? (ma[0] > mb[0] ? a : b) : compareText(`${ma[1]}\u0000${ma[2]}`, `${mb[1]}\u0000${mb[2]}`) >= 0 ? a : b
  if (meta.topic !== undefined) out.topic = meta.topic
  if (meta.difficulty !== undefined) out.difficulty = meta.difficulty
  if (meta.at !== undefined) out.at = meta.at
  return out
}

/**
 * Merges replicas into one. The result depends only on the set of replicas
 * given (never their order) and merging a result again changes nothing.
 */
export function mergeReplicas(replicas: readonly Replica[], device: string): Replica {
  const questions: Replica['questions'] = {}
  const undone = new Map<string, Undone>()
  const plans = new Map<string, unknown>()
  const plansRemoved = new Set<string>()
  let hasPlans = false
  for (const r of replicas) {
    for (const [bank, entries] of Object.entries(r.questions)) {
      const target = own(questions, bank) ?? (questions[bank] = {})
      for (const [id, q] of Object.entries(entries)) target[id] = mergeQuestion(own(target, id), q)
    }
    for (const u of r.undone) undone.set(undoneKey(u), u)
    if (r.plans || r.plansRemoved) hasPlans = true
    for (const p of r.plans ?? []) plans.set(canonical(p), p)
    for (const k of r.plansRemoved ?? []) plansRemoved.add(k)
  }
  // Tombstones last: an answer undone anywhere is gone everywhere.
  const out: Replica = { format: SYNC_FORMAT, version: SYNC_VERSION, device, questions: {}, undone: [...undone.values()].sort((x, y) => compareText(undoneKey(x), undoneKey(y))) }
  for (const bank of Object.keys(questions).sort()) {
    const entries: Record<string, ReplicaQuestion> = {}
    for (const id of Object.keys(questions[bank]!).sort()) {
      const q = questions[bank]![id]!
      q.h = q.h.filter((a) => !undone.has(undoneKey(undoneOf(bank, id, a)))).sort((x, y) => x.t - y.t || compareText(attemptKey(x), attemptKey(y)))
      // A schedule is carried only for a question no answer schedules (it is replayed otherwise).
      if (q.h.some((a) => a.ns !== 1)) delete q.c
      if (q.h.length === 0 && !q.c && !q.f && !q.s && q.p === undefined) continue
      entries[id] = q
    }
    if (Object.keys(entries).length > 0) out.questions[bank] = entries
  }
  if (hasPlans) {
    out.plans = [...plans.entries()]
      .filter(([k]) => !plansRemoved.has(k))
      .sort(([x], [y]) => compareText(x, y))
      .map(([, p]) => structuredClone(p))
    out.plansRemoved = [...plansRemoved].sort()
  }
  return out
}

// ── this machine's progress as a replica, and back ─────────────────────────
/**
 * This machine's progress as a replica. `base` is the file this machine
 * wrote at its last sync: a flag or suspension that differs from it was
 * changed here since, and is stamped `now`; one that does not keeps its stamp.
 * A plan in `base` that is no longer here was removed here.
 */
export function toReplica(data: ProgressData, device: string, now: number, base?: Replica): Replica {
  const questions: Replica['questions'] = {}
  const markOf = (on: boolean, before: Mark | undefined): Mark | undefined => {
    if (before && before[0] === (on ? 1 : 0)) return before
    if (!before && !on) return undefined
    return [on ? 1 : 0, now, device]
  }
  for (const [bank, entries] of Object.entries(data.banks)) {
    for (const [id, p] of Object.entries(entries)) {
      const was = own(own(base?.questions, bank), id)
      const q: ReplicaQuestion = { h: p.history.map((a) => structuredClone(a)) }
      if (p.card && !p.history.some((a) => a.ns !== 1)) q.c = structuredClone(p.card)
      const f = markOf(p.flagged === true, was?.f)
      if (f) q.f = f
      const s = markOf(p.suspended === true, was?.s)
      if (s) q.s = s
      if (p.pausedUntil !== undefined) q.p = p.pausedUntil
      if (p.topic !== undefined) q.topic = p.topic
      if (p.difficulty !== undefined) q.difficulty = p.difficulty
      const last = p.history.reduce((max, a) => Math.max(max, a.t), -1)
      if (last >= 0) q.at = last
      ;(own(questions, bank) ?? (questions[bank] = {}))[id] = q
    }
  }
  const replica: Replica = { format: SYNC_FORMAT, version: SYNC_VERSION, device, questions, undone: (data.undone ?? []).map((u) => [...u] as Undone) }
  const plans = (data as { plans?: unknown[] }).plans
  if (plans || base?.plans || base?.plansRemoved) {
    const here = new Set((plans ?? []).map(canonical))
    replica.plans = structuredClone(plans ?? [])
    replica.plansRemoved = [...new Set([...(base?.plansRemoved ?? []), ...(base?.plans ?? []).map(canonical).filter((k) => !here.has(k))])]
  }
  return replica
}

/** The card after replaying these answers in order (those recorded with --no-schedule left out), or undefined without any. */
export function replayCard(history: readonly Attempt[], settings?: Partial<SchedulerSettings>): StoredCard | undefined {
  let card: StoredCard | undefined
  for (const a of history) if (a.ns !== 1) card = schedule(card, a.r, new Date(a.t), settings)
  return card
}

const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/**
 * Writes the merged replica into this machine's progress, in place: answers,
 * flags, suspensions, plans and tombstones as merged; each schedule replayed
 * from the answers. Answers dated after `now` stay in the folder for later.
 * Fields sync does not know (the journal) are kept.
 */
export function applyReplica(
  data: ProgressData,
  merged: Replica,
  now: number,
  settings?: Partial<SchedulerSettings>,
): Omit<SyncSummary, 'at' | 'dir' | 'files' | 'devices' | 'skipped' | 'wrote'> {
  const report = { answersIn: 0, undoneIn: 0, marksIn: 0, schedules: 0, heldBack: 0 }
  const touched = new Set<string>()
  for (const [bank, entries] of Object.entries(merged.questions)) {
    for (const [id, q] of Object.entries(entries)) {
      touched.add(JSON.stringify([bank, id]))
      const questions = own(data.banks, bank) ?? (data.banks[bank] = {})
      const p: QuestionProgress = own(questions, id) ?? (questions[id] = { history: [] })
      const history = q.h.filter((a) => a.t <= now)
      report.heldBack += q.h.length - history.length
      const had = new Set(p.history.map(attemptKey))
      const has = new Set(history.map(attemptKey))
      report.answersIn += history.filter((a) => !had.has(attemptKey(a))).length
      report.undoneIn += p.history.filter((a) => !has.has(attemptKey(a))).length
      p.history = history.map((a) => structuredClone(a))
      const card = replayCard(history, settings) ?? q.c
      if (!sameJson(card, p.card)) report.schedules++
      if (card) p.card = structuredClone(card)
      else delete p.card
      for (const [field, mark] of [
        ['flagged', q.f],
        ['suspended', q.s],
      ] as const) {
        const on = mark?.[0] === 1
        if (on !== (p[field] === true)) report.marksIn++
        if (on) p[field] = true
        else delete p[field]
      }
      if (q.p !== undefined && (p.pausedUntil === undefined || q.p > p.pausedUntil)) p.pausedUntil = q.p
      if (q.topic !== undefined) p.topic = q.topic
      if (q.difficulty !== undefined) p.difficulty = q.difficulty
    }
  }
  // A question whose every answer was undone elsewhere and that has nothing else.
  for (const [bank, entries] of Object.entries(data.banks)) {
    for (const [id, p] of Object.entries(entries)) {
      if (touched.has(JSON.stringify([bank, id]))) continue
      if (p.history.length > 0) {
        report.undoneIn += p.history.length
        p.history = []
        delete p.card
      }
      if (!p.card && !p.flagged && !p.suspended && Object.keys(p).every((k) => ['history', 'topic', 'difficulty'].includes(k))) delete entries[id]
    }
    if (Object.keys(entries).length === 0) delete data.banks[bank]
  }
  data.undone = merged.undone.map((u) => [...u] as Undone)
  if (merged.plans) (data as { plans?: unknown[] }).plans = structuredClone(merged.plans)
  return report
}

/** One sync step, pure: this machine's progress and the files read → the new progress (in place) and the file to write. */
export function syncStep(
  data: ProgressData,
  input: { device: string; now: number; base?: Replica; others: readonly Replica[]; settings?: Partial<SchedulerSettings> },
): { replica: Replica; report: ReturnType<typeof applyReplica> } {
  const local = toReplica(data, input.device, input.now, input.base)
  const merged = mergeReplicas([local, ...(input.base ? [input.base] : []), ...input.others], input.device)
  const report = applyReplica(data, merged, input.now, input.settings)
  return { replica: merged, report }
}

/** The text of a replica file: canonical, so an unchanged state is an unchanged file. */
export const serializeReplica = (replica: Replica): string => `${canonical(replica)}\n`

// ── reading a file from the folder ─────────────────────────────────────────
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const MAX_TIME = 8.64e15
const isTime = (v: unknown): v is number => isNumber(v) && v >= 0 && v <= MAX_TIME
const CARD_FIELDS = ['due', 'stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'] as const

function readAttempt(a: unknown, at: string): Attempt {
  if (!isObject(a)) throw new SyncFormatError(`${at}: must be an object`)
  if (!isTime(a['t'])) throw new SyncFormatError(`${at}.t: must be a time in epoch milliseconds`)
  if (![1, 2, 3, 4].includes(a['r'] as number)) throw new SyncFormatError(`${at}.r: must be a rating 1-4`)
  if (a['ok'] !== 0 && a['ok'] !== 1) throw new SyncFormatError(`${at}.ok: must be 0 or 1`)
  if (!isNumber(a['ms']) || a['ms'] < 0) throw new SyncFormatError(`${at}.ms: must be a duration in milliseconds`)
  const out: Attempt = { t: a['t'], r: a['r'] as Attempt['r'], ok: a['ok'], ms: Math.min(a['ms'], 366 * 86_400_000) }
  for (const flag of ATTEMPT_FLAGS) {
    if (a[flag] === undefined) continue
    if (a[flag] !== 1) throw new SyncFormatError(`${at}.${flag}: must be 1 when present`)
    out[flag] = 1
  }
  if (a['w'] !== undefined) {
    if (!Array.isArray(a['w']) || a['w'].length > 50 || !a['w'].every((w) => typeof w === 'string' && w.length <= 500))
      throw new SyncFormatError(`${at}.w: must be the options picked (strings)`)
    out.w = [...(a['w'] as string[])]
  }
  if (a['a'] !== undefined) {
    if (typeof a['a'] !== 'string' || a['a'].length > 20_000) throw new SyncFormatError(`${at}.a: must be the answer text`)
    out.a = a['a']
  }
  return out
}

/** A card ts-fsrs can continue from, or undefined (then the answers schedule the question again). */
function readCard(c: unknown): StoredCard | undefined {
  if (!isObject(c)) return undefined
  if (!CARD_FIELDS.every((k) => isNumber(c[k]) && c[k] >= 0)) return undefined
  if (![0, 1, 2, 3].includes(c['state'] as number) || !isTime(c['due']) || (c['difficulty'] as number) > 10) return undefined
  if (c['last_review'] !== undefined && !isTime(c['last_review'])) return undefined
  const card = Object.fromEntries(CARD_FIELDS.map((k) => [k, c[k]])) as unknown as StoredCard
  if (c['last_review'] !== undefined) card.last_review = c['last_review']
  return card
}

function readMark(m: unknown, at: string): Mark | undefined {
  if (m === undefined) return undefined
  if (!Array.isArray(m) || m.length !== 3 || (m[0] !== 0 && m[0] !== 1) || !isTime(m[1]) || typeof m[2] !== 'string' || !DEVICE.test(m[2])) {
    throw new SyncFormatError(`${at}: must be [0 or 1, time, device]`)
  }
  return [m[0], m[1], m[2]]
}

/**
 * Reads a sync file's text, checked like an import: every field known and
 * well-formed (unknown ones dropped), impossible schedules dropped. Throws
 * SyncVersionError for a newer format and SyncFormatError naming the field otherwise.
 */
export function parseReplica(text: string): Replica {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new SyncFormatError(error instanceof RangeError ? 'it is nested too deeply' : `it is not JSON (${(error as Error).message.slice(0, 120)})`)
  }
  if (!isObject(raw) || raw['format'] !== SYNC_FORMAT) throw new SyncFormatError(`it is not a django-drill sync file (expected "format": "${SYNC_FORMAT}")`)
  const version = raw['version']
  if (isNumber(version) && version > SYNC_VERSION) throw new SyncVersionError(`it is sync format ${version}, newer than this django-drill understands (${SYNC_VERSION})`)
  if (version !== SYNC_VERSION) throw new SyncFormatError(`"version" must be ${SYNC_VERSION}`)
  if (typeof raw['device'] !== 'string' || !DEVICE.test(raw['device'])) throw new SyncFormatError('"device" must be a device id (4-32 lowercase letters and digits)')
  if (!isObject(raw['questions'])) throw new SyncFormatError('"questions" must be an object')
  const questions: Replica['questions'] = {}
  for (const [bank, entries] of Object.entries(raw['questions'])) {
    if (!isName(bank)) throw new SyncFormatError(`questions: bank id ${JSON.stringify(bank).slice(0, 60)} is not a plain name`)
    if (!isObject(entries)) throw new SyncFormatError(`questions.${bank}: must be an object`)
    const target: Record<string, ReplicaQuestion> = (questions[bank] = {})
    for (const [id, q] of Object.entries(entries)) {
      const at = `questions.${bank}.${id}`
      if (!isName(id)) throw new SyncFormatError(`questions.${bank}: question id ${JSON.stringify(id).slice(0, 60)} is not a plain name`)
      if (!isObject(q) || !Array.isArray(q['h'])) throw new SyncFormatError(`${at}.h: must be a list of answers`)
      const out: ReplicaQuestion = { h: q['h'].map((a, i) => readAttempt(a, `${at}.h[${i}]`)) }
      const card = readCard(q['c'])
      if (card) out.c = card
      const f = readMark(q['f'], `${at}.f`)
      if (f) out.f = f
      const s = readMark(q['s'], `${at}.s`)
      if (s) out.s = s
      for (const key of ['topic', 'difficulty'] as const) {
        const v = q[key]
        if (v === undefined) continue
        if (!isName(v)) throw new SyncFormatError(`${at}.${key}: must be a plain string`)
        out[key] = v
      }
      if (q['at'] !== undefined) {
        if (!isTime(q['at'])) throw new SyncFormatError(`${at}.at: must be a time`)
        out.at = q['at']
      }
      if (q['p'] !== undefined) {
        if (!isTime(q['p'])) throw new SyncFormatError(`${at}.p: must be a time (a leech put aside until then)`)
        out.p = q['p']
      }
      target[id] = out
    }
  }
  if (!Array.isArray(raw['undone'])) throw new SyncFormatError('"undone" must be a list')
  const undone = raw['undone'].map((u, i): Undone => {
    if (!Array.isArray(u) || u.length !== 6 || !isName(u[0]) || !isName(u[1]) || !isTime(u[2]) || !isNumber(u[3]) || !isNumber(u[4]) || !isNumber(u[5])) {
      throw new SyncFormatError(`undone[${i}]: must be [bank, id, time, rating, ok, ms]`)
    }
    return [u[0], u[1], u[2], u[3], u[4], u[5]]
  })
  const replica: Replica = { format: SYNC_FORMAT, version: SYNC_VERSION, device: raw['device'], questions, undone }
  if (raw['plans'] !== undefined || raw['plansRemoved'] !== undefined) {
    const plans = raw['plans'] ?? []
    const removed = raw['plansRemoved'] ?? []
    if (!Array.isArray(plans)) throw new SyncFormatError('"plans" must be a list of plans')
    if (!Array.isArray(removed) || !removed.every((k) => typeof k === 'string' && k.length <= 20_000)) throw new SyncFormatError('"plansRemoved" must be a list of plan keys')
    // Checked as the progress file checks them: a plan this version cannot use is not taken in.
    replica.plans = plans.filter(isPlan)
    replica.plansRemoved = removed as string[]
  }
  return replica
}

/** A new device id from random bytes (hex, lowercase). */
export const deviceId = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
