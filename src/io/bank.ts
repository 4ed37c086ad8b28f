// Reads bank folders from disk and hands the text to the pure parser.
import { readdirSync, realpathSync, statSync, lstatSync, type Stats } from 'node:fs'
import { basename, join, relative, resolve, sep } from 'node:path'
import { ID_PATTERN, MAX_FILE_BYTES, parseManifest, parseQuestion, type ParseContext } from '../core/parse.ts'
import { escapeTerminal, hasControlChars, hasInvisibleChars } from '../core/sanitize.ts'
import { DrillError } from '../errors.ts'
import { readRegularFile, unreadableReason } from './safe-file.ts'
import type { Bank, BankManifest, Problem, Question, Track } from '../core/types.ts'
import { currentBuild, IndexWriter, readIndex, sameStamp, type CachedFile, type CachedManifest, type Stamp } from './cache.ts'

const IGNORED_FILES = new Set(['readme.md', 'changelog.md', 'license.md', 'contributing.md'])
const IGNORED_DIRS = new Set(['node_modules'])
/** A bank folder is walked no deeper than this, and no more entries than this are looked at. */
export const MAX_BANK_DEPTH = 16
export const MAX_BANK_ENTRIES = 30_000
const utf8 = new TextDecoder('utf-8', { fatal: true })

export interface BankFile {
  /** Absolute path. */
  path: string
  /** Path relative to the bank folder, with forward slashes. */
  rel: string
  size: number
  mtimeMs: number
}

/**
 * Lists the question files below `dir`: every `.md` file that is a regular
 * file, skipping dotfiles, README-like files and node_modules. Symlinks are
 * followed once; a loop is noticed by real path and not entered again.
 */
export function listBankFiles(dir: string, problems: Problem[] = []): BankFile[] {
  const root = resolve(dir)
  const files: BankFile[] = []
  const seenDirs = new Set<string>()
  let entries = 0
  // NOTE: this runs on every load, cached or not (10,000 files take one stat
  // each), so paths are built by hand rather than with join/relative.
  const walk = (current: string, relDir: string, depth: number): void => {
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
    let names: string[]
    try {
      names = readdirSync(current).sort()
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
      let stats: Stats
      let link = false
      try {
        stats = lstatSync(path)
        link = stats.isSymbolicLink()
        if (link) stats = statSync(path)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const reason = link && code === 'ENOENT' ? 'is a broken symbolic link' : unreadableReason(error)
        problems.push({ file: cleanRel(rel), field: 'file', reason, severity: 'warning' })
        continue
      }
      if (stats.isDirectory()) {
        if (!IGNORED_DIRS.has(name)) walk(path, rel, depth + 1)
      } else if (stats.isFile() && isQuestionFile(name)) {
        files.push({ path, rel: cleanRel(rel), size: stats.size, mtimeMs: stats.mtimeMs })
      } else if (isQuestionFile(name)) {
        const what = stats.isFIFO() ? 'a FIFO (named pipe)' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : stats.isSocket() ? 'a socket' : 'not a regular file'
        problems.push({ file: cleanRel(rel), field: 'file', reason: `is ${what}; only regular files are read`, severity: 'warning' })
      }
    }
  }
  walk(root, '', 0)
  return files
}

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
export function readBankFile(file: { path: string; size?: number }): { text: string } | { reason: string } {
  if (file.size !== undefined && file.size > MAX_FILE_BYTES) return { reason: `is ${Math.ceil(file.size / 1024)} KiB; files over ${MAX_FILE_BYTES / 1024} KiB are refused` }
  let buffer: Buffer
  try {
    buffer = readRegularFile(file.path, MAX_FILE_BYTES)
  } catch (error) {
    return { reason: unreadableReason(error) }
  }
  try {
    return { text: utf8.decode(buffer) }
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
  /** Called after each file, for progress on large banks. */
  onFile?: (done: number, total: number) => void
  /**
   * Folder of the parsed-bank cache (see `cacheDir` in cache.ts). Without it
   * every file is read and parsed, as `validate` wants.
   */
  cacheDir?: string
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

/** Reads and parses one question file into a cache entry; read failures are never cached. */
function parseFile(file: BankFile, context: ParseContext): { entry: CachedFile; cacheable: boolean } {
  const entry: CachedFile = { rel: file.rel, size: file.size, mtimeMs: file.mtimeMs, problems: [] }
  const read = readBankFile(file)
  if ('reason' in read) {
    entry.problems = [{ file: file.rel, field: 'file', reason: read.reason, severity: 'error' }]
    return { entry, cacheable: false }
  }
  const result = parseQuestion(read.text, file.rel, context)
  entry.problems = result.problems
  if (result.question) {
    entry.question = result.question
    const idLine = findLine(read.text, 'id')
    if (idLine !== undefined) entry.idLine = idLine
  }
  return { entry, cacheable: true }
}

/**
 * Loads one bank folder. Never throws because of the bank's content. With a
 * cache folder, files whose size and modification time match the index are
 * taken from it and only the others are parsed; the checks across files
 * (duplicate ids, related links) run every time.
 */
export function loadBank(dir: string, options: LoadOptions = {}): Bank {
  const root = resolve(dir)
  const problems: Problem[] = []
  let context: ParseContext | undefined
  // Should a cached question's long fields become unreadable later, they come from its file again.
  const recover = (rel: string): Question | undefined => {
    const path = join(root, rel)
    const read = context && readBankFile({ path })
    return read && 'text' in read ? parseQuestion(read.text, rel, context!).question : undefined
  }
  // The folder is listed first: its many short-lived stat objects are then
  // collected before the index's long-lived data exists to be copied around.
  const listProblems: Problem[] = []
  const files = listBankFiles(root, listProblems)
  const previous = options.cacheDir ? readIndex(options.cacheDir, root, { recover }) : undefined
  const manifestStamp = stampOf(join(root, 'bank.yml'))
  const reusable = previous && sameStamp(previous.manifest.stamp, manifestStamp) ? previous : undefined
  let cachedManifest: CachedManifest
  if (reusable) cachedManifest = reusable.manifest
  else {
    const manifestProblems: Problem[] = []
    cachedManifest = { stamp: manifestStamp, manifest: readManifest(root, manifestProblems), problems: manifestProblems }
  }
  problems.push(...cachedManifest.problems)
  const manifest: BankManifest = { ...cachedManifest.manifest, topics: [...cachedManifest.manifest.topics] }
  const topics = manifest.topics.length > 0 ? new Set(manifest.topics.map((t) => t.id)) : undefined
  context = topics ? { bank: manifest.id, topics } : { bank: manifest.id }
  problems.push(...listProblems)
  // Files usually come in the index's own order: match them in step, and
  // build a map only if the bank has changed shape since.
  const cached = reusable?.files ?? []
  let known: Map<string, CachedFile> | undefined
  const lookup = (rel: string, index: number): CachedFile | undefined => {
    if (cached[index]?.rel === rel) return cached[index]
    if (!known) {
      known = new Map()
      for (const f of cached) known.set(f.rel, f)
    }
    return known.get(rel)
  }
  const entries: CachedFile[] = []
  const processed: CachedFile[] = []
  const questions: Question[] = []
  const badFiles = new Set<string>()
  // The index is written while the bank loads, from the first change on; a
  // first load writes it from the start.
  let writer: IndexWriter | undefined
  let changed = false
  const change = () => {
    if (changed || !options.cacheDir) return
    changed = true
    writer = IndexWriter.open(options.cacheDir, root, cachedManifest.stamp, { recover })
    for (const [i, entry] of entries.entries()) entries[i] = writer?.add(entry) ?? entry
  }
  if (!reusable) change()
  let hits = 0
  files.forEach((file, index) => {
    const hit = lookup(file.rel, index)
    let entry: CachedFile
    let cacheable = true
    if (hit && hit.size === file.size && hit.mtimeMs === file.mtimeMs) {
      entry = hit
      hits++
    } else {
      change()
      const parsed = parseFile(file, context)
      entry = parsed.entry
      cacheable = parsed.cacheable
    }
    if (cacheable) {
      if (writer) entry = writer.add(entry)
      entries.push(entry)
    }
    processed.push(entry)
    if (entry.problems.length > 0) problems.push(...entry.problems)
    if (entry.question) questions.push(entry.question)
    else badFiles.add(file.rel)
    options.onFile?.(index + 1, files.length)
  })
  // A file that was in the index and is gone.
  if (reusable && hits !== reusable.files.length) change()
  writer?.finish(currentBuild(), root, cachedManifest)
  // Lines are only wanted for duplicate ids: rare, so looked up on demand.
  let idLines: Map<string, number> | undefined
  const idLine = (q: Question): number | undefined => {
    idLines ??= new Map(processed.filter((e) => e.idLine !== undefined).map((e) => [e.rel, e.idLine!]))
    return idLines.get(q.file)
  }
  // Other fields' lines are looked up in the file itself, only for the rare file with a warning.
  const fieldLine = (q: Question, field: string): number | undefined => {
    const path = join(root, q.file)
    const read = readBankFile({ path, size: stampOf(path)?.size ?? 0 })
    return 'text' in read ? findLine(read.text.replace(/\r\n?/g, '\n'), field) : undefined
  }
  const cross = crossCheck(questions, (q, field) => (field === 'id' ? idLine(q) : fieldLine(q, field)), manifest.tracks)
  problems.push(...cross)
  // The second file with a taken id is left out; the first one stays.
  const dupFiles = new Set(cross.filter((p) => p.field === 'id' && p.severity === 'error').map((p) => p.file))
  for (const f of dupFiles) badFiles.add(f)
  const kept = dupFiles.size > 0 ? questions.filter((q) => !dupFiles.has(q.file)) : questions
  if (!topics) {
    // Without a usable manifest, list the topics the questions use, in order of appearance.
    for (const q of kept) if (!manifest.topics.some((t) => t.id === q.topic)) manifest.topics.push({ id: q.topic, title: q.topic })
  }
  // Bank order is the manifest's topic order, then file order within a topic.
  const rank = new Map(manifest.topics.map((t, i) => [t.id, i]))
  const ordered = kept
    .map((q, i) => ({ q, i }))
    .sort((a, b) => rank.get(a.q.topic)! - rank.get(b.q.topic)! || a.i - b.i)
    .map((x) => x.q)
  return { manifest, dir: root, questions: ordered, problems, skipped: badFiles.size }
}

function findLine(text: string, field: string): number | undefined {
  const lines = text.split('\n')
  for (let i = 1; i < lines.length && lines[i] !== '---'; i++) {
    if (lines[i]!.startsWith(`${field}:`)) return i + 1
  }
  return undefined
}
