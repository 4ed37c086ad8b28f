// The parsed-bank cache: one index file per bank folder, so that a command
// reading a bank parses only the files that changed since the last run.
// An entry is reused only when its file's size and modification time are
// exactly those recorded; anything else (an edited, added or deleted file, a
// changed bank.yml, another django-drill build, a damaged index) is re-read.
//
// Layout of an index file, so that a command reads only what it uses:
//   records  per question, its lazy fields (texts, key points, references,
//            answers: what listing, filtering and the checks across files
//            never read) as one JSON array; these lie back to back
//   rows     what `list --json` prints for the whole bank (UTF-8, the rows
//            joined by commas), and
//   table    one JSON document: every file's path, size and time, the
//            folders' times and bank.yml's stamp; both only when the index
//            holds every file of a plain listing (see finish)
//   light    one JSON document: the bank, its manifest, and every file's
//            entry with its question minus the lazy fields, where its
//            record lies, and the solved form its kind draws on the cheat
//            sheet (drawing it would read the record)
//   trailer  96 bytes: "<offset> <length>" of light, rows and table, "\n"
// `list` on 10,000 questions then reads ~1/5 of the file, and `list --json`
// of an unchanged bank only the table and the rows (readListRows); a
// question's long fields are read from the file (kept open) when something
// first asks for one.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { isUtf8 } from 'node:buffer'
import { fileURLToPath } from 'node:url'
import { isQuestionType, kindOf, LAZY_FIELDS } from '../core/kinds/index.ts'
import type { Solved } from '../core/kinds/kind.ts'
import { listRow } from '../core/list-row.ts'
import { escapeTerminal } from '../core/sanitize.ts'
import type { BankManifest, LightQuestion, Problem, Question } from '../core/types.ts'
import { DrillError } from '../errors.ts'
import { keysFit, LIGHT_FIELDS, lightFits, manifestFits, problemsFit, solvedFits, stampFits, textFits, valueFits } from './cache-check.ts'

declare const __VERSION__: string | undefined
/** A digest of the sources and dependencies, defined by the build (scripts/build.mjs): the same in every bundle of dist/. */
declare const __BUILD_ID__: string | undefined

/** Bump when the index layout or anything the parser produces changes shape. */
export const CACHE_FORMAT = 9

/**
 * A file modified this recently (ms) is not cached: on a file system with
 * coarse timestamps, a second edit within the same tick and of the same size
 * would otherwise look unchanged (git's "racily clean" problem).
 */
export const RACY_MS = 2000

const TRAILER = 96
/** Light entries kept in memory while an index is written; past this they go to a temporary file. */
const LIGHT_BUFFER = 1 << 20
/** The part of an index read at once, and one question's long fields: larger ones were not written by us. */
const MAX_LIGHT = 256 * 1024 * 1024
/** The rows and the table of an index are read whole too (50,000 questions: ~16 MB of rows). */
const MAX_ROWS = 256 * 1024 * 1024
const MAX_LAZY = 8 * 1024 * 1024

/** Size and modification time of a file, or null when it does not exist. */
export type Stamp = { size: number; mtimeMs: number } | null

export interface CachedFile {
  rel: string
  size: number
  mtimeMs: number
  /** The parsed question; absent when the file has errors. */
  question?: Question
  problems: Problem[]
}

/**
 * Where a light question's long fields lie in an index (a lazy question knows it itself): for an
 * index written from this one to copy, and for withTexts to read. Kept beside the question, which
 * has no property for it (making one is what a light load saves).
 */
const lightRecords = new WeakMap<object, LazyState>()

/**
 * Light questions read from an index and the entries that say where their records lie, not yet
 * put in lightRecords: that is done when a record is first looked for, which most runs never do
 * (on the bundled bank, ~0.7 ms of every light load).
 */
const unfiled: { source: Source; lazy: readonly string[][]; questions: object[]; entries: LightFile[] }[] = []

/** Where a light question's record lies (see lightRecords), or undefined for a question that has none. */
function recordOf(question: object): LazyState | undefined {
  for (const { source, lazy, questions, entries } of unfiled.splice(0)) {
    for (let i = 0; i < questions.length; i++) {
      const f = entries[i]!
      lightRecords.set(questions[i]!, { source, lazy: lazy[f.keys!]!, offset: f.at!, length: f.length!, rel: f.rel })
    }
  }
  return lightRecords.get(question)
}

/**
 * The solved forms of questions read from an index, each worked out when the index was written:
 * drawing one from the question would read its long fields (the cheat sheet's costliest part).
 */
const solvedForms = new WeakMap<object, Solved>()

/** The solved form of a whole question, drawn by its kind; undefined for a kind that draws none (or no kind at all). */
const solvedFormOf = (question: Question): Solved | undefined => (isQuestionType(question.type) ? kindOf(question).solved?.(question) : undefined)

/** A question's solved form as its index keeps it, or undefined (a parsed question, or a kind that draws none). */
export const solvedInIndex = (question: object): Solved | undefined => solvedForms.get(question)

/**
 * A question of a light load with its long fields too, read on first use like any cached
 * question's (the same object, from then on a full question). A question that was parsed has
 * them already.
 */
export function withTexts(question: LightQuestion): Question {
  const record = recordOf(question)
  if (record === undefined) {
    if (!('prompt' in question)) throw new Error(`${question.id} has no texts to read`)
    return question as Question
  }
  lightRecords.delete(question)
  return makeLazy(question, record.lazy, record)
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
  /** The folders' times when the files were listed, when the listing was plain and `files` holds every file it found (see listFromIndex in bank.ts). */
  listing?: { dirs: [rel: string, mtimeMs: number][] } | undefined
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
 * The running build: package version plus the build's digest of its sources
 * and dependencies (the same in every bundle of dist/), or, run from source,
 * the latest change to any file in src/. An index made by another parser is
 * never trusted.
 */
export function currentBuild(): string {
  if (buildId === undefined) {
    const version = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'
    const code = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : sourceBuild()
    // The architecture too: numbers are stored as the machine's own float64 bytes.
    buildId = `${CACHE_FORMAT}:${version}:${code}:${process.arch}`
  }
  return buildId
}

/** Run from source: the number of files and the latest change below src/. */
function sourceBuild(): string {
  try {
    return latestChange(join(dirname(fileURLToPath(import.meta.url)), '..'))
  } catch {
    return 'unknown'
  }
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

/** An open index file; it stays open while its questions may still read their long fields. */
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

/** The light part: everything but the long fields, as one JSON document. */
interface Light {
  format: number
  build: string
  dir: string
  manifest: CachedManifest
  /** Each distinct list of a question's lazy keys, in the question's key order. */
  lazy: string[][]
  files: LightFile[]
  listing?: { dirs: [string, number][] }
}

interface LightFile {
  rel: string
  size: number
  mtimeMs: number
  problems?: Problem[]
  /** The question minus its lazy fields, and minus `file` when that is `rel` (absent when the file has errors)... */
  question?: Record<string, unknown>
  /** ...the list of its lazy keys (an index into `lazy`)... */
  keys?: number
  /** ...and where their values lie: a JSON array, `length` bytes from `at`. */
  at?: number
  length?: number
  /** Its solved form on the cheat sheet, for a kind that draws one (see solvedInIndex). */
  solved?: Solved
}

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
  const type = (question as { type?: unknown }).type
  // Only values the parser could have produced are used; anything else comes from the file again.
  if (Array.isArray(decoded) && decoded.length === state.lazy.length && state.lazy.every((key, i) => valueFits(type, key, decoded[i]))) {
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
 * Fields kept out of the light part and read on first use: the long ones
 * that listing, filtering and the checks across files never look at. Each
 * question kind names its own (src/core/kinds). One shared accessor per key:
 * defined as new properties in key order, they cost about what plain
 * properties do (V8 reuses the object layout), and reading, spreading, JSON,
 * cloning and equality all see a full question.
 */
const LAZY_ACCESSORS = new Map(
  [...LAZY_FIELDS].map((key): [string, PropertyDescriptor] => [
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

/** Makes `question` (its light fields set) read its lazy `keys` through `state`. */
function makeLazy(question: Record<PropertyKey, unknown>, keys: readonly string[], state: LazyState): Question {
  for (const key of keys) Object.defineProperty(question, key, LAZY_ACCESSORS.get(key)!)
  Object.defineProperty(question, STATE, { value: state })
  return question as unknown as Question
}

export interface ReadOptions {
  build?: string
  /** Light questions only (see LightQuestion): no accessors for the long fields, which withTexts gives a question that needs them. */
  light?: boolean
  /** Gives a question again when the index cannot (it was damaged after loading): its file parsed again, or why it cannot be. */
  recover?: (rel: string) => Question | string
}

const NO_PROBLEMS: Problem[] = []
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0

/**
 * Whether a cached question may have the keys it has (its light ones, in order) with its type and
 * its lazy keys: worked out once for each of the handful of shapes a bank has, found by the keys
 * joined into one string (built-in calls only, as cheap in a command's cold code as warm), or,
 * cheaper still, as the shape of the question before. Each question's values are checked by
 * lightFits.
 */
function shapeFits(shapes: Shapes, question: Record<string, unknown>, lazyIndex: number, lazy: readonly string[]): boolean {
  const type = question['type']
  const keys = Object.keys(question)
  // Most questions have the shape of the one before.
  const last = shapes.last
  if (last !== undefined && last.lazyIndex === lazyIndex && last.type === type && sameKeys(last.keys, keys)) return last.fits
  const known = shapes.known
  const signature = `${lazyIndex}\u0000${String(type)}\u0000${keys.join('\u0000')}`
  let fits = known.get(signature)
  // Light keys are light fields only: a long field among them would be used unchecked.
  if (fits === undefined) known.set(signature, (fits = keys.every((key) => LIGHT_FIELDS.has(key)) && keysFit(type, [...keys, ...lazy])))
  shapes.last = { lazyIndex, type, keys, fits }
  return fits
}

/** The shapes shapeFits has worked out, by signature, and the last one it met. */
interface Shapes {
  known: Map<string, boolean>
  last?: { lazyIndex: number; type: unknown; keys: readonly string[]; fits: boolean }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The stored index of `dir`, or undefined when there is none or it cannot be trusted. */
export function readIndex(cache: string, dir: string, options: ReadOptions = {}): BankIndex | undefined {
  const path = indexPath(cache, dir)
  const opened = openIndex(cache, path)
  if (opened === undefined) return undefined
  const { fd } = opened
  let keep = false
  try {
    const parts = readTrailer(fd, opened.size)
    if (!parts) return undefined
    const [start, length] = parts.light
    if (length > MAX_LIGHT) return undefined
    // Written as pure ASCII (see asciiJson), so latin1 decodes it exactly, and fastest.
    const text = readAt(fd, start, length).toString('latin1')
    // The parser never lets a control character through: one in the index was not written by it.
    if (escapedControl(text)) return undefined
    const light = JSON.parse(text) as Light
    if (!light || typeof light !== 'object' || light.format !== CACHE_FORMAT || light.build !== (options.build ?? currentBuild()) || light.dir !== dir) return undefined
    if (!light.manifest || typeof light.manifest !== 'object' || !Array.isArray(light.files) || !Array.isArray(light.lazy)) return undefined
    if (!light.lazy.every((keys) => Array.isArray(keys) && keys.every((k) => LAZY_ACCESSORS.has(k)))) return undefined
    // Checked like the parser's output: a crafted or damaged index is a miss, never trusted.
    if (!manifestFits(light.manifest)) return undefined
    const source: Source = { fd, path, recover: options.recover }
    const shapes: Shapes = { known: new Map() }
    const lightOnes: (typeof unfiled)[number] = { source, lazy: light.lazy, questions: [], entries: [] }
    const files: CachedFile[] = new Array(light.files.length)
    for (let i = 0; i < files.length; i++) {
      const f = light.files[i]!
      if (typeof f?.rel !== 'string' || typeof f.size !== 'number' || typeof f.mtimeMs !== 'number') return undefined
      if (f.problems !== undefined && !(Array.isArray(f.problems) && problemsFit(f.problems))) return undefined
      if (!textFits(f.rel)) return undefined
      const entry: CachedFile = { rel: f.rel, size: f.size, mtimeMs: f.mtimeMs, problems: f.problems ?? NO_PROBLEMS }
      const question = f.question
      if (question !== undefined) {
        if (!isCount(f.keys) || f.keys >= light.lazy.length) return undefined
        const keys = light.lazy[f.keys]!
        if (typeof question !== 'object' || question === null || Array.isArray(question) || Object.hasOwn(question, '__proto__')) return undefined
        if (!isCount(f.at) || !isCount(f.length) || f.length === 0 || f.length > MAX_LAZY || f.at + f.length > parts.records) return undefined
        if (!('file' in question)) question['file'] = f.rel
        if (!shapeFits(shapes, question, f.keys, keys)) return undefined
        if (!lightFits(question)) return undefined
        // A light question's record stays where it is, to be copied or read later (withTexts).
        if (options.light) {
          entry.question = question as unknown as Question
          lightOnes.questions.push(question)
          lightOnes.entries.push(f)
        } else entry.question = makeLazy(question, keys, { source, lazy: keys, offset: f.at, length: f.length, rel: f.rel })
        if (f.solved !== undefined) {
          // Only a kind that draws a solved form has one.
          if (kindOf(question as { type: string }).solved === undefined || !solvedFits(f.solved)) return undefined
          solvedForms.set(entry.question, f.solved)
        }
        keep = true
      }
      files[i] = entry
    }
    const listing = light.listing === undefined ? undefined : listingFits(light.listing, files) ? light.listing : null
    if (listing === null) return undefined
    if (keep) closer.register(source, fd)
    if (lightOnes.questions.length > 0) unfiled.push(lightOnes)
    return { build: light.build, dir: light.dir, manifest: light.manifest, files, listing }
  } catch {
    return undefined
  } finally {
    if (!keep) closeSync(fd)
  }
}

/** Whether no folder of a listing changed a moment ago (RACY_MS), so that its times can be trusted later. */
export const settled = (dirs: readonly (readonly [string, number])[], now = Date.now()): boolean => dirs.every(([, t]) => Number.isFinite(t) && t < now - RACY_MS)

/** A path below the bank folder as a listing makes it: no absolute path, no `..`, no dotfile (a listing skips them). */
const safeRel = (rel: unknown): boolean => typeof rel === 'string' && rel.length <= 4096 && rel[0] !== '/' && rel[0] !== '.' && !rel.includes('/.') && !rel.includes('\\.')

/** A recorded listing is used to find files without reading folders: only one a listing could have written. */
function listingFits(value: unknown, files: readonly { rel: string }[] | readonly string[]): value is { dirs: [string, number][] } {
  const dirs = (value as { dirs?: unknown } | null)?.dirs
  if (!Array.isArray(dirs) || dirs.length === 0 || dirs.length > 100_000 || (dirs[0] as unknown[] | undefined)?.[0] !== '') return false
  for (const d of dirs as unknown[]) {
    if (!Array.isArray(d) || d.length !== 2 || !(d[0] === '' || safeRel(d[0])) || typeof d[1] !== 'number' || !Number.isFinite(d[1])) return false
  }
  return files.every((f) => {
    const rel = typeof f === 'string' ? f : f.rel
    return safeRel(rel) && (rel.endsWith('.md') || rel.toLowerCase().endsWith('.md'))
  })
}

/** The index at `path` opened for reading, when the cache folder is fine and it is a regular file of ours. */
function openIndex(cache: string, path: string): { fd: number; size: number } | undefined {
  if (cacheDirProblem(cache)) return undefined
  let fd: number
  try {
    // Non-blocking: a FIFO planted in place of the index is refused, never waited on.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW)
  } catch {
    return undefined
  }
  try {
    const stat = fstatSync(fd)
    if (stat.isFile() && ownedByUs(stat)) return { fd, size: stat.size }
  } catch {
    // refused below
  }
  closeSync(fd)
  return undefined
}

/** Where each part of an open index lies, as [offset, length]: `records` ends where rows begin. */
interface Parts {
  records: number
  rows: [number, number]
  table: [number, number]
  light: [number, number]
}

/** The parts of an open index from its trailer; undefined unless they lie back to back as finish writes them. */
function readTrailer(fd: number, size: number): Parts | undefined {
  if (size < TRAILER) return undefined
  const match = /^ *(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)\n$/.exec(readAt(fd, size - TRAILER, TRAILER).toString('latin1'))
  if (!match) return undefined
  const [light, lightLength, rows, rowsLength, table, tableLength] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  if (rows + rowsLength !== table || table + tableLength !== light || light + lightLength + TRAILER !== size) return undefined
  return { records: rows, rows: [rows, rowsLength], table: [table, tableLength], light: [light, lightLength] }
}

/** An index's table: what tells, without its light part, whether the bank is still the one it describes. */
interface Table {
  format: number
  build: string
  dir: string
  /** bank.yml's size and time. */
  manifest: Stamp
  listing: { dirs: [string, number][] }
  /** Each file's path, size and time. */
  files: string[]
  sizes: number[]
  mtimes: number[]
  /** Questions in the rows, and files left out of the bank (with errors, or a taken id). */
  count: number
  skipped: number
}

/** What an index says `list --json` prints for its bank, and what must be unchanged for that to hold. */
export interface CachedRows extends Omit<Table, 'format' | 'build' | 'dir'> {
  /** The rows as they were written: UTF-8, the JSON of each question joined by commas. */
  rows: Buffer
}

/**
 * The rows and table of the stored index of `dir` (see the layout above), or undefined when it
 * has none or they cannot be trusted. Whether the bank is unchanged is for the caller to find.
 */
export function readListRows(cache: string, dir: string, build = currentBuild()): CachedRows | undefined {
  const opened = openIndex(cache, indexPath(cache, dir))
  if (opened === undefined) return undefined
  const { fd } = opened
  try {
    const parts = readTrailer(fd, opened.size)
    if (!parts || parts.table[1] === 0 || parts.table[1] > MAX_LIGHT || parts.rows[1] > MAX_ROWS) return undefined
    const text = readAt(fd, ...parts.table).toString('latin1')
    if (escapedControl(text)) return undefined
    const table = JSON.parse(text) as Table
    if (!table || typeof table !== 'object' || table.format !== CACHE_FORMAT || table.build !== build || table.dir !== dir) return undefined
    if (!isCount(table.count) || !isCount(table.skipped) || !stampFits(table.manifest)) return undefined
    const { files, sizes, mtimes } = table
    if (!Array.isArray(files) || !Array.isArray(sizes) || !Array.isArray(mtimes) || sizes.length !== files.length || mtimes.length !== files.length) return undefined
    // (listingFits checks every path.)
    if (!sizes.every(isCount) || !mtimes.every(Number.isFinite) || !listingFits(table.listing, files)) return undefined
    const rows = readAt(fd, ...parts.rows)
    // Rows are what JSON.stringify wrote, in UTF-8: anything else was not written by us.
    if ((table.count === 0) !== (rows.length === 0) || (rows.length > 0 && (rows[0] !== 0x7b || rows[rows.length - 1] !== 0x7d)) || !isUtf8(rows)) return undefined
    return { manifest: table.manifest, listing: table.listing, files, sizes, mtimes, count: table.count, skipped: table.skipped, rows }
  } catch {
    return undefined
  } finally {
    closeSync(fd)
  }
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
 * Writes an index while a bank loads: each question's lazy record as it
 * comes, then the light part, then an atomic rename over the old index (a
 * reader never sees half of one). Failure is silent: the cache only saves
 * time. A question added is handed back reading its long fields from the new
 * file, so the parsed texts (and the file text they are cut from) need not
 * stay in memory.
 */
export class IndexWriter {
  private position = 0
  private readonly buffer = Buffer.allocUnsafe(1 << 20)
  private used = 0
  /**
   * The files' light entries, as JSON joined by commas: in memory up to LIGHT_BUFFER bytes, then
   * in a second temporary file (a 50,000-question bank has 20 MB of them), copied in at the end.
   */
  private readonly light: Buffer
  private lightUsed = 0
  private lightSpilled = 0
  private lightFd: number | undefined
  private lightTmp: string | undefined
  private count = 0
  /** Each added file's path, size and time, for the table. */
  private readonly stamps: Pick<Table, 'files' | 'sizes' | 'mtimes'> = { files: [], sizes: [], mtimes: [] }
  private readonly lazy: string[][] = []
  private readonly lazyIndex = new Map<string, number>()
  private readonly source: Source
  private failed = false
  private handedOut = false
  private readonly lightOnly: boolean
  /** No texts will be asked for: questions handed out keep no way to read them (on 50,000 questions, ~5 MB). */
  private readonly textsUnread: boolean

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fd: number,
    private readonly now: number,
    recover: ReadOptions['recover'],
    light: boolean,
    textsUnread: boolean,
    lightBuffer: number,
  ) {
    this.source = { fd, path, recover }
    this.lightOnly = light
    this.textsUnread = light && textsUnread
    this.light = Buffer.allocUnsafe(lightBuffer)
  }

  /** A writer for the index of `dir`, or undefined when none can (or should) be written. */
  static open(
    cache: string,
    dir: string,
    manifest: Stamp,
    options: {
      now?: number
      recover?: ReadOptions['recover']
      light?: boolean
      textsUnread?: boolean
      /** Bytes of light entries kept in memory (tests make it small). */ lightBuffer?: number
    } = {},
  ): IndexWriter | undefined {
    const now = options.now ?? Date.now()
    // A bank.yml edited just now could be edited again unnoticed: keep no index.
    if (manifest && manifest.mtimeMs >= now - RACY_MS) return undefined
    const path = indexPath(cache, dir)
    // Unpredictable, created exclusively and never through a link: nothing planted can be written through.
    const tmp = `${path}.${randomTag()}.tmp`
    try {
      if (!secureCacheDir(cache)) return undefined
      return new IndexWriter(
        path,
        tmp,
        openSync(tmp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600),
        now,
        options.recover,
        options.light ?? false,
        options.textsUnread ?? false,
        options.lightBuffer ?? LIGHT_BUFFER,
      )
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
      const entry: LightFile = { rel: file.rel, size: file.size, mtimeMs: file.mtimeMs }
      if (file.problems.length > 0) entry.problems = file.problems
      const question = file.question as unknown as Record<PropertyKey, unknown> | undefined
      if (!question) {
        this.putEntry(asciiJson(entry), file)
        return file
      }
      const light: Record<string, unknown> = {}
      // A light question has no lazy keys of its own: its record's are those of the index it came from.
      const lightRecord = recordOf(question)
      const lazy: string[] = lightRecord ? [...lightRecord.lazy] : []
      for (const key of Object.keys(question)) {
        if (!LAZY_FIELDS.has(key)) light[key] = question[key]
        else if (!lightRecord) lazy.push(key)
      }
      // `file` (the last light field) is the entry's own path: stored once, not twice.
      if (light['file'] === file.rel && Object.keys(light).at(-1) === 'file') delete light['file']
      const signature = lazy.join(',')
      let keys = this.lazyIndex.get(signature)
      if (keys === undefined) {
        keys = this.lazy.push(lazy) - 1
        this.lazyIndex.set(signature, keys)
      }
      const state = question[STATE] as LazyState | undefined
      const record = state ?? lightRecord
      const at = this.position
      // A question from an older index has its record copied as it is; any other is written out.
      const copy = record !== undefined && record.offset >= 0
      // Drawn now, from the whole question, unless an older index has it already (copied, never read).
      const solved = solvedForms.get(question) ?? (copy ? undefined : solvedFormOf(question as unknown as Question))
      this.put(copy ? readAt(record.source.fd, record.offset, record.length) : JSON.stringify(lazy.map((key) => question[key])))
      Object.assign(entry, { question: light, keys, at, length: this.position - at }, solved ? { solved } : {})
      const json = asciiJson(entry)
      this.putEntry(json, file)
      // A question from an older index keeps reading from it; a parsed one now reads from this one.
      if (copy) return file
      // Its light fields from the JSON too: strings cut from a file's text would keep all of that text in memory.
      const written = JSON.parse(json) as LightFile
      const fresh = written.question!
      if (!('file' in fresh)) fresh['file'] = file.rel
      if (this.textsUnread) return { ...file, question: fresh as unknown as Question }
      // The solved form from the JSON too, for the same reason (its code is cut from the file's text);
      // makeLazy below keeps the same object.
      if (written.solved) solvedForms.set(fresh, written.solved)
      this.flush()
      this.handedOut = true
      const here: LazyState = { source: this.source, lazy: this.lazy[keys]!, offset: at, length: this.position - at, rel: file.rel }
      if (!this.lightOnly) return { ...file, question: makeLazy(fresh, here.lazy, here) }
      lightRecords.set(fresh, here)
      return { ...file, question: fresh as unknown as Question }
    } catch {
      this.failed = true
      return file
    }
  }

  /**
   * Writes the rest of the index and puts it in place. The listing's folder times are kept when
   * it was plain, every file it listed has an entry here, and no folder changed a moment ago (see
   * RACY_MS: a second change within the same tick would not change its time); then the table and
   * the bank's `list --json` rows are written too, since an unchanged bank can be known from them.
   */
  finish(
    build: string,
    dir: string,
    manifest: CachedManifest,
    listed?: { listing: { dirs: [string, number][]; plain?: boolean } | undefined; files: number },
    bank?: { questions: readonly LightQuestion[]; skipped: number },
  ): void {
    try {
      if (this.failed) throw new Error('index not written')
      const dirs = listed?.listing?.dirs
      const keepListing = listed?.listing !== undefined && dirs !== undefined && listed.listing.plain !== false && listed.files === this.count && settled(dirs, this.now)
      const rowsAt = this.position
      if (keepListing && bank) bank.questions.forEach((q, i) => this.put(`${i > 0 ? ',' : ''}${JSON.stringify(listRow(q))}`))
      const tableAt = this.position
      if (keepListing && bank) {
        const table: Table = { format: CACHE_FORMAT, build, dir, manifest: manifest.stamp, listing: { dirs }, ...this.stamps, count: bank.questions.length, skipped: bank.skipped }
        this.put(asciiJson(table))
      }
      // The Light document, its files written one by one from their JSON.
      const start = this.position
      const head: Omit<Light, 'files'> = { format: CACHE_FORMAT, build, dir, manifest, lazy: this.lazy, ...(keepListing ? { listing: { dirs } } : {}) }
      this.put(`${asciiJson(head).slice(0, -1)},"files":[`)
      this.putSpilled()
      this.put(this.light.subarray(0, this.lightUsed))
      this.put(']}')
      const part = (at: number, end: number): string => `${String(at).padStart(15)} ${String(end - at).padStart(15)}`
      this.put(`${part(start, this.position)} ${part(rowsAt, tableAt)} ${part(tableAt, start)}\n`)
      this.flush()
      // NOTE: no fsync: after a crash a torn index fails its trailer check and is rebuilt.
      renameSync(this.tmp, this.path)
      pruneIndexes(dirname(this.path), this.now)
    } catch {
      rmSync(this.tmp, { force: true })
    } finally {
      if (this.lightFd !== undefined) closeSync(this.lightFd)
      if (this.lightTmp !== undefined) rmSync(this.lightTmp, { force: true })
      // The file stays open while questions may read from it (even once renamed, or removed).
      if (this.handedOut) closer.register(this.source, this.fd)
      else closeSync(this.fd)
    }
  }

  /** Adds one file's light entry (ASCII JSON). */
  private putEntry(json: string, file: CachedFile): void {
    this.stamps.files.push(file.rel)
    this.stamps.sizes.push(file.size)
    this.stamps.mtimes.push(file.mtimeMs)
    const bytes = json.length + (this.count > 0 ? 1 : 0)
    if (this.lightUsed + bytes > this.light.length) this.spill()
    if (this.count > 0) this.light[this.lightUsed++] = 0x2c // ,
    if (bytes > this.light.length) {
      this.spill()
      writeAll(this.lightFile(), Buffer.from(json, 'latin1'))
      this.lightSpilled += json.length
    } else this.lightUsed += this.light.write(json, this.lightUsed, 'latin1')
    this.count++
  }

  /** The temporary file light entries go to once they outgrow memory; created on first use, like the index's own. */
  private lightFile(): number {
    if (this.lightFd === undefined) {
      this.lightTmp = `${this.path}.${randomTag()}.tmp`
      this.lightFd = openSync(this.lightTmp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
    }
    return this.lightFd
  }

  private spill(): void {
    if (this.lightUsed === 0) return
    writeAll(this.lightFile(), this.light.subarray(0, this.lightUsed))
    this.lightSpilled += this.lightUsed
    this.lightUsed = 0
  }

  /** Copies the light entries spilled to the temporary file into the index, in order. */
  private putSpilled(): void {
    if (this.lightFd === undefined) return
    this.flush()
    for (let at = 0; at < this.lightSpilled;) {
      const n = readSync(this.lightFd, this.buffer, 0, Math.min(this.buffer.length, this.lightSpilled - at), at)
      if (n === 0) throw new Error('light entries ended early')
      writeAll(this.fd, this.buffer.subarray(0, n))
      this.position += n
      at += n
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
// What any such escape starts with, found without the look-behind: most index text has none.
const MAYBE_ESCAPED_CONTROL = /\\(?:[bfr]|u00[0189]|u007[fF])/
const escapedControl = (json: string): boolean => MAYBE_ESCAPED_CONTROL.test(json) && ESCAPED_CONTROL.test(json)

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
export function writeIndex(cache: string, index: BankIndex, now = Date.now(), lightBuffer?: number): void {
  const writer = IndexWriter.open(cache, index.dir, index.manifest.stamp, { now, ...(lightBuffer === undefined ? {} : { lightBuffer }) })
  if (!writer) return
  for (const file of index.files) writer.add(file)
  writer.finish(index.build, index.dir, index.manifest, { listing: index.listing, files: index.files.length })
}

/** JSON with every non-ASCII character escaped (\uXXXX): still the same JSON, but one byte per character. */
function asciiJson(value: unknown): string {
  const json = JSON.stringify(value)
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007e]*$/.test(json)) return json
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function writeAll(fd: number, buffer: Buffer): void {
  for (let done = 0; done < buffer.length;) done += writeSync(fd, buffer, done, buffer.length - done)
}
