// Prompts for the code-native kinds, on @inquirer/core like the others so the
// live clock and the session commands (/s skip, /f flag, /q quit, /e editor)
// work the same. What to ask and how to check a typed answer comes from the
// kind (src/core/kinds); this file only draws and reads keys.
//   typed  one line, checked by the kind; a malformed entry is re-asked with its reason;
//          with `order` the items are drawn and can be moved (↑↓ or j/k, space picks up)
//   lines  several lines (printed output); an empty line ends, /e opens $EDITOR
//   cloze  one input per gap, the code redrawn with the gap being filled in place
import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, useKeypress, useState, type KeypressEvent } from '@inquirer/core'
import { wrapInline } from '../core/markdown.ts'
import type { AskSpec } from '../core/kinds/kind.ts'
import { asksHint, HINT, keyLine, sessionKeys, statusLine, TEXT_COMMANDS, useClock, type AskResult, type PromptCommon } from './prompts.ts'

type KindSpec = Extract<AskSpec, { mode: 'typed' | 'lines' | 'cloze' }>

export type KindAskConfig = KindSpec & PromptCommon

const KIND_MODES: ReadonlySet<string> = new Set(['typed', 'lines', 'cloze'])

/** Whether a prompt config is one of the modes this file draws. */
export const isKindAsk = (config: { mode: string }): config is KindAskConfig => KIND_MODES.has(config.mode)

const hints = (config: KindAskConfig, extra: string[], editor: boolean): string =>
  keyLine(config.style, [...extra, ...sessionKeys(config.style, config, { slash: true, editor })], config.width)

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
  // order: the items as arranged (their shown numbers), the row under the cursor, and whether it is picked up.
  const items = config.mode === 'typed' ? config.order?.items : undefined
  const [moving, setMoving] = useState(false)
  const [arranged, setArranged] = useState<readonly number[]>(() => (items ?? []).map((_, i) => i + 1))
  const [cursor, setCursor] = useState(0)
  const [held, setHeld] = useState(false)
  useClock(finished === undefined ? config.tick : 0)

  const command = (typed: string, editor: boolean): AskResult | undefined => {
    if (asksHint(config, typed)) return HINT
    const action = TEXT_COMMANDS[typed.trim().toLowerCase()]
    if (!action || (action === 'editor' && !editor) || (action === 'undo' && !config.undo) || (action === 'flag' && config.flag === false)) return undefined
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
    if (config.mode === 'typed' && items && (moving || ((isUpKey(key) || isDownKey(key) || key.name === 'j' || key.name === 'k') && text.trim() === ''))) {
      // Moving the items: ↑↓ (or k/j) move the cursor, or the item picked up with space; enter submits.
      refill(rl, '')
      if (!moving) {
        setMoving(true)
        setError(undefined)
        return
      }
      const up = isUpKey(key) || key.name === 'k'
      const down = isDownKey(key) || key.name === 'j'
      if (up || down) {
        const to = Math.max(0, Math.min(arranged.length - 1, cursor + (up ? -1 : 1)))
        if (held && to !== cursor) {
          const next = [...arranged]
          ;[next[cursor], next[to]] = [next[to]!, next[cursor]!]
          setArranged(next)
        }
        setCursor(to)
      } else if (isSpaceKey(key)) setHeld(!held)
      else if (isEnterKey(key)) return finish({ action: 'answer', value: arranged.join(' ') }, style.cyan(arranged.join(' ')))
      else if (key.name === 'tab' || key.name === 'escape') {
        setMoving(false)
        setHeld(false)
      } else {
        const letter = key.name === 'h' ? '/h' : key.name === 's' ? '/s' : key.name === 'f' ? '/f' : key.name === 'q' ? '/q' : key.name === 'u' ? '/u' : ''
        const cmd = letter ? command(letter, false) : undefined
        if (cmd) return finish(cmd, style.dim(letter))
      }
      return
    }
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
  const width = Math.max(30, Math.min(config.width ?? 100, 100))
  /** The items, numbered as shown; while moving, in the order arranged, with the cursor and the one picked up. */
  const itemList = (live: boolean): string => {
    if (!items) return ''
    const pad = String(items.length).length
    const rows = live && moving ? arranged : items.map((_, i) => i + 1)
    return rows
      .map((n, row) => {
        const here = live && moving && row === cursor
        const pointer = here ? (held ? style.yellow('◆') : style.cyan('❯')) : ' '
        const lead = `${pointer} ${style.bold(`${String(n).padStart(pad)}.`)} `
        const lines = wrapInline(items[n - 1]!, width - pad - 4, style, true)
        return lines.map((line, k) => (k === 0 ? lead : ' '.repeat(pad + 4)) + (here ? style.bold(line) : line)).join('\n')
      })
      .join('\n')
  }
  if (finished !== undefined) {
    // A prompt that drew the question itself leaves it on screen: the cloze filled in, the items as shown.
    const question =
      config.mode === 'cloze' ? `${config.render(values, -1)}\n\n` : config.mode === 'typed' && config.order ? `${config.order.question}\n\n${itemList(false)}\n\n` : ''
    return `${question}${status}\n${style.green('›')} ${finished}`
  }
  const errorLine = error ? style.red(error) : ''

  if (config.mode === 'typed') {
    const head = config.order ? `${config.order.question}\n\n${itemList(true)}\n\n${status}` : status
    if (moving) {
      const k = (key: string, what: string) => `${style.bold(key)} ${what}`
      const keys = [k('↑↓', held ? 'move it' : 'choose'), k('space', held ? 'put down' : 'pick up'), k('enter', 'submit'), k('tab', 'type numbers')]
      const letters = sessionKeys(style, config, { slash: false })
      return [`${head}\n${style.bold(config.label)} ${style.green('›')} ${style.cyan(arranged.join(' '))}`, keyLine(style, [...keys, ...letters], config.width)]
    }
    const field = `${style.bold(config.label)} ${style.green('›')} `
    const extra = [`${style.bold('enter')} submit`, ...(items ? [`${style.bold('↑↓')} move items`] : [])]
    const bottom = [errorLine, hints(config, extra, false)].filter(Boolean).join('\n')
    if (text === '') return [`${head}\n${field}`, `${style.dim(config.placeholder)}\n${bottom}`]
    return [`${head}\n${field}${text}`, bottom]
  }
  if (config.mode === 'lines') {
    const given = lines.map((l) => `  ${style.dim('│')} ${l}`)
    const field = `${style.bold(config.label)} ${style.green('›')} `
    const extra = [`${style.bold('enter')} next line`, `${style.bold('empty line')} done`]
    const bottom = [errorLine, hints(config, extra, true)].filter(Boolean).join('\n')
    const head = [status, ...given].join('\n')
    if (text === '' && lines.length === 0) return [`${head}\n${field}`, `${style.dim(config.placeholder)}\n${bottom}`]
    return [`${head}\n${field}${text}`, bottom]
  }
  const shown = values.map((v, i) => (i === current ? text : v))
  const code = config.render(shown, current)
  const field = `${style.bold(`Gap ${current + 1} of ${gapCount}`)} ${style.green('›')} ${text}`
  const extra = [`${style.bold('enter')} ${current < gapCount - 1 ? 'next gap' : 'submit'}`, `${style.bold('↑↓')} move`]
  const bottom = [errorLine, hints(config, extra, false)].filter(Boolean).join('\n')
  // The status (with the clocks) sits by the input, so a tall question never pushes it off a short terminal.
  return [`${code}\n\n${status}\n${field}`, bottom]
})
