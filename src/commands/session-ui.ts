// The real terminal UI of a session: Inquirer prompts, the screen, $EDITOR and the pager.
// The key-point checkbox and the yes/no and leech prompts are imported when first used: the first
// question needs none of them. (The build also loads node:child_process, for $EDITOR and $PAGER, on first use.)
import { EditorError } from '../errors.ts'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Rating } from '../core/progress.ts'
import type { Style } from '../core/style.ts'
import { makeStyle } from '../core/style.ts'
import { wrapInline } from '../core/markdown.ts'
import { askPrompt, nextPrompt, ratingPrompt, scrollPrompt, type AskConfig, type AskResult, type NextAction, type NextConfig, type RatingConfig } from '../io/prompts.ts'
import { isKindAsk, kindPrompt, type KindAskConfig } from '../io/prompts-kinds.ts'
import { askLine, chooseLine, confirmLine, keyPointsLine, LineReader, nextLine, ratingLine, type LineIo } from '../io/line-prompts.ts'
import { isTerminal, stdoutStream, writeOut } from '../io/stdio.ts'
import { plainTerminal } from '../core/terminal.ts'
import { leechChoices, type LeechChoice } from '../session/leech.ts'

/** The terminal a session draws on: one question per screen. */
export interface Screen {
  /** Rows of the terminal. */
  rows: number
  /** Switches to the alternate screen (the user's scrollback is left alone). */
  enter(): void
  /** Clears it for the next question. */
  clear(): void
  /** Back to the normal screen. */
  leave(): void
}

/** What the session loop needs from a terminal; tests pass a scripted one. */
export interface SessionUi {
  ask(config: AskConfig | KindAskConfig, signal?: AbortSignal): Promise<AskResult>
  next(config: NextConfig, signal?: AbortSignal): Promise<NextAction>
  keyPoints(points: string[], style: Style): Promise<number[]>
  rating(suggested: Rating, style: Style, extra?: Omit<RatingConfig, 'suggested' | 'style' | 'message'> & { message?: string }): Promise<Rating>
  /** Opens $VISUAL/$EDITOR on `initial` and returns what was saved; throws EditorError when it cannot. */
  editor(initial: string): Promise<string>
  /** A yes/no question (an answer one edit away: does it count?). Absent: no. */
  confirm?(message: string, fallback: boolean): Promise<boolean>
  /** Shows long text with $PAGER, less -R, or by printing it. Absent: printed. */
  pager?(text: string): Promise<void>
  /** Announces a leech and asks what to do with it (`editable`: its file may be opened in $EDITOR). Absent: nothing is asked. */
  leech?(why: string, style: Style, editable?: boolean): Promise<LeechChoice>
  /** Opens $VISUAL/$EDITOR on a file itself (a user bank's question); throws EditorError when it cannot. */
  editFile?(path: string): Promise<void>
  /** Present only on a real terminal. */
  screen?: Screen
}

export { EditorError }

/** The pager's own key line: the text it shows is already styled. */
const plainStyle = makeStyle(0)

const ALT_ON = '\u001b[?1049h'
const ALT_OFF = '\u001b[?1049l'
const CLEAR = '\u001b[H\u001b[2J'

function terminalScreen(stream: NodeJS.WriteStream): Screen {
  let inside = false
  const signals = ['SIGTERM', 'SIGHUP'] as const
  // Killed mid-session: the normal screen first, then the signal does what it would have done.
  const onSignal = (signal: NodeJS.Signals) => {
    leave()
    process.kill(process.pid, signal)
  }
  const leave = () => {
    if (!inside) return
    inside = false
    stream.write(ALT_OFF)
    process.off('exit', leave)
    for (const s of signals) process.off(s, onSignal)
  }
  return {
    get rows() {
      return stream.rows || 24
    },
    enter() {
      if (inside) return
      inside = true
      stream.write(ALT_ON + CLEAR)
      process.on('exit', leave) // whatever ends the process, the user gets their screen back
      for (const s of signals) process.once(s, onSignal)
    },
    clear: () => void stream.write(CLEAR),
    leave,
  }
}

/** Runs a command line (from $EDITOR or $PAGER) without a shell. */
const words = (command: string) => command.split(' ').filter(Boolean)

/** Runs $VISUAL, else $EDITOR, else vi on `file` and waits for it; throws EditorError when it cannot start or fails. */
function runEditor(env: NodeJS.ProcessEnv, file: string): void {
  const editor = env['VISUAL'] || env['EDITOR'] || 'vi'
  const [command, ...args] = words(editor)
  const result = spawnSync(command!, [...args, file], { stdio: 'inherit' })
  const failure: NodeJS.ErrnoException | undefined = result.error
  const code = failure?.code
  if (result.error)
    throw new EditorError(code === 'ENOENT' ? `Editor "${editor}" not found (ENOENT).` : `Editor "${editor}" could not be started (${code ?? result.error.message}).`)
  if (result.status !== 0)
    throw new EditorError(`Editor "${editor}" exited with ${result.status === null ? `signal ${result.signal}` : `status ${result.status}`}; nothing taken from it.`)
}

export const terminalUi = (env: NodeJS.ProcessEnv, stdout: NodeJS.WriteStream | undefined = process.stdout.isTTY ? process.stdout : undefined): SessionUi => ({
  ask: (config, signal) => {
    const options = signal ? { signal, clearPromptOnDone: false } : {}
    return isKindAsk(config) ? kindPrompt(config, options) : askPrompt(config, options)
  },
  next: (config, signal) => nextPrompt(config, signal ? { signal, clearPromptOnDone: true } : { clearPromptOnDone: true }),
  keyPoints: async (points, style) => {
    if (points.length === 0) return []
    // Each point wrapped under its own text (the box takes 3 columns), `code` set as code, never cut by the terminal.
    const width = Math.min(stdout?.columns || 80, 100) - 4
    const { default: checkbox } = await import('@inquirer/checkbox')
    return checkbox({
      message: 'Which key points did your answer cover?',
      choices: points.map((p, i) => ({ name: wrapInline(p, width, style, true).join('\n   '), value: i })),
      pageSize: 8,
      instructions: ' (space to tick, enter when done)',
      // Once answered, a count rather than every point ticked run together.
      theme: { style: { renderSelectedChoices: (ticked: readonly unknown[]) => `${ticked.length} of ${points.length}` } },
    })
  },
  rating: (suggested, style, extra = {}) => ratingPrompt({ message: 'How well did you know it?', ...extra, suggested, style }),
  confirm: async (message, fallback) => (await import('@inquirer/confirm')).default({ message, default: fallback }),
  leech: async (why, style, editable = false) =>
    (await import('@inquirer/select')).default<LeechChoice>({ message: `${style.yellow(why)} What now?`, choices: leechChoices(editable) }),
  editFile: async (file) => runEditor(env, file),
  pager: async (text) => {
    // The same order as show and stats: the tool's own pager setting, then $PAGER, then less.
    const candidates = [env['DJANGO_DRILL_PAGER'], env['PAGER'], 'less -R'].filter((c): c is string => Boolean(c && c.trim()))
    for (const command of candidates) {
      const [bin, ...args] = words(command)
      const result = spawnSync(bin!, args, { input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env['LESS'] ?? 'FRX' } })
      if (!result.error) return
    }
    // Neither $PAGER nor less: scroll inside the session.
    await scrollPrompt({ lines: text.split('\n'), rows: (stdout?.rows ?? 24) - 2, style: plainStyle }, { clearPromptOnDone: true })
  },
  editor: async (initial) => {
    const dir = mkdtempSync(join(tmpdir(), 'django-drill-'))
    const file = join(dir, 'answer.md')
    try {
      writeFileSync(file, initial)
      runEditor(env, file)
      return readFileSync(file, 'utf8')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
  ...(stdout ? { screen: terminalScreen(stdout) } : {}),
})

let sharedIo: LineIo | undefined
/** The one line reader on this process's stdin, shared by the home menu and sessions (two readers would steal each other's lines). */
export const plainIo = (): LineIo => (sharedIo ??= { reader: new LineReader(process.stdin), write: writeOut, width: (isTerminal(1) && stdoutStream().columns) || 80 })

/**
 * The session on a terminal that cannot move the cursor (TERM=dumb): each prompt printed once and
 * answered with a typed line; no alternate screen, no redraw. The editor is the terminal UI's.
 */
export const plainUi = (env: NodeJS.ProcessEnv, io: LineIo = plainIo()): SessionUi => ({
  ask: (config, signal) => askLine(config, io, signal),
  next: (config, signal) => nextLine(config, io, signal),
  keyPoints: (points, style) => keyPointsLine(points, style, io, io.width ?? 80),
  rating: (suggested, style, extra = {}) => ratingLine({ message: 'How well did you know it?', ...extra, suggested, style }, io),
  confirm: (message, fallback) => confirmLine(message, fallback, io),
  leech: (why, style, editable = false) => chooseLine<LeechChoice>(`${style.yellow(why)} What now?`, leechChoices(editable), io),
  editor: terminalUi(env, undefined).editor,
  editFile: async (file) => runEditor(env, file),
})

/** The session's UI for this terminal: line by line when it cannot move the cursor, else the redrawing prompts. */
export const sessionUi = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): SessionUi => (plainTerminal(env, platform) ? plainUi(env) : terminalUi(env))
