// The sync folder on disk: which files in it are ours, reading them as
// untrusted input (regular files only, size-limited, through one descriptor)
// and writing this machine's file completely or not at all.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { MAX_SYNC_BYTES, parseReplica, SyncVersionError, type Replica } from '../core/sync.ts'
import { readRegularFile, unreadableReason } from './safe-file.ts'
import { removeLeftoverTemps, writeFileComplete } from './store.ts'

/** Every file of ours starts so; sync tools keep the start when they make a conflict copy. */
export const FILE_PREFIX = 'django-drill-'
/** At most this many files are read from one folder. */
export const MAX_SYNC_FILES = 500

export const ownFileName = (device: string): string => `${FILE_PREFIX}${device}.json`

/**
 * The names of the sync files in `dir`: ours (`django-drill-<device>.json`)
 * and the copies sync tools make of them on a conflict (Syncthing's
 * `.sync-conflict-…`, Dropbox's `(… conflicted copy …)`, iCloud's ` 2`):
 * anything starting with our prefix and ending in `.json`. Hidden and
 * temporary files (a write in progress) are not.
 */
export function syncFileNames(names: readonly string[]): string[] {
  return names.filter((n) => n.startsWith(FILE_PREFIX) && n.endsWith('.json') && !/\.tmp-[0-9A-Za-z]+/.test(n)).sort()
}

export type ReadResult = { name: string; replica: Replica } | { name: string; skipped: string; newer?: true; missing?: true }

/** Reads one sync file; whatever is wrong is a reason to skip it, never an exception. */
export function readSyncFile(dir: string, name: string): ReadResult {
  let text: string
  try {
    text = readRegularFile(join(dir, name), MAX_SYNC_BYTES).toString('utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { name, skipped: 'is gone', missing: true }
    return { name, skipped: unreadableReason(error) }
  }
  try {
    return { name, replica: parseReplica(text) }
  } catch (error) {
    if (error instanceof SyncVersionError) return { name, skipped: `${error.message}; left alone (upgrade django-drill here to merge it)`, newer: true }
    return { name, skipped: (error as Error).message }
  }
}

/** The sync file names in `dir` (bounded); throws the errno error when the folder cannot be listed. */
export function listSyncFiles(dir: string): { names: string[]; more: number } {
  const names = syncFileNames(readdirSync(dir))
  return { names: names.slice(0, MAX_SYNC_FILES), more: Math.max(0, names.length - MAX_SYNC_FILES) }
}

/**
 * Writes `text` as `dir/name` completely or not at all, through the store's
 * verified write (a new temporary file, every byte written, synced and read
 * back, then renamed over the old one). Returns false when the file already
 * holds exactly this text: no write, so no churn for the sync tool.
 */
export function writeSyncFile(dir: string, name: string, text: string): boolean {
  const path = join(dir, name)
  const bytes = Buffer.from(text)
  try {
    if (readRegularFile(path, MAX_SYNC_BYTES).equals(bytes)) return false
  } catch {
    // absent or unreadable: written below
  }
  removeLeftoverTemps(path)
  writeFileComplete(path, bytes)
  return true
}
