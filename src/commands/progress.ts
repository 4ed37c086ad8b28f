// `progress path|export|import|reset`: where progress lives, and moving it around safely.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { splitList } from '../core/filter.ts'
import { ExportFormatError, makeExport, mergeProgress, parseExport, pruneProgress, type PruneScope } from '../core/merge.ts'
import type { ProgressData } from '../core/progress.ts'
import { stripControl } from '../core/sanitize.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary } from '../io/library.ts'
import { backupPath, openStore } from '../io/store.ts'
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
  const data = openStore(runtime).read()
  const text = `${JSON.stringify(makeExport(data, runtime.now()), null, 2)}\n`
  if (file === undefined || file === '-') {
    runtime.out(text)
    return
  }
  try {
    writeFileSync(resolve(runtime.cwd, file), text)
  } catch (error) {
    throw new DrillError(`Cannot write ${file} (${reason(error)}).`, { cause: error })
  }
  const { questions, answers } = count(data)
  runtime.out(`Exported ${plural(questions, 'question')} (${plural(answers, 'answer')}) to ${file}.`)
}

/** Merges an export into the current progress; a file that is not a valid export changes nothing. */
export async function importProgress(file: string, runtime: Runtime): Promise<void> {
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : resolve(runtime.cwd, file), 'utf8')
  } catch (error) {
    throw new DrillError(`Cannot read ${file} (${reason(error)}). Nothing was changed.`, { cause: error })
  }
  let incoming: ProgressData
  try {
    incoming = parseExport(text)
  } catch (error) {
    if (!(error instanceof ExportFormatError)) throw error
    throw new DrillError(`${file} is not a valid django-drill progress export: ${stripControl(error.message)}.\nNothing was changed.`, { cause: error })
  }
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
    const { confirm } = await import('@inquirer/prompts')
    const ok = await confirm({ message: `Reset the progress of ${what}? A backup is written first.`, default: false })
    if (!ok) {
      runtime.out('Nothing changed.')
      return
    }
  }
  const done = store.update((data) => {
    // Under the store's lock, so the backup is exactly what the reset replaces.
    const backup = copyBackup(store.path, 'reset', runtime.now())
    const pruned = pruneProgress(data, scope, topicOf)
    data.banks = pruned.data.banks
    return { ...pruned, backup }
  })
  runtime.out(`Reset the progress of ${plural(done.questions, 'question')} (${plural(done.answers, 'answer')})${within}. Settings were kept.`)
  runtime.out(`Backup: ${done.backup}`)
}
