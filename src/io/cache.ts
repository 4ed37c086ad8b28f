// The parsed-bank cache: one index file per bank folder, so that a command
// reading a bank parses only the files that changed since the last run.
// An entry is reused only when its file's size and modification time are
// exactly those recorded; anything else (an edited, added or deleted file, a
// changed bank.yml, another django-drill build, a damaged index) is re-read.
//
// Layout of an index file, so that a command reads only what it uses:
//   lazy     per question, its long fields (texts, key points, references,
//            answers) as one JSON array; these records lie back to back
//   light    one JSON document in columns: the bank, its manifest, every file's
//            entry and question minus the long fields, and where those lie;
//            then, 8-byte aligned, its numeric columns as float64 values
//   trailer  32 bytes: "<offset of light> <length of its JSON> <length of light>\n"
// `list` on 10,000 questions then reads ~1/8 of the file; a question's long
// fields are read from the file (kept open) when something first asks for one.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LAZY_FIELDS as KIND_LAZY_FIELDS } from '../core/kinds/index.ts'
import { escapeTerminal } from '../core/sanitize.ts'
import type { BankManifest, Problem, Question } from '../core/types.ts'
import { DrillError } from '../errors.ts'

declare const __VERSION__: string | undefined

/** Bump when the index layout or anything the parser produces changes shape. */
export const CACHE_FORMAT = 5

/**
 * A file modified this recently (ms) is not cached: on a file system with
 * coarse timestamps, a second edit within the same tick and of the same size
 * would otherwise look unchanged (git's "racily clean" problem).
 */
export const RACY_MS = 2000

const TRAILER = 32

/** Size and modification time of a file, or null when it does not exist. */
export type Stamp = { size: number; mtimeMs: number } | null

export interface CachedFile {
  rel: string
  size: number
  mtimeMs: number
  /** The parsed question; absent when the file has errors. */
  question?: Question
  problems: Problem[]
  /** Line of the `id:` field, for duplicate-id reports. */
  idLine?: number
}

export interface CachedManifest {
  stamp: Stamp
  manifest: BankManifest
  problems: Problem[]
}

export interface BankIndex {
  /** Identifies the django-drill build that parsed the entries. */
  build: string
  /** Absolute bank folder the index describes. */
  dir: string
  manifest: CachedManifest
  files: CachedFile[]
}

/**
 * DJANGO_DRILL_CACHE, else $XDG_CACHE_HOME/django-drill, else ~/.cache/django-drill.
 * `DJANGO_DRILL_CACHE=off` turns the cache off; so does an environment with no
 * HOME at all (as in tests that pass a bare env).
 */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const own = env['DJANGO_DRILL_CACHE']
  if (own !== undefined && own !== '') return ['off', '0', 'false', 'no'].includes(own.toLowerCase()) ? undefined : own
  const xdg = env['XDG_CACHE_HOME']
  if (xdg && xdg.startsWith('/')) return join(xdg, 'django-drill')
  const home = env['HOME'] ?? env['USERPROFILE']
  return home ? join(home, '.cache', 'django-drill') : undefined
}

/** Where the index of the bank at `dir` (absolute) is kept: its folder name plus a hash of the whole path. */
export function indexPath(cache: string, dir: string): string {
  const name =
    basename(dir)
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .slice(0, 40) || 'bank'
  return join(cache, 'banks', `${name}-${hashPath(dir)}.idx`)
}

/** FNV-1a, two 32-bit lanes: enough to tell paths apart (the index also records its folder), without loading node:crypto. */
function hashPath(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`
}

let buildId: string | undefined
/**
 * The running build: package version plus the size and time of this code's
 * own file (every `npm run build` rewrites dist/), or, run from source, the
 * latest change to any file in src/. An index made by another parser is never
 * trusted.
 */
export function currentBuild(): string {
  if (buildId === undefined) {
    const version = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'
    let code = 'unknown'
    try {
      const self = fileURLToPath(import.meta.url)
      const s = statSync(self)
      code = version === 'dev' ? latestChange(join(dirname(self), '..')) : `${s.size}-${s.mtimeMs}`
    } catch {
      // not a file URL (bundled elsewhere): the version alone
    }
    // The architecture too: numbers are stored as the machine's own float64 bytes.
    buildId = `${CACHE_FORMAT}:${version}:${code}:${process.arch}`
  }
  return buildId
}

/** Number of files and latest modification time below `dir`. */
function latestChange(dir: string): string {
  let count = 0
  let latest = 0
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name)
      const s = statSync(path)
      if (s.isDirectory()) walk(path)
      else {
        count++
        latest = Math.max(latest, s.mtimeMs)
      }
    }
  }
  walk(dir)
  return `${count}-${latest}`
}

export const sameStamp = (a: Stamp, b: Stamp): boolean => (a === null || b === null ? a === b : a.size === b.size && a.mtimeMs === b.mtimeMs)

/** An open index file; it stays open while its questions may still read their texts. */
interface Source {
  fd: number
  path: string
  recover: ReadOptions['recover']
}

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd)
  } catch {
    // already closed
  }
})

/**
 * Fields kept out of the light part and read on first use: the long ones
 * that listing, filtering and the checks across files never look at. Each
 * question kind says which of its own fields these are (src/core/kinds).
 */
const LAZY_KEYS = KIND_LAZY_FIELDS

/**
 * The light part, in columns: one JSON array per field is several times
 * faster to parse than one object per file. Questions are grouped by their
 * keys (in order), so whatever fields a question has are kept as they are.
 */
interface Light {
  format: number
  build: string
  dir: string
  manifest: CachedManifest
  files: {
    rel: string[]
    size: Numbers
    mtimeMs: Numbers
    /** 0 when the file has no problem. */
    problems: (Problem[] | 0)[]
    /** 0 when unknown. */
    idLine: Numbers
    /** Shape of the file's question, -1 when it has none. */
    shape: Numbers
    /** Row of the question within its shape. */
    row: Numbers
  }
  shapes: {
    /** Every key of the question, in order. */
    keys: string[]
    /** One column per key that is not lazy (in `keys` order). */
    columns: Column[]
    /** Where each row's lazy values (a JSON array, in `keys` order) lie. */
    offset: Numbers
    length: Numbers
  }[]
}

/**
 * A column of numbers: an array while written; in the file a reference to a
 * run of float64 values after the JSON (parsing digits costs far more than
 * reading them as they are); a typed array once read.
 */
type Numbers = number[] | Float64Array

/**
 * A column's values; or one value for every row (the bank id); or each row's
 * file path (`file`); or, for a few distinct strings (topics, difficulties),
 * those strings and each row's index among them.
 */
type Column = unknown[] | { same: unknown } | { rel: true } | { dict: string[]; index: Numbers }

const NO_PROBLEMS: Problem[] = []

/** Where a cached question's lazy fields lie, and their values once read. */
interface LazyState {
  source: Source
  /** The lazy keys of this question, in order. */
  lazy: readonly string[]
  /** Offset of the undecoded values in the index; -1 once one of them was assigned. */
  offset: number
  length: number
  rel: string
  values?: Record<string, unknown>
}

const STATE = Symbol('django-drill lazy fields')
/** One descriptor, refilled for each question: defining reads it, nothing keeps it. */
const HIDDEN: PropertyDescriptor = { value: undefined, enumerable: false, writable: false, configurable: false }

function lazyValues(question: object): Record<string, unknown> {
  const state = (question as Record<symbol, LazyState>)[STATE]!
  if (state.values) return state.values
  const values: Record<string, unknown> = {}
  let decoded: unknown
  try {
    const text = readAt(state.source.fd, state.offset, state.length).toString('utf8')
    if (!escapedControl(text) && !RAW_CONTROL.test(text)) decoded = JSON.parse(text)
  } catch {
    // fall through to the file itself
  }
  if (Array.isArray(decoded) && decoded.length === state.lazy.length) {
    state.lazy.forEach((key, i) => (values[key] = decoded[i]))
  } else {
    // The index was damaged after it was read: the question comes from its file again.
    const again = state.source.recover?.(state.rel) ?? 'cannot be read again'
    const id = (question as { id?: unknown }).id
    if (typeof again === 'string' || again.id !== id) {
      const why = typeof again === 'string' ? again : `now has the id "${again.id}"`
      throw new DrillError(
        `${escapeTerminal(state.rel)} changed while django-drill was using it and ${why}; run the command again (django-drill validate shows the bank's problems).`,
      )
    }
    for (const key of state.lazy) values[key] = (again as unknown as Record<string, unknown>)[key]
    state.offset = -1
  }
  return (state.values = values)
}

/**
 * One shared accessor per lazy key: defined as new properties in key order,
 * they cost about what plain properties do (V8 reuses the object layout),
 * and reading, spreading, JSON, cloning and equality all see a full question.
 */
const LAZY_FIELDS = new Map(
  [...LAZY_KEYS].map((key): [string, PropertyDescriptor] => [
    key,
    {
      get(this: object) {
        return lazyValues(this)[key]
      },
      set(this: object, value: unknown) {
        lazyValues(this)[key] = value
        ;(this as Record<symbol, LazyState>)[STATE]!.offset = -1
      },
      enumerable: true,
      configurable: true,
    },
  ]),
)

export interface ReadOptions {
  build?: string
  /** Gives a question again when the index cannot (it was damaged after loading): its file parsed again, or why it cannot be. */
  recover?: (rel: string) => Question | string
}

/** The stored index of `dir`, or undefined when there is none or it cannot be trusted. */
export function readIndex(cache: string, dir: string, options: ReadOptions = {}): BankIndex | undefined {
  if (cacheDirProblem(cache)) return undefined
  const path = indexPath(cache, dir)
  let fd: number
  try {
    // Non-blocking: a FIFO planted in place of the index is refused, never waited on.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  let keep = false
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile() || !ownedByUs(stat)) return undefined
    const size = stat.size
    if (size < TRAILER) return undefined
    const match = /^ *(\d+) +(\d+) +(\d+)\n$/.exec(readAt(fd, size - TRAILER, TRAILER).toString('latin1'))
    if (!match) return undefined
    const start = Number(match[1])
    const jsonLength = Number(match[2])
    const length = Number(match[3])
    if (start + length + TRAILER !== size || jsonLength > length || (length - jsonLength) % 8 !== 0) return undefined
    const bytes = readAt(fd, start, length)
    // Written as pure ASCII (see asciiJson), so latin1 decodes it exactly, and fastest.
    const text = bytes.toString('latin1', 0, jsonLength)
    // The parser never lets a control character through: one in the index was not written by it.
    if (escapedControl(text)) return undefined
    const light = JSON.parse(text) as Light
    const pool = new Float64Array((length - jsonLength) / 8)
    Buffer.from(pool.buffer).set(bytes.subarray(jsonLength))
    if (!reviveNumbers(light, pool)) return undefined
    if (!light || typeof light !== 'object' || light.format !== CACHE_FORMAT || light.build !== (options.build ?? currentBuild()) || light.dir !== dir) return undefined
    if (!light.manifest || typeof light.manifest !== 'object' || !light.files || !Array.isArray(light.shapes)) return undefined
    const source: Source = { fd, path, recover: options.recover }
    const f = light.files
    const n = f.rel.length
    if (!Array.isArray(f.problems) || f.problems.length !== n || ![f.size, f.mtimeMs, f.idLine, f.shape, f.row].every((c) => c instanceof Float64Array && c.length === n))
      return undefined
    const shapes = light.shapes.map((shape) => {
      const rows = shape.offset.length
      const lazy = shape.keys.filter((k) => LAZY_KEYS.has(k))
      const columnOk = (c: Column) =>
        Array.isArray(c)
          ? c.length === rows
          : c &&
            typeof c === 'object' &&
            ('same' in c ||
              'rel' in c ||
              ('dict' in c && Array.isArray(c.dict) && c.index instanceof Float64Array && c.index.length === rows && c.index.every((i) => typeof c.dict[i] === 'string')))
      if (!(shape.offset instanceof Float64Array) || !(shape.length instanceof Float64Array) || shape.length.length !== rows) return undefined
      if (!Array.isArray(shape.keys) || shape.keys.some((k) => typeof k !== 'string' || k === '__proto__')) return undefined
      if (shape.columns.length !== shape.keys.length - lazy.length || !shape.columns.every(columnOk)) return undefined
      if (!shape.offset.every((o, i) => o >= 0 && shape.length[i]! > 0 && o + shape.length[i]! <= start)) return undefined
      // How to fill each key, worked out once per shape rather than once per question.
      let c = 0
      const slots = shape.keys.map((key) => {
        const lazy = LAZY_FIELDS.get(key)
        if (lazy) return { key, lazy }
        const column = shape.columns[c++]!
        if (Array.isArray(column)) return { key, column }
        if ('dict' in column) return { key, dict: column.dict, index: column.index }
        return 'same' in column ? { key, same: column.same } : { key, rel: true }
      })
      return { ...shape, lazy, slots: slots as { key: string; lazy?: PropertyDescriptor; column?: unknown[]; dict?: string[]; index?: Numbers; same?: unknown; rel?: true }[] }
    })
    if (shapes.includes(undefined)) return undefined
    const files: CachedFile[] = new Array(n)
    for (let i = 0; i < n; i++) {
      const rel = f.rel[i]!
      const entry: CachedFile = { rel, size: f.size[i]!, mtimeMs: f.mtimeMs[i]!, problems: f.problems[i] || NO_PROBLEMS }
      if (f.idLine[i]) entry.idLine = f.idLine[i]!
      const shape = shapes[f.shape[i]!]
      if (f.shape[i] !== -1 && !(shape && f.row[i]! < shape.offset.length)) return undefined
      if (shape) {
        const row = f.row[i]!
        const question: Record<PropertyKey, unknown> = {}
        for (const slot of shape.slots) {
          if (slot.lazy) Object.defineProperty(question, slot.key, slot.lazy)
          else question[slot.key] = slot.column ? slot.column[row] : slot.dict ? slot.dict[slot.index![row]!] : slot.rel ? rel : slot.same
        }
        HIDDEN.value = { source, lazy: shape.lazy, offset: shape.offset[row]!, length: shape.length[row]!, rel } satisfies LazyState
        Object.defineProperty(question, STATE, HIDDEN)
        entry.question = question as unknown as Question
        keep = true
      }
      files[i] = entry
    }
    if (keep) closer.register(source, fd)
    return { build: light.build, dir: light.dir, manifest: light.manifest, files }
  } catch {
    return undefined
  } finally {
    if (!keep) closeSync(fd)
  }
}

/** A question whose light fields are given in key order by `value`, and whose lazy ones are read through `state`. */
function lazyQuestion(keys: readonly string[], value: (key: string) => unknown, state: LazyState): Question {
  const question: Record<PropertyKey, unknown> = {}
  for (const key of keys) {
    const lazy = LAZY_FIELDS.get(key)
    if (lazy) Object.defineProperty(question, key, lazy)
    else question[key] = value(key)
  }
  Object.defineProperty(question, STATE, { value: state })
  return question as unknown as Question
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done)
    if (n === 0) throw new Error('index file ended early')
    done += n
  }
  return buffer
}

/**
 * Writes an index while a bank loads: each entry as it comes, then the light
 * part, then an atomic rename over the old index (a reader never sees half of
 * one). Failure is silent: the cache only saves time. A question added is
 * handed back reading its long fields from the new file, so the parsed texts
 * (and the file text they are cut from) need not stay in memory.
 */
export class IndexWriter {
  private position = 0
  private readonly buffer = Buffer.allocUnsafe(1 << 20)
  private used = 0
  private readonly files = {
    rel: [] as string[],
    size: [] as number[],
    mtimeMs: [] as number[],
    problems: [] as (Problem[] | 0)[],
    idLine: [] as number[],
    shape: [] as number[],
    row: [] as number[],
  }
  private readonly shapes: { keys: string[]; columns: unknown[][]; offset: number[]; length: number[]; rels: string[] }[] = []
  private readonly shapeOf = new Map<string, number>()
  private readonly source: Source
  private failed = false
  private lazy = false

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fd: number,
    private readonly now: number,
    recover: ReadOptions['recover'],
  ) {
    this.source = { fd, path, recover }
  }

  /** A writer for the index of `dir`, or undefined when none can (or should) be written. */
  static open(cache: string, dir: string, manifest: Stamp, options: { now?: number; recover?: ReadOptions['recover'] } = {}): IndexWriter | undefined {
    const now = options.now ?? Date.now()
    // A bank.yml edited just now could be edited again unnoticed: keep no index.
    if (manifest && manifest.mtimeMs >= now - RACY_MS) return undefined
    const path = indexPath(cache, dir)
    // Unpredictable, created exclusively and never through a link: nothing planted can be written through.
    const tmp = `${path}.${randomTag()}.tmp`
    try {
      if (!secureCacheDir(cache)) return undefined
      return new IndexWriter(path, tmp, openSync(tmp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600), now, options.recover)
    } catch {
      return undefined
    }
  }

  /**
   * Adds a file's entry and returns the one to use from now on: its question
   * reading long fields from this index. Files modified a moment ago are left
   * out (see RACY_MS) and returned as they are.
   */
  add(file: CachedFile): CachedFile {
    if (this.failed || file.mtimeMs >= this.now - RACY_MS) return file
    try {
      const f = this.files
      f.rel.push(file.rel)
      f.size.push(file.size)
      f.mtimeMs.push(file.mtimeMs)
      f.problems.push(file.problems.length > 0 ? file.problems : 0)
      f.idLine.push(file.idLine ?? 0)
      const question = file.question
      if (!question) {
        f.shape.push(-1)
        f.row.push(0)
        return file
      }
      const keys = Object.keys(question)
      const signature = keys.join(',')
      let s = this.shapeOf.get(signature)
      if (s === undefined) {
        s = this.shapes.push({ keys, columns: keys.filter((k) => !LAZY_KEYS.has(k)).map(() => []), offset: [], length: [], rels: [] }) - 1
        this.shapeOf.set(signature, s)
      }
      const shape = this.shapes[s]!
      f.shape.push(s)
      f.row.push(shape.offset.length)
      shape.rels.push(file.rel)
      const record = question as unknown as Record<string, unknown>
      const lazy: string[] = []
      let c = 0
      for (const key of keys) {
        if (LAZY_KEYS.has(key)) lazy.push(key)
        else (shape.columns[c++] as unknown[]).push(record[key])
      }
      const state = (question as unknown as Record<symbol, LazyState | undefined>)[STATE]
      const start = this.position
      this.put(state && state.offset >= 0 ? readAt(state.source.fd, state.offset, state.length) : JSON.stringify(lazy.map((key) => record[key])))
      shape.offset.push(start)
      shape.length.push(this.position - start)
      // A question from an older index keeps reading from it; a parsed one now reads from this one.
      if (state && state.offset >= 0) return file
      this.flush()
      this.lazy = true
      const entry: CachedFile = { rel: file.rel, size: file.size, mtimeMs: file.mtimeMs, problems: file.problems }
      if (file.idLine !== undefined) entry.idLine = file.idLine
      entry.question = lazyQuestion(keys, (key) => record[key], { source: this.source, lazy, offset: start, length: this.position - start, rel: file.rel })
      return entry
    } catch {
      this.failed = true
      return file
    }
  }

  /** Writes the light part and puts the index in place. */
  finish(build: string, dir: string, manifest: CachedManifest): void {
    try {
      if (this.failed) throw new Error('index not written')
      const shapes = this.shapes.map(({ rels, ...shape }) => {
        const light = shape.keys.filter((k) => !LAZY_KEYS.has(k))
        return { ...shape, columns: shape.columns.map((column, c) => compactColumn(column, light[c]!, rels)) }
      })
      const index: Light = { format: CACHE_FORMAT, build, dir, manifest, files: this.files, shapes }
      const pool: number[] = []
      const json = asciiJson(index, (numbers) => {
        const at = pool.length
        for (const n of numbers) pool.push(n)
        return { num: [at, numbers.length] }
      })
      const lightStart = this.position
      // Padded so that the numbers start 8-byte aligned within the light part.
      const padded = json + ' '.repeat((8 - (json.length % 8)) % 8)
      this.put(padded)
      this.put(Buffer.from(new Float64Array(pool).buffer))
      this.put(`${String(lightStart).padStart(10)} ${String(padded.length).padStart(10)} ${String(this.position - lightStart).padStart(9)}\n`)
      this.flush()
      // NOTE: no fsync: after a crash a torn index fails its trailer check and is rebuilt.
      renameSync(this.tmp, this.path)
      pruneIndexes(dirname(this.path), this.now)
    } catch {
      rmSync(this.tmp, { force: true })
    } finally {
      // The file stays open while questions may read from it (even once renamed, or removed).
      if (this.lazy) closer.register(this.source, this.fd)
      else closeSync(this.fd)
    }
  }

  private put(chunk: string | Buffer): void {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
    if (this.used + bytes > this.buffer.length) this.flush()
    if (bytes > this.buffer.length) writeAll(this.fd, typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    else {
      if (typeof chunk === 'string') this.buffer.write(chunk, this.used)
      else chunk.copy(this.buffer, this.used)
      this.used += bytes
    }
    this.position += bytes
  }

  private flush(): void {
    if (this.used === 0) return
    writeAll(this.fd, this.buffer.subarray(0, this.used))
    this.used = 0
  }
}

/** An index not written for this long is removed (its bank may be gone); one still used is simply rebuilt. */
export const PRUNE_AFTER_MS = 30 * 86_400_000

/** Removes old indexes, and temporary files left by a writer that died, from the cache's folder. */
function pruneIndexes(folder: string, now: number): void {
  try {
    for (const name of readdirSync(folder)) {
      // Only files this tool names: anything else in the folder is not ours to delete.
      const temp = OUR_TEMP.test(name)
      if (!temp && !OUR_INDEX.test(name)) continue
      const path = join(folder, name)
      const stat = lstatSync(path)
      if (!stat.isFile() || !ownedByUs(stat)) continue
      const age = now - stat.mtimeMs
      if ((temp && age > 3_600_000) || age > PRUNE_AFTER_MS) rmSync(path, { force: true })
    }
  } catch {
    // another process may be pruning too
  }
}

const OUR_INDEX = /^[A-Za-z0-9_-]{1,40}-[0-9a-f]{16}\.idx$/
const OUR_TEMP = /^[A-Za-z0-9_-]{1,40}-[0-9a-f]{16}\.idx\.(?:\d+|[0-9a-f]{16})\.tmp$/

const randomTag = (): string => {
  const bytes = new Uint8Array(8)
  globalThis.crypto.getRandomValues(bytes)
  return Buffer.from(bytes).toString('hex')
}

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined)
const ownedByUs = (stat: { uid: number }): boolean => uid() === undefined || stat.uid === uid()

// A JSON escape of a C0/C1 control character or DEL (not preceded by an escaping backslash), or \b \f \r.
const ESCAPED_CONTROL = /(?<!\\)(?:\\\\)*\\(?:[bfr]|u00[01][0-9a-fA-F]|u007[fF]|u00[89][0-9a-fA-F])/
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
const escapedControl = (json: string): boolean => ESCAPED_CONTROL.test(json)

const unsafeDirs = new Set<string>()
/**
 * Creates the cache folder (and its banks/ folder) private to this user
 * (0700) and checks both are folders owned by this user that no one else can
 * write to; otherwise the cache is not used (another user could plant files).
 */
export function secureCacheDir(cache: string): boolean {
  if (unsafeDirs.has(cache)) return false
  for (const dir of [cache, join(cache, 'banks')]) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const stat = lstatSync(dir)
      if (!stat.isDirectory() || !ownedByUs(stat) || (stat.mode & 0o022) !== 0) {
        unsafeDirs.add(cache)
        return false
      }
    } catch {
      return false
    }
  }
  return true
}

/** Why the cache folder is not used, or undefined when it is fine (or absent). */
export function cacheDirProblem(cache: string): string | undefined {
  for (const dir of [cache, join(cache, 'banks')]) {
    let stat
    try {
      stat = lstatSync(dir)
    } catch {
      return undefined
    }
    if (!stat.isDirectory()) return `${dir} is not a folder`
    if (!ownedByUs(stat)) return `${dir} belongs to another user`
    if ((stat.mode & 0o022) !== 0) return `${dir} can be written by other users`
  }
  return undefined
}

/** Writes a whole index at once (see IndexWriter). */
export function writeIndex(cache: string, index: BankIndex, now = Date.now()): void {
  const writer = IndexWriter.open(cache, index.dir, index.manifest.stamp, { now })
  if (!writer) return
  for (const file of index.files) writer.add(file)
  writer.finish(index.build, index.dir, index.manifest)
}

/** A column where every row has the same value, or each row its own path, is stored as that fact. */
function compactColumn(column: unknown[], key: string, rels: string[]): Column {
  if (key === 'file' && column.every((value, row) => value === rels[row])) return { rel: true }
  const first = column[0]
  if (column.length > 1 && (typeof first === 'string' || typeof first === 'number') && column.every((value) => value === first)) return { same: first }
  if (column.length >= 16 && column.every((value) => typeof value === 'string')) {
    const dict = [...new Set(column)]
    if (dict.length <= column.length / 8) {
      const at = new Map(dict.map((value, i) => [value, i]))
      return { dict, index: column.map((value) => at.get(value)!) }
    }
  }
  return column
}

/** JSON with every non-ASCII character escaped (\uXXXX): still the same JSON, but one byte per character. */
function asciiJson(value: unknown, numbers: (values: number[]) => unknown): string {
  const json = JSON.stringify(value, (key, item: unknown) => (NUMBER_KEYS.has(key) && isNumbers(item) ? numbers(item) : item))
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007e]*$/.test(json)) return json
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function writeAll(fd: number, buffer: Buffer): void {
  for (let done = 0; done < buffer.length;) done += writeSync(fd, buffer, done, buffer.length - done)
}

/** Keys whose values are columns of numbers, stored as float64 runs. */
const NUMBER_KEYS = new Set(['size', 'mtimeMs', 'idLine', 'shape', 'row', 'offset', 'length', 'index'])
const isNumbers = (value: unknown): value is number[] => Array.isArray(value) && value.every((n) => typeof n === 'number')

/** Puts typed arrays back where the JSON says `{ num: [start, count] }`; false when one does not fit. */
function reviveNumbers(light: Light, pool: Float64Array): boolean {
  let ok = true
  const revive = (value: unknown): Numbers => {
    const ref = (value as { num?: unknown } | null)?.num
    if (!Array.isArray(ref) || !Number.isInteger(ref[0]) || !Number.isInteger(ref[1]) || ref[0] < 0 || ref[0] + ref[1] > pool.length) {
      ok = false
      return new Float64Array(0)
    }
    return pool.subarray(ref[0], ref[0] + ref[1])
  }
  if (!light || typeof light !== 'object' || !light.files || !Array.isArray(light.shapes)) return false
  const f = light.files
  f.size = revive(f.size)
  f.mtimeMs = revive(f.mtimeMs)
  f.idLine = revive(f.idLine)
  f.shape = revive(f.shape)
  f.row = revive(f.row)
  for (const shape of light.shapes) {
    if (!shape || !Array.isArray(shape.columns)) return false
    shape.offset = revive(shape.offset)
    shape.length = revive(shape.length)
    for (const column of shape.columns) if (column && typeof column === 'object' && 'dict' in column) column.index = revive(column.index)
  }
  return ok
}
