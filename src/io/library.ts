// The banks a command works on: the bundled one, or those named with --bank.
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { escapeTerminal } from '../core/sanitize.ts'
import { wrap } from '../core/text.ts'
import type { BankTrack } from '../core/tracks.ts'
import { DrillError, UsageError } from '../errors.ts'
import type { Bank, LightQuestion, Problem, Question, Topic } from '../core/types.ts'
import type { Runtime } from '../runtime.ts'
import { listedRows, loadBank } from './bank.ts'
import { cacheDir, cacheDirProblem } from './cache.ts'

/** A question of a light library with its texts too, and the solved form its index keeps (see cache.ts). */
export { solvedInIndex, withTexts } from './cache.ts'

export interface Library<Q extends LightQuestion = Question> {
  banks: Bank<Q>[]
  questions: Q[]
  /** Topics of every bank, in bank order then manifest order, without repeats. */
  topics: Topic[]
  /** Tracks of every bank, each with the bank that declares it. */
  tracks: BankTrack[]
  problems: (Problem & { dir: string })[]
  skipped: number
}

export function bankDirs(runtime: Runtime, banks: readonly string[] | undefined): string[] {
  // "bundled" names the bank shipped with django-drill, unless such a folder exists here.
  if (banks?.some((b) => b.trim() === '')) throw new UsageError('--bank needs a folder path, not an empty string.')
  const named = (b: string) => (b === 'bundled' && !existsSync(resolve(runtime.cwd, b)) ? runtime.bundledBank : resolve(runtime.cwd, b))
  const dirs = banks && banks.length > 0 ? [...new Set(banks.map(named))] : [runtime.bundledBank]
  for (const dir of dirs) {
    let isDir = false
    try {
      isDir = statSync(dir).isDirectory()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new DrillError(`Bank folder ${escapeTerminal(dir)} cannot be read (${code}).`)
    }
    if (!isDir) throw new UsageError(`Bank folder not found: ${escapeTerminal(dir)}`)
  }
  return dirs
}

export function combine<Q extends LightQuestion>(banks: Bank<Q>[]): Library<Q> {
  const topics: Topic[] = []
  for (const bank of banks) for (const t of bank.manifest.topics) if (!topics.some((x) => x.id === t.id)) topics.push(t)
  return {
    banks,
    questions: banks.flatMap((b) => b.questions),
    topics,
    tracks: banks.flatMap((b) => (b.manifest.tracks ?? []).map((t) => ({ ...t, bank: b.manifest.id }))),
    problems: banks.flatMap((b) => b.problems.map((p) => ({ ...p, dir: b.dir }))),
    skipped: banks.reduce((n, b) => n + b.skipped, 0),
  }
}

interface OpenOptions {
  /** Answers will be recorded: every bank needs a valid bank.yml (its id is where they are kept). */
  records?: boolean
  /** Light questions only (see LightQuestion): for commands that list, count or filter without reading texts. */
  light?: boolean
  /** With `light`: no question's texts are read in this run (withTexts is never called), so none are kept readable. */
  textsUnread?: boolean
}

/**
 * Loads the library for a command that reads questions. Invalid files are
 * left out with one line on stderr; `validate` shows the details.
 */
export function openLibrary(runtime: Runtime, banks: readonly string[] | undefined, options?: OpenOptions & { light?: false }): Library
export function openLibrary(runtime: Runtime, banks: readonly string[] | undefined, options: OpenOptions & { light: boolean }): Library<LightQuestion>
export function openLibrary(runtime: Runtime, banks: readonly string[] | undefined, options: OpenOptions = {}): Library<LightQuestion> {
  // Parsed banks are cached (checked against each file's size and time); `validate` reads everything itself.
  let cache = cacheDir(runtime.env)
  const unsafe = cache && cacheDirProblem(cache)
  if (unsafe) {
    runtime.err(runtime.errStyle.yellow(`Not using the bank cache: ${unsafe}. Remove it or set DJANGO_DRILL_CACHE to a private folder.`))
    cache = undefined
  }
  const light = options.light === true
  const library = combine(bankDirs(runtime, banks).map((dir) => loadBank(dir, { ...(cache ? { cacheDir: cache } : {}), light, textsUnread: options.textsUnread === true })))
  if (options.records) {
    // Progress is kept under the bank's id: without a valid bank.yml there is none to keep it under.
    for (const bank of library.banks) {
      const bad = bank.problems.find((p) => p.file === 'bank.yml' && p.severity === 'error')
      if (bad) {
        throw new DrillError(
          `${escapeTerminal(join(bank.dir, 'bank.yml'))}${bad.line ? `:${bad.line}` : ''}: ${bad.field === 'bank.yml' ? '' : `${bad.field}: `}${bad.reason}. Answers are recorded under the bank id it gives; fix it first (django-drill validate ${escapeTerminal(bank.dir)}).`,
        )
      }
    }
  }
  warnSkipped(runtime, library.skipped)
  return library
}

function warnSkipped(runtime: Runtime, n: number): void {
  if (n === 0) return
  const text = `Skipped ${n} invalid question file${n === 1 ? '' : 's'}; run \`django-drill validate\` for details.`
  runtime.err(
    wrap(text, runtime.errWidth ?? runtime.width)
      .map((line) => runtime.errStyle.yellow(line))
      .join('\n'),
  )
}

/**
 * What `list --json` prints for the whole library, as pieces of one JSON array, when every bank's
 * index shows it unchanged (see listedRows): copied, not loaded. Otherwise undefined, and
 * nothing is printed.
 */
export function listedLibrary(runtime: Runtime, banks: readonly string[] | undefined): string[] | undefined {
  const cache = cacheDir(runtime.env)
  if (!cache || cacheDirProblem(cache)) return undefined
  const listed = []
  for (const dir of bankDirs(runtime, banks)) {
    const bank = listedRows(dir, cache)
    if (!bank) return undefined
    listed.push(bank)
  }
  warnSkipped(
    runtime,
    listed.reduce((n, b) => n + b.skipped, 0),
  )
  return ['[', ...listed.flatMap((b, i) => (i > 0 ? [',', b.rows] : [b.rows])), ']']
}
