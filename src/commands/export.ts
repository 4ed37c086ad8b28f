// `export anki`: the selected questions as a file Anki imports (File > Import).
import { writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { buildAnkiNotes, renderAnkiFile } from '../core/anki.ts'
import type { FilterInput } from '../core/filter.ts'
import { stripControl } from '../core/sanitize.ts'
import { DrillError } from '../errors.ts'
import { openLibrary } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { weakLimit, weakQuestions } from './cheatsheet.ts'
import { plural, selectQuestions, type BankOptions } from './common.ts'

export interface AnkiOptions extends FilterInput, BankOptions {
  /** The file to write; `-` for stdout. */
  output?: string
  /** Only the questions missed most: true for the default count, or a count as typed. */
  weak?: boolean | string
}

/** Where the file goes on a terminal when no -o is given (piped, it goes to stdout). */
export const ANKI_DEFAULT_FILE = 'django-drill-anki.txt'

const WRITE_ERRORS: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
}

const writeError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  return (code && WRITE_ERRORS[code]) ?? stripControl(code ?? (error as Error).message)
}

export async function exportAnki(options: AnkiOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank)
  const selection = selectQuestions(options, library)
  const weak = options.weak !== undefined && options.weak !== false
  const questions = weak ? await weakQuestions(selection.questions, weakLimit(options.weak as true | string), runtime) : selection.questions
  const notes = buildAnkiNotes(questions, library.topics)
  const text = renderAnkiFile(notes)
  const decks = new Set(notes.map((n) => n.deck)).size
  const what = `${plural(notes.length, 'note')} in ${plural(decks, 'deck')}`

  // Piped or `-o -`: the file is the output (and a terminal on stderr hears how many notes it holds).
  if (options.output === '-' || (options.output === undefined && !runtime.stdoutIsTTY)) {
    runtime.out(text)
    if (runtime.stderrIsTTY) runtime.err(runtime.errStyle.green(`✔ Wrote ${what} for Anki to stdout.`))
    return
  }
  const path = resolve(runtime.cwd, options.output ?? ANKI_DEFAULT_FILE)
  try {
    writeFileSync(path, text)
  } catch (error) {
    throw new DrillError(`Cannot write the Anki file to ${stripControl(path)}: ${writeError(error)}.`, { cause: error })
  }
  const shown = relative(runtime.cwd, path)
  const where = stripControl(shown && !shown.startsWith('..') ? shown : path)
  runtime.err(runtime.errStyle.green(`✔ Wrote ${what} to ${where}`))
  runtime.err('  In Anki: File > Import, then pick this file.')
}
