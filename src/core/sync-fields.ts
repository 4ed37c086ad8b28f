// The sync fields progress keeps (this machine's device id, the remembered
// folder, the last sync, the answers undone) and their checks, apart from
// src/core/sync.ts so that progress.ts can read them without a cycle.
import { hasControlChars } from './sanitize.ts'

/** A flag or suspension state and when which device set it: [on, epoch ms, device]. */
export type Mark = [0 | 1, number, string]

/** An answer taken back: [bank, question id, t, r, ok, ms]. Kept so the undo reaches every machine. */
export type Undone = [string, string, number, number, number, number]

/** What this machine keeps about sync in its progress. */
export interface SyncState {
  /** Generated once; names this machine's file in the folder. */
  device: string
  /** The folder sessions sync with (`sync --remember`). */
  dir?: string
  last?: SyncSummary
}

export interface SyncSummary {
  at: number
  dir: string
  /** Files read and merged (this machine's own included). */
  files: number
  /** Devices whose files were read. */
  devices: string[]
  /** Answers this machine did not have. */
  answersIn: number
  /** Answers removed because another machine undid them. */
  undoneIn: number
  /** Flag and suspension changes taken from other machines. */
  marksIn: number
  /** Schedules that changed by replaying the merged answers. */
  schedules: number
  /** Answers dated after `now` (a clock ahead), kept in the folder and taken in later. */
  heldBack: number
  /** Files skipped, one line each. */
  skipped: string[]
  /** Whether this machine's file was rewritten. */
  wrote: boolean
}

// NOTE: "__proto__" as a key would reach Object.prototype when assigned.
export const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && v !== '__proto__' && !hasControlChars(v)
export const DEVICE = /^[0-9a-z]{4,32}$/

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUndone = (u: unknown): u is Undone => Array.isArray(u) && u.length === 6 && isName(u[0]) && isName(u[1]) && u.slice(2).every(isNumber)

function summary(v: unknown): SyncSummary | undefined {
  if (!isObject(v) || !isNumber(v['at']) || typeof v['dir'] !== 'string') return undefined
  const n = (k: string) => (isNumber(v[k]) ? v[k] : 0)
  const strings = (k: string) => (Array.isArray(v[k]) ? (v[k] as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 50) : [])
  return {
    at: v['at'],
    dir: v['dir'],
    files: n('files'),
    devices: strings('devices'),
    answersIn: n('answersIn'),
    undoneIn: n('undoneIn'),
    marksIn: n('marksIn'),
    schedules: n('schedules'),
    heldBack: n('heldBack'),
    skipped: strings('skipped'),
    wrote: v['wrote'] === true,
  }
}

/** The stored `sync` and `undone` fields, checked: anything malformed is dropped, never trusted. */
export function storedSyncFields(data: Record<string, unknown>): { sync?: SyncState; undone?: Undone[] } {
  const out: { sync?: SyncState; undone?: Undone[] } = {}
  const sync = data['sync']
  if (isObject(sync) && typeof sync['device'] === 'string' && DEVICE.test(sync['device'])) {
    const state: SyncState = { device: sync['device'] }
    if (typeof sync['dir'] === 'string' && sync['dir'].length > 0 && sync['dir'].length < 4096 && !hasControlChars(sync['dir'])) state.dir = sync['dir']
    const last = summary(sync['last'])
    if (last) state.last = last
    out.sync = state
  }
  if (Array.isArray(data['undone'])) out.undone = (data['undone'] as unknown[]).filter(isUndone)
  return out
}
