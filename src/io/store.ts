// Where progress lives, and the only code that reads or writes it.
// Every read-modify-write happens under a cross-process lock; a corrupt file
// is moved aside to a dated backup, never wiped.
import { existsSync, renameSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import Conf from 'conf'
import { emptyProgress, migrateProgress, ProgressFormatError, type ProgressData } from '../core/progress.ts'
import { DrillError } from '../errors.ts'
import { withLock } from './lock.ts'

export interface ProgressStore {
  /** The file progress is kept in. */
  readonly path: string
  /** A snapshot of the stored progress. */
  read(): ProgressData
  /**
   * Reads, changes and writes the progress as one step no other process can
   * interleave with. The data handed to `change` is the store's: keep no
   * reference to it after the call.
   */
  update<T>(change: (data: ProgressData) => T): T
  /** Replaces the whole progress (used by import and reset, after a backup). */
  replace(data: ProgressData): void
}

/** DJANGO_DRILL_HOME, else $XDG_CONFIG_HOME/django-drill, else ~/.config/django-drill. */
export function progressDir(env: NodeJS.ProcessEnv): string {
  if (env['DJANGO_DRILL_HOME']) return env['DJANGO_DRILL_HOME']
  const xdg = env['XDG_CONFIG_HOME']
  return join(xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.config'), 'django-drill')
}

const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-')

/** A free name next to `path`: `<name>.<kind>-<stamp>.json`, numbered when taken. */
export function backupPath(path: string, kind: string, now: Date): string {
  const base = basename(path, '.json')
  let target = join(dirname(path), `${base}.${kind}-${stamp(now)}.json`)
  for (let n = 2; existsSync(target); n++) target = join(dirname(path), `${base}.${kind}-${stamp(now)}-${n}.json`)
  return target
}

/** Moves a file aside to a dated backup and returns the new path. */
export function backupFile(path: string, kind: string, now: Date): string {
  const target = backupPath(path, kind, now)
  renameSync(path, target)
  return target
}

export interface ConfStoreOptions {
  dir: string
  now?: () => Date
  /** Told about anything the user must know, such as a corrupt file moved aside. */
  notice?: (message: string) => void
}

export function createConfStore(options: ConfStoreOptions): ProgressStore {
  const now = options.now ?? (() => new Date())
  const notice = options.notice ?? (() => {})
  const path = join(options.dir, 'progress.json')
  const open = () =>
    new Conf<Record<string, unknown>>({
      cwd: options.dir,
      configName: 'progress',
      projectName: 'django-drill',
      clearInvalidConfig: false,
      // Compact: conf rewrites the whole file on every write.
      serialize: (value) => JSON.stringify(value),
    })

  let conf: Conf<Record<string, unknown>> | undefined
  /** Opens conf, moving a corrupt or unknown-format file aside first. */
  const load = (): { conf: Conf<Record<string, unknown>>; data: ProgressData } => {
    for (let tries = 0; ; tries++) {
      try {
        conf ??= open()
        return { conf, data: migrateProgress(conf.store) }
      } catch (error) {
        conf = undefined
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') {
          throw new DrillError(`Cannot read your progress file ${path} (${code}). Fix its permissions; nothing was changed.`, { cause: error })
        }
        const corrupt = error instanceof SyntaxError || error instanceof ProgressFormatError
        if (!corrupt || tries > 0 || !existsSync(path)) throw error
        const backup = backupFile(path, 'corrupt', now())
        notice(`Your progress file could not be read (${(error).message}). It was moved to ${backup}; starting with fresh progress.`)
      }
    }
  }

  // What this store last wrote, with the file's identity right after: while
  // the file still has that identity, no one else has written it, and the
  // next update can skip reading and parsing it again (each is a full parse
  // of a file that grows to megabytes).
  let written: { data: ProgressData; stamp: FileStamp } | undefined
  const write = (c: Conf<Record<string, unknown>>, data: ProgressData): void => {
    written = undefined
    c.store = withoutReread(data)
  }

  return {
    path,
    read: () => withLock(path, () => load().data),
    update: (change) =>
      withLock(path, () => {
        const reuse = written && sameFile(fileStamp(path), written.stamp) ? written.data : undefined
        const { conf: c, data } = reuse && conf ? { conf, data: reuse } : load()
        written = undefined // `change` may throw halfway through
        const result = change(data)
        write(c, data)
        written = { data, stamp: fileStamp(path) }
        return result
      }),
    replace: (data) =>
      withLock(path, () => {
        const { conf: c } = load()
        write(c, data)
      }),
  }
}

type FileStamp = { ino: number; size: number; mtimeMs: number } | undefined

function fileStamp(path: string): FileStamp {
  try {
    const s = statSync(path)
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return undefined
  }
}

// Every write renames a new file into place, so another writer changes the inode as well as the time.
const sameFile = (a: FileStamp, b: FileStamp): boolean =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs

/**
 * conf's `store` setter reads and parses the whole file again to carry over
 * its internal key unless the new value has one; we never use that key, so a
 * hidden (non-enumerable, never serialised) one saves a full parse per write.
 */
function withoutReread(data: ProgressData): Record<string, unknown> {
  return Object.defineProperty({ ...data }, '__internal__', { value: undefined, enumerable: false })
}

/** An in-memory store for tests and for `--no-schedule` dry runs. */
export function createMemoryStore(initial: ProgressData = emptyProgress()): ProgressStore & { writes: number } {
  let data = structuredClone(initial)
  const store = {
    path: ':memory:',
    writes: 0,
    read: () => structuredClone(data),
    update<T>(change: (d: ProgressData) => T): T {
      const copy = structuredClone(data)
      const result = change(copy)
      data = copy
      store.writes++
      return result
    },
    replace(next: ProgressData) {
      data = structuredClone(next)
      store.writes++
    },
  }
  return store
}

/** The user's progress store, as every command opens it. */
export function openStore(runtime: { env: NodeJS.ProcessEnv; now: () => Date; err: (text: string) => void }): ProgressStore {
  return createConfStore({ dir: progressDir(runtime.env), now: runtime.now, notice: (m) => runtime.err(m) })
}
