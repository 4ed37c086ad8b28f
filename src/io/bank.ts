// Reads bank folders from disk and hands the text to the pure parser.
import { readdirSync, realpathSync, statSync, lstatSync, type Stats } from 'node:fs'
import { basename, join, relative, resolve, sep } from 'node:path'
import { fieldLine, ID_PATTERN, MAX_FILE_BYTES, parseManifest, parseQuestion, type ParseContext } from '../core/parse.ts'
import { escapeTerminal, hasControlChars, hasInvisibleChars } from '../core/sanitize.ts'
import { DrillError } from '../errors.ts'
import { readStamped, unreadableReason } from './safe-file.ts'
import { markUnusualRun } from './unusual-run.ts'
import type { Bank, BankManifest, LightQuestion, Problem, Question, Track } from '../core/types.ts'
import { currentBuild, IndexWriter, readIndex, readListRows, sameStamp, settled, type BankIndex, type CachedFile, type CachedManifest, type Stamp } from './cache.ts'

const IGNORED_FILES = new Set(['readme.md', 'changelog.md', 'license.md', 'contributing.md'])
const IGNORED_DIRS = new Set(['node_modules'])
/** A bank folder is walked no deeper than this, and no more entries than this are looked at. */
export const MAX_BANK_DEPTH = 16
export const MAX_BANK_ENTRIES = 100_000
const utf8 = new TextDecoder('utf-8', { fatal: true })

export interface BankFile {
  /** Path relative to the bank folder, with forward slashes. */
  rel: string
  /**
   * Absolute path, only when `rel` is not the file's own (a name with control characters is
   * listed escaped); otherwise it is the bank folder joined with `rel` (see pathOf). Not kept for
   * every file: on 50,000 files the strings alone are megabytes.
   */
  path?: string
  /**
   * Its size and modification time when listed; absent from a listing without stamps (a bank
   * whose every file is read: the read gives them, from the descriptor it reads through).
   */
  size?: number
  mtimeMs?: number
}

/**
 * What a listing saw of its folders: each one's path (relative, '' for the bank folder) and
 * modification time, in the order walked; `plain` when it met no symbolic link and no problem.
 * A folder's time changes whenever an entry is added, removed or renamed in it, so while every
 * folder keeps its time the same files are there (see listFromIndex).
 */
export interface Listing {
  dirs: [rel: string, mtimeMs: number][]
  plain: boolean
}

/**
 * Lists the question files below `dir`: every `.md` file that is a regular
 * file, skipping dotfiles, README-like files and node_modules. Symlinks are
 * followed once; a loop is noticed by real path and not entered again.
 */
export function listBankFiles(dir: string, problems: Problem[] = [], listing: Listing = { dirs: [], plain: true }, options: { stamps?: boolean } = {}): BankFile[] {
  // Without stamps a regular file is known by its folder entry's type, with no stat of its own.
  const stamps = options.stamps ?? true
  const root = resolve(dir)
  const files: BankFile[] = []
  const seenDirs = new Set<string>()
  const problemsBefore = problems.length
  let entries = 0
  // NOTE: this runs on every load, cached or not (10,000 files take one stat
  // each), so paths are built by hand rather than with join/relative.
  const walk = (current: string, relDir: string, depth: number, mtimeMs: number): void => {
    if (depth > MAX_BANK_DEPTH) {
      throw new DrillError(`Bank folder ${root} has folders nested deeper than ${MAX_BANK_DEPTH} levels (${relDir}); point --bank at a question bank folder.`)
    }
    let real: string
    try {
      real = realpathSync(current)
    } catch {
      return
    }
    if (seenDirs.has(real)) return
    seenDirs.add(real)
    listing.dirs.push([relDir, mtimeMs])
    let names: string[]
    let types: Map<string, boolean> | undefined
    try {
      if (stamps) names = readdirSync(current).sort()
      else {
        const dirents = readdirSync(current, { withFileTypes: true })
        types = new Map(dirents.map((d) => [d.name, d.isFile()]))
        names = [...types.keys()].sort()
      }
    } catch (error) {
      problems.push({ file: displayPath(root, current), field: 'folder', reason: unreadableReason(error), severity: 'error' })
      return
    }
    entries += names.length
    if (entries > MAX_BANK_ENTRIES) {
      throw new DrillError(`Bank folder ${root} has more than ${MAX_BANK_ENTRIES.toLocaleString('en-US')} files and folders; point --bank at a question bank folder.`)
    }
    const prefix = current.endsWith(sep) ? current : current + sep
    for (const name of names) {
      if (name.startsWith('.')) continue
      const path = prefix + name
      const rel = relDir === '' ? name : `${relDir}/${name}`
      if (types?.get(name) === true) {
        if (!isQuestionFile(name)) continue
        const shown = cleanRel(rel)
        files.push(shown === rel ? { rel } : { rel: shown, path })
        continue
      }
      let stats: Stats
      let link = false
      try {
        stats = lstatSync(path)
        link = stats.isSymbolicLink()
        if (link) {
          listing.plain = false
          stats = statSync(path)
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const reason = link && code === 'ENOENT' ? 'is a broken symbolic link' : unreadableReason(error)
        problems.push({ file: cleanRel(rel), field: 'file', reason, severity: 'warning' })
        continue
      }
      if (stats.isDirectory()) {
        if (!IGNORED_DIRS.has(name)) walk(path, rel, depth + 1, link ? Number.NaN : stats.mtimeMs)
      } else if (stats.isFile() && isQuestionFile(name)) {
        const shown = cleanRel(rel)
        files.push(shown === rel ? { rel, size: stats.size, mtimeMs: stats.mtimeMs } : { rel: shown, size: stats.size, mtimeMs: stats.mtimeMs, path })
      } else if (isQuestionFile(name)) {
        const what = stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : stats.isSocket() ? 'a socket' : 'not a regular file'
        problems.push({ file: cleanRel(rel), field: 'file', reason: `is ${what}; only regular files are read`, severity: 'warning' })
      }
    }
  }
  let rootTime = Number.NaN
  try {
    const stats = lstatSync(root)
    if (stats.isDirectory()) rootTime = stats.mtimeMs
    else listing.plain = false
  } catch {
    listing.plain = false
  }
  walk(root, '', 0, rootTime)
  if (problems.length > problemsBefore) listing.plain = false
  return files
}

/**
 * The question files of a bank unchanged in shape since its index was written, or undefined
 * when that cannot be known: the index recorded a plain listing (no links, no problems) and
 * every folder still has the time it had. Then no folder is read again: each file of the index
 * is only looked at for its size and time, which step 2 of loadBank compares. A file that is
 * no longer a regular file changed its folder's time, and is not listed this way.
 */
export function listFromIndex(root: string, index: BankIndex): BankFile[] | undefined {
  const dirs = index.listing?.dirs
  if (!dirs || !foldersUnchanged(root, dirs)) return undefined
  const prefix = root.endsWith(sep) ? root : root + sep
  const files: BankFile[] = new Array(index.files.length)
  for (let i = 0; i < files.length; i++) {
    const rel = index.files[i]!.rel
    const path = prefix + rel
    const stats = lstatSync(path, { throwIfNoEntry: false })
    if (!stats?.isFile()) return undefined
    files[i] = { rel, size: stats.size, mtimeMs: stats.mtimeMs }
  }
  return files
}

/** Whether each folder of a recorded listing is still a folder with the time it had. */
function foldersUnchanged(root: string, dirs: readonly (readonly [string, number])[]): boolean {
  const prefix = root.endsWith(sep) ? root : root + sep
  for (const [rel, mtimeMs] of dirs) {
    const stats = lstatSync(rel === '' ? root : prefix + rel, { throwIfNoEntry: false })
    if (!stats?.isDirectory() || stats.mtimeMs !== mtimeMs) return false
  }
  return true
}

/** Where a listed file is. */
export const pathOf = (root: string, file: BankFile): string => file.path ?? join(root, file.rel)

const isQuestionFile = (name: string): boolean => {
  const lower = name.toLowerCase()
  return lower.endsWith('.md') && !IGNORED_FILES.has(lower)
}

const cleanRel = (rel: string): string => (hasControlChars(rel) || hasInvisibleChars(rel) ? escapeTerminal(rel) : rel)

const displayPath = (root: string, path: string): string => escapeTerminal(relative(root, path).split('\\').join('/') || basename(path))

/**
 * Reads a file as UTF-8 text, or explains why it cannot be used. Only a
 * regular file within MAX_FILE_BYTES is read, through one descriptor (a FIFO
 * or device swapped in after listing is refused, never waited on).
 */
export function readBankFile(file: { path: string; size?: number | undefined }): { text: string; size: number; mtimeMs: number } | { reason: string } {
  if (file.size !== undefined && file.size > MAX_FILE_BYTES) return { reason: `is ${Math.ceil(file.size / 1024)} KiB; files over ${MAX_FILE_BYTES / 1024} KiB are refused` }
  let read: ReturnType<typeof readStamped>
  try {
    read = readStamped(file.path, MAX_FILE_BYTES)
  } catch (error) {
    return { reason: unreadableReason(error) }
  }
  try {
    return { text: utf8.decode(read.bytes), size: read.size, mtimeMs: read.mtimeMs }
  } catch {
    return { reason: 'is not valid UTF-8 text' }
  }
}

export function readManifest(dir: string, problems: Problem[]): BankManifest {
  const root = resolve(dir)
  const fallback: BankManifest = {
    id:
      basename(root)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'bank',
    title: basename(root),
    topics: [],
  }
  const path = join(root, 'bank.yml')
  const read = readBankFile({ path })
  if ('reason' in read) {
    const reason = read.reason === 'does not exist' ? 'is missing: a bank needs a bank.yml listing its id and topics' : read.reason
    problems.push({ file: 'bank.yml', field: 'bank.yml', reason, severity: 'error' })
    return fallback
  }
  const result = parseManifest(read.text, 'bank.yml')
  problems.push(...result.problems)
  return result.manifest ?? fallback
}

/** Checks that need the whole bank: duplicate ids, dangling `related` and `follow_ups` links, track ids. */
export function crossCheck(questions: Question[], lines: (q: Question, field: string) => number | undefined, tracks: readonly Track[] = []): Problem[] {
  const problems: Problem[] = []
  const byId = new Map<string, Question>()
  for (const q of questions) {
    const first = byId.get(q.id)
    if (first) {
      problems.push({ file: q.file, ...lineOf(lines(q, 'id')), field: 'id', reason: `"${q.id}" is also the id of ${first.file}`, severity: 'error' })
    } else byId.set(q.id, q)
  }
  for (const q of questions) {
    for (const rel of q.related) {
      if (!byId.has(rel))
        problems.push({ file: q.file, ...lineOf(lines(q, 'related')), field: 'related', reason: `"${rel}" is not a question id in this bank`, severity: 'warning' })
    }
    // A follow-up shaped like an id names a question; anything else is a prompt asked aloud.
    for (const next of q.followUps ?? []) {
      if (ID_PATTERN.test(next) && !byId.has(next))
        problems.push({
          file: q.file,
          ...lineOf(lines(q, 'follow_ups')),
          field: 'follow_ups',
          reason: `"${next}" is not a question id in this bank (write a spoken follow-up as a sentence)`,
          severity: 'warning',
        })
    }
  }
  for (const track of tracks) {
    for (const id of track.ids ?? []) {
      if (!byId.has(id)) problems.push({ file: 'bank.yml', field: 'tracks', reason: `track "${track.id}": "${id}" is not a question id in this bank`, severity: 'warning' })
    }
  }
  return problems
}

const lineOf = (line: number | undefined) => (line === undefined ? {} : { line })

export interface LoadOptions {
  /** Light questions only (see LightQuestion in core/types.ts): what listing and filtering read. */
  light?: boolean
  /** With `light`: the run never reads a question's texts (see OpenOptions in library.ts). */
  textsUnread?: boolean
  /** Called after each file, for progress on large banks. */
  onFile?: (done: number, total: number) => void
  /**
   * Folder of the parsed-bank cache (see `cacheDir` in cache.ts). Without it
   * every file is read and parsed, as `validate` wants.
   */
  cacheDir?: string
}

/**
 * Loads one bank folder. Never throws because of the bank's content. The
 * steps, in order:
 *
 *   1. list the question files (each with its size and modification time
 *      when there is an index to match; otherwise the reads of step 3 give them);
 *   2. reuse the index entries whose file has exactly the recorded size and
 *      time (only with a cache folder, and only while bank.yml is unchanged);
 *   3. parse the other files;
 *   4. write a new index when anything differs from the old one;
 *   5. check across files (duplicate ids, links, tracks), order the bank,
 *      and finish the index with what `list --json` prints (see listedRows).
 */
export function loadBank(dir: string, options?: LoadOptions & { light?: false }): Bank
export function loadBank(dir: string, options: LoadOptions & { light: boolean }): Bank<LightQuestion>
export function loadBank(dir: string, options: LoadOptions = {}): Bank<LightQuestion> {
  const root = resolve(dir)
  const light = options.light ?? false
  const index = options.cacheDir ? readIndex(options.cacheDir, root, { recover: (rel) => reparse(root, rel), light }) : undefined
  const manifestStamp = stampOf(join(root, 'bank.yml'))
  const reusable = index && sameStamp(index.manifest.stamp, manifestStamp) ? index : undefined

  // 1. The files: those of the index when no folder changed since it was written, else the folder listed.
  const listProblems: Problem[] = []
  const listing: Listing = { dirs: [], plain: true }
  const known = reusable && listFromIndex(root, reusable)
  // Without an index to match, every file is read: the reads give each one's size and time.
  const files = known ?? listBankFiles(root, listProblems, listing, { stamps: reusable !== undefined })

  // 2. What the index still describes.
  const manifestEntry = reusable?.manifest ?? readManifestEntry(root, manifestStamp)
  const reused = reusable ? matchEntries(files, reusable.files) : []
  const hits = reused.reduce((n, entry) => (entry ? n + 1 : n), 0)
  // A plain listing the index lacks, or has with older folder times (a dotfile added, say), is recorded.
  const changed = !reusable || hits !== files.length || hits !== reusable.files.length || (!known && listing.plain && settled(listing.dirs))

  // 3 and 4. The rest is parsed; a new index is written as it goes, so that
  // parsed questions read their long texts back from it (they need not stay in memory).
  const context = parseContext(manifestEntry.manifest)
  const writer =
    changed && options.cacheDir
      ? IndexWriter.open(options.cacheDir, root, manifestEntry.stamp, { recover: (rel) => reparse(root, rel), light, textsUnread: options.textsUnread ?? false })
      : undefined
  const entries = files.map((file, i) => {
    let entry = reused[i]
    const parsed = entry ? undefined : parseFile(root, file, context)
    entry ??= parsed!.entry
    // A file that could not be read is never cached: it is tried again next time.
    if (writer && (!parsed || parsed.cacheable)) entry = writer.add(entry)
    options.onFile?.(i + 1, files.length)
    return entry
  })

  // 5. The whole bank; the index is finished with its `list --json` rows.
  const bank = assemble(root, manifestEntry, listProblems, entries)
  writer?.finish(currentBuild(), root, manifestEntry, { listing: known ? reusable.listing : listing, files: files.length }, bank)
  // Most of the bank parsed for want of an index: not a run whose compiled code the next runs want.
  if (options.cacheDir && files.length - hits > Math.max(10, files.length / 4)) markUnusualRun()
  return bank
}

/**
 * What `list --json` prints for the bank at `dir` (its rows, joined by commas) and how many files
 * it leaves out, copied from the bank's index when loadBank would find every file unchanged
 * since the index was written (the same checks: bank.yml, the folders' times, each file's size
 * and time); otherwise undefined, and the bank is loaded.
 */
export function listedRows(dir: string, cacheDir: string): { rows: string; count: number; skipped: number } | undefined {
  const root = resolve(dir)
  const cached = readListRows(cacheDir, root)
  if (!cached || cached.count === 0 || !sameStamp(cached.manifest, stampOf(join(root, 'bank.yml')))) return undefined
  // Steps 1 and 2 of loadBank at once: the folders as listed, and each file a regular file of the size and time recorded.
  if (!foldersUnchanged(root, cached.listing.dirs)) return undefined
  const prefix = root.endsWith(sep) ? root : root + sep
  const { files, sizes, mtimes } = cached
  for (let i = 0; i < files.length; i++) {
    const stats = lstatSync(prefix + files[i]!, { throwIfNoEntry: false })
    if (!stats?.isFile() || stats.size !== sizes[i] || stats.mtimeMs !== mtimes[i]) return undefined
  }
  return { rows: cached.rows.toString('utf8'), count: cached.count, skipped: cached.skipped }
}

/** bank.yml read and parsed, with the size and time it had. */
function readManifestEntry(root: string, stamp: Stamp): CachedManifest {
  const problems: Problem[] = []
  return { stamp, manifest: readManifest(root, problems), problems }
}

const parseContext = (manifest: BankManifest): ParseContext =>
  manifest.topics.length > 0 ? { bank: manifest.id, topics: new Set(manifest.topics.map((t) => t.id)) } : { bank: manifest.id }

/**
 * For each listed file, its index entry when the size and time match. Files
 * usually come in the index's own order: they are matched in step, and a map
 * is built only if the bank has changed shape since.
 */
function matchEntries(files: readonly BankFile[], cached: readonly CachedFile[]): (CachedFile | undefined)[] {
  let byRel: Map<string, CachedFile> | undefined
  return files.map((file, i) => {
    let hit = cached[i]
    if (hit?.rel !== file.rel) hit = (byRel ??= new Map(cached.map((f) => [f.rel, f]))).get(file.rel)
    return hit && hit.size === file.size && hit.mtimeMs === file.mtimeMs ? hit : undefined
  })
}

/** Size and modification time of a file, or null when it cannot be seen. */
function stampOf(path: string): Stamp {
  try {
    const s = statSync(path)
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return null
  }
}

/** Reads and parses one question file into an index entry; `cacheable` is false when it could not be read. */
function parseFile(root: string, file: BankFile, context: ParseContext): { entry: CachedFile; cacheable: boolean } {
  const read = readBankFile({ path: pathOf(root, file), size: file.size })
  if ('reason' in read) {
    const problems: Problem[] = [{ file: file.rel, field: 'file', reason: read.reason, severity: 'error' }]
    return { entry: { rel: file.rel, size: file.size ?? -1, mtimeMs: file.mtimeMs ?? Number.NaN, problems }, cacheable: false }
  }
  // The size and time of the file as read: what a later listing compares with (see matchEntries).
  const entry: CachedFile = { rel: file.rel, size: read.size, mtimeMs: read.mtimeMs, problems: [] }
  const result = parseQuestion(read.text, file.rel, context)
  entry.problems = result.problems
  if (result.question) entry.question = result.question
  return { entry, cacheable: true }
}

/**
 * A question parsed again from its file, for a cached question whose long
 * texts the index can no longer give; or why it cannot be.
 */
function reparse(root: string, rel: string): Question | string {
  const read = readBankFile({ path: join(root, rel) })
  if ('reason' in read) return read.reason
  const result = parseQuestion(read.text, rel, parseContext(readManifest(root, [])))
  if (result.question) return result.question
  const first = result.problems.find((p) => p.severity === 'error')
  return first ? `no longer parses (${first.line ? `line ${first.line}, ` : ''}${first.field}: ${first.reason})` : 'no longer parses'
}

/** The bank from its entries: problems gathered, checks across files run, a duplicate id's second file left out, questions in bank order. */
function assemble(root: string, manifestEntry: CachedManifest, listProblems: Problem[], entries: readonly CachedFile[]): Bank {
  const problems: Problem[] = [...manifestEntry.problems, ...listProblems]
  const questions: Question[] = []
  const badFiles = new Set<string>()
  for (const entry of entries) {
    if (entry.problems.length > 0) problems.push(...entry.problems)
    if (entry.question) questions.push(entry.question)
    else badFiles.add(entry.rel)
  }
  const manifest: BankManifest = { ...manifestEntry.manifest, topics: [...manifestEntry.manifest.topics] }
  // Lines are looked up in the file itself, only for the rare question with a problem across files.
  const lineIn = (q: Question, field: string): number | undefined => {
    const read = readBankFile({ path: join(root, q.file) })
    return 'text' in read ? fieldLine(read.text, field) : undefined
  }
  const cross = crossCheck(questions, lineIn, manifest.tracks)
  problems.push(...cross)
  // The second file with a taken id is left out; the first one stays.
  const dupFiles = new Set(cross.filter((p) => p.field === 'id' && p.severity === 'error').map((p) => p.file))
  for (const f of dupFiles) badFiles.add(f)
  const kept = dupFiles.size > 0 ? questions.filter((q) => !dupFiles.has(q.file)) : questions
  if (manifest.topics.length === 0) {
    // Without a usable manifest, list the topics the questions use, in order of appearance.
    for (const q of kept) if (!manifest.topics.some((t) => t.id === q.topic)) manifest.topics.push({ id: q.topic, title: q.topic })
  }
  // Bank order is the manifest's topic order, then file order within a topic.
  const byTopic = new Map<string, Question[]>(manifest.topics.map((t) => [t.id, []]))
  for (const q of kept) {
    const list = byTopic.get(q.topic)
    if (list) list.push(q)
    else byTopic.set(q.topic, [q])
  }
  const ordered = [...byTopic.values()].flat()
  return { manifest, dir: root, questions: ordered, problems, skipped: badFiles.size }
}
