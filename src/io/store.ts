// Where progress lives, and the only code that reads or writes it.
// Every read-modify-write happens under a cross-process lock; a corrupt file
// is moved aside to a dated backup, never wiped. Progress is persisted with
// conf, whose file write is replaced by a complete, verified one
// (writeFileComplete): every byte written, synced and read back before the
// rename replaces the old file, so a full disk or a read-only folder leaves
// the old file as it was.
import * as fs from 'node:fs'
import { existsSync, renameSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import Conf from 'conf'
import { checkProgress } from '../core/progress-check.ts'
import { emptyProgress, migrateProgress, ProgressFormatError, ProgressVersionError, type ProgressData } from '../core/progress.ts'
import { DrillError } from '../errors.ts'
import { LockReleaseError, withLock } from './lock.ts'
import { readRegularFile, UnsafeFileError } from './safe-file.ts'
import { uniqueName } from './unique.ts'

export interface ProgressStore {
  /** The file progress is kept in. */
  readonly path: string
  /** A snapshot of the stored progress. Takes no lock and writes nothing (works on a read-only folder). */
  read(): ProgressData
  /**
   * Reads, changes and writes the progress as one step no other process can
   * interleave with. The data handed to `change` is the store's: keep no
   * reference to it after the call.
   */
  update<T>(change: (data: ProgressData) => T): T
  /**
   * Like `update` for an answer: when the write fails (a full disk, a busy
   * lock), the change is kept in memory, the user is told, and it is applied
   * again before the next change and by `flush`. Returns whether it is saved.
   */
  record(change: (data: ProgressData) => void): boolean
  /** Saves what `record` kept in memory; throws StoreWriteError when it still cannot. */
  flush(): void
  /** Changes kept in memory, not yet saved. */
  readonly unsaved: number
  /** Why the last write failed, while changes are kept in memory. */
  readonly lastFailure?: string | undefined
  /** Replaces the whole progress (used by import and reset, after a backup). */
  replace(data: ProgressData): void
}

/** Progress larger than this is refused rather than read into memory. */
export const MAX_PROGRESS_BYTES = 256 * 1024 * 1024

/** Saving failed and nothing was replaced: the old file is intact. Exit code 1. */
export class StoreWriteError extends DrillError {
  override name = 'StoreWriteError'
  readonly code: string
  constructor(message: string, code: string, cause?: unknown) {
    super(message, { cause })
    this.code = code
  }
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code

/** One line saying what failed, that earlier progress is intact, and what to do. */
export function describeWriteFailure(path: string, error: unknown): StoreWriteError {
  if (error instanceof StoreWriteError) return error
  const code = errno(error) ?? 'EIO'
  const dir = dirname(path)
  const intact = 'Your earlier progress is intact'
  const what: Record<string, string> = {
    ENOSPC: `the disk is full (ENOSPC). ${intact}; free some space and try again.`,
    EDQUOT: `the disk quota is used up (EDQUOT). ${intact}; free some space and try again.`,
    EFBIG: `the file is too large for this file system (EFBIG). ${intact}.`,
    EROFS: `${dir} is on a read-only file system (EROFS). ${intact}; set DJANGO_DRILL_HOME to a writable folder.`,
    EACCES: `permission denied in ${dir} (EACCES). ${intact}; make that folder writable or set DJANGO_DRILL_HOME.`,
    EPERM: `operation not permitted in ${dir} (EPERM). ${intact}; make that folder writable or set DJANGO_DRILL_HOME.`,
    ENOTDIR: `${dir} (or a folder above it) is a file, not a folder (ENOTDIR). ${intact}; point DJANGO_DRILL_HOME at a folder.`,
    EEXIST: `${dir} exists and is not a folder (EEXIST). ${intact}; point DJANGO_DRILL_HOME at a folder.`,
  }
  const reason = what[code] ?? `${(error as Error).message || code}. ${intact}.`
  return new StoreWriteError(`Could not save your progress to ${path}: ${reason}`, code, error)
}

/** The file system calls a write makes, so tests can inject faults without root. */
export interface WriteIo {
  openSync: typeof fs.openSync
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => number
  fsyncSync: typeof fs.fsyncSync
  closeSync: typeof fs.closeSync
  renameSync: typeof fs.renameSync
  unlinkSync: typeof fs.unlinkSync
}

const nodeIo: WriteIo = {
  openSync: fs.openSync,
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  unlinkSync: fs.unlinkSync,
}

const TEMP = /^(.+)\.tmp-[0-9A-Za-z]+$/

/**
 * Writes `bytes` to `path` completely or not at all: a new temporary file
 * (exclusive creation, unpredictable name, never following a link), every
 * byte written (a short count is continued, a zero count is a full disk),
 * synced, read back and compared, then renamed over `path`. On any failure
 * the temporary file is removed and `path` is untouched.
 */
export function writeFileComplete(path: string, bytes: Buffer, io: WriteIo = nodeIo, mode = 0o600): void {
  const temp = `${path}.tmp-${uniqueName()}`
  const fd = io.openSync(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode)
  let open = true
  try {
    for (let offset = 0; offset < bytes.length;) {
      const n = io.writeSync(fd, bytes, offset, bytes.length - offset)
      if (!(n > 0)) throw Object.assign(new Error(`short write to ${temp}`), { code: 'ENOSPC' })
      offset += n
    }
    io.fsyncSync(fd)
    open = false
    io.closeSync(fd)
    const back = readRegularFile(temp, bytes.length)
    if (!back.equals(bytes)) throw Object.assign(new Error(`${temp} does not read back as written`), { code: 'EIO' })
    io.renameSync(temp, path)
  } catch (error) {
    if (open) {
      try {
        io.closeSync(fd)
      } catch {
        // already failing
      }
    }
    try {
      io.unlinkSync(temp)
    } catch {
      // gone already
    }
    throw error
  }
  // The rename itself is durable once the folder is synced (best effort: not every file system allows it).
  try {
    const dir = fs.openSync(dirname(path), fs.constants.O_RDONLY)
    try {
      fs.fsyncSync(dir)
    } finally {
      fs.closeSync(dir)
    }
  } catch {
    // not supported here
  }
}

/** Removes temporary files a killed write left next to `path` (only regular files with our naming). */
export function removeLeftoverTemps(path: string): number {
  const dir = dirname(path)
  const base = basename(path)
  let removed = 0
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return 0
  }
  for (const name of names) {
    const m = TEMP.exec(name)
    if (!m || m[1] !== base) continue
    try {
      if (!fs.lstatSync(join(dir, name)).isFile()) continue
      fs.unlinkSync(join(dir, name))
      removed++
    } catch {
      // raced with another cleaner, or not ours to remove
    }
  }
  return removed
}

/** DJANGO_DRILL_HOME, else $XDG_CONFIG_HOME/django-drill, else ~/.config/django-drill. */
export function progressDir(env: NodeJS.ProcessEnv): string {
  if (env['DJANGO_DRILL_HOME']) return env['DJANGO_DRILL_HOME']
  const xdg = env['XDG_CONFIG_HOME']
  return join(xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.config'), 'django-drill')
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')

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
  /** File system calls of the write (tests inject faults here). */
  io?: WriteIo
  /** Lock timing (tests shorten it). */
  lock?: { timeoutMs?: number; staleMs?: number }
}

type ConfWithWrite = Conf<Record<string, unknown>>

export function createConfStore(options: ConfStoreOptions): ProgressStore {
  const now = options.now ?? (() => new Date())
  const notice = options.notice ?? (() => {})
  const io = options.io ?? nodeIo
  const path = join(options.dir, 'progress.json')
  const open = () => {
    const conf: ConfWithWrite = new Conf<Record<string, unknown>>({
      cwd: options.dir,
      configName: 'progress',
      projectName: 'django-drill',
      clearInvalidConfig: false,
      // Compact: conf rewrites the whole file on every write.
      serialize: (value) => JSON.stringify(value),
    })
    // conf hands every write to `_write` (atomically's writeFileSync, which
    // ignores a short write count); ours is complete and verified. Checked
    // here so that a conf that no longer has the hook fails loudly, never silently.
    const hook = conf as unknown as { _write?: unknown }
    if (typeof hook._write !== 'function') throw new Error('conf no longer writes through _write: the verified store write cannot be installed')
    hook._write = (value: unknown) => writeFileComplete(path, Buffer.from(JSON.stringify(value)), io)
    return conf
  }

  /** The stored progress, parsed and checked; ENOENT is empty progress. Opens nothing for writing. */
  const parse = (): ProgressData => {
    let bytes: Buffer
    try {
      bytes = readRegularFile(path, MAX_PROGRESS_BYTES)
    } catch (error) {
      const code = errno(error)
      if (code === 'ENOENT') return emptyProgress()
      if (error instanceof UnsafeFileError && error.code !== 'ECHANGED') {
        throw new DrillError(`Your progress file ${path} ${error.message}. Nothing was changed; move it away to start afresh.`, { cause: error })
      }
      if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new DrillError(`Cannot read your progress file ${path} (${code}). Fix its permissions or DJANGO_DRILL_HOME; nothing was changed.`, { cause: error })
      }
      throw new DrillError(`Cannot read your progress file ${path} (${code ?? (error as Error).message}); nothing was changed.`, { cause: error })
    }
    const data = migrateProgress(JSON.parse(bytes.toString('utf8')))
    const check = checkProgress(data, now().getTime())
    if (check.problem) throw new ProgressFormatError(check.problem)
    for (const note of check.notes) notice(`Progress file ${path}: ${note}`)
    return data
  }

  const newer = (error: ProgressVersionError) =>
    new DrillError(
      `Your progress file ${path} was written by a newer django-drill (progress version ${error.version}; this one understands ${migrateVersion()}). ` +
        'Upgrade django-drill (npm install -g django-drill@latest); nothing was changed.',
      { cause: error },
    )

  /** Parsed progress; a corrupt file is moved aside (under the lock) and fresh progress started. */
  const load = (locked: boolean): ProgressData => {
    try {
      return parse()
    } catch (error) {
      if (error instanceof ProgressVersionError) throw newer(error)
      const corrupt = error instanceof SyntaxError || error instanceof ProgressFormatError
      if (!corrupt || !existsSync(path)) throw error
      const moveAside = () => {
        // Read again under the lock: another process may have just written a good file.
        try {
          return { data: parse() }
        } catch (again) {
          if (again instanceof ProgressVersionError) throw newer(again)
          if (!(again instanceof SyntaxError || again instanceof ProgressFormatError)) throw again
        }
        let backup: string
        try {
          backup = backupFile(path, 'corrupt', now())
        } catch (moveError) {
          throw new DrillError(
            `Your progress file ${path} could not be read (${error.message}) and could not be moved aside (${errno(moveError) ?? 'error'}). Nothing was changed.`,
            { cause: moveError },
          )
        }
        notice(`Your progress file could not be read (${error.message}). It was moved to ${backup}; starting with fresh progress.`)
        return { data: emptyProgress() }
      }
      return (locked ? moveAside() : withStoreLock(moveAside)).data
    }
  }

  const withStoreLock = <T>(fn: () => T): T => {
    try {
      return withLock(path, fn, options.lock)
    } catch (error) {
      if (error instanceof DrillError) throw error
      const code = errno(error)
      if (code && ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EEXIST', 'EIO', 'EFBIG'].includes(code)) throw describeWriteFailure(path, error)
      throw error
    }
  }

  let conf: ConfWithWrite | undefined
  // What this store last wrote, with the file's identity right after: while
  // the file still has that identity, no one else has written it, and the
  // next update can skip reading and parsing it again (each is a full parse
  // of a file that grows to megabytes).
  let written: { data: ProgressData; stamp: FileStamp } | undefined
  const write = (data: ProgressData): void => {
    written = undefined
    removeLeftoverTemps(path)
    try {
      const c = (conf ??= open())
      c.store = withoutReread(data)
    } catch (error) {
      if (errno(error)) throw describeWriteFailure(path, error)
      if (error instanceof RangeError) throw tooDeep(error)
      throw error
    }
  }

  // Unknown fields nested thousands deep (a hand-edited or hostile file) cannot be copied or written.
  const tooDeep = (error: unknown) =>
    new DrillError(`Your progress file ${path} is nested too deeply to be django-drill progress; move it away to start afresh. Nothing was changed.`, { cause: error })

  const update = <T>(change: (data: ProgressData) => T): T =>
    withStoreLock(() => {
      const reuse = written && sameFile(fileStamp(path), written.stamp) ? written.data : undefined
      const data = reuse ?? load(true)
      written = undefined // `change` may throw halfway through
      const result = change(data)
      write(data)
      written = { data, stamp: fileStamp(path) }
      return result
    })

  const pending: ((data: ProgressData) => void)[] = []
  const applyPending = (data: ProgressData) => {
    for (const change of pending) change(data)
  }
  const retryable = (error: unknown) => error instanceof StoreWriteError
  let lastFailure: string | undefined

  return {
    path,
    read: () => {
      const data = load(false)
      try {
        return structuredClone(data)
      } catch (error) {
        if (error instanceof RangeError) throw tooDeep(error)
        throw error
      }
    },
    update: (change) => {
      if (pending.length === 0) return update(change)
      // Answers kept in memory go first, in order.
      const result = update((data) => {
        applyPending(data)
        return change(data)
      })
      pending.length = 0
      return result
    },
    record: (change) => {
      pending.push(change)
      try {
        update(applyPending)
      } catch (error) {
        if (error instanceof LockReleaseError) {
          pending.length = 0 // written; only the lock was left behind
          throw error
        }
        if (!retryable(error)) {
          pending.pop()
          throw error
        }
        const n = pending.length
        lastFailure = `${(error as Error).message} ${n === 1 ? 'This answer is' : `${n} answers are`} kept in memory and saved at the next answer or when the session ends.`
        notice(lastFailure)
        return false
      }
      pending.length = 0
      return true
    },
    flush: () => {
      if (pending.length === 0) return
      try {
        update(applyPending)
      } catch (error) {
        if (error instanceof StoreWriteError) {
          const n = pending.length
          throw new StoreWriteError(
            `${error.message.replace(/ Your earlier progress is intact.*$/, '')} ${n === 1 ? 'The last answer' : `The last ${n} answers`} could not be saved; your earlier progress is intact.`,
            error.code,
            error,
          )
        }
        throw error
      }
      pending.length = 0
    },
    get unsaved() {
      return pending.length
    },
    get lastFailure() {
      return pending.length > 0 ? lastFailure : undefined
    },
    replace: (data) =>
      withStoreLock(() => {
        load(true)
        write(data)
      }),
  }
}

const migrateVersion = () => emptyProgress().version

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
const sameFile = (a: FileStamp, b: FileStamp): boolean => a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs

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
    unsaved: 0,
    record(change: (d: ProgressData) => void): boolean {
      store.update(change)
      return true
    },
    flush() {},
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
