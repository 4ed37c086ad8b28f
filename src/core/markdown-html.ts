// Markdown as safe HTML on one line, for fields of other programs (Anki's
// cards): question prompts and model answers with their paragraphs, lists,
// quotes, tables and fenced code.
//
// Safe: every character of bank text goes through `escapeText`; the only
// markup is ours (a fixed set of tags, no attribute but a checked http(s)
// href, a list's start number and constant styles), so no question can add a
// script, an event handler, a javascript: link or an image. One line: the
// result holds no tab, carriage return or newline (lines of code are joined
// with <br>), so it fits in one field of a tab-separated file.
import { cleanText, escapeHtml, shortUrl } from './cheatsheet.ts'
import { codeBlocks } from './kinds/code.ts'
import { parseInline, splitCodeSpans } from './markdown.ts'
import { stripControl } from './sanitize.ts'

/**
 * Bank text as HTML text: &<>"' escaped (the cheat sheet's escaping), control
 * characters shown as `\x1b`, tabs as &#9;, and `[` as &#91; so that no text
 * reads as an Anki media reference (`[sound:…]`).
 */
export const escapeText = (text: string): string =>
  escapeHtml(stripControl(text.replace(/\r\n?/g, '\n')))
    .replace(/\[/g, '&#91;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, ' ')

/** Plain text with `code` spans (titles, options, key points), on one line. */
export function inlineCodeHtml(text: string): string {
  const clean = cleanText(text)
  return splitCodeSpans(clean)
    .map((s) => (s.code ? `<code>${escapeText(s.text)}</code>` : escapeText(s.text)))
    .join('')
}

/** Inline markdown (emphasis, code, links) on one line. A link keeps its text, underlined; its address shows after it as text, never as an href. */
export function inlineMarkdownHtml(text: string): string {
  return parseInline(cleanText(text))
    .map((s) => {
      let html = escapeText(s.text)
      if (s.code) html = `<code>${html}</code>`
      if (s.link) html = `<u>${html}</u>`
      if (s.italic) html = `<i>${html}</i>`
      if (s.bold) html = `<b>${html}</b>`
      return html
    })
    .join('')
}

/** The address as a link when it is an http(s) URL (normalised, so escaped once more by the parser), else undefined. */
export function webLink(url: string): string | undefined {
  const clean = cleanText(url)
  let parsed: URL
  try {
    parsed = new URL(clean)
  } catch {
    return undefined
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.hostname === '') return undefined
  return `<a href="${escapeText(parsed.href)}">${escapeText(shortUrl(clean))}</a>`
}

/** Code lines in a left-aligned <pre>, one <br> between lines. `line` draws one escaped line (numbers, marks). */
export function codeHtml(lines: readonly string[], line: (escaped: string, index: number) => string = (l) => l): string {
  const body = lines.map((l, i) => line(escapeText(l), i)).join('<br>')
  return `<pre style="text-align:left;overflow-x:auto;font-size:.75em;line-height:1.4"><code>${body}</code></pre>`
}

// ---------------------------------------------------------------- blocks

const MAX_DEPTH = 6

interface ListLine {
  indent: number
  ordered: boolean
  start: number
  text: string
}

/** `- item`, `* item`, `+ item`, `3. item`, `3) item` (scanned by hand: no backtracking on long lines). */
function listLine(line: string): ListLine | undefined {
  let i = 0
  while (line[i] === ' ') i++
  const c = line[i]
  let ordered = false
  let start = 1
  if (c === '-' || c === '*' || c === '+') i++
  else {
    let j = i
    while (j - i < 9 && line[j] !== undefined && line[j]! >= '0' && line[j]! <= '9') j++
    if (j === i || (line[j] !== '.' && line[j] !== ')')) return undefined
    ordered = true
    start = Number(line.slice(i, j))
    i = j + 1
  }
  if (line[i] !== ' ' && line[i] !== undefined) return undefined
  const indent = line.length - line.trimStart().length
  return { indent, ordered, start, text: line.slice(i).trim() }
}

function heading(line: string): [number, string] | undefined {
  let i = 0
  while (i < 3 && line[i] === ' ') i++
  let level = 0
  while (line[i + level] === '#') level++
  if (level < 1 || level > 6 || (line[i + level] !== undefined && line[i + level] !== ' ')) return undefined
  let text = line.slice(i + level).trim()
  let end = text.length
  while (end > 0 && text[end - 1] === '#') end--
  if (end === 0) text = ''
  else if (end < text.length && text[end - 1] === ' ') text = text.slice(0, end).trimEnd()
  return [level, text]
}

const isRule = (line: string): boolean => {
  const t = line.replace(/ /g, '')
  return t.length >= 3 && (/^-+$/.test(t) || /^\*+$/.test(t) || /^_+$/.test(t))
}
const isQuote = (line: string) => line.trimStart().startsWith('>')
const isTableRow = (line: string) => line.trimStart().startsWith('|')
const isDelimiterRow = (line: string) => /^[\s:|-]+$/.test(line) && line.includes('-')

/** Table cells: split on | outside code spans; a leading and trailing | are the row's edges. */
function cells(row: string): string[] {
  let t = row.trim()
  if (t.startsWith('|')) t = t.slice(1)
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1)
  const out: string[] = []
  let cell = ''
  let ticks = 0
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!
    if (c === '`') ticks ^= 1
    if (c === '\\' && t[i + 1] === '|') {
      cell += '|'
      i++
    } else if (c === '|' && ticks === 0) {
      out.push(cell)
      cell = ''
    } else cell += c
  }
  out.push(cell)
  return out.map((c) => c.trim())
}

/** A nested list from its lines: deeper indents open a list inside the item before. */
function listHtml(items: ListLine[], depth: number): string {
  const out: string[] = []
  let i = 0
  const base = items[0]!
  const tag = base.ordered ? 'ol' : 'ul'
  out.push(base.ordered && base.start !== 1 ? `<ol start="${base.start}">` : `<${tag}>`)
  while (i < items.length) {
    const item = items[i]!
    let j = i + 1
    while (j < items.length && items[j]!.indent > base.indent) j++
    const children = items.slice(i + 1, j)
    const nested = children.length ? (depth < MAX_DEPTH ? listHtml(children, depth + 1) : children.map((c) => ` ${inlineMarkdownHtml(c.text)}`).join('')) : ''
    out.push(`<li>${inlineMarkdownHtml(item.text)}${nested}</li>`)
    i = j
  }
  out.push(`</${tag}>`)
  return out.join('')
}

/** Markdown without fenced code (the caller cuts it out) as HTML blocks. */
function textBlocks(markdown: string, depth: number): string {
  const lines = markdown.split('\n')
  const out: string[] = []
  let paragraph: string[] = []
  const flush = () => {
    if (paragraph.length) out.push(`<p>${inlineMarkdownHtml(paragraph.join(' '))}</p>`)
    paragraph = []
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (line.trim() === '') {
      flush()
      i++
      continue
    }
    const h = heading(line)
    if (h) {
      flush()
      out.push(`<p><b>${inlineMarkdownHtml(h[1])}</b></p>`)
      i++
      continue
    }
    if (isRule(line)) {
      flush()
      out.push('<hr>')
      i++
      continue
    }
    if (isQuote(line)) {
      flush()
      const quoted: string[] = []
      while (i < lines.length && isQuote(lines[i]!)) quoted.push(lines[i++]!.trimStart().slice(1).replace(/^ /, ''))
      const inner = depth < MAX_DEPTH ? textBlocks(quoted.join('\n'), depth + 1) : `<p>${inlineMarkdownHtml(quoted.join(' '))}</p>`
      out.push(`<blockquote>${inner}</blockquote>`)
      continue
    }
    if (isTableRow(line) && i + 1 < lines.length && isDelimiterRow(lines[i + 1]!)) {
      flush()
      const head = cells(line)
      const rows: string[][] = []
      i += 2
      while (i < lines.length && isTableRow(lines[i]!)) rows.push(cells(lines[i++]!))
      const cell = (tag: string, text: string) => `<${tag} style="border:1px solid #8884;padding:2px 6px;text-align:left">${inlineMarkdownHtml(text)}</${tag}>`
      out.push(
        `<table style="border-collapse:collapse">${[`<tr>${head.map((c) => cell('th', c)).join('')}</tr>`, ...rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`)].join('')}</table>`,
      )
      continue
    }
    const item = listLine(line)
    if (item && (paragraph.length === 0 || item.text !== '')) {
      flush()
      const items: ListLine[] = []
      while (i < lines.length) {
        const next = lines[i]!
        const li = listLine(next)
        if (li) items.push(li)
        else if (next.trim() !== '' && !heading(next) && !isQuote(next) && items.length) items[items.length - 1]!.text += ` ${next.trim()}`
        else if (next.trim() === '' && i + 1 < lines.length && listLine(lines[i + 1]!)) {
          // A blank line between items keeps the list going.
        } else break
        i++
      }
      // Items less indented than the first start at its level.
      const first = items[0]!.indent
      for (const it of items) it.indent = Math.max(it.indent, first)
      out.push(listHtml(items, 1))
      continue
    }
    paragraph.push(line.trim())
    i++
  }
  flush()
  return out.join('')
}

/** A markdown document as HTML on one line; every fenced block through `code` (default: a plain <pre>). */
export function markdownHtml(markdown: string, code: (lines: readonly string[], language: string) => string = (lines) => codeHtml(lines)): string {
  const text = markdown.replace(/\r\n?/g, '\n')
  const out: string[] = []
  let at = 0
  for (const block of codeBlocks(text)) {
    const before = text.slice(at, block.start)
    if (before.trim()) out.push(textBlocks(before, 1))
    out.push(code(block.lines, block.language))
    at = block.end
  }
  const rest = text.slice(at)
  if (rest.trim()) out.push(textBlocks(rest, 1))
  return out.join('')
}
