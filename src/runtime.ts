// Everything a command needs from the outside world, in one injectable object.
import { clockFrom, localCalendar, type Calendar } from './core/calendar.ts'
import { escapeTerminal } from './core/sanitize.ts'
import { UsageError } from './errors.ts'
import { makeStyle, type Style } from './core/style.ts'
import { isTerminal, stderrStream, stdoutStream, writeErrText, writeOut } from './io/stdio.ts'

export interface Runtime {
  out: (text: string) => void
  /**
   * Writes one output made of pieces, as `out` would write them joined: a large `--json` is never
   * held whole (the 50,000-question list is 16 MB of text). Absent: the pieces are joined for `out`.
   */
  outPieces?: (pieces: Iterable<string>) => void
  err: (text: string) => void
  /** Erases the last `lines` lines above the cursor on a terminal (npm's header above the home menu); nothing elsewhere. */
  eraseAbove: (lines: number) => void
  /** A transient progress line on stderr (`\r`-terminated); nothing when stderr is not a terminal. */
  status: (text: string) => void
  /** Style for stdout and for stderr (each respects its own terminal and NO_COLOR). */
  style: Style
  errStyle: Style
  /** Columns available on stdout; Infinity when stdout is not a terminal. */
  width: number
  /** Columns available on stderr; Infinity when stderr is not a terminal. Absent: `width`. */
  errWidth?: number
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
  env: NodeJS.ProcessEnv
  cwd: string
  now: () => Date
  /** The user's calendar (local days in their time zone): the one source of "today". */
  calendar: Calendar
  random: () => number
  /** The bank shipped with the package. */
  bundledBank: string
  /** Rows of the terminal on stdout, when known. */
  rows?: number | undefined
  /**
   * Shows long output through a pager when one applies (see core/pager.ts);
   * resolves to false when the caller should print it instead. Absent: never page.
   */
  page?: (text: string) => Promise<boolean>
}

export type ColorLevel = 0 | 1 | 2 | 3

/** NO_COLOR (any non-empty value) and --no-color win; FORCE_COLOR forces; otherwise a real terminal gets colour. */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, flag: boolean | undefined): ColorLevel {
  if (flag === false) return 0
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0
  const force = env['FORCE_COLOR']
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0
    const n = Number(force)
    return n >= 1 && n <= 3 ? (n as ColorLevel) : 1
  }
  if (!isTTY || env['TERM'] === 'dumb') return 0
  if (env['COLORTERM'] === 'truecolor' || env['COLORTERM'] === '24bit') return 3
  return /256/.test(env['TERM'] ?? '') ? 2 : 1
}

/** Writes a line to stderr: the one place django-drill writes there. */
export const writeErr = (text: string): void => writeErrText(escapeTerminal(text.endsWith('\n') ? text : `${text}\n`, { keepColour: true }))

/**
 * The process clock; DJANGO_DRILL_NOW (an ISO date-time, e.g. 2026-12-15T09:00) starts it at that
 * instant instead. A value that is not a date is a usage error, never a silent real clock.
 */
export function processClock(env: NodeJS.ProcessEnv, real: () => number = Date.now): () => Date {
  const value = env['DJANGO_DRILL_NOW']
  if (value === undefined || value === '') return () => new Date(real())
  const start = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(start)) throw new UsageError(`DJANGO_DRILL_NOW must be a date-time like 2026-12-15T09:00, not "${value}". Unset it to use the real clock.`)
  return clockFrom(start, real)
}

export function processRuntime(bundledBank: string, colorFlag?: boolean): Runtime {
  const env = process.env
  // The streams are made only for a terminal (see io/stdio.ts): piped or redirected output is written directly.
  const stdoutIsTTY = isTerminal(1)
  const stderrIsTTY = isTerminal(2)
  return {
    // Two writes rather than `${text}\n`: joining copies the text, megabytes for `list --json` on a large bank.
    // Whatever a string's source, only our colours reach the terminal raw (escapeTerminal).
    out: (text) => void (writeOut(escapeTerminal(text, { keepColour: true })), text.endsWith('\n') || writeOut('\n')),
    outPieces: (pieces) => {
      let last = ''
      for (const piece of pieces) if (piece !== '') writeOut(escapeTerminal((last = piece), { keepColour: true }))
      if (!last.endsWith('\n')) writeOut('\n')
    },
    err: writeErr,
    eraseAbove: (lines) => void (stdoutIsTTY && env['TERM'] !== 'dumb' && writeOut(`\u001b[${lines}F\u001b[J`)),
    status: (text) => void (stderrIsTTY && writeErrText(text)),
    style: makeStyle(colorLevel(env, stdoutIsTTY, colorFlag)),
    errStyle: makeStyle(colorLevel(env, stderrIsTTY, colorFlag)),
    width: stdoutIsTTY ? stdoutStream().columns || 80 : Number.POSITIVE_INFINITY,
    errWidth: stderrIsTTY ? stderrStream().columns || 80 : Number.POSITIVE_INFINITY,
    stdinIsTTY: isTerminal(0),
    stdoutIsTTY,
    stderrIsTTY,
    env,
    cwd: process.cwd(),
    now: processClock(env),
    calendar: localCalendar,
    random: Math.random,
    bundledBank,
    rows: stdoutIsTTY ? stdoutStream().rows : undefined,
    page: async (text) => {
      if (!stdoutIsTTY) return false
      const rows = stdoutStream().rows
      const height = text.split('\n').length
      if (rows !== undefined && height < rows) return false
      // child_process and the PATH search only when the text is taller than the screen.
      const [{ choosePager }, { onPath, runPager }] = await Promise.all([import('./core/pager.ts'), import('./io/pager.ts')])
      const command = choosePager({ env, stdoutIsTTY, rows, height, lessExists: onPath('less', env) })
      return command === undefined ? false : runPager(command, text, env)
    },
  }
}
