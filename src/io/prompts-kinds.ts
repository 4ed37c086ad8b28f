// Prompts for the code-native kinds, on @inquirer/core like the others so the
// live clock and the session commands (/s skip, /f flag, /q quit, /e editor)
// work the same. What to ask and how to check a typed answer comes from the
// kind (src/core/kinds); this file only draws and reads keys.
//   typed  one line, checked by the kind; a malformed entry is re-asked with its reason
//   lines  several lines (printed output); an empty line ends, /e opens $EDITOR
//   cloze  one input per gap, the code redrawn with the gap being filled in place
import { createPrompt, isDownKey, isEnterKey, isUpKey, useEffect, useKeypress, useRef, useState, type KeypressEvent } from '@inquirer/core'
import type { AskSpec } from '../core/kinds/kind.ts'
import type { Style } from '../core/style.ts'
import { keyLine, statusLine, TEXT_COMMANDS, type AskResult, type PromptCommon } from './prompts.ts'

type KindSpec = Extract<AskSpec, { mode: 'typed' | 'lines' | 'cloze' }>

export type KindAskConfig = KindSpec & PromptCommon

const KIND_MODES: ReadonlySet<string> = new Set(['typed', 'lines', 'cloze'])

/** Whether a prompt config is one of the modes this file draws. */
export const isKindAsk = (config: { mode: string }): config is KindAskConfig => KIND_MODES.has(config.mode)

const hints = (style: Style, extra: string[], editor: boolean, undo = false, width?: number): string => {
  const k = (key: string, what: string) => `${style.bold(key)} ${what}`
  const parts = [...extra, k('/s', 'skip'), k('/f', 'flag'), k('/q', 'quit')]
  if (undo) parts.push(k('/u', 'undo'))
  if (editor) parts.splice(extra.length, 0, k('/e', 'editor'))
  return keyLine(style, parts, width)
}

/** Re-renders every `tick` ms so the clock in the status line moves. */
function useClock(tick: number): void {
  const [, setNow] = useState(0)
  const count = useRef(0)
  useEffect(() => {
    if (tick <= 0) return undefined
    const timer = setInterval(() => setNow(++count.current), tick)
    return () => clearInterval(timer)
  }, [tick])
}

type Line = { line: string; clearLine: (dir: 0) => void; write: (text: string) => void }

/** Puts `text` back in the input line (readline empties it on enter). */
const refill = (rl: Line, text: string) => {
  rl.clearLine(0)
  rl.write(text)
}

export const kindPrompt = createPrompt<AskResult, KindAskConfig>((config, done) => {
  const { style } = config
  const [text, setText] = useState('')
  const [lines, setLines] = useState<readonly string[]>([])
  const gapCount = config.mode === 'cloze' ? config.gaps : 0
  const [values, setValues] = useState<readonly string[]>(() => Array.from({ length: gapCount }, () => ''))
  const [current, setCurrent] = useState(0)
  const [error, setError] = useState<string | undefined>(undefined)
  const [finished, setFinished] = useState<string | undefined>(undefined)
  useClock(finished === undefined ? config.tick : 0)

  const command = (typed: string, editor: boolean): AskResult | undefined => {
    const action = TEXT_COMMANDS[typed.trim().toLowerCase()]
    if (!action || (action === 'editor' && !editor) || (action === 'undo' && !config.undo)) return undefined
    return { action }
  }
  const setTyped = (value: string) => {
    setText(value)
    config.onText?.(value)
  }

  const finish = (result: AskResult, label: string) => {
    setFinished(label)
    done(result)
  }

  useKeypress((key: KeypressEvent, rl) => {
    if (finished !== undefined) return
    if (config.mode === 'typed') {
      if (!isEnterKey(key)) {
        setTyped(rl.line)
        return
      }
      const typed = text.trim()
      const cmd = command(typed, false)
      if (cmd) return finish(cmd, style.dim(typed))
      const reason = config.check(typed)
      if (reason !== undefined) {
        setError(reason)
        refill(rl, text)
        return
      }
      setError(undefined)
      return finish({ action: 'answer', value: typed }, style.cyan(typed))
    }
    if (config.mode === 'lines') {
      if (!isEnterKey(key)) {
        setTyped(rl.line)
        return
      }
      const cmd = lines.length === 0 ? command(text, true) : undefined
      if (cmd) return finish(cmd, style.dim(text.trim()))
      if (text.trim() === '') {
        if (lines.length === 0) {
          setError('Type what it prints, one line at a time; an empty line ends the answer.')
          return
        }
        setError(undefined)
        return finish({ action: 'answer', value: lines.join('\n') }, style.cyan(lines.join(' ⏎ ')))
      }
      setError(undefined)
      setLines([...lines, text])
      setTyped('')
      return
    }
    // cloze: one input per gap; enter moves on, up and down move between gaps.
    const save = (value: string) => values.map((v, i) => (i === current ? value : v))
    const move = (to: number, next: readonly string[]) => {
      setValues(next)
      setCurrent(to)
      setTyped(next[to]!)
      refill(rl, next[to]!)
    }
    if (isEnterKey(key)) {
      const cmd = command(text, false)
      if (cmd) return finish(cmd, style.dim(text.trim()))
      const next = save(text)
      if (current < gapCount - 1) return move(current + 1, next)
      setValues(next)
      return finish({ action: 'answer', value: [...next] }, style.cyan(next.map((v, i) => `${i + 1}: ${v.trim() || '(blank)'}`).join('  ')))
    }
    if (isUpKey(key) && current > 0) return move(current - 1, save(text))
    if (isDownKey(key) && current < gapCount - 1) return move(current + 1, save(text))
    setTyped(rl.line)
  })

  const status = statusLine(config.status(), config.flagged, style, config.width)
  if (finished !== undefined) {
    // The cloze prompt drew the question itself: leave it on screen, filled in as answered.
    const question = config.mode === 'cloze' ? `${config.render(values, -1)}\n\n` : ''
    return `${question}${status}\n${style.green('›')} ${finished}`
  }
  const errorLine = error ? style.red(error) : ''

  if (config.mode === 'typed') {
    const field = `${style.bold(config.label)} ${style.green('›')} `
    const bottom = [errorLine, hints(style, [`${style.bold('enter')} submit`], false, config.undo, config.width)].filter(Boolean).join('\n')
    if (text === '') return [`${status}\n${field}`, `${style.dim(config.placeholder)}\n${bottom}`]
    return [`${status}\n${field}${text}`, bottom]
  }
  if (config.mode === 'lines') {
    const given = lines.map((l) => `  ${style.dim('│')} ${l}`)
    const field = `${style.bold(config.label)} ${style.green('›')} `
    const extra = [`${style.bold('enter')} next line`, `${style.bold('empty line')} done`]
    const bottom = [errorLine, hints(style, extra, true, config.undo, config.width)].filter(Boolean).join('\n')
    const head = [status, ...given].join('\n')
    if (text === '' && lines.length === 0) return [`${head}\n${field}`, `${style.dim(config.placeholder)}\n${bottom}`]
    return [`${head}\n${field}${text}`, bottom]
  }
  const shown = values.map((v, i) => (i === current ? text : v))
  const code = config.render(shown, current)
  const field = `${style.bold(`Gap ${current + 1} of ${gapCount}`)} ${style.green('›')} ${text}`
  const extra = [`${style.bold('enter')} ${current < gapCount - 1 ? 'next gap' : 'submit'}`, `${style.bold('↑↓')} move`]
  const bottom = [errorLine, hints(style, extra, false, config.undo, config.width)].filter(Boolean).join('\n')
  return [`${status}\n${code}\n\n${field}`, bottom]
})
