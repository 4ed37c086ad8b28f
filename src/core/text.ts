// The one text layer for the terminal: display width, truncation, wrapping
// and fenced-code parsing, shared by every renderer. Widths are terminal
// columns (string-width: CJK and emoji count 2, combining marks 0), never
// UTF-16 code units. Every function here is linear in its input.
import stringWidth from 'string-width'

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g
// eslint-disable-next-line no-control-regex
const SGR_SPLIT = /(\u001b\[[0-9;]*m)/
// Characters every terminal shows one column wide, measured without string-width
// (which runs its emoji regex on each call, and compiles it on the first non-ASCII
// one: ~2 ms): ASCII, Latin, Greek, Cyrillic, general punctuation (dashes, quotes,
// •, …, ‹ ›), arrows, mathematical operators, box drawing and geometric shapes, and
// the symbols the session draws (⏎ ⏱ ⚑ ⚠ ✔ ✘ ❯ ⟦ ⟧). None of these is an emoji
// with emoji presentation, a wide character or a combining mark.
export const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u0370-\u04ff\u2010-\u2027\u2030-\u205e\u2190-\u2319\u23ce\u23f1\u2500-\u25fc\u2691\u26a0\u2714\u2718\u276f\u27e6\u27e7]*$/

export const stripAnsi = (text: string): string => (text.includes('\u001b') ? text.replace(SGR, '') : text)

/** Columns `text` takes on a terminal; colour codes take none. */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length
  const bare = stripAnsi(text)
  if (bare !== text && NARROW.test(bare)) return bare.length
  return stringWidth(bare)
}

/** Width of the widest line of `text`. */
export const widestLine = (text: string): number => Math.max(0, ...text.split('\n').map(displayWidth))

/**
 * Splits plain text into display clusters: a code point with the combining
 * marks, variation selectors and zero-width joins that follow it, so that a
 * cut never separates a surrogate pair, an accent from its letter or the
 * parts of an emoji sequence.
 */
export function clusters(text: string): string[] {
  const out: string[] = []
  let joinNext = false
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    const attaches =
      (cp >= 0x300 && cp <= 0x36f) ||
      (cp >= 0x1ab0 && cp <= 0x1aff) ||
      (cp >= 0x20d0 && cp <= 0x20ff) ||
      (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
      cp === 0x200d ||
      (cp >= 0xe0020 && cp <= 0xe007f)
    if (out.length > 0 && (attaches || joinNext)) out[out.length - 1] += ch
    else out.push(ch)
    joinNext = cp === 0x200d
  }
  return out
}

/** Cuts plain text to at most `width` columns, ending with an ellipsis when cut; never splits a character. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return ''
  if (displayWidth(text) <= width) return text
  if (width === 1) return '…'
  let out = ''
  let used = 0
  for (const c of clusters(text)) {
    const w = displayWidth(c)
    if (used + w > width - 1) break
    out += c
    used += w
  }
  return `${out}…`
}

/** Pads `text` (colour codes allowed) with spaces to `width` columns. */
export const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)))
export const padStart = (text: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(text))) + text

// SGR codes chalk writes, by the code that closes them.
const CLOSER: Record<number, number> = { 1: 22, 2: 22, 3: 23, 4: 24, 7: 27, 8: 28, 9: 29, 53: 55 }
const closerOf = (code: number): number | undefined =>
  CLOSER[code] ?? ((code >= 30 && code <= 38) || (code >= 90 && code <= 97) ? 39 : (code >= 40 && code <= 48) || (code >= 100 && code <= 107) ? 49 : undefined)

/**
 * Makes each line stand alone: styles still open at the end of a line are
 * closed there and reopened on the next one, so that lines can be indented,
 * put side by side or cut without colour bleeding into their neighbours.
 */
export function balanceLines(lines: string[]): string[] {
  let open: string[] = []
  return lines.map((line) => {
    const prefix = open.join('')
    if (!line.includes('\u001b')) return open.length ? `${prefix}${line}${closeAll(open)}` : line
    const state = [...open]
    for (const part of line.split(SGR_SPLIT)) {
      if (!part.startsWith('\u001b[')) continue
      for (const raw of part.slice(2, -1).split(';')) {
        const code = Number(raw || '0')
        if (code === 0) state.length = 0
        const closer = closerOf(code)
        if (closer !== undefined) state.push(`\u001b[${code}m`)
        else {
          // A closing code ends every open style it closes.
          for (let i = state.length - 1; i >= 0; i--) if (closerOf(Number(state[i]!.slice(2, -1))) === code) state.splice(i, 1)
        }
      }
    }
    const result = `${prefix}${line}${closeAll(state)}`
    open = state
    return result
  })
}

const closeAll = (open: string[]): string => {
  const codes = [...new Set(open.map((o) => closerOf(Number(o.slice(2, -1)))!))]
  return codes.map((c) => `\u001b[${c}m`).join('')
}

/**
 * The one wrapping rule of the tool: break at spaces (a run of spaces counts
 * as one); a word wider than the line breaks after . / , ( = - first, and only
 * then at the width, never inside a character. `text` may hold colour codes;
 * each returned line is balanced. Newlines in `text` are kept as line breaks.
 *
 * Hand-written rather than wrap-ansi@6: that one re-measures the whole line
 * for every word, so a run of 20,000 spaces or zero-width words took seconds
 * (quadratic); this is one pass, each word measured once.
 */
export function wrap(text: string, width: number): string[] {
  const columns = Math.max(1, Math.floor(Number.isFinite(width) ? width : 1e6))
  if (text === '') return ['']
  const lines = text.split('\n').flatMap((line) => (displayWidth(line) <= columns ? [line] : wrapLine(line, columns)))
  return balanceLines(lines)
}

function wrapLine(line: string, columns: number): string[] {
  const out: string[] = []
  let current = ''
  let used = 0
  for (const word of line.split(' ')) {
    if (word === '') continue
    const w = displayWidth(word)
    if (current !== '' && used + 1 + w <= columns) {
      current += ` ${word}`
      used += 1 + w
      continue
    }
    if (current !== '') out.push(current)
    if (w <= columns) {
      current = word
      used = w
      continue
    }
    const pieces = breakWord(word, columns)
    out.push(...pieces.slice(0, -1))
    current = pieces[pieces.length - 1]!
    used = displayWidth(current)
  }
  if (current !== '' || out.length === 0) out.push(current)
  return out
}

// A word wider than the line breaks between its parts (django.core.cache.
// backends, f(x=1)), never inside an identifier (update_fields stays whole),
// and only a part wider than the line at the width.
const BREAK_AFTER = /(?<=[./,(=-])(?=[^\s./,(=-])/
function breakWord(word: string, columns: number): string[] {
  const out: string[] = []
  let current = ''
  let used = 0
  for (const part of word.split(BREAK_AFTER)) {
    const w = displayWidth(part)
    if (used + w <= columns) {
      current += part
      used += w
      continue
    }
    if (current !== '') out.push(current)
    if (w <= columns) {
      current = part
      used = w
      continue
    }
    const cut = hardCut(part, columns)
    out.push(...cut.slice(0, -1))
    current = cut[cut.length - 1]!
    used = displayWidth(current)
  }
  out.push(current)
  return out
}

/** Wraps `text` and prefixes the first line with `first`, the rest with `rest` (as wide as `first` by default). */
export function wrapWithPrefix(text: string, width: number, first: string, rest = ' '.repeat(displayWidth(first))): string[] {
  return wrap(text, width - Math.max(displayWidth(first), displayWidth(rest))).map((l, n) => `${n === 0 ? first : rest}${l}`)
}

function hardCut(line: string, width: number): string[] {
  const out: string[] = []
  let current = ''
  let used = 0
  for (const part of line.split(SGR_SPLIT)) {
    if (part.startsWith('\u001b[')) {
      current += part
      continue
    }
    for (const c of clusters(part)) {
      const w = displayWidth(c)
      if (used + w > width && used > 0) {
        out.push(current)
        current = ''
        used = 0
      }
      current += c
      used += w
    }
  }
  out.push(current)
  return out
}

/**
 * A line of code in `width` columns: as it is when it fits, else wrapped with
 * its indent kept and each continuation line marked (`mark`, e.g. a dim ↪).
 */
export function wrapCodeLine(line: string, width: number, mark: string): string[] {
  if (displayWidth(line) <= width) return [line]
  const lead = line.length - line.trimStart().length
  const indent = ' '.repeat(Math.min(lead, Math.floor(width / 2)))
  const markWidth = displayWidth(mark) + 1
  return wrap(line.trimStart(), width - indent.length - markWidth).map((p, n) => (n === 0 ? `${indent}${p}` : `${mark} ${indent}${p}`))
}

/**
 * Fits lines written for a wide screen (a marker, then text: "  ✔ option",
 * "   2. step", "    │ code") into `width`: a line too wide wraps after its
 * marker, continuation lines hanging under the text. Lines that fit are kept.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (displayWidth(line) <= width) return [line]
      const found = /^\s*(?:\S{1,4} +)?(?:[\u2502\u203a+] )?/.exec(stripAnsi(line))![0]
      const marker = displayWidth(found) <= width / 2 ? found : ''
      const lead = displayWidth(marker)
      const [head, tail] = splitVisible(line, marker.length)
      // Behind a │ gutter is code: its indent is kept and continuation lines are marked.
      const parts = marker.includes('│') ? wrapCodeLine(tail, width - lead, '↪') : wrap(tail, width - lead)
      return parts.map((l, n) => (n === 0 ? head : ' '.repeat(lead)) + l)
    })
    .join('\n')
}

/** Splits a line after `n` visible characters (code units), colour codes before the cut staying in the head. */
function splitVisible(line: string, n: number): [string, string] {
  let seen = 0
  let i = 0
  while (i < line.length && seen < n) {
    if (line[i] === '\u001b') {
      const end = line.indexOf('m', i)
      i = end === -1 ? line.length : end + 1
      continue
    }
    i++
    seen++
  }
  // Closing codes right after the marker belong to it.
  while (line.startsWith('\u001b[', i)) {
    const end = line.indexOf('m', i)
    if (end === -1) break
    const code = Number(line.slice(i + 2, end).split(';')[0])
    if (!(code === 0 || code === 22 || code === 23 || code === 24 || code === 39 || code === 49)) break
    i = end + 1
  }
  return [line.slice(0, i), line.slice(i)]
}

/** Cuts a line, colours and all, to `width` columns, ending with an ellipsis when cut. */
export function fitLine(line: string, width: number): string {
  if (displayWidth(line) <= width) return line
  let out = ''
  let seen = 0
  let done = false
  for (const part of line.split(SGR_SPLIT)) {
    if (part.startsWith('\u001b[')) {
      out += part
      continue
    }
    if (done) continue
    for (const c of clusters(part)) {
      const w = displayWidth(c)
      if (seen + w > width - 1) {
        done = true
        break
      }
      out += c
      seen += w
    }
  }
  // Every escape was kept, so colours opened before the cut are closed after it.
  return `${out}…`
}

/**
 * Items of a key or status line ("enter next question", "u undo") joined by
 * `sep` and wrapped to `width`: a line breaks only between items, never inside
 * one (unless one item alone is wider than the line).
 */
export function wrapItems(items: readonly (string | false | undefined | null)[], width: number, sep = ' · '): string[] {
  const kept = items.filter((i): i is string => typeof i === 'string' && i !== '')
  if (kept.length === 0) return ['']
  // Inside an item spaces do not break; an item too wide for a line still wraps at them.
  const columns = Number.isFinite(width) ? Math.max(1, Math.floor(width)) : Number.POSITIVE_INFINITY
  // The separator's mark stays with the item before it, so a line ends "… u undo ·".
  const mark = sep.trim()
  const glued = kept.map((item, n) => {
    const whole = n < kept.length - 1 && mark ? `${item}\u00a0${mark}` : item
    return displayWidth(whole) <= columns ? whole.replace(/ /g, '\u00a0') : whole
  })
  return wrap(glued.join(mark ? ' ' : sep), columns).map((l) => l.replace(/\u00a0/g, ' '))
}

/** A horizontal rule as wide as the terminal, capped at the 100-column reading measure. */
export const READING_MEASURE = 100
export const separatorWidth = (width: number): number => (Number.isFinite(width) && width > 0 ? Math.min(Math.floor(width), READING_MEASURE) : 80)
export const separator = (width: number, char = '─'): string => char.repeat(separatorWidth(width))

// ---------------------------------------------------------------- fenced code

export interface Fence {
  /** Index of the opening line. */
  start: number
  /** Index of the closing line, or lines.length when the block runs to the end. */
  end: number
  language: string
  /** The body with the opening fence's indent removed. */
  body: string[]
}

/**
 * An opening fence: up to 3 spaces, then 3+ backticks or tildes, then an info
 * string whose first word is the language (CommonMark; a backtick fence's info
 * string may not contain a backtick).
 */
export function openingFence(line: string): { indent: number; char: string; length: number; language: string } | undefined {
  let i = 0
  while (i < line.length && i < 4 && line[i] === ' ') i++
  if (i > 3) return undefined
  const char = line[i]
  if (char !== '`' && char !== '~') return undefined
  let j = i
  while (line[j] === char) j++
  const length = j - i
  if (length < 3) return undefined
  const info = line.slice(j).trim()
  if (char === '`' && info.includes('`')) return undefined
  const language = (/^[\w+#.-]*/.exec(info)?.[0] ?? '').slice(0, 40)
  return { indent: i, char, length, language }
}

/** Whether `line` closes a fence of `char` repeated `length` times: the same character, at least as many, nothing else. */
export function closesFence(line: string, char: string, length: number): boolean {
  const t = line.trim()
  if (t.length < length || line.length - line.trimStart().length > 3) return false
  for (let i = 0; i < t.length; i++) if (t[i] !== char) return false
  return true
}

/** The fenced block opening at `lines[start]`, or undefined when that line opens none. */
export function readFence(lines: readonly string[], start: number): Fence | undefined {
  const open = openingFence(lines[start]!)
  if (!open) return undefined
  const body: string[] = []
  let i = start + 1
  for (; i < lines.length; i++) {
    const line = lines[i]!
    if (closesFence(line, open.char, open.length)) break
    const lead = line.length - line.trimStart().length
    body.push(line.slice(Math.min(open.indent, lead)))
  }
  return { start, end: i, language: open.language, body }
}

/** Every fenced block of a markdown document, in order. */
export function fences(markdown: string): Fence[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const out: Fence[] = []
  for (let i = 0; i < lines.length; i++) {
    const fence = readFence(lines, i)
    if (fence) {
      out.push(fence)
      i = fence.end
    }
  }
  return out
}
