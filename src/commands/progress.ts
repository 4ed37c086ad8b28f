// `progress path|export|import|reset`: where progress lives, and moving it around safely.
import { copyFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { splitList } from '../core/filter.ts'
import { ExportFormatError, makeExport, MAX_EXPORT_BYTES, mergeProgress, pruneProgress, readExport, type PruneScope } from '../core/merge.ts'
import type { ProgressData } from '../core/progress.ts'
import { stripControl } from '../core/sanitize.ts'
import { plainTerminal } from '../core/terminal.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary } from '../io/library.ts'
import { readRegularFile, UnsafeFileError, unreadableReason } from '../io/safe-file.ts'
import { backupPath, openStore, writeFileComplete } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { plural, type BankOptions } from './common.ts'

const count = (data: ProgressData) => {
  const entries = Object.values(data.banks).flatMap((questions) => Object.values(questions))
  return { questions: entries.length, answers: entries.reduce((n, p) => n + p.history.length, 0) }
}

const reason = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message

/** Prints the file progress is kept in. */
export async function progressPath(runtime: Runtime): Promise<void> {
  runtime.out(openStore(runtime).path)
}

/** Writes all progress as a versioned export, to `file` or to stdout. */
export async function exportProgress(file: string | undefined, runtime: Runtime): Promise<void> {
  if (file === '') throw new UsageError('progress export needs a file name (or none, or "-", for stdout).')
  const store = openStore(runtime)
  const target = file === undefined || file === '-' ? undefined : resolve(runtime.cwd, file)
  if (target !== undefined) for (const storeFile of store.files) refuseStoreFiles(target, storeFile, file!)
  const data = store.read()
  const text = `${JSON.stringify(makeExport(data, runtime.now()), null, 2)}\n`
  if (target === undefined) {
    runtime.out(text)
    return
  }
  try {
    // Complete or not at all, and never into a FIFO or device (a new file is renamed into place).
    const existing = statIfAny(target)
    if (existing && !existing.isFile()) throw new UnsafeFileError('ENOTREG', `it ${kindOf(existing)}, not a regular file; choose a file name`)
    writeFileComplete(target, Buffer.from(text), undefined, 0o644)
  } catch (error) {
    const why = error instanceof UnsafeFileError ? error.message : writeReason(error)
    throw new DrillError(`Cannot write ${file}: ${why}. Your progress is unchanged.`, { cause: error })
  }
  const { questions, answers } = count(data)
  runtime.out(`Exported ${plural(questions, 'question')} (${plural(answers, 'answer')}) to ${file}.`)
}

const kindOf = (s: Stats) => (s.isDirectory() ? 'is a folder' : s.isFIFO() ? 'is a FIFO (named pipe)' : s.isCharacterDevice() ? 'is a device' : 'is not a file')

/** Why an export could not be written, in words, with the code. */
function writeReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'its folder is on a read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its path is not a folder',
  }
  return code && words[code] ? `${words[code]} (${code})` : reason(error)
}

const statIfAny = (path: string) => {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** An export must never replace the live progress file (or anything that resolves to it, or its lock). */
function refuseStoreFiles(target: string, storePath: string, shown: string): void {
  const real = (p: string) => {
    try {
      return realpathSync(p)
    } catch {
      // Not there yet: its folder's real path, then the name.
      try {
        return join(realpathSync(dirname(p)), basename(p))
      } catch {
        return p
      }
    }
  }
  const a = statIfAny(target)
  const b = statIfAny(storePath)
  const same = (a && b && a.dev === b.dev && a.ino === b.ino) || real(target) === real(storePath) || real(target).startsWith(`${real(storePath)}.lock`)
  if (same) {
    throw new UsageError(`Refusing to export to ${shown}: it is your live progress file (${storePath}). Choose another file name.`)
  }
}

/** Reads stdin up to `limit` bytes (a pipe, a file or a terminal), refusing more. */
function readStdin(limit: number): Buffer {
  const chunks: Buffer[] = []
  let total = 0
  const chunk = Buffer.alloc(64 * 1024)
  for (;;) {
    let n: number
    try {
      n = readSync(0, chunk, 0, chunk.length, null)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue
      if ((error as NodeJS.ErrnoException).code === 'EOF') break
      throw error
    }
    if (n === 0) break
    total += n
    if (total > limit) throw new UnsafeFileError('E2BIG', `is over ${limit / 1024 / 1024} MiB; larger exports are refused`)
    chunks.push(Buffer.from(chunk.subarray(0, n)))
  }
  return Buffer.concat(chunks)
}

/** Merges an export into the current progress; a file that is not a valid export changes nothing. */
export async function importProgress(file: string, runtime: Runtime): Promise<void> {
  if (file === '') throw new UsageError('progress import needs the file written by `progress export` ("-" for stdin).')
  let text: string
  try {
    const bytes = file === '-' ? readStdin(MAX_EXPORT_BYTES) : readRegularFile(resolve(runtime.cwd, file), MAX_EXPORT_BYTES)
    text = bytes.toString('utf8')
  } catch (error) {
    throw new DrillError(`Cannot read ${file}: it ${unreadableReason(error)}. Nothing was changed.`, { cause: error })
  }
  let incoming: ProgressData
  let notes: string[]
  try {
    ;({ data: incoming, notes } = readExport(text, runtime.now()))
  } catch (error) {
    if (!(error instanceof ExportFormatError)) throw error
    throw new DrillError(`${file} is not a valid django-drill progress export: ${stripControl(error.message)}.\nNothing was changed.`, { cause: error })
  }
  for (const note of notes) runtime.err(`Note: ${file}: ${note}`)
  const store = openStore(runtime)
  // Checked first so that importing the same file again does not even rewrite the store.
  const preview = mergeProgress(store.read(), incoming).report
  if (!preview.changed) {
    runtime.out(`Nothing new in ${file}; your progress is unchanged (${plural(preview.duplicates, 'answer')} already there).`)
    return
  }
  const report = store.update((data) => {
    const merged = mergeProgress(data, incoming)
    data.banks = merged.data.banks
    if (merged.data.plans) data.plans = merged.data.plans
    return merged.report
  })
  runtime.out(
    `Merged ${file}: ${plural(report.newQuestions, 'new question')}, ${plural(report.answers, 'answer')} added ` +
      `(${report.duplicates} already there), ${plural(report.schedules, 'schedule')} updated, ${plural(report.flags, 'flag')} added.`,
  )
}

export interface ResetOptions extends BankOptions {
  yes?: boolean
  /** Bank id (as in bank.yml) to limit the reset to. */
  onlyBank?: string
  topic?: string[]
}

/** Copies the store next to itself as a dated backup and returns the copy's path. */
export function copyBackup(path: string, kind: string, now: Date): string {
  const target = backupPath(path, kind, now)
  copyFileSync(path, target)
  return target
}

/** Deletes progress (all, one bank's or some topics'), after a confirmation and a backup. */
export async function resetProgress(options: ResetOptions, runtime: Runtime): Promise<void> {
  const store = openStore(runtime)
  const current = store.read()
  const scope: PruneScope = {}
  let topicOf: (bank: string, id: string) => string | undefined = () => undefined

  if (options.onlyBank !== undefined) {
    if (!Object.hasOwn(current.banks, options.onlyBank)) {
      const banks = Object.keys(current.banks)
      const known = banks.length ? `Banks with progress: ${banks.map(stripControl).join(', ')}.` : 'There is no progress yet.'
      throw new UsageError(`No progress for bank "${stripControl(options.onlyBank)}". ${known}`)
    }
    scope.bank = options.onlyBank
  }
  const topics = splitList(options.topic)
  if (topics.length > 0) {
    // The bank knows the topic of questions the store has none for (flagged but never answered).
    const library = openLibrary(runtime, options.bank)
    const topicById = new Map(library.questions.map((q) => [`${q.bank}\u0000${q.id}`, q.topic]))
    topicOf = (bank, id) => topicById.get(`${bank}\u0000${id}`)
    const stored = Object.values(current.banks).flatMap((qs) => Object.values(qs).flatMap((p) => (p.topic ? [p.topic] : [])))
    const valid = [...new Set([...library.topics.map((t) => t.id), ...stored])]
    const bad = topics.filter((t) => !valid.includes(t))
    if (bad.length > 0) throw new UsageError(`Unknown topic ${bad.map((b) => `"${stripControl(b)}"`).join(', ')}. Valid values: ${valid.map(stripControl).join(', ')}`)
    scope.topics = topics
  }

  const where = [...(scope.bank ? [`bank ${stripControl(scope.bank)}`] : []), ...(scope.topics ? [`topic ${scope.topics.join(', ')}`] : [])]
  const within = where.length ? ` in ${where.join(', ')}` : ''
  const preview = pruneProgress(current, scope, topicOf)
  if (preview.questions === 0) {
    runtime.out(`Nothing to reset${within}.`)
    return
  }
  const what = `${plural(preview.questions, 'question')} (${plural(preview.answers, 'answer')})${within}`
  if (!options.yes) {
    if (!runtime.stdinIsTTY) {
      throw new UsageError(`Refusing to reset the progress of ${what} without confirmation: stdin is not a terminal. Re-run with --yes.`)
    }
    const message = `Reset the progress of ${what}? A backup is written first.`
    // A terminal that cannot move the cursor (TERM=dumb) is asked a line, as sessions do.
    const ok = plainTerminal(runtime.env, process.platform)
      ? await (await import('../io/line-prompts.ts')).confirmLine(message, false, (await import('./session-ui.ts')).plainIo())
      : await (await import('@inquirer/confirm')).default({ message, default: false })
    if (!ok) {
      runtime.out('Nothing changed.')
      return
    }
  }
  const done = store.update((data) => {
    // Under the store's lock, so the backup is exactly what the reset replaces.
    const backup = store.backup(data, 'reset')
    const pruned = pruneProgress(data, scope, topicOf)
    data.banks = pruned.data.banks
    return { ...pruned, backup }
  })
  runtime.out(`Reset the progress of ${plural(done.questions, 'question')} (${plural(done.answers, 'answer')})${within}. Settings were kept.`)
  runtime.out(`Backup: ${done.backup}`)
}
