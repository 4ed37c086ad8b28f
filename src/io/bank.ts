// Reads bank folders from disk and hands the text to the pure parser.
import { readdirSync, readFileSync, realpathSync, statSync, lstatSync, type Stats } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { MAX_FILE_BYTES, parseManifest, parseQuestion } from '../core/parse.ts'
import { stripControl } from '../core/sanitize.ts'
import type { Bank, BankManifest, Problem, Question } from '../core/types.ts'

const IGNORED_FILES = new Set(['readme.md', 'changelog.md', 'license.md', 'contributing.md'])
const IGNORED_DIRS = new Set(['node_modules'])
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
  const walk = (current: string): void => {
    let real: string
    try {
      real = realpathSync(current)
    } catch {
      return
    }
    if (seenDirs.has(real)) return
    seenDirs.add(real)
    let entries: string[]
    try {
      entries = readdirSync(current).sort()
    } catch (error) {
      problems.push({ file: displayPath(root, current), field: 'folder', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, severity: 'error' })
      return
    }
    for (const name of entries) {
      if (name.startsWith('.')) continue
      const path = join(current, name)
      let stats: Stats
      try {
        stats = lstatSync(path)
        if (stats.isSymbolicLink()) stats = statSync(path)
      } catch {
        problems.push({ file: displayPath(root, path), field: 'file', reason: 'is a broken symbolic link', severity: 'warning' })
        continue
      }
      if (stats.isDirectory()) {
        if (!IGNORED_DIRS.has(name)) walk(path)
      } else if (stats.isFile() && name.toLowerCase().endsWith('.md') && !IGNORED_FILES.has(name.toLowerCase())) {
        files.push({ path, rel: displayPath(root, path), size: stats.size, mtimeMs: stats.mtimeMs })
      }
    }
  }
  walk(root)
  return files
}

const displayPath = (root: string, path: string): string => stripControl(relative(root, path).split('\\').join('/') || basename(path))

/** Reads a file as UTF-8 text, or explains why it cannot be used. */
export function readBankFile(file: { path: string; size: number }): { text: string } | { reason: string } {
  if (file.size > MAX_FILE_BYTES) return { reason: `is ${Math.ceil(file.size / 1024)} KiB; files over ${MAX_FILE_BYTES / 1024} KiB are refused` }
  let buffer: Buffer
  try {
    buffer = readFileSync(file.path)
  } catch (error) {
    return { reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  if (buffer.length > MAX_FILE_BYTES) return { reason: `is over ${MAX_FILE_BYTES / 1024} KiB` }
  try {
    return { text: utf8.decode(buffer) }
  } catch {
    return { reason: 'is not valid UTF-8 text' }
  }
}

export function readManifest(dir: string, problems: Problem[]): BankManifest {
  const root = resolve(dir)
  const fallback: BankManifest = { id: basename(root).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'bank', title: basename(root), topics: [] }
  const path = join(root, 'bank.yml')
  let size: number
  try {
    size = statSync(path).size
  } catch {
    problems.push({ file: 'bank.yml', field: 'bank.yml', reason: 'is missing: a bank needs a bank.yml listing its id and topics', severity: 'error' })
    return fallback
  }
  const read = readBankFile({ path, size })
  if ('reason' in read) {
    problems.push({ file: 'bank.yml', field: 'bank.yml', reason: read.reason, severity: 'error' })
    return fallback
  }
  const result = parseManifest(read.text, 'bank.yml')
  problems.push(...result.problems)
  return result.manifest ?? fallback
}

/** Checks that need the whole bank: duplicate ids and dangling `related` links. */
export function crossCheck(questions: Question[], lines: (q: Question, field: string) => number | undefined): Problem[] {
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
      if (!byId.has(rel)) problems.push({ file: q.file, ...lineOf(lines(q, 'related')), field: 'related', reason: `"${rel}" is not a question id in this bank`, severity: 'warning' })
    }
  }
  return problems
}

const lineOf = (line: number | undefined) => (line === undefined ? {} : { line })

export interface LoadOptions {
  /** Called after each file, for progress on large banks. */
  onFile?: (done: number, total: number) => void
}

/** Loads one bank folder. Never throws because of the bank's content. */
export function loadBank(dir: string, options: LoadOptions = {}): Bank {
  const root = resolve(dir)
  const problems: Problem[] = []
  const manifest = readManifest(root, problems)
  const topics = manifest.topics.length > 0 ? new Set(manifest.topics.map((t) => t.id)) : undefined
  const files = listBankFiles(root, problems)
  const questions: Question[] = []
  const idLines = new Map<Question, number>()
  const badFiles = new Set<string>()
  files.forEach((file, index) => {
    const read = readBankFile(file)
    if ('reason' in read) {
      problems.push({ file: file.rel, field: 'file', reason: read.reason, severity: 'error' })
      badFiles.add(file.rel)
    } else {
      const result = parseQuestion(read.text, file.rel, topics ? { bank: manifest.id, topics } : { bank: manifest.id })
      problems.push(...result.problems)
      if (result.question) {
        questions.push(result.question)
        const line = findLine(read.text, 'id')
        if (line !== undefined) idLines.set(result.question, line)
      } else badFiles.add(file.rel)
    }
    options.onFile?.(index + 1, files.length)
  })
  const cross = crossCheck(questions, (q, field) => (field === 'id' ? idLines.get(q) : undefined))
  problems.push(...cross)
  // The second file with a taken id is left out; the first one stays.
  const dupFiles = new Set(cross.filter((p) => p.field === 'id' && p.severity === 'error').map((p) => p.file))
  for (const f of dupFiles) badFiles.add(f)
  const kept = questions.filter((q) => !dupFiles.has(q.file))
  if (!topics) {
    // Without a usable manifest, list the topics the questions use, in order of appearance.
    for (const q of kept) if (!manifest.topics.some((t) => t.id === q.topic)) manifest.topics.push({ id: q.topic, title: q.topic })
  }
  return { manifest, dir: root, questions: kept, problems, skipped: badFiles.size }
}

function findLine(text: string, field: string): number | undefined {
  const lines = text.split('\n')
  for (let i = 1; i < lines.length && lines[i] !== '---'; i++) {
    if (lines[i]!.startsWith(`${field}:`)) return i + 1
  }
  return undefined
}
