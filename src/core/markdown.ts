// A small markdown renderer for the terminal: enough for question files
// (headings, paragraphs, lists, quotes, fenced code, inline code, emphasis,
// links and tables). Input is already free of control characters.
import { highlight } from './highlight.ts'
import type { Style } from './style.ts'

export interface RenderOptions {
  width: number
  style: Style
}

type Segment = { text: string; kind: 'plain' | 'code' | 'bold' | 'italic' | 'link' | 'url' }

export interface Inline {
  text: string
  code: boolean
}

/** Splits text into plain runs and `code spans` (CommonMark rules: a run of n backticks closes only with n). */
export function splitCodeSpans(text: string): Inline[] {
  const out: Inline[] = []
  let plain = ''
  let i = 0
  const runAt = (at: number) => /^`+/.exec(text.slice(at))![0].length
  while (i < text.length) {
    const tick = text.indexOf('`', i)
    if (tick === -1) {
      plain += text.slice(i)
      break
    }
    plain += text.slice(i, tick)
    const n = runAt(tick)
    let close = -1
    for (let j = text.indexOf('`', tick + n); j !== -1; ) {
      const m = runAt(j)
      if (m === n) {
        close = j
        break
      }
      j = text.indexOf('`', j + m)
    }
    if (close === -1) {
      plain += text.slice(tick, tick + n)
      i = tick + n
      continue
    }
    let code = text.slice(tick + n, close)
    if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1)
    if (plain) out.push({ text: plain, code: false })
    plain = ''
    out.push({ text: code, code: true })
    i = close + n
  }
  if (plain) out.push({ text: plain, code: false })
  return out
}


const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g

/**
 * Splits inline markdown into styled segments. Front-matter fields (titles,
 * options, key points) are plain text where only `code` spans are markup, so
 * that `__init__` or `**kwargs` stay as written: pass `codeOnly` for those.
 */
export function parseInline(text: string, codeOnly = false): Segment[] {
  if (codeOnly) return splitCodeSpans(text).map((s) => ({ text: s.text, kind: s.code ? 'code' : 'plain' }))
  const out: Segment[] = []
  let last = 0
  for (const m of text.matchAll(INLINE)) {
    const index = m.index ?? 0
    if (index > last) out.push({ text: text.slice(last, index), kind: 'plain' })
    last = index + m[0].length
    if (m[2] !== undefined) out.push({ text: m[2].trim() === '' ? m[2] : m[2].replace(/^ (.*) $/, '$1'), kind: 'code' })
    else if (m[3] ?? m[4]) out.push({ text: (m[3] ?? m[4])!, kind: 'bold' })
    else if (m[5] ?? m[6]) out.push({ text: (m[5] ?? m[6])!, kind: 'italic' })
    else if (m[7] !== undefined) {
      out.push({ text: m[7], kind: 'link' })
      if (m[8] !== m[7]) out.push({ text: ` (${m[8]})`, kind: 'url' })
    }
  }
  if (last < text.length) out.push({ text: text.slice(last), kind: 'plain' })
  return out
}

function paint(segment: Segment, style: Style): (word: string) => string {
  switch (segment.kind) {
    case 'code':
      return (w) => style.cyan(w)
    case 'bold':
      return (w) => style.bold(w)
    case 'italic':
      return (w) => style.italic(w)
    case 'link':
      return (w) => style.underline(w)
    case 'url':
      return (w) => style.dim(w)
    case 'plain':
      return (w) => w
  }
}

/**
 * Wraps inline markdown to `width` columns. Returns the lines without the
 * indent; `first` and `rest` prefixes are added by the caller.
 */
export function wrapInline(text: string, width: number, style: Style, codeOnly = false): string[] {
  const words: { plain: string; styled: string; glue: boolean }[] = []
  // A word glues to the one before when no space separates them, even across segments (`a`, or **b**.).
  let spaced = true
  for (const segment of parseInline(text.replace(/\s*\n\s*/g, ' '), codeOnly)) {
    const apply = paint(segment, style)
    for (const part of segment.text.split(/( +)/)) {
      if (part === '') continue
      if (/^ +$/.test(part)) {
        spaced = true
        continue
      }
      words.push({ plain: part, styled: apply(part), glue: !spaced })
      spaced = false
    }
  }
  const lines: string[] = []
  let line = ''
  let length = 0
  for (const word of words) {
    const glued = word.glue && length > 0
    const needed = glued ? word.plain.length : (length > 0 ? 1 : 0) + word.plain.length
    if (length > 0 && !glued && length + needed > width) {
      lines.push(line)
      line = word.styled
      length = word.plain.length
    } else {
      line += glued || length === 0 ? word.styled : ` ${word.styled}`
      length += needed
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line)
  return lines
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+#-]*)/

/** Renders a markdown document to terminal text, `width` columns wide. */
export function renderMarkdown(markdown: string, options: RenderOptions): string {
  const { style } = options
  const width = Math.max(20, options.width)
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const out: string[] = []
  const blank = () => {
    if (out.length > 0 && out[out.length - 1] !== '') out.push('')
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = FENCE.exec(line)
    if (fence) {
      const marker = fence[2]!
      const code: string[] = []
      i++
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) code.push(lines[i++]!)
      i++
      blank()
      const indent = fence[1]!.length
      const body = highlight(code.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n'), fence[3] ?? '', style)
      for (const codeLine of body.split('\n')) out.push(`    ${codeLine}`)
      blank()
      continue
    }
    if (line.trim() === '') {
      blank()
      i++
      continue
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      blank()
      const level = heading[1]!.length
      const text = wrapInline(heading[2]!, width, style).join('\n')
      out.push(level <= 2 ? style.bold.underline(text) : style.bold(text))
      blank()
      i++
      continue
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blank()
      out.push(style.dim('─'.repeat(Math.min(width, 40))))
      blank()
      i++
      continue
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]!)) {
        const row = lines[i++]!.trim()
        if (/^\|[\s:|-]+\|$/.test(row)) continue
        const cells = row.slice(1, -1).split('|').map((c) => wrapInline(c.trim(), 1000, style).join(' '))
        out.push(`  ${cells.join(style.dim('  │  '))}`)
      }
      continue
    }
    if (/^\s*>/.test(line)) {
      const quote: string[] = []
      while (i < lines.length && /^\s*>/.test(lines[i]!)) quote.push(lines[i++]!.replace(/^\s*>\s?/, ''))
      for (const wrapped of wrapInline(quote.join(' '), width - 2, style)) out.push(`${style.dim('│')} ${wrapped}`)
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item) {
      const indent = Math.floor(item[1]!.length / 2) * 2
      const bullet = /\d/.test(item[2]!) ? item[2]! : '•'
      const text = [item[3]!]
      i++
      // Continuation lines: indented text that is not a new item, fence or blank.
      while (i < lines.length && lines[i]!.trim() !== '' && !LIST_ITEM.exec(lines[i]!) && !FENCE.exec(lines[i]!) && /^\s+/.test(lines[i]!)) {
        text.push(lines[i++]!.trim())
      }
      const prefix = `${' '.repeat(indent + 2)}${bullet} `
      const hang = ' '.repeat(prefix.length)
      wrapInline(text.join(' '), width - prefix.length, style).forEach((wrapped, n) => out.push(`${n === 0 ? prefix : hang}${wrapped}`))
      continue
    }
    const paragraph: string[] = []
    while (i < lines.length && lines[i]!.trim() !== '' && !FENCE.exec(lines[i]!) && !/^#{1,6}\s/.test(lines[i]!) && !LIST_ITEM.exec(lines[i]!) && !/^\s*>/.test(lines[i]!)) {
      paragraph.push(lines[i++]!.trim())
    }
    for (const wrapped of wrapInline(paragraph.join(' '), width, style)) out.push(wrapped)
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop()
  return out.join('\n')
}
