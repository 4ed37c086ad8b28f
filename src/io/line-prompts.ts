// Line-by-line prompts for a terminal that cannot move the cursor (TERM=dumb):
// each question is printed once and answered by typing a line. The keys of
// the redrawing prompts become words: a number for a choice, `1,3` for
// several, `s` skip, `f` flag, `q` quit, `u` undo, enter for the default.
// Nothing here writes a cursor, clear-screen or colour sequence of its own.
import { createInterface, type Interface } from 'node:readline'
import { AbortPromptError, ExitPromptError } from '@inquirer/core'
import { wrapInline } from '../core/markdown.ts'
import { RATING_NAMES, type Rating } from '../core/progress.ts'
import { escapeTerminal } from '../core/sanitize.ts'
import { wrap } from '../core/text.ts'
import type { Style } from '../core/style.ts'
import { HINT, type AskConfig, type AskResult, type NextAction, type NextConfig, type RatingConfig } from './prompts.ts'
import { isKindAsk, type KindAskConfig } from './prompts-kinds.ts'

/** Reads whole lines from the input, one per call; lines typed ahead wait in a queue. */
export class LineReader {
  private rl: Interface | undefined
  private queue: string[] = []
  private closed = false
  private waiting: { line: (text: string) => void; end: () => void } | undefined

  constructor(private readonly input: NodeJS.ReadableStream) {}

  private open(): Interface {
    if (this.rl) return this.rl
    // terminal: false — the terminal's own line editing (echo, backspace) does the rest; readline draws nothing.
    const rl = createInterface({ input: this.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY })
    rl.on('line', (text) => (this.waiting ? this.waiting.line(text) : this.queue.push(text)))
    rl.on('close', () => {
      this.closed = true
      this.waiting?.end()
    })
    this.rl = rl
    return rl
  }

  /**
   * The next line. Rejects with AbortPromptError when `signal` fires (a deadline) or fired before the
   * line came, and with ExitPromptError on Ctrl+C or the end of the input, as the Inquirer prompts do.
   */
  read(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) return Promise.reject(new AbortPromptError({ cause: signal.reason }))
    const queued = this.queue.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.closed) return Promise.reject(new ExitPromptError('The input ended.'))
    const rl = this.open()
    return new Promise<string>((resolve, reject) => {
      const settle = (fn: () => void) => {
        this.waiting = undefined
        signal?.removeEventListener('abort', onAbort)
        process.off('SIGINT', onInterrupt)
        // A closed interface cannot be paused (Node 24 throws ERR_USE_AFTER_CLOSE).
        if (!this.closed) rl.pause()
        fn()
      }
      const onAbort = () => settle(() => reject(new AbortPromptError({ cause: signal?.reason })))
      const onInterrupt = () => settle(() => reject(new ExitPromptError('User force closed the prompt with SIGINT')))
      this.waiting = {
        // A line that arrives after the deadline is late even if the timer has not run yet.
        line: (text) => (signal?.aborted ? onAbort() : settle(() => resolve(text))),
        end: () => settle(() => reject(new ExitPromptError('The input ended.'))),
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      process.once('SIGINT', onInterrupt)
      rl.resume()
    })
  }
}

/** Where line prompts read and write. */
export interface LineIo {
  reader: LineReader
  write: (text: string) => void
  /** Columns of the terminal: longer lines are wrapped at spaces (the terminal would cut words). */
  width?: number
}

/** Prints a line, wrapped to the terminal by the text layer's one rule. */
const say = (io: LineIo, text: string) =>
  io.write(
    `${wrap(escapeTerminal(text, { keepColour: true }), io.width ?? Number.POSITIVE_INFINITY)
      .join('\n')
      .replace(/\u00a0/g, ' ')}\n`,
  )

const COMMANDS: Record<string, 'skip' | 'flag' | 'quit' | 'editor' | 'undo'> = {
  s: 'skip',
  skip: 'skip',
  f: 'flag',
  flag: 'flag',
  q: 'quit',
  quit: 'quit',
  e: 'editor',
  edit: 'editor',
  u: 'undo',
  undo: 'undo',
}

/** A session command typed on its own (`s`, `/s`, `skip`); in a text field only the slash form counts. */
function command(
  typed: string,
  slashOnly: boolean,
  allowed: { editor?: boolean | undefined; undo?: boolean | undefined; hint?: boolean | undefined; flag?: boolean | undefined },
): AskResult | undefined {
  const word = typed.trim().toLowerCase()
  const bare = word.startsWith('/') ? word.slice(1) : slashOnly ? undefined : word
  if (allowed.hint && (bare === 'h' || bare === 'hint')) return HINT
  const action = bare === undefined ? undefined : COMMANDS[bare]
  if (!action || (action === 'editor' && !allowed.editor) || (action === 'undo' && !allowed.undo) || (action === 'flag' && allowed.flag === false)) return undefined
  return { action }
}

// Spaces inside a key's words do not break (no-break spaces until `say` wraps the line): a line breaks only between keys.
const keys = (style: Style, parts: (string | false | undefined)[]) =>
  style.dim(
    parts
      .filter((p): p is string => Boolean(p))
      .map((p) => p.replace(/ /g, '\u00a0'))
      .join(' · '),
  )

/** Numbers typed as `2`, `1,3` or `1 3`, each within 1..count; undefined when something else was typed. */
export function parseNumbers(typed: string, count: number): number[] | undefined {
  const words = typed.split(/[\s,]+/).filter(Boolean)
  if (words.length === 0) return undefined
  const picked: number[] = []
  for (const word of words) {
    if (!/^\d+$/.test(word)) return undefined
    const n = Number(word)
    if (n < 1 || n > count) return undefined
    if (!picked.includes(n - 1)) picked.push(n - 1)
  }
  return picked.sort((a, b) => a - b)
}

/** A question's prompt, printed once: the status, the numbered options, the keys; then lines until one answers. */
export async function askLine(config: AskConfig | KindAskConfig, io: LineIo, signal?: AbortSignal): Promise<AskResult> {
  const { style } = config
  const allowed = { editor: isKindAsk(config) ? config.mode === 'lines' : Boolean(config.editor), undo: config.undo, hint: config.hint, flag: config.flag }
  say(io, `${config.status()}${config.flagged ? ` ${style.yellow('(flagged)')}` : ''}`)
  const read = () => io.reader.read(signal)
  const width = Math.max(30, Math.min(config.width ?? 100, 100))

  if (config.mode === 'choice' || config.mode === 'multi') {
    const options = config.options ?? []
    options.forEach((option, i) => {
      const lead = `${i + 1}. `
      wrapInline(option, width - lead.length - 2, style, true).forEach((line, n) => say(io, `  ${n === 0 ? lead : ' '.repeat(lead.length)}${line}`))
    })
    const how = config.mode === 'choice' ? `type 1-${options.length} and enter` : `type the numbers that apply, e.g. 1,3, and enter`
    say(io, keys(style, [how, config.hint && 'h hint', 's skip', config.flag !== false && 'f flag', `q ${config.quitLabel ?? 'quit'}`, config.undo && 'u undo']))
    for (;;) {
      io.write('> ')
      const typed = await read()
      const cmd = command(typed, false, allowed)
      if (cmd) return cmd
      const picked = parseNumbers(typed, options.length)
      if (picked && (config.mode === 'multi' || picked.length === 1)) {
        return config.mode === 'choice' ? { action: 'answer', value: options[picked[0]!]! } : { action: 'answer', value: picked.map((i) => options[i]!) }
      }
      say(io, style.red(config.mode === 'choice' ? `Type one number from 1 to ${options.length}.` : `Type numbers from 1 to ${options.length}, separated by commas.`))
    }
  }

  const slash = keys(style, [
    config.hint && '/h hint',
    '/s skip',
    config.flag !== false && '/f flag',
    `/q ${config.quitLabel ?? 'quit'}`,
    allowed.editor && '/e editor',
    config.undo && '/u undo',
  ])
  if (config.mode === 'text') {
    say(io, keys(style, [config.placeholder ?? 'type the answer', 'enter submit']))
    say(io, slash)
    io.write('> ')
    const typed = await read()
    return command(typed, true, allowed) ?? { action: 'answer', value: typed.trim() }
  }
  if (config.mode === 'typed') {
    if (config.order) {
      // The prompt draws the question and its items (order): printed once, answered by their numbers.
      say(io, `\n${config.order.question}\n`)
      const pad = String(config.order.items.length).length
      config.order.items.forEach((item, i) => {
        const lead = `${String(i + 1).padStart(pad)}. `
        wrapInline(item, width - lead.length - 2, style, true).forEach((line, n) => say(io, `  ${n === 0 ? lead : ' '.repeat(lead.length)}${line}`))
      })
    }
    say(io, keys(style, [config.placeholder, 'enter submit']))
    say(io, slash)
    for (;;) {
      io.write(`${config.label} > `)
      const typed = (await read()).trim()
      const cmd = command(typed, true, allowed)
      if (cmd) return cmd
      const reason = config.check(typed)
      if (reason === undefined) return { action: 'answer', value: typed }
      say(io, style.red(reason))
    }
  }
  if (config.mode === 'lines') {
    say(io, keys(style, [config.placeholder, 'one line at a time', 'an empty line ends']))
    say(io, slash)
    const lines: string[] = []
    for (;;) {
      io.write(`${config.label} > `)
      const typed = await read()
      if (lines.length === 0) {
        const cmd = command(typed, true, allowed)
        if (cmd) return cmd
      }
      if (typed.trim() === '') {
        if (lines.length > 0) return { action: 'answer', value: lines.join('\n') }
        say(io, style.red('Type what it prints, one line at a time; an empty line ends the answer.'))
        continue
      }
      lines.push(typed)
      config.onText?.(lines.join('\n'))
    }
  }
  // cloze: the code once, then one line per gap.
  const cloze = config as Extract<KindAskConfig, { mode: 'cloze' }>
  const values: string[] = Array.from({ length: cloze.gaps }, () => '')
  say(io, `\n${cloze.render(values, 0)}\n`)
  say(io, slash)
  for (let gap = 0; gap < cloze.gaps; gap++) {
    io.write(`Gap ${gap + 1} of ${cloze.gaps} > `)
    const typed = await read()
    const cmd = command(typed, true, allowed)
    if (cmd) return cmd
    values[gap] = typed
  }
  return { action: 'answer', value: values }
}

/** After the verdict: enter for the next question, or a letter. */
export async function nextLine(config: NextConfig, io: LineIo, signal?: AbortSignal): Promise<NextAction> {
  const { style } = config
  say(io, [config.verdict, config.status()].filter(Boolean).join(style.dim(' · ')))
  const what = config.last ? 'enter: see the summary' : 'enter: next question'
  say(io, keys(style, [what, config.more && 'm more', config.override && 'o I was right', config.undo && 'u undo', `f ${config.flagged ? 'unflag' : 'flag'}`, 'q quit']))
  const letters: Record<string, NextAction | undefined> = {
    '': 'next',
    n: 'next',
    f: 'flag',
    q: 'quit',
    u: config.undo ? 'undo' : undefined,
    o: config.override ? 'override' : undefined,
    m: config.more ? 'more' : undefined,
  }
  for (;;) {
    io.write('> ')
    const typed = (await io.reader.read(signal)).trim().toLowerCase().replace(/^\//, '')
    const action = letters[typed]
    if (action) return action
    say(io, style.red('Press enter, or type one of the letters above.'))
  }
}

/** The four ratings with what each schedules; a number picks one, enter the suggested one. */
export async function ratingLine(config: RatingConfig, io: LineIo): Promise<Rating> {
  const { style } = config
  const allowed = config.allowed ?? ([1, 2, 3, 4] as const)
  const suggested = allowed.includes(config.suggested) ? config.suggested : allowed[0]!
  const label = (r: Rating) => `${r} ${RATING_NAMES[r]}${config.intervals ? ` ${config.intervals[r]}` : ''}`
  say(io, config.message)
  say(io, allowed.map(label).join(' · '))
  say(io, keys(style, [`type ${allowed[0]}-${allowed.at(-1)}`, `enter: ${RATING_NAMES[suggested]} (suggested)`]))
  for (;;) {
    io.write('> ')
    const typed = (await io.reader.read()).trim()
    if (typed === '') return suggested
    const n = Number(typed)
    if (allowed.includes(n as Rating)) return n as Rating
    say(io, style.red(`Type ${allowed.join(', ')}, or press enter for ${RATING_NAMES[suggested]}.`))
  }
}

/** The key points numbered; the user types the ones their answer covered. */
export async function keyPointsLine(points: string[], style: Style, io: LineIo, width: number): Promise<number[]> {
  if (points.length === 0) return []
  say(io, 'Which key points did your answer cover?')
  points.forEach((point, i) => {
    const lead = `${i + 1}. `
    wrapInline(point, Math.max(30, Math.min(width, 100)) - lead.length - 2, style, true).forEach((line, n) => say(io, `  ${n === 0 ? lead : ' '.repeat(lead.length)}${line}`))
  })
  say(io, keys(style, ['type their numbers, e.g. 1,3', 'enter: none']))
  for (;;) {
    io.write('> ')
    const typed = (await io.reader.read()).trim()
    if (typed === '') return []
    const picked = parseNumbers(typed, points.length)
    if (picked) return picked
    say(io, style.red(`Type numbers from 1 to ${points.length}, separated by commas, or press enter for none.`))
  }
}

/** A yes/no question; enter takes the default. */
export async function confirmLine(message: string, fallback: boolean, io: LineIo): Promise<boolean> {
  for (;;) {
    // Wrapped like every other line (the answer is typed after the last one).
    io.write(`${wrap(`${escapeTerminal(message)} ${fallback ? '[Y/n]' : '[y/N]'}`, io.width ?? Number.POSITIVE_INFINITY).join('\n')} `)
    const typed = (await io.reader.read()).trim().toLowerCase()
    if (typed === '') return fallback
    if (typed === 'y' || typed === 'yes') return true
    if (typed === 'n' || typed === 'no') return false
  }
}

/** A numbered menu; returns the value picked. */
export async function chooseLine<T>(message: string, choices: { name: string; value: T }[], io: LineIo): Promise<T> {
  say(io, message)
  const width = Math.max(30, Math.min(io.width ?? 100, 100))
  choices.forEach((c, i) => {
    const lead = `${i + 1}. `
    // A long choice hangs under its own text, as the key points do.
    wrap(c.name, width - lead.length - 2).forEach((line, n) => say(io, `  ${n === 0 ? lead : ' '.repeat(lead.length)}${line}`))
  })
  for (;;) {
    io.write(`Type 1-${choices.length} > `)
    const picked = parseNumbers(await io.reader.read(), choices.length)
    if (picked && picked.length === 1) return choices[picked[0]!]!.value
  }
}
