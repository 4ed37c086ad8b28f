// Where progress lives, and the only code that reads or writes it.
// Every read-modify-write happens under a cross-process lock; a corrupt file
// is moved aside to a dated backup, never wiped. Progress is persisted with
// conf, whose file write is replaced by a complete, verified one
// (writeFileComplete): every byte written, synced and read back before the
// rename replaces the old file, so a full disk or a read-only folder leaves
// the old file as it was.
// Named imports: a namespace import (`* as fs`) copies every export of node:fs when the bundle loads.
import { closeSync, constants, existsSync, fsyncSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Conf from 'conf'
import { checkProgress, isName } from '../core/progress-check.ts'
import { emptyProgress, migrateProgress, PROGRESS_VERSION, ProgressFormatError, ProgressVersionError, type ProgressData, type QuestionProgress } from '../core/progress.ts'
import { DrillError } from '../errors.ts'
import { flushOnSignal } from './exit-flush.ts'
import { LockReleaseError, withLock } from './lock.ts'
import { readRegularFile, UnsafeFileError } from './safe-file.ts'
import { uniqueName } from './unique.ts'

export interface ProgressStore {
  /** The file progress is kept in. */
  readonly path: string
  /** A snapshot of the stored progress. Takes no lock and writes nothing (works on a read-only folder). */
  read(): ProgressData
  /**
   * What `read` gives, for a caller that only reads it: the caller must change nothing in it.
   * Absent: use `read`. The disk store hands its own data over and copies it only before its
   * next change (a session's first answer), not before the first question is on screen.
   */
  snapshot?(): ProgressData
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
  /** Replaces the whole progress (used by tests and the benchmark; import and reset change it through `update`). */
  replace(data: ProgressData): void
  /** Every file the store keeps progress in (progress.json first); an export must replace none of them. */
  readonly files: readonly string[]
  /** Writes `data` whole, as one version 1 file, to a dated backup next to the store; returns its path. */
  backup(data: ProgressData, kind: string): string
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
  openSync: typeof openSync
  writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => number
  fsyncSync: typeof fsyncSync
  closeSync: typeof closeSync
  renameSync: typeof renameSync
  unlinkSync: typeof unlinkSync
}

const nodeIo: WriteIo = {
  openSync,
  writeSync: (fd, buffer, offset, length) => writeSync(fd, buffer, offset, length),
  fsyncSync,
  closeSync,
  renameSync,
  unlinkSync,
}

const TEMP = /^(.+)\.tmp-[0-9A-Za-z]+$/

/**
 * Writes `bytes` to `path` completely or not at all: a new temporary file
 * (exclusive creation, unpredictable name, never following a link), every
 * byte written (a short count is continued, a zero count is a full disk),
 * synced, read back and compared, then renamed over `path`. On any failure
 * the temporary file is removed and `path` is untouched.
 */
export function writeFileComplete(link: string, bytes: Buffer, io: WriteIo = nodeIo, mode = 0o600): void {
  // Through a symbolic link to the file it names (progress kept in a synced folder stays there).
  const path = writeTarget(link)
  const temp = stageFile(path, bytes, io, mode)
  try {
    io.renameSync(temp, path)
  } catch (error) {
    try {
      io.unlinkSync(temp)
    } catch {
      // gone already
    }
    throw error
  }
  syncFolder(dirname(path))
}

/** The first half of writeFileComplete: the verified temporary file next to `path`, not yet renamed. */
export function stageFile(path: string, bytes: Buffer, io: WriteIo = nodeIo, mode = 0o600): string {
  const temp = `${path}.tmp-${uniqueName()}`
  const fd = io.openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode)
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
    return temp
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
}

/** A rename is durable once its folder is synced (best effort: not every file system allows it). */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY)
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // not supported here
  }
}

/**
 * The file a write of `path` replaces: when `path` is a symbolic link (a
 * progress file kept in a synced folder through a link), the file it points
 * to, so the link stays a link; otherwise `path` itself.
 */
export function writeTarget(path: string): string {
  try {
    if (!lstatSync(path).isSymbolicLink()) return path
  } catch {
    return path
  }
  try {
    return realpathSync(path)
  } catch {
    // A link to a file not there yet: the file it names is created.
    return resolve(dirname(path), readlinkSync(path))
  }
}

/** Removes temporary files a killed write left next to `path` (only regular files with our naming). */
export function removeLeftoverTemps(path: string): number {
  const dir = dirname(path)
  const base = basename(path)
  let removed = 0
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0
  }
  for (const name of names) {
    const m = TEMP.exec(name)
    if (!m || m[1] !== base) continue
    try {
      if (!lstatSync(join(dir, name)).isFile()) continue
      unlinkSync(join(dir, name))
      removed++
    } catch {
      // raced with another cleaner, or not ours to remove
    }
  }
  return removed
}

/** Like removeLeftoverTemps for each of `paths` (all in `dir`), with one listing of the folder. */
function removeTemps(dir: string, paths: readonly string[]): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  const ours = new Set(paths.map((p) => basename(p)))
  for (const name of names) {
    const m = TEMP.exec(name)
    if (!m || !ours.has(m[1]!)) continue
    try {
      if (lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name))
    } catch {
      // raced with another cleaner, or not ours to remove
    }
  }
}

/** node:os, only where HOME is unset: loading it cost every command that opens the store. */
const homedir = (): string => process.getBuiltinModule('node:os').homedir()

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
  /** Progress whose JSON is larger than this is kept in parts (tests lower it). */
  splitAt?: number
}

type ConfWithWrite = Conf<Record<string, unknown>>

/**
 * Progress past SPLIT_AT bytes is kept in parts, each its own conf store:
 * `progress.json` holds everything but the questions (settings, journal, sync,
 * plans) with `"version": 2`, and PARTS files `progress.questions-NN.json`
 * hold the questions, each question in the part its bank and id hash to.
 * Recording an answer then rewrites one part and the small progress.json,
 * not megabytes. A django-drill that knows only version 1 refuses version 2
 * (and so never writes over it). Smaller progress stays one file, version 1.
 */
export const SPLIT_AT = 1024 * 1024
export const PARTS = 32
const LAYOUT_VERSION = 2

export const partFile = (i: number): string => `progress.questions-${String(i).padStart(2, '0')}.json`

/** The part a question is kept in (FNV-1a over bank and id). */
export function partOf(bank: string, id: string): number {
  let h = 0x811c9dc5
  const key = `${bank}\u0000${id}`
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) % PARTS
}

/** A file of the store that could not be used: moved aside, the rest read on. */
class CorruptFileError extends Error {
  override name = 'CorruptFileError'
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(reason)
  }
}

type Banks = ProgressData['banks']
/** The questions a change reached, `bank\0id` → [bank, id]. */
type Touched = Map<string, [string, string]>
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

interface Loaded {
  data: ProgressData
  /** Kept in parts (version 2 on disk). */
  split: boolean
  /**
   * Each part's questions (the same objects as in data.banks) and its JSON as
   * on disk; undefined for a part not read yet (see `readPart`).
   */
  parts: ({ banks: Banks; json: string } | undefined)[]
  /** The banks each part holds (kept in progress.json), so that parts can be read when first needed. */
  index: string[][]
  /** The identity of progress.json and of each part when read or written: unchanged means no one else wrote. */
  stamps: FileStamp[]
  /** A question found in a part it does not hash to (a hand-moved file): every part is rewritten at the next write. */
  misplaced: boolean
}

/** A store on disk: a ProgressStore that can also hand its progress over once, uncopied. */
export interface ConfStore extends ProgressStore {
  /**
   * The stored progress, read and checked as `read` does, but neither kept nor copied: for a
   * caller that reads once and is done with the store (`stats`). Copying a month of progress
   * costs more than checking it; `read` must copy, as its cache outlives what callers change.
   */
  readOnce(): ProgressData
  snapshot(): ProgressData
}

export function createConfStore(options: ConfStoreOptions): ConfStore {
  const now = options.now ?? (() => new Date())
  const notice = options.notice ?? (() => {})
  const io = options.io ?? nodeIo
  const splitAt = options.splitAt ?? SPLIT_AT
  const path = join(options.dir, 'progress.json')
  const partPaths = Array.from({ length: PARTS }, (_, i) => join(options.dir, partFile(i)))
  const allPaths = [path, ...partPaths]

  // Writes are staged (every byte written, synced and read back to a temporary
  // file) and renamed into place together once all are staged, progress.json
  // last: a full disk fails before anything is replaced.
  let staged: { temp: string; target: string }[] | undefined
  const confs = new Map<string, ConfWithWrite>()
  const confFor = (file: string): ConfWithWrite => {
    let conf = confs.get(file)
    if (conf) return conf
    conf = new Conf<Record<string, unknown>>({
      cwd: options.dir,
      configName: basename(file, '.json'),
      projectName: 'django-drill',
      clearInvalidConfig: false,
      // This store reads each file itself, once (size limit, regular files
      // only, checked); conf's own read at construction would parse it again.
      deserialize: () => ({}),
      serialize: (value) => JSON.stringify(value),
    })
    // conf hands every write to `_write` (atomically's writeFileSync, which
    // ignores a short write count); ours is complete and verified. Checked
    // here so that a conf that no longer has the hook fails loudly, never silently.
    const hook = conf as unknown as { _write?: unknown }
    if (typeof hook._write !== 'function') throw new Error('conf no longer writes through _write: the verified store write cannot be installed')
    hook._write = (value: unknown) => {
      // Through a symbolic link to the file it names, resolved at each write.
      const target = writeTarget(file)
      const text = (value as { [JSON_TEXT]?: string })[JSON_TEXT]
      const bytes = Buffer.from(text ?? JSON.stringify(value))
      if (!staged) return writeFileComplete(target, bytes, io)
      staged.push({ temp: stageFile(target, bytes, io), target })
    }
    confs.set(file, conf)
    return conf
  }
  /** Writes files through their conf stores, all or none: `[file, value]`, value a JSON string or an object. */
  const writeFiles = (files: [string, unknown][]): void => {
    staged = []
    const done = staged
    try {
      for (const [file, value] of files) confFor(file).store = withoutReread(typeof value === 'string' ? { [JSON_TEXT]: value } : (value as object))
      for (const { temp, target } of done) io.renameSync(temp, target)
      done.length = 0
    } finally {
      staged = undefined
      for (const { temp } of done) {
        try {
          io.unlinkSync(temp)
        } catch {
          // gone already
        }
      }
    }
    syncFolder(options.dir)
  }

  /** A file's bytes; undefined when it does not exist. Errors a user must fix are one line. */
  const readStoreFile = (file: string): Buffer | undefined => {
    try {
      return readRegularFile(file, MAX_PROGRESS_BYTES)
    } catch (error) {
      const code = errno(error)
      if (code === 'ENOENT') return undefined
      if (error instanceof UnsafeFileError && error.code !== 'ECHANGED') {
        throw new DrillError(`Your progress file ${file} ${error.message}. Nothing was changed; move it away to start afresh.`, { cause: error })
      }
      if (code === 'EACCES' || code === 'EPERM' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new DrillError(`Cannot read your progress file ${file} (${code}). Fix its permissions or DJANGO_DRILL_HOME; nothing was changed.`, { cause: error })
      }
      throw new DrillError(`Cannot read your progress file ${file} (${code ?? (error as Error).message}); nothing was changed.`, { cause: error })
    }
  }
  const json = (file: string, bytes: Buffer): unknown => {
    try {
      return JSON.parse(bytes.toString('utf8'))
    } catch (error) {
      if (error instanceof SyntaxError) throw new CorruptFileError(file, error.message)
      throw error
    }
  }
  const checked = (file: string, data: ProgressData): void => {
    const check = checkProgress(data, now().getTime())
    if (check.problem) throw new CorruptFileError(file, check.problem)
    for (const note of check.notes) notice(`Progress file ${file}: ${note}`)
  }

  /**
   * The stored progress, parsed once and checked; nothing stored is empty
   * progress. Opens nothing for writing. With `lazy`, parts are read when a
   * change first reaches them (readPart), not now.
   */
  const parse = (lazy = false): Loaded => {
    const stamps = allPaths.map(fileStamp)
    const bytes = readStoreFile(path)
    const raw = bytes === undefined ? undefined : json(path, bytes)
    const layout = isObject(raw) ? raw['version'] : undefined
    // progress.json gone (moved aside as corrupt) while parts exist: the parts are still progress.
    const split = layout === LAYOUT_VERSION || (raw === undefined && stamps.slice(1).some((s) => s !== undefined))
    if (!split) {
      let data: ProgressData
      try {
        data = migrateProgress(raw)
      } catch (error) {
        if (error instanceof ProgressFormatError && !(error instanceof ProgressVersionError)) throw new CorruptFileError(path, error.message)
        throw error
      }
      checked(path, data)
      return { data, split: false, parts: [], index: [], stamps, misplaced: false }
    }
    if (isObject(raw) && raw['parts'] !== PARTS) throw new ProgressVersionError(LAYOUT_VERSION)
    let data: ProgressData
    try {
      data = migrateProgress(isObject(raw) ? { ...raw, version: PROGRESS_VERSION, banks: {} } : undefined)
    } catch (error) {
      if (error instanceof ProgressFormatError && !(error instanceof ProgressVersionError)) throw new CorruptFileError(path, error.message)
      throw error
    }
    checked(path, data)
    const stored = isObject(raw) ? raw['index'] : undefined
    const index =
      Array.isArray(stored) && stored.length === PARTS && stored.every((banks) => Array.isArray(banks) && banks.every((b) => typeof b === 'string' && isName(b)))
        ? (stored as string[][])
        : undefined
    const loaded: Loaded = {
      data,
      split: true,
      parts: stamps.slice(1).map((s) => (s === undefined ? { banks: {}, json: '{}' } : undefined)),
      index: index ?? Array.from({ length: PARTS }, () => []),
      stamps,
      misplaced: false,
    }
    if (lazy && index) {
      // Every bank a part holds has its map now, filled as its parts are read.
      for (const banks of index) for (const bank of banks) if (!Object.hasOwn(data.banks, bank)) data.banks[bank] = {}
      return loaded
    }
    readAllParts(loaded)
    return loaded
  }

  /** Reads part `i` into loaded.data (once); the part must be as it was when progress.json was read. */
  const readPart = (loaded: Loaded, i: number): void => {
    if (loaded.parts[i]) return
    const file = partPaths[i]!
    if (!sameStamp(fileStamp(file), loaded.stamps[i + 1])) throw new StaleError()
    const partBytes = readStoreFile(file)
    if (partBytes === undefined) throw new StaleError()
    const banks = json(file, partBytes)
    if (!isObject(banks)) throw new CorruptFileError(file, 'a part of progress must be an object of banks')
    checked(file, { ...emptyProgress(), banks: banks as Banks })
    const data = loaded.data
    for (const [bank, questions] of Object.entries(banks as Banks)) {
      const into = Object.hasOwn(data.banks, bank) ? data.banks[bank]! : (data.banks[bank] = {})
      for (const [id, p] of Object.entries(questions)) {
        if (partOf(bank, id) !== i || Object.hasOwn(into, id)) loaded.misplaced = true
        into[id] = p
      }
    }
    loaded.parts[i] = { banks: banks as Banks, json: partBytes.toString('utf8') }
    loaded.index[i] = Object.keys(banks)
  }
  const readAllParts = (loaded: Loaded): Loaded => {
    if (!loaded.split || loaded.parts.every(Boolean)) return loaded
    for (let i = 0; i < PARTS; i++) readPart(loaded, i)
    // Banks the index named but no part holds (a part edited by hand) are not progress.
    for (const [bank, questions] of Object.entries(loaded.data.banks)) if (Object.keys(questions).length === 0) delete loaded.data.banks[bank]
    return loaded
  }

  const newer = (error: ProgressVersionError) =>
    new DrillError(
      `Your progress file ${path} was written by a newer django-drill (progress version ${error.version}; this one understands ${migrateVersion()}). ` +
        'Upgrade django-drill (npm install -g django-drill@latest); nothing was changed.',
      { cause: error },
    )

  /** Parsed progress; a corrupt file is moved aside (under the lock) and the rest read on. */
  const load = (locked: boolean, lazy = false): Loaded => {
    try {
      return parse(lazy)
    } catch (error) {
      if (error instanceof ProgressVersionError) throw newer(error)
      if (!(error instanceof CorruptFileError)) throw error
      const moveAside = (): Loaded => {
        // Read again under the lock: another process may have just written a good file.
        for (let tries = 0; ; tries++) {
          let bad: CorruptFileError
          try {
            return parse()
          } catch (again) {
            if (again instanceof ProgressVersionError) throw newer(again)
            if (!(again instanceof CorruptFileError) || tries > PARTS) throw again
            bad = again
          }
          let backup: string
          try {
            backup = backupFile(bad.file, 'corrupt', now())
          } catch (moveError) {
            throw new DrillError(
              `Your progress file ${bad.file} could not be read (${bad.reason}) and could not be moved aside (${errno(moveError) ?? 'error'}). Nothing was changed.`,
              { cause: moveError },
            )
          }
          const what = bad.file === path ? 'Your progress file' : 'A part of your progress'
          notice(
            `${what} could not be read (${bad.reason}). It was moved to ${backup}; ${bad.file === path ? 'starting with fresh progress' : 'the questions it held start afresh'}.`,
          )
        }
      }
      if (locked) return moveAside()
      try {
        return withStoreLock(moveAside)
      } catch (lockError) {
        // Not a save that failed: the file is unreadable, and cannot even be moved aside here.
        if (!(lockError instanceof StoreWriteError)) throw lockError
        throw new DrillError(
          `Your progress file ${path} could not be read (${error.message}), and it cannot be moved aside: ${lockError.message.replace(/^Could not save your progress to [^:]*: /, '').replace(/ Your earlier progress is intact.*$/, '')} Nothing was changed.`,
          { cause: lockError },
        )
      }
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

  // What this store last read or wrote, with the files' identities right
  // after: while they keep them, no one else has written, and the next update
  // skips reading and parsing them again.
  let cache: Loaded | undefined
  /** The cache's data as `snapshot` handed it over, uncopied: copied before any change. */
  let lent: ProgressData | undefined
  /**
   * Whether no one else has written since `loaded` was read or written: every
   * writer replaces progress.json, so its identity says so; the parts read are
   * checked too (a hand-edited part), and parts not read yet are checked when read.
   */
  const unchanged = (loaded: Loaded | undefined): loaded is Loaded =>
    loaded !== undefined &&
    sameStamp(fileStamp(path), loaded.stamps[0]) &&
    (!loaded.split || loaded.parts.every((part, i) => part === undefined || loaded.stamps[i + 1] === undefined || sameStamp(fileStamp(partPaths[i]!), loaded.stamps[i + 1])))
  /** The identities after writing `files`; the others are as they were (the lock is held). */
  const restamp = (stamps: FileStamp[], files: [string, unknown][]): FileStamp[] => {
    const next = stamps.slice()
    for (const [file] of files) next[allPaths.indexOf(file)] = fileStamp(file)
    return next
  }
  /** The progress, from the cache while no one else has written; `lazy` leaves parts unread until reached. */
  const current = (lazy = false): Loaded => {
    const loaded = unchanged(cache) ? cache : load(true, lazy)
    cache = undefined
    if (loaded.data === lent) {
      // Handed over by `snapshot`: what a change does must not reach the caller's copy.
      loaded.data = structuredClone(lent)
      lent = undefined
    }
    return lazy ? loaded : complete(loaded, true)
  }
  /** `loaded` with every part read; read afresh (a damaged part moved aside) when a part cannot be. */
  const complete = (loaded: Loaded, locked: boolean): Loaded => {
    try {
      return readAllParts(loaded)
    } catch (error) {
      if (!(error instanceof CorruptFileError || error instanceof StaleError)) throw error
      return load(locked)
    }
  }

  const metaOf = (data: ProgressData, index: string[][]): Record<string, unknown> => ({ ...data, version: LAYOUT_VERSION, parts: PARTS, index, banks: undefined })
  /** Each part's questions, as references into data.banks. */
  const partition = (banks: Banks): Banks[] => {
    const parts: Banks[] = Array.from({ length: PARTS }, () => ({}))
    for (const [bank, questions] of Object.entries(banks)) {
      for (const [id, p] of Object.entries(questions)) {
        const part = parts[partOf(bank, id)]!
        ;(Object.hasOwn(part, bank) ? part[bank]! : (part[bank] = {}))[id] = p
      }
    }
    return parts
  }

  /**
   * Saves `data`. `touched` names the questions a tracked change reached
   * (undefined: anything may have changed). Returns the new cache entry.
   */
  // Temporary files a killed write left are removed at this store's first write.
  let cleaned = false
  const save = (loaded: Loaded, data: ProgressData, touched: Touched | undefined): Loaded => {
    if (!cleaned) removeTemps(options.dir, allPaths)
    cleaned = true
    try {
      if (!loaded.split) {
        const text = JSON.stringify(data)
        if (text.length > splitAt) {
          try {
            return migrate(data)
          } catch (error) {
            // The split needs room for a copy and the parts; a disk too full for that still
            // takes the one file (it replaces the old one), and the split is tried again next time.
            if (!['ENOSPC', 'EDQUOT', 'EFBIG'].includes(errno(error) ?? '')) throw error
          }
        }
        writeFiles([[path, text]])
        return { data, split: false, parts: [], index: [], stamps: restamp(loaded.stamps, [[path, text]]), misplaced: false }
      }
      if (touched === undefined || loaded.misplaced) readAllParts(loaded)
      else for (const [bank, id] of touched.values()) readPart(loaded, partOf(bank, id))
      const parts = loaded.parts.slice()
      const index = loaded.index.slice()
      const files: [string, unknown][] = []
      if (touched === undefined || loaded.misplaced) {
        // Anything may have changed: each part whose JSON differs is written.
        partition(data.banks).forEach((banks, i) => {
          const text = JSON.stringify(banks)
          if (text !== parts[i]!.json || loaded.misplaced) files.push([partPaths[i]!, text])
          parts[i] = { banks, json: text }
          index[i] = Object.keys(banks)
        })
      } else {
        const dirty = new Set<number>()
        for (const [bank, id] of touched.values()) {
          const i = partOf(bank, id)
          const part = { ...parts[i]!.banks }
          const p = Object.hasOwn(data.banks, bank) && Object.hasOwn(data.banks[bank]!, id) ? data.banks[bank]![id] : undefined
          const questions = { ...(Object.hasOwn(part, bank) ? part[bank] : {}) }
          if (p) questions[id] = p
          else delete questions[id]
          if (Object.keys(questions).length > 0) part[bank] = questions
          else delete part[bank]
          parts[i] = { banks: part, json: '' }
          index[i] = Object.keys(part)
          dirty.add(i)
        }
        for (const i of dirty) {
          const text = JSON.stringify(parts[i]!.banks)
          parts[i]!.json = text
          files.push([partPaths[i]!, text])
        }
      }
      files.push([path, JSON.stringify(metaOf(data, index))])
      writeFiles(files)
      return { data, split: true, parts, index, stamps: restamp(loaded.stamps, files), misplaced: false }
    } catch (error) {
      if (errno(error)) throw describeWriteFailure(path, error)
      if (error instanceof RangeError) throw tooDeep(error)
      throw error
    }
  }

  /**
   * From one file to parts: the one file is copied aside (verified) first,
   * the parts are written, read back and compared with the progress, and only
   * then is progress.json replaced by its version 2. Until that rename the old
   * file is the progress (parts left by an interrupted split are ignored and
   * written again).
   */
  const migrate = (data: ProgressData): Loaded => {
    const old = readStoreFile(path)
    let kept: string | undefined
    if (old !== undefined) {
      kept = backupPath(path, 'single', now())
      writeFileComplete(kept, old, io)
    }
    const parts = partition(data.banks).map((banks) => ({ banks, json: JSON.stringify(banks) }))
    try {
      writeFiles(parts.map((p, i) => [partPaths[i]!, p.json]))
    } catch (error) {
      // While progress.json is the one file the parts are not progress, and the copy is of that file: both go.
      for (const file of kept ? [kept, ...partPaths] : partPaths) {
        try {
          io.unlinkSync(file)
        } catch {
          // not there
        }
      }
      throw error
    }
    for (const [i, file] of partPaths.entries()) {
      const back = readStoreFile(file)
      if (back === undefined || back.toString('utf8') !== parts[i]!.json) {
        throw Object.assign(new Error(`${file} does not read back as written; ${path} was kept as it was`), { code: 'EIO' })
      }
    }
    const index = parts.map((p) => Object.keys(p.banks))
    writeFiles([[path, JSON.stringify(metaOf(data, index))]])
    if (kept) notice(`Your progress is now kept in parts next to ${path} (faster to save); the single file it was is kept as ${kept}.`)
    return { data, split: true, parts, index, stamps: allPaths.map(fileStamp), misplaced: false }
  }

  // Unknown fields nested thousands deep (a hand-edited or hostile file) cannot be copied or written.
  const tooDeep = (error: unknown) =>
    new DrillError(`Your progress file ${path} is nested too deeply to be django-drill progress; move it away to start afresh. Nothing was changed.`, { cause: error })

  const update = <T>(change: (data: ProgressData) => T, tracked = false): T =>
    withStoreLock(() => {
      const loaded = current(tracked)
      if (tracked && loaded.split) {
        const touched: Touched = new Map()
        const view = trackedView(loaded.data, touched, (bank, id) => (id === undefined ? readAllParts(loaded) : readPart(loaded, partOf(bank, id))))
        let result: T
        try {
          result = change(view.data)
          if (view.replacedBanks() || loaded.misplaced) readAllParts(loaded)
        } catch (error) {
          // A change that copies the whole progress cannot run on the tracking view, and a part
          // that cannot be read must be moved aside first: run it again, untracked, on progress read afresh.
          if (!((error as Error | null)?.name === 'DataCloneError' || error instanceof CorruptFileError || error instanceof StaleError)) throw error
          const fresh = load(true)
          const again = change(fresh.data)
          cache = save(fresh, fresh.data, undefined)
          return again
        }
        const data = view.result()
        cache = save(loaded, data, view.replacedBanks() ? undefined : touched)
        return result
      }
      const result = change(loaded.data)
      cache = save(loaded, loaded.data, undefined)
      return result
    })

  const pending: ((data: ProgressData) => void)[] = []
  const applyPending = (data: ProgressData) => {
    for (const change of pending) change(data)
  }
  const retryable = (error: unknown) => error instanceof StoreWriteError
  let lastFailure: string | undefined
  // Answers kept in memory are tried once more if a signal ends the process.
  const atExit = flushOnSignal(() => store.flush(), notice)

  const store: ConfStore = {
    path,
    files: allPaths,
    readOnce: () => {
      const data = (unchanged(cache) ? complete(cache, false) : load(false)).data
      cache = undefined
      // What read's copy would refuse: nothing handed out is nested deeper than a copy or JSON.stringify can go.
      if (nestedDeeper(data, MAX_DEPTH)) throw tooDeep(new RangeError(`nested deeper than ${MAX_DEPTH} levels`))
      return data
    },
    snapshot: () => {
      const data = (cache = unchanged(cache) ? complete(cache, false) : load(false)).data
      // What read's copy would refuse (see readOnce).
      if (nestedDeeper(data, MAX_DEPTH)) throw tooDeep(new RangeError(`nested deeper than ${MAX_DEPTH} levels`))
      lent = data
      return data
    },
    read: () => {
      const data = (cache = unchanged(cache) ? complete(cache, false) : load(false)).data
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
      atExit.disarm()
      return result
    },
    record: (change) => {
      pending.push(change)
      try {
        update(applyPending, true)
      } catch (error) {
        if (error instanceof LockReleaseError) {
          pending.length = 0 // written; only the lock was left behind
          atExit.disarm()
          throw error
        }
        if (!retryable(error)) {
          pending.pop()
          throw error
        }
        const n = pending.length
        lastFailure = `${(error as Error).message} ${n === 1 ? 'This answer is' : `${n} answers are`} kept in memory and saved at the next answer or when the session ends.`
        notice(lastFailure)
        atExit.arm()
        return false
      }
      pending.length = 0
      atExit.disarm()
      return true
    },
    flush: () => {
      if (pending.length === 0) return
      try {
        update(applyPending, true)
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
      atExit.disarm()
    },
    get unsaved() {
      return pending.length
    },
    get lastFailure() {
      return pending.length > 0 ? lastFailure : undefined
    },
    replace: (data) =>
      withStoreLock(() => {
        cache = save(current(), structuredClone(data), undefined)
      }),
    backup: (data, kind) => {
      const target = backupPath(path, kind, now())
      writeFileComplete(target, Buffer.from(JSON.stringify(data)), io)
      return target
    },
  }
  return store
}

/**
 * The progress as a change sees it, with every question it reaches through
 * `banks` noted (`bank\0id`), so that only the parts holding those are
 * written. Question objects are the store's own; only the bank maps are
 * views. Replacing or removing a whole bank is noted as "anything changed".
 */
function trackedView(
  data: ProgressData,
  touched: Touched,
  reach: (bank: string, id?: string) => void,
): { data: ProgressData; result: () => ProgressData; replacedBanks: () => boolean } {
  const real = data.banks
  let replaced = false
  const views = new Map<string, Record<string, QuestionProgress>>()
  const targets = new WeakMap<object, object>()
  const unwrap = <T>(v: T): T => ((typeof v === 'object' && v !== null && targets.get(v)) || v) as T
  const bankView = (bank: string, questions: Record<string, QuestionProgress>) => {
    let view = views.get(bank)
    if (view && targets.get(view) === questions) return view
    const note = (id: string | symbol) => {
      if (typeof id !== 'string') return
      reach(bank, id)
      touched.set(`${bank}\u0000${id}`, [bank, id])
    }
    view = new Proxy(questions, {
      get(t, id, receiver) {
        if (typeof id === 'string') {
          reach(bank, id)
          if (Object.hasOwn(t, id)) note(id)
        }
        return Reflect.get(t, id, receiver) as unknown
      },
      has(t, id) {
        if (typeof id === 'string') reach(bank, id)
        return Reflect.has(t, id)
      },
      ownKeys(t) {
        reach(bank)
        return Reflect.ownKeys(t)
      },
      getOwnPropertyDescriptor(t, id) {
        note(id)
        return Reflect.getOwnPropertyDescriptor(t, id)
      },
      set(t, id, value) {
        note(id)
        return Reflect.set(t, id, unwrap(value))
      },
      defineProperty(t, id, descriptor) {
        note(id)
        return Reflect.defineProperty(t, id, { ...descriptor, ...('value' in descriptor ? { value: unwrap(descriptor.value) } : {}) })
      },
      deleteProperty(t, id) {
        note(id)
        return Reflect.deleteProperty(t, id)
      },
    })
    targets.set(view, questions)
    views.set(bank, view)
    return view
  }
  const banks = new Proxy(real, {
    get(t, bank, receiver) {
      const v = Reflect.get(t, bank, receiver) as unknown
      return typeof bank === 'string' && Object.hasOwn(t, bank) && isObject(v) ? bankView(bank, v as Record<string, QuestionProgress>) : v
    },
    set(t, bank, value) {
      const v = unwrap(value) as unknown
      // A new, empty bank is one more map; anything else replaces what may be stored.
      if (!(typeof bank === 'string' && !Object.hasOwn(t, bank) && isObject(v) && Object.keys(v).length === 0)) replaced = true
      return Reflect.set(t, bank, v)
    },
    defineProperty(t, bank, descriptor) {
      replaced = true
      return Reflect.defineProperty(t, bank, descriptor)
    },
    deleteProperty(t, bank) {
      replaced = true
      return Reflect.deleteProperty(t, bank)
    },
  })
  targets.set(banks, real)
  const view: ProgressData = { ...data, banks }
  return {
    data: view,
    result: () => {
      const out = { ...view } as ProgressData
      if (view.banks !== banks) {
        replaced = true
        const next: Banks = {}
        for (const [bank, questions] of Object.entries(unwrap(view.banks))) next[bank] = unwrap(questions)
        out.banks = next
      } else out.banks = real
      return out
    },
    replacedBanks: () => replaced,
  }
}

/** A part changed on disk after progress.json was read (another process wrote): read everything again. */
class StaleError extends Error {
  override name = 'StaleError'
}

/** Already-serialised JSON handed through conf's `store` setter unchanged (a symbol key: never serialised). */
const JSON_TEXT = Symbol('json text')

const migrateVersion = () => emptyProgress().version

type FileStamp = { ino: number; size: number; mtimeMs: number } | undefined

function fileStamp(path: string): FileStamp {
  try {
    // Most of the 33 files are absent (progress kept in one file): no error to build and throw for each.
    const s = statSync(path, { throwIfNoEntry: false })
    return s && { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return undefined
  }
}

// Every write renames a new file into place, so another writer changes the inode as well as the time.
const sameStamp = (a: FileStamp, b: FileStamp): boolean => (a === undefined || b === undefined ? a === b : a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs)

/**
 * Progress nested deeper than this is refused by `readOnce`, as `read` refuses what its copy
 * cannot take (a few thousand levels here; django-drill's own progress is under ten).
 */
const MAX_DEPTH = 1000

/** Whether objects and arrays in `value` nest deeper than `max` levels (walked without recursion: no stack to run out of). */
export function nestedDeeper(value: unknown, max: number): boolean {
  // Objects still to look into, each with its depth. Plain loops: this runs once, cold, on every answer stored.
  const pending: object[] = []
  const depths: number[] = []
  if (typeof value === 'object' && value !== null) {
    pending.push(value)
    depths.push(1)
  }
  while (pending.length > 0) {
    const v = pending.pop()!
    const depth = depths.pop()!
    if (depth > max) return true
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i]
        if (typeof child === 'object' && child !== null) {
          pending.push(child)
          depths.push(depth + 1)
        }
      }
    } else {
      // Parsed JSON: own enumerable keys only.
      for (const key in v) {
        const child = (v as Record<string, unknown>)[key]
        if (typeof child === 'object' && child !== null) {
          pending.push(child)
          depths.push(depth + 1)
        }
      }
    }
  }
  return false
}

/**
 * conf's `store` setter reads and parses the whole file again to carry over
 * its internal key unless the new value has one; we never use that key, so a
 * hidden (non-enumerable, never serialised) one saves a full parse per write.
 */
function withoutReread(data: object): Record<string, unknown> {
  return Object.defineProperty({ ...data }, '__internal__', { value: undefined, enumerable: false })
}

/** An in-memory store for tests and for `--no-schedule` dry runs. */
export function createMemoryStore(initial: ProgressData = emptyProgress()): ProgressStore & { writes: number } {
  let data = structuredClone(initial)
  const store = {
    path: ':memory:',
    files: [] as readonly string[],
    backup: () => ':memory:',
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

type StoreRuntime = { env: NodeJS.ProcessEnv; now: () => Date; err: (text: string) => void }

/** The user's progress store, as every command opens it. */
export function openStore(runtime: StoreRuntime): ProgressStore {
  return createConfStore({ dir: progressDir(runtime.env), now: runtime.now, notice: (m) => runtime.err(m) })
}

/** The user's progress, for a command that only reads it, once (see ConfStore.readOnce). */
export function readProgress(runtime: StoreRuntime): ProgressData {
  return createConfStore({ dir: progressDir(runtime.env), now: runtime.now, notice: (m) => runtime.err(m) }).readOnce()
}
