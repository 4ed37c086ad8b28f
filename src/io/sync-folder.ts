// The sync folder on disk: which files in it are ours, reading them as
// untrusted input (regular files only, size-limited, through one descriptor)
// and writing this machine's file completely or not at all.
import { closeSync, constants, fstatSync, fsyncSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { MAX_SYNC_BYTES, parseReplica, SyncVersionError, type Replica } from '../core/sync.ts'

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

export class SyncFileError extends Error {
  override name = 'SyncFileError'
}

/** The bytes of a regular file of at most `limit` bytes, read through one descriptor (a FIFO never blocks). */
function readRegular(path: string, limit: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
  try {
    const s = fstatSync(fd)
    if (!s.isFile()) throw new SyncFileError('is not a regular file')
    if (s.size > limit) throw new SyncFileError(`is ${Math.ceil(s.size / 1024)} KiB; files over ${limit / 1024} KiB are refused`)
    const buffer = Buffer.alloc(Math.min(limit, s.size) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) break
      const n = readSync(fd, buffer, length, buffer.length - length, length)
      if (n === 0) break
      length += n
    }
    if (length > limit) throw new SyncFileError(`grew over ${limit / 1024} KiB while read`)
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

export type ReadResult = { name: string; replica: Replica } | { name: string; skipped: string; newer?: true; missing?: true }

const reason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code) return `cannot be read (${code})`
  return (error as Error).message
}

/** Reads one sync file; whatever is wrong is a reason to skip it, never an exception. */
export function readSyncFile(dir: string, name: string): ReadResult {
  let text: string
  try {
    text = readRegular(join(dir, name), MAX_SYNC_BYTES).toString('utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { name, skipped: 'is gone', missing: true }
    return { name, skipped: reason(error) }
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
 * Writes `text` as `dir/name` completely or not at all: a new temporary file
 * (exclusive, unpredictable name, never through a link), every byte written,
 * synced and read back, then renamed over the old file. Returns false when
 * the file already holds exactly this text (no write, so no churn for the sync tool).
 */
export function writeSyncFile(dir: string, name: string, text: string): boolean {
  const path = join(dir, name)
  const bytes = Buffer.from(text)
  try {
    if (readRegular(path, MAX_SYNC_BYTES).equals(bytes)) return false
  } catch {
    // absent or unreadable: written below
  }
  const temp = `${path}.tmp-${randomBytes(9).toString('hex')}`
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
  try {
    try {
      for (let offset = 0; offset < bytes.length; ) {
        const n = writeSync(fd, bytes, offset, bytes.length - offset)
        if (!(n > 0)) throw Object.assign(new Error(`short write to ${temp}`), { code: 'ENOSPC' })
        offset += n
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (!readRegular(temp, bytes.length).equals(bytes)) throw Object.assign(new Error(`${temp} does not read back as written`), { code: 'EIO' })
    renameSync(temp, path)
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      // gone already
    }
    throw error
  }
  return true
}
