import { existsSync, writeFileSync } from 'node:fs'
import { extname, relative, resolve } from 'node:path'
import { buildCheatsheet, CHEATSHEET_FORMATS, keepWeak, renderCheatsheet, type CheatsheetFormat } from '../core/cheatsheet.ts'
import { readsTexts, type FilterInput } from '../core/filter.ts'
import { kindOf } from '../core/kinds/index.ts'
import { makeStyle } from '../core/style.ts'
import type { LightQuestion, Question } from '../core/types.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openLibrary, solvedInIndex, withTexts } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { plural, printPaged, selectQuestions, type BankOptions } from './common.ts'

export interface CheatsheetOptions extends FilterInput, BankOptions {
  /** terminal, md or html; by default terminal on a terminal, else md (or from the --output extension). */
  format?: string
  /** Write to this file instead of stdout. */
  output?: string
  /** Add key points, short code and references. */
  detail?: boolean
  /** Only the questions missed most: true for the default count, or a count as typed. */
  weak?: boolean | string
  /** false with --no-pager */
  pager?: boolean
}

export const WEAK_DEFAULT = 20

const FORMAT_ALIASES: Record<string, CheatsheetFormat> = { markdown: 'md', htm: 'html', text: 'terminal', txt: 'terminal' }

const EXTENSION_FORMATS: Record<string, CheatsheetFormat> = { html: 'html', htm: 'html', md: 'md', markdown: 'md', txt: 'terminal' }
/** Formats people reach for that the tool does not write: the sheet is printed from its HTML instead. */
const PRINT_ONLY = new Set(['pdf', 'docx', 'doc', 'odt', 'rtf', 'ps', 'epub'])

/**
 * The format asked for, else one guessed from the output file's extension,
 * else by whether stdout is a terminal. An extension the tool cannot write
 * (.pdf, .docx) and a --format that contradicts the extension are usage errors.
 */
export function resolveFormat(format: string | undefined, output: string | undefined, stdoutIsTTY: boolean): CheatsheetFormat {
  const ext = output === undefined ? '' : extname(output).slice(1).toLowerCase()
  if (PRINT_ONLY.has(ext)) {
    throw new UsageError(`Cannot write a .${ext} file. Write HTML and print it from a browser (to paper or PDF): --output ${output!.slice(0, -ext.length)}html`)
  }
  const fromExt = EXTENSION_FORMATS[ext]
  if (format !== undefined) {
    const name = format.trim().toLowerCase()
    const known = (CHEATSHEET_FORMATS as readonly string[]).includes(name) ? (name as CheatsheetFormat) : FORMAT_ALIASES[name]
    if (!known) throw new UsageError(`Unknown format "${format}". Valid values: ${CHEATSHEET_FORMATS.join(', ')}`)
    if (fromExt !== undefined && fromExt !== known) {
      throw new UsageError(`--format ${format} does not match the file name ${output}: use a .${known === 'terminal' ? 'txt' : known} name, or drop --format`)
    }
    return known
  }
  if (output !== undefined) return fromExt ?? 'md'
  return stdoutIsTTY ? 'terminal' : 'md'
}

export function weakLimit(weak: true | string): number {
  if (weak === true) return WEAK_DEFAULT
  const n = Number(weak)
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--weak takes a number of questions, like --weak 15; got "${weak}"`)
  return n
}

/** The selected questions the learner misses most, from their stored progress (read only). */
export async function weakQuestions<Q extends LightQuestion>(questions: Q[], limit: number, runtime: Runtime): Promise<Q[]> {
  // conf is slow to import; only --weak pays for it.
  const [{ openStore }, { weakest }] = await Promise.all([import('../io/store.ts'), import('../core/progress.ts')])
  const store = openStore(runtime)
  const data = existsSync(store.path) ? store.read() : undefined
  const answered = data !== undefined && Object.values(data.banks).some((bank) => Object.values(bank).some((p) => p.history.length > 0))
  if (!data || !answered) {
    throw new DrillError('No progress yet: --weak keeps the questions you miss most, so answer some first with `django-drill quiz`.')
  }
  const selected = new Set(questions.map((q) => `${q.bank}\n${q.id}`))
  const weak = weakest(data, runtime.now(), limit, (bank, id) => selected.has(`${bank}\n${id}`))
  if (weak.length === 0) {
    throw new DrillError('Nothing to show: you currently miss none of the selected questions. Drop --weak, or widen the filters.')
  }
  return keepWeak(questions, weak)
}

export async function cheatsheet(options: CheatsheetOptions, runtime: Runtime): Promise<void> {
  const format = resolveFormat(options.format, options.output, runtime.stdoutIsTTY)
  // Without --detail (or a --search, which looks in the texts) a sheet shows light fields, and
  // the texts only of the questions whose kind draws a solved form: only those are read.
  const light = !options.detail && !readsTexts(options)
  const library = openLibrary(runtime, options.bank, { light })
  const selection = selectQuestions(options, library)
  const weak = options.weak !== undefined && options.weak !== false
  const chosen = weak ? await weakQuestions(selection.questions, weakLimit(options.weak as true | string), runtime) : selection.questions
  // The rest stay light: a sheet without --detail reads nothing else of them (a test renders both
  // ways). A solved form the bank index keeps is taken from it, and then no text is read at all.
  const questions = chosen.map((q) => (light && kindOf(q).solved === undefined ? q : withTexts(q))) as Question[]
  const manifests = library.banks.map((b) => b.manifest)
  const sheet = buildCheatsheet({
    title: manifests.map((m) => m.title).join(' + ') || 'Questions',
    questions,
    topics: library.topics,
    detail: Boolean(options.detail),
    ...(manifests.length === 1 && manifests[0]!.targets ? { targets: manifests[0]!.targets } : {}),
    filter: selection.filter,
    weak,
    date: runtime.calendar.dayOf(runtime.now().getTime()),
    solvedOf: solvedInIndex,
  })

  if (options.output === undefined) {
    await printPaged(runtime, renderCheatsheet(sheet, format, { width: runtime.width, style: runtime.style }), options)
    return
  }
  // A file gets plain text even in the terminal format: no colour codes in a saved sheet.
  const text = renderCheatsheet(sheet, format, { width: 80, style: makeStyle(0) })
  const path = resolve(runtime.cwd, options.output)
  try {
    writeFileSync(path, text)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'EROFS'
              ? 'the file system is read-only'
              : (code ?? (error as Error).message)
    throw new DrillError(`Cannot write the cheat sheet to ${path}: ${why}.`, { cause: error })
  }
  const shown = relative(runtime.cwd, path)
  const where = shown && !shown.startsWith('..') ? shown : path
  runtime.err(runtime.errStyle.green(`✔ Wrote the cheat sheet (${plural(questions.length, 'question')}, ${format}) to ${where}`))
}
