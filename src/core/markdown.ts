// A small markdown renderer for the terminal: enough for question files
// (headings, paragraphs, lists, quotes, fenced code, inline code, emphasis,
// links and tables). Input is already free of control characters.
//
// Every step is linear in its input: a question file is untrusted text, and
// no heading, backtick run or bracket may make rendering backtrack (the
// block rules are hand-written scans, the inline parser is CommonMark's
// delimiter-stack algorithm with a bottom per delimiter character).
import { highlight } from './highlight.ts'
import type { Style } from './style.ts'
import { isDelimiterRow, renderMarkdownTable, splitTableRow } from './md-table.ts'
import { displayWidth, readFence, separatorWidth, wrap, wrapCodeLine } from './text.ts'

export interface RenderOptions {
  width: number
  style: Style
}

/** A run of inline text with the styles that apply to it. */
export interface Span {
  text: string
  code?: boolean
  bold?: boolean
  italic?: boolean
  link?: boolean
  url?: boolean
}

export interface Inline {
  text: string
  code: boolean
}

// ---------------------------------------------------------------- inline parsing

const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\u00a0'
// Unicode property classes cost V8 ~0.15 ms each to build, as the literal is evaluated: made at
// the first emphasis run, not as this module loads (every command that renders text loads it).
let PUNCT: RegExp | undefined
let ALNUM: RegExp | undefined
const isPunct = (c: string | undefined) => c !== undefined && (PUNCT ??= /[\p{P}\p{S}]/u).test(c)
const isAlnum = (c: string | undefined) => c !== undefined && (ALNUM ??= /[\p{L}\p{N}]/u).test(c)
const ASCII_PUNCT = /[!-/:-@[-`{-~]/

/**
 * Finds code spans: a run of n backticks closes only with a run of exactly n
 * (CommonMark). `closerAfter(n, from)` answers in amortised constant time from
 * positions collected in one pass, so 300 runs of different lengths stay linear.
 */
function backtickRuns(text: string) {
  const byLength = new Map<number, number[]>()
  // indexOf jumps from run to run: most text has few backticks or none.
  for (let i = text.indexOf('`'); i !== -1;) {
    let j = i + 1
    while (text.charCodeAt(j) === 96) j++
    const list = byLength.get(j - i)
    if (list) list.push(i)
    else byLength.set(j - i, [i])
    i = text.indexOf('`', j)
  }
  const cursor = new Map<number, number>()
  return (n: number, from: number): number => {
    const list = byLength.get(n)
    if (!list) return -1
    let k = cursor.get(n) ?? 0
    while (k < list.length && list[k]! < from) k++
    cursor.set(n, k)
    return k < list.length ? list[k]! : -1
  }
}

const trimCode = (code: string) => (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '' ? code.slice(1, -1) : code)

/** Splits text into plain runs and `code spans` (CommonMark rules: a run of n backticks closes only with n). */
export function splitCodeSpans(text: string): Inline[] {
  // Most titles and summaries hold no backtick at all.
  if (!text.includes('`')) return text === '' ? [] : [{ text, code: false }]
  const out: Inline[] = []
  const closer = backtickRuns(text)
  let plain = ''
  let i = 0
  while (i < text.length) {
    const tick = text.indexOf('`', i)
    if (tick === -1) {
      plain += text.slice(i)
      break
    }
    plain += text.slice(i, tick)
    let n = 0
    while (text[tick + n] === '`') n++
    const close = closer(n, tick + n)
    if (close === -1) {
      plain += text.slice(tick, tick + n)
      i = tick + n
      continue
    }
    if (plain) out.push({ text: plain, code: false })
    plain = ''
    out.push({ text: trimCode(text.slice(tick + n, close)), code: true })
    i = close + n
  }
  if (plain) out.push({ text: plain, code: false })
  return out
}

type Token = { t: 'text'; s: string } | { t: 'code'; s: string } | { t: 'open' } | { t: 'close'; url: string } | Delim

interface Delim {
  t: 'delim'
  ch: '*' | '_'
  n: number
  pos: number
  canOpen: boolean
  canClose: boolean
  opens: ('bold' | 'italic')[]
  closes: ('bold' | 'italic')[]
  prev: Delim | null
  next: Delim | null
}

/** A link destination after `](`: no spaces or brackets, up to the `)`; -1 when there is none. */
function linkEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!
    if (c === ')') return i > open + 1 ? i : -1
    if (c === '(' || c === '[' || c === ']' || c === '<' || isSpace(c)) return -1
  }
  return -1
}

/**
 * Parses inline markdown: code spans, backslash escapes, `*`/`_` emphasis
 * (nested; a run between two letters or digits, as in `2*3*4` or
 * `snake_case`, is literal) and `[text](url)` links.
 */
function parseFull(text: string): Span[] {
  const tokens: Token[] = []
  const closer = backtickRuns(text)
  let tail: Delim | null = null
  const brackets: { token: number; tail: Delim | null; active: boolean }[] = []
  let plain = ''
  const flush = () => {
    if (plain) tokens.push({ t: 'text', s: plain })
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length && ASCII_PUNCT.test(text[i + 1]!)) {
      plain += text[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      let n = 0
      while (text[i + n] === '`') n++
      const close = closer(n, i + n)
      if (close === -1) {
        plain += text.slice(i, i + n)
        i += n
        continue
      }
      flush()
      tokens.push({ t: 'code', s: trimCode(text.slice(i + n, close)) })
      i = close + n
      continue
    }
    if (c === '*' || c === '_') {
      let n = 0
      while (text[i + n] === c) n++
      const before = text[i - 1]
      const after = text[i + n]
      const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before))
      const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after))
      if (isAlnum(before) && isAlnum(after)) {
        plain += text.slice(i, i + n)
        i += n
        continue
      }
      const canOpen = c === '*' ? left : left && (!right || isPunct(before))
      const canClose = c === '*' ? right : right && (!left || isPunct(after))
      if (!canOpen && !canClose) {
        plain += text.slice(i, i + n)
        i += n
        continue
      }
      flush()
      const d: Delim = { t: 'delim', ch: c, n, pos: tokens.length, canOpen, canClose, opens: [], closes: [], prev: tail, next: null }
      if (tail) tail.next = d
      tail = d
      tokens.push(d)
      i += n
      continue
    }
    if (c === '[') {
      flush()
      brackets.push({ token: tokens.length, tail, active: true })
      tokens.push({ t: 'text', s: '[' })
      i++
      continue
    }
    if (c === ']' && brackets.length > 0) {
      const opener = brackets.pop()!
      const end = opener.active && text[i + 1] === '(' ? linkEnd(text, i + 1) : -1
      if (end === -1) {
        plain += ']'
        i++
        continue
      }
      flush()
      tokens[opener.token] = { t: 'open' }
      const bottom = opener.tail ? opener.tail.pos : -1
      processEmphasis(tail, bottom)
      tail = opener.tail
      if (tail) tail.next = null
      // No link inside a link: earlier openers can no longer make one.
      for (const b of brackets) b.active = false
      tokens.push({ t: 'close', url: text.slice(i + 2, end) })
      i = end + 1
      continue
    }
    plain += c
    i++
  }
  flush()
  processEmphasis(tail, -1)
  return toSpans(tokens)
}

/** CommonMark's "process emphasis" over the delimiters after position `bottom`. */
function processEmphasis(tail: Delim | null, bottom: number): void {
  let first: Delim | null = tail
  while (first && first.prev && first.prev.pos > bottom) first = first.prev
  if (!first || first.pos <= bottom) return
  const openersBottom: Record<string, number> = { '*': bottom, _: bottom }
  let closer: Delim | null = first
  while (closer) {
    if (!closer.canClose || closer.n === 0) {
      closer = closer.next
      continue
    }
    let opener: Delim | null = closer.prev
    const floor = openersBottom[closer.ch]!
    while (opener && opener.pos > floor && !(opener.ch === closer.ch && opener.canOpen && opener.n > 0)) opener = opener.prev
    if (opener && opener.pos > floor) {
      const use = opener.n >= 2 && closer.n >= 2 ? 2 : 1
      const kind = use === 2 ? 'bold' : 'italic'
      opener.n -= use
      closer.n -= use
      opener.opens.push(kind)
      closer.closes.push(kind)
      // Delimiters between the pair can no longer match.
      opener.next = closer
      closer.prev = opener
      if (closer.n === 0) closer = closer.next
    } else {
      openersBottom[closer.ch] = closer.pos - 1
      closer = closer.next
    }
  }
}

function toSpans(tokens: Token[]): Span[] {
  const spans: Span[] = []
  let bold = 0
  let italic = 0
  let link = 0
  const linkStarts: number[] = []
  const push = (text: string, extra: Partial<Span> = {}) => {
    if (text === '') return
    const span: Span = { text }
    if (bold > 0) span.bold = true
    if (italic > 0) span.italic = true
    if (link > 0) span.link = true
    Object.assign(span, extra)
    const last = spans[spans.length - 1]
    if (last && !last.code && !span.code && last.bold === span.bold && last.italic === span.italic && last.link === span.link && last.url === span.url) last.text += text
    else spans.push(span)
  }
  const count = (kinds: ('bold' | 'italic')[], by: number) => {
    for (const k of kinds) {
      if (k === 'bold') bold += by
      else italic += by
    }
  }
  for (const token of tokens) {
    switch (token.t) {
      case 'text':
        push(token.s)
        break
      case 'code':
        push(token.s, { code: true })
        break
      case 'delim':
        if (token.closes.length) {
          count(token.closes, -1)
          push(token.ch.repeat(token.n))
        } else {
          push(token.ch.repeat(token.n))
        }
        count(token.opens, 1)
        break
      case 'open':
        linkStarts.push(spans.length)
        link++
        break
      case 'close': {
        const start = linkStarts.pop() ?? spans.length
        link--
        const label = spans
          .slice(start)
          .map((s) => s.text)
          .join('')
        const bare = token.url.replace(/^(https?:\/\/|mailto:)/i, '')
        if (label !== token.url && label !== bare) {
          const saved = [bold, italic]
          bold = italic = 0
          push(` (${token.url})`, { url: true })
          ;[bold, italic] = saved as [number, number]
        }
        break
      }
    }
  }
  return spans
}

/**
 * Splits inline markdown into styled spans. Front-matter fields (titles,
 * options, key points) are plain text where only `code` spans are markup, so
 * that `__init__` or `**kwargs` stay as written: pass `codeOnly` for those.
 */
export function parseInline(text: string, codeOnly = false): Span[] {
  if (codeOnly) return splitCodeSpans(text).map((s) => (s.code ? { text: s.text, code: true } : { text: s.text }))
  return parseFull(text)
}

/** Paints spans for the terminal: code cyan (bold too inside bold), links underlined with their URL dimmed. */
export function paintSpans(spans: Span[], style: Style): string {
  return spans
    .map((s) => {
      let paint: Style = style
      if (s.code) paint = paint.cyan
      if (s.bold) paint = paint.bold
      if (s.italic) paint = paint.italic
      if (s.link) paint = paint.underline
      if (s.url) paint = paint.dim
      return paint === style ? s.text : paint(s.text)
    })
    .join('')
}

/** Whitespace (newlines included) collapsed to single spaces, in linear time. */
const collapse = (text: string) => text.replace(/\s+/g, ' ')

/** Inline markdown as one styled line (no wrapping). */
export const inlineText = (text: string, style: Style, codeOnly = false): string => paintSpans(parseInline(collapse(text), codeOnly), style)

/**
 * Wraps inline markdown to `width` columns by the one wrapping rule of the
 * text layer. Returns the lines without the indent; prefixes are added by the caller.
 */
export function wrapInline(text: string, width: number, style: Style, codeOnly = false): string[] {
  return wrap(inlineText(text, style, codeOnly).trim(), width)
}

// ---------------------------------------------------------------- blocks

/** `# Heading #` -> [level, text], scanned by hand (no backtracking on trailing spaces). */
function heading(line: string): [number, string] | undefined {
  let i = 0
  while (i < 3 && line[i] === ' ') i++
  let level = 0
  while (line[i + level] === '#') level++
  if (level < 1 || level > 6) return undefined
  const after = line[i + level]
  if (after !== undefined && after !== ' ' && after !== '\t') return undefined
  let text = line.slice(i + level).trim()
  // An optional closing sequence: spaces then #s at the very end.
  let end = text.length
  while (end > 0 && text[end - 1] === '#') end--
  if (end === 0) text = ''
  else if (end < text.length && (text[end - 1] === ' ' || text[end - 1] === '\t')) text = text.slice(0, end).trimEnd()
  return [level, text]
}

/** `---`, `***`, `___` (spaces allowed between). */
function isThematicBreak(line: string): boolean {
  let ch: string | undefined
  let n = 0
  for (const c of line) {
    if (c === ' ' || c === '\t') continue
    if (c !== '-' && c !== '*' && c !== '_') return false
    if (ch !== undefined && c !== ch) return false
    ch = c
    n++
  }
  return n >= 3
}

interface ListItem {
  indent: number
  bullet: string
  text: string
}

/** `- item`, `* item`, `+ item`, `1. item`, `1) item`. */
function listItem(line: string): ListItem | undefined {
  let i = 0
  while (line[i] === ' ' || line[i] === '\t') i++
  const indent = i
  let bullet: string
  const c = line[i]
  if (c === '-' || c === '*' || c === '+') {
    bullet = c
    i++
  } else {
    let j = i
    while (j - i < 9 && line[j] !== undefined && line[j]! >= '0' && line[j]! <= '9') j++
    if (j === i || (line[j] !== '.' && line[j] !== ')')) return undefined
    bullet = line.slice(i, j + 1)
    i = j + 1
  }
  if (line[i] !== ' ' && line[i] !== '\t') return undefined
  return { indent, bullet, text: line.slice(i).trim() }
}

const isQuote = (line: string) => line.trimStart().startsWith('>')
const isTableRow = (line: string) => line.trimStart().startsWith('|')
const startsBlock = (line: string) => readFence([line], 0) !== undefined || heading(line) !== undefined || listItem(line) !== undefined || isQuote(line)

/** Renders a markdown document to terminal text, `width` columns wide. */
export function renderMarkdown(markdown: string, options: RenderOptions): string {
  const { style } = options
  const width = Math.max(20, Math.floor(Number.isFinite(options.width) ? options.width : 100))
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const out: string[] = []
  const blank = () => {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('')
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = readFence(lines, i)
    if (fence) {
      i = fence.end + 1
      blank()
      out.push(...renderCode(fence.body.join('\n'), fence.language, width, style))
      blank()
      continue
    }
    if (line.trim() === '') {
      blank()
      i++
      continue
    }
    const h = heading(line)
    if (h) {
      blank()
      const paint = h[0] <= 2 ? style.bold.underline : style.bold
      out.push(...wrap(paint(inlineText(h[1], style)), width))
      blank()
      i++
      continue
    }
    if (isThematicBreak(line)) {
      blank()
      out.push(style.dim('─'.repeat(Math.min(separatorWidth(width), 40))))
      blank()
      i++
      continue
    }
    if (isTableRow(line)) {
      const rows: string[][] = []
      let header: string[] | undefined
      let aligns: ('left' | 'right' | 'center')[] = []
      const start = i
      while (i < lines.length && isTableRow(lines[i]!)) {
        const raw = lines[i++]!
        if (i - 1 === start + 1 && isDelimiterRow(raw)) {
          header = rows.shift()
          aligns = splitTableRow(raw).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'right') : 'left'))
          continue
        }
        rows.push(splitTableRow(raw))
      }
      blank()
      out.push(...renderMarkdownTable({ header, rows, aligns }, width, style))
      blank()
      continue
    }
    if (isQuote(line)) {
      const quote: string[] = []
      while (i < lines.length && isQuote(lines[i]!)) {
        const l = lines[i++]!.trimStart().slice(1)
        quote.push(l.startsWith(' ') ? l.slice(1) : l)
      }
      for (const wrapped of wrapInline(quote.join(' '), width - 2, style)) out.push(`${style.dim('│')} ${wrapped}`)
      continue
    }
    const item = listItem(line)
    if (item) {
      const indent = Math.min(8, Math.floor(item.indent / 2) * 2)
      const bullet = /\d/.test(item.bullet) ? item.bullet : '•'
      const text = [item.text]
      i++
      // Continuation lines: indented text that is not a new item, fence or blank.
      while (i < lines.length && lines[i]!.trim() !== '' && !listItem(lines[i]!) && !readFence(lines, i) && (lines[i]![0] === ' ' || lines[i]![0] === '\t')) {
        text.push(lines[i++]!.trim())
      }
      const prefix = `${' '.repeat(indent + 2)}${bullet} `
      const hang = ' '.repeat(displayWidth(prefix))
      wrapInline(text.join(' '), width - displayWidth(prefix), style).forEach((wrapped, n) => out.push(`${n === 0 ? prefix : hang}${wrapped}`))
      continue
    }
    const paragraph: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '' && !isTableRow(lines[i]!) && (paragraph.length === 0 || !startsBlock(lines[i]!))) {
      paragraph.push(lines[i++]!.trim())
    }
    for (const wrapped of wrapInline(paragraph.join(' '), width, style)) out.push(wrapped)
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop()
  return out.join('\n')
}

/** A code block indented by 4; a line too long for the terminal is wrapped and the rest marked with ↪. */
function renderCode(code: string, language: string, width: number, style: Style): string[] {
  const body = highlight(code, language, style)
  const room = Math.max(10, width - 4)
  const out: string[] = []
  for (const codeLine of body.split('\n')) {
    wrapCodeLine(codeLine, room, style.dim('↪')).forEach((p, n) => out.push(n === 0 ? `    ${p}` : `  ${p}`))
  }
  return out.map((l) => l.trimEnd())
}
