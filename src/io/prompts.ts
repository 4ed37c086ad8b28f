// Prompts for a drill session, built on @inquirer/core so that a live clock
// and the session keys (skip, flag, quit) live inside the prompt itself.
// Everything here is terminal I/O; what to ask and what it means is decided
// by the session loop in commands/quiz.ts.
import { createPrompt, isBackspaceKey, isDownKey, isEnterKey, isSpaceKey, isUpKey, useEffect, useKeypress, useRef, useState, type KeypressEvent } from '@inquirer/core'
import { wrapInline } from '../core/markdown.ts'
import { RATING_NAMES, type Rating } from '../core/progress.ts'
import type { Style } from '../core/style.ts'
import { wrapItems } from '../core/text.ts'

export type AskMode = 'choice' | 'multi' | 'text'

/** What every question prompt shares, whatever it asks for. */
export interface PromptCommon {
  /** Live status line (question number, clocks); called on every render. */
  status: () => string
  flagged: boolean
  style: Style
  /** Milliseconds between clock refreshes; 0 for no clock. */
  tick: number
  /** Columns to wrap options to. */
  width?: number
  /** Whether `u` (`/u` in text) undoes the previous answer. */
  undo?: boolean
  /** Told the text field's content as it changes (so a timeout can say what was typed). */
  onText?: (text: string) => void
  /** Offer `/h` (`h` in a list) for a hint; the prompt then answers {@link HINT} (the mock interview). */
  hint?: boolean
  /** Offer `/f` to flag (default true; the mock interview has no flags). */
  flag?: boolean
  /** What `/q` is called on the key line (default "quit"). */
  quitLabel?: string
}

export interface AskConfig extends PromptCommon {
  mode: AskMode
  /** Options for choice and multi, in display order. */
  options?: string[]
  /** Placeholder shown in an empty text field. */
  placeholder?: string
  /** Whether `/e` opens an editor (open questions). */
  editor?: boolean
}

export type AskResult = { action: 'answer'; value: string | string[] } | { action: 'skip' } | { action: 'flag' } | { action: 'quit' } | { action: 'editor' } | { action: 'undo' }

/** The commands typed in a text field (the slash keeps `s` an answer); shared with the code-native prompts. */
export const TEXT_COMMANDS: Readonly<Record<string, Exclude<AskResult['action'], 'answer'>>> = {
  '/s': 'skip',
  '/skip': 'skip',
  '/f': 'flag',
  '/flag': 'flag',
  '/q': 'quit',
  '/quit': 'quit',
  '/e': 'editor',
  '/edit': 'editor',
  '/u': 'undo',
  '/undo': 'undo',
}

/** What a prompt answers for a hint (`/h`, or `h` in a list) when `hint` is on. */
export const HINT: AskResult = { action: 'answer', value: '/h' }
const HINT_WORDS: ReadonlySet<string> = new Set(['/h', '/hint'])
/** Whether `typed` asks for a hint in a prompt that offers one. */
export const asksHint = (config: Pick<PromptCommon, 'hint'>, typed: string): boolean => Boolean(config.hint) && HINT_WORDS.has(typed.trim().toLowerCase())
/** Whether a prompt's result is a hint request (only prompts with `hint` on answer it). */
export const isHint = (result: AskResult): boolean => result.action === 'answer' && typeof result.value === 'string' && HINT_WORDS.has(result.value.trim().toLowerCase())

/**
 * The session keys on offer, slash-typed (`/s`) or single letters (`s`): hint, editor,
 * skip, flag, quit, undo, as the prompt's config turns them on.
 */
export function sessionKeys(
  style: Style,
  config: Pick<PromptCommon, 'hint' | 'flag' | 'quitLabel' | 'undo'>,
  { slash, editor = false }: { slash: boolean; editor?: boolean },
): string[] {
  const k = (key: string, what: string) => `${style.bold(slash ? `/${key}` : key)} ${what}`
  return [
    ...(config.hint ? [k('h', 'hint')] : []),
    ...(editor ? [k('e', 'editor')] : []),
    k('s', 'skip'),
    ...(config.flag === false ? [] : [k('f', 'flag')]),
    k('q', config.quitLabel ?? 'quit'),
    ...(config.undo ? [k('u', 'undo')] : []),
  ]
}

/** The status line with the flag mark after it: the mark joins the last line when it fits there. */
export function statusLine(status: string, flagged: boolean, style: Style, width: number | undefined): string {
  const lines = status.split('\n')
  const last = lines.pop() ?? ''
  return [...lines, ...wrapItems([last, flagged && style.yellow('⚑ flagged')], Math.min(width ?? 100, 100), ' ')].join('\n')
}

/** Key hints, wrapped between keys to the terminal. */
export const keyLine = (style: Style, keys: readonly string[], width?: number): string =>
  wrapItems(keys, Math.min(width ?? 100, 100))
    .map((l) => style.dim(l))
    .join('\n')

const keyHint = (style: Style, mode: AskMode, config: AskConfig): string => {
  const k = (key: string, what: string) => `${style.bold(key)} ${what}`
  const width = config.width ?? Number.POSITIVE_INFINITY
  if (mode === 'text') return keyLine(style, [k('enter', 'submit'), ...sessionKeys(style, config, { slash: true, editor: Boolean(config.editor) })], width)
  const move = mode === 'multi' ? [k('↑↓', 'move'), k('space', 'tick'), k('enter', 'submit')] : [k('↑↓/1-9', 'choose'), k('enter', 'submit')]
  return keyLine(style, [...move, ...sessionKeys(style, config, { slash: false })], width)
}

/** Re-renders every `tick` ms so the clock in the status line moves (the code-native prompts use it too). */
export function useClock(tick: number): void {
  const [, setNow] = useState(0)
  const count = useRef(0)
  useEffect(() => {
    if (tick <= 0) return undefined
    const timer = setInterval(() => setNow(++count.current), tick)
    return () => clearInterval(timer)
  }, [tick])
}

export const askPrompt = createPrompt<AskResult, AskConfig>((config, done) => {
  const { style, mode } = config
  const options = config.options ?? []
  const [cursor, setCursor] = useState(0)
  const [ticked, setTicked] = useState<readonly number[]>([])
  const [text, setText] = useState('')
  const [finished, setFinished] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  useClock(finished === undefined ? config.tick : 0)

  const finish = (result: AskResult, label: string) => {
    setFinished(label)
    done(result)
  }

  useKeypress((key: KeypressEvent & { sequence?: string }, rl) => {
    if (finished !== undefined) return
    setError(undefined)
    if (mode === 'text') {
      if (isEnterKey(key)) {
        const typed = text.trim()
        const command = TEXT_COMMANDS[typed.toLowerCase()]
        if (asksHint(config, typed)) finish(HINT, style.dim(typed))
        else if (command === 'flag' && config.flag === false) finish({ action: 'answer', value: typed }, style.cyan(typed))
        else if (command === 'undo' && !config.undo) setError('Nothing to undo yet.')
        else if (command) finish({ action: command }, style.dim(typed))
        else finish({ action: 'answer', value: typed }, typed === '' ? style.dim('(answered in my head)') : style.cyan(typed))
      } else {
        setText(rl.line)
        config.onText?.(rl.line)
      }
      return
    }
    const letter = key.name
    if (letter === 's') return finish({ action: 'skip' }, style.dim('skipped'))
    if (letter === 'h' && config.hint) return finish(HINT, style.dim('hint'))
    if (letter === 'f' && config.flag !== false) return finish({ action: 'flag' }, style.dim('flag'))
    if (letter === 'q') return finish({ action: 'quit' }, style.dim('quit'))
    if (letter === 'u' && config.undo) return finish({ action: 'undo' }, style.dim('undo'))
    if (isUpKey(key) || letter === 'k') setCursor((cursor - 1 + options.length) % options.length)
    else if (isDownKey(key) || letter === 'j') setCursor((cursor + 1) % options.length)
    else if (/^[1-9]$/.test(letter ?? '') && Number(letter) <= options.length) {
      const index = Number(letter) - 1
      setCursor(index)
      if (mode === 'multi') setTicked(ticked.includes(index) ? ticked.filter((i) => i !== index) : [...ticked, index])
    } else if (mode === 'multi' && isSpaceKey(key)) {
      setTicked(ticked.includes(cursor) ? ticked.filter((i) => i !== cursor) : [...ticked, cursor])
    } else if (isEnterKey(key)) {
      if (mode === 'choice') finish({ action: 'answer', value: options[cursor]! }, style.cyan(options[cursor]!))
      else if (ticked.length === 0) setError('Tick at least one option with space, then press enter.')
      else {
        const picked = [...ticked].sort((a, b) => a - b).map((i) => options[i]!)
        finish({ action: 'answer', value: picked }, style.cyan(picked.join('; ')))
      }
    } else if (isBackspaceKey(key)) {
      // nothing to delete in a list
    }
  })

  const status = statusLine(config.status(), config.flagged, style, config.width)
  if (finished !== undefined) return `${status}\n${style.green('›')} ${finished}`

  let body: string
  if (mode === 'text') {
    const shown = text === '' && config.placeholder ? style.dim(config.placeholder) : text
    body = `${style.green('›')} ${shown}`
    // The cursor sits at the end of the content: keep the input last.
    const bottom = [error ? style.red(error) : '', keyHint(style, mode, config)].filter(Boolean).join('\n')
    if (text === '' && config.placeholder) return [`${status}\n${style.green('›')} `, `${style.dim(config.placeholder)}\n${bottom}`]
    return [`${status}\n${body}`, bottom]
  }
  const width = Math.max(30, Math.min(config.width ?? 100, 100))
  const lines = options.map((option, i) => {
    const pointer = i === cursor ? style.cyan('❯') : ' '
    const box = mode === 'multi' ? (ticked.includes(i) ? style.green('◉') : '◯') + ' ' : ''
    const lead = `${pointer} ${style.dim(`${i + 1}.`)} ${box}`
    const indent = 5 + (mode === 'multi' ? 2 : 0)
    // Options may hold inline markdown (`code`); long ones wrap under their own text.
    const wrapped = wrapInline(option, width - indent, style, true)
    return wrapped.map((line, n) => (n === 0 ? lead : ' '.repeat(indent)) + (i === cursor ? style.bold(line) : line)).join('\n')
  })
  const bottom = [error ? style.red(error) : '', keyHint(style, mode, { ...config, editor: false })].filter(Boolean).join('\n')
  return [`${status}\n${lines.join('\n')}`, bottom]
})

export type NextAction = 'next' | 'flag' | 'quit' | 'undo' | 'override' | 'more'

export interface NextConfig {
  status: () => string
  flagged: boolean
  last: boolean
  style: Style
  tick: number
  /** The verdict, repeated on the key line ("✔ Correct · Good · next in 3 days"). */
  verdict?: string
  /** Keys on offer beyond enter, f and q. */
  undo?: boolean
  override?: boolean
  more?: boolean
  /** Columns of the terminal: the key line wraps between keys. */
  width?: number
}

/** "Press enter for the next question": the verdict, then the keys, with the session clock. */
export const nextPrompt = createPrompt<NextAction, NextConfig>((config, done) => {
  const { style } = config
  const [finished, setFinished] = useState(false)
  useClock(finished ? 0 : config.tick)
  useKeypress((key) => {
    if (finished) return
    const pick = (action: NextAction) => {
      setFinished(true)
      done(action)
    }
    if (isEnterKey(key) || isSpaceKey(key) || key.name === 'n') pick('next')
    else if (key.name === 'f') pick('flag')
    else if (key.name === 'q') pick('quit')
    else if (key.name === 'u' && config.undo) pick('undo')
    else if (key.name === 'o' && config.override) pick('override')
    else if (key.name === 'm' && config.more) pick('more')
  })
  if (finished) return ''
  const flag = config.flagged ? ` ${style.yellow('⚑')}` : ''
  const what = config.last ? 'see the summary' : 'next question'
  const k = (key: string, label: string) => `${style.bold(key)} ${label}`
  const keys = [
    k('enter', what),
    ...(config.more ? [k('m', 'more')] : []),
    ...(config.override ? [k('o', 'I was right')] : []),
    ...(config.undo ? [k('u', 'undo')] : []),
    k('f', config.flagged ? 'unflag' : 'flag'),
    k('q', 'quit'),
  ]
  const width = Math.min(config.width ?? 100, 100)
  const parts = [config.verdict, config.status()].filter((p): p is string => Boolean(p))
  const head = wrapItems([...parts.map((p, n) => (n < parts.length - 1 ? `${p}${style.dim(' ·')}` : p)), flag.trim()], width, ' ').join('\n')
  return `${head}\n${keyLine(style, keys, width)}`
})

export interface RatingConfig {
  message: string
  suggested: Rating
  /** What each rating schedules ("<1m", "10m", "4d"); absent without a schedule. */
  intervals?: Record<Rating, string>
  /** The ratings on offer (an override leaves Again out). */
  allowed?: readonly Rating[]
  style: Style
}

/** Again / Hard / Good / Easy on one line with what each schedules; 1-4 answer, enter takes the highlighted one. */
export const ratingPrompt = createPrompt<Rating, RatingConfig>((config, done) => {
  const { style } = config
  const allowed = config.allowed ?? ([1, 2, 3, 4] as const)
  const [cursor, setCursor] = useState<Rating>(allowed.includes(config.suggested) ? config.suggested : allowed[0]!)
  const [finished, setFinished] = useState<Rating | undefined>(undefined)
  useKeypress((key) => {
    if (finished !== undefined) return
    const pick = (r: Rating) => {
      setFinished(r)
      done(r)
    }
    const n = Number(key.name)
    if (n >= 1 && n <= 4 && allowed.includes(n as Rating)) pick(n as Rating)
    else if (isEnterKey(key)) pick(cursor)
    else if (key.name === 'left' || isUpKey(key) || key.name === 'h' || key.name === 'k') {
      const i = allowed.indexOf(cursor)
      setCursor(allowed[(i - 1 + allowed.length) % allowed.length]!)
    } else if (key.name === 'right' || isDownKey(key) || key.name === 'l' || key.name === 'j') {
      const i = allowed.indexOf(cursor)
      setCursor(allowed[(i + 1) % allowed.length]!)
    }
  })
  const label = (r: Rating) => `${RATING_NAMES[r]}${config.intervals ? ` ${config.intervals[r]}` : ''}`
  if (finished !== undefined) return `${style.bold(config.message)} ${style.cyan(label(finished))}`
  const choices = allowed.map((r) => {
    const text = `${style.dim(`${r}`)} ${label(r)}`
    return r === cursor ? style.cyan.bold(`[${stripStyle(text, style)}]`) : text
  })
  return `${style.bold(config.message)}\n${choices.join(style.dim(' · '))}\n${style.dim(`${style.bold(`${allowed[0]}-${allowed.at(-1)}`)} answer · ${style.bold('enter')} ${RATING_NAMES[cursor]}${cursor === config.suggested ? ' (suggested)' : ''}`)}`
})

// eslint-disable-next-line no-control-regex
const stripStyle = (text: string, style: Style) => (style.level === 0 ? text : text.replace(/\u001b\[[0-9;]*m/g, ''))

export interface ScrollConfig {
  lines: readonly string[]
  /** Rows the text may take (the key line takes one more). */
  rows: number
  style: Style
}

/** A small pager for when there is neither $PAGER nor less: ↓/j/space/enter down, ↑/k/b up, q back. */
export const scrollPrompt = createPrompt<void, ScrollConfig>((config, done) => {
  const { style, lines } = config
  const rows = Math.max(3, config.rows)
  const last = Math.max(0, lines.length - rows)
  const [top, setTop] = useState(0)
  const [finished, setFinished] = useState(false)
  useKeypress((key) => {
    if (finished) return
    if (key.name === 'q' || key.name === 'escape' || ((isEnterKey(key) || isSpaceKey(key)) && top >= last)) {
      setFinished(true)
      done()
    } else if (isDownKey(key) || key.name === 'j' || isEnterKey(key)) setTop(Math.min(last, top + 1))
    else if (isSpaceKey(key) || key.name === 'pagedown') setTop(Math.min(last, top + rows))
    else if (isUpKey(key) || key.name === 'k') setTop(Math.max(0, top - 1))
    else if (key.name === 'b' || key.name === 'pageup') setTop(Math.max(0, top - rows))
  })
  if (finished) return ''
  const shown = lines.slice(top, top + rows).join('\n')
  const where = `${Math.min(lines.length, top + rows)}/${lines.length}`
  return `${shown}\n${style.dim(`${where} · ${style.bold('space')} page · ${style.bold('↑↓')} line · ${style.bold('b')} back · ${style.bold('q')} done`)}`
})
