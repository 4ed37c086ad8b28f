// A fast reader for the plain YAML that question files use, beside js-yaml.
//
// Most front matter is a flat mapping of short strings, lists of strings and
// `>-` / `|` blocks. js-yaml reads those in general (and was a third of the
// time `validate` spent per file); this reader handles exactly that shape and
// returns undefined for anything else: numbers other than small integers,
// null or boolean words, anchors, tags, escapes other than \" and \\, nested
// mappings, multi-line plain or quoted scalars, tabs, non-printable
// characters, duplicate keys.
// The caller then asks js-yaml, so what a file means (and every error
// message) stays js-yaml's. Whatever this reader returns, js-yaml returns too:
// test/yaml-lite.test.ts compares the two on every bundled question, the
// generated benchmark bank and mutated copies of them.
//
// It is linear in the length of its input and evaluates nothing.

/** Printable text without tabs or carriage returns; anything else is js-yaml's to judge. */
const PRINTABLE = /^[\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]*$/
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/
const BLOCK_HEADER = /^([|>])(-?)$/
/** Words js-yaml reads as null or booleans (YAML 1.2 core schema, as js-yaml 3 has it). */
const SPECIAL_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE'])
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/

/**
 * The mapping `yaml` describes, or undefined when it is not in the plain
 * shape this reader knows (js-yaml must read it then). `yaml` is front matter
 * with "\n" line ends.
 */
export function readPlainYaml(yaml: string): Record<string, unknown> | undefined {
  if (!PRINTABLE.test(yaml)) return undefined
  const lines = yaml.split('\n')
  const data: Record<string, unknown> = {}
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (line === '' || line.startsWith('#')) {
      i++
      continue
    }
    const match = KEY_LINE.exec(line)
    if (!match) return undefined
    const key = match[1]!
    if (Object.hasOwn(data, key) || key === '__proto__') return undefined
    const rest = match[2] === undefined ? '' : match[2].trimEnd()
    i++
    let value: unknown
    const block = BLOCK_HEADER.exec(rest)
    if (block) {
      const end = blockEnd(lines, i)
      value = blockScalar(lines.slice(i, end), block[1] === '>', block[2] === '-')
      i = end
    } else if (rest === '') {
      const end = blockEnd(lines, i)
      value = end === i ? null : blockSequence(lines.slice(i, end))
      i = end
    } else {
      // A one-line value must not go on below (a plain scalar over several lines).
      if (i < lines.length && lines[i]!.startsWith(' ')) return undefined
      value = inlineValue(rest)
    }
    if (value === undefined) return undefined
    data[key] = value
  }
  return data
}

/** Where the indented lines from `start` end: before the first line that is neither indented nor blank, trailing blank ones left out. */
function blockEnd(lines: readonly string[], start: number): number {
  let end = start
  let last = start
  while (end < lines.length && (lines[end] === '' || lines[end]!.startsWith(' '))) {
    end++
    if (lines[end - 1]!.trim() !== '') last = end
  }
  return last
}

/** A value on the key's own line: a quoted string, a flow list of strings, a plain string or a small integer. */
function inlineValue(text: string): unknown {
  if (text.startsWith('[')) return flowSequence(text)
  return scalar(text, false)
}

/**
 * A one-line scalar: single- or double-quoted (escaping only quotes and backslashes), a plain
 * string starting with a letter, or a small integer; `flow` inside [ ].
 */
function scalar(text: string, flow: boolean): string | number | undefined {
  const first = text[0]
  if (first === '"') {
    if (text.length < 2 || !text.endsWith('"')) return undefined
    const inner = text.slice(1, -1)
    if (!inner.includes('\\')) return inner.includes('"') ? undefined : inner
    // Escaped quotes and backslashes (code in a fix or an answer); any other escape is js-yaml's.
    if (!/^(?:[^"\\]|\\["\\])*$/.test(inner)) return undefined
    return inner.replace(/\\(["\\])/g, '$1')
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return undefined
    const inner = text.slice(1, -1)
    // Quotes inside are doubled; a lone one would end the scalar early.
    if (inner.replace(/''/g, '').includes("'")) return undefined
    return inner.replace(/''/g, "'")
  }
  if (SMALL_INT.test(text)) return Number(text)
  if (!/^[A-Za-z]/.test(text) || SPECIAL_WORDS.has(text)) return undefined
  // A colon before a space, or " #" (a comment), or in a flow list any of its indicators: js-yaml's call.
  if (/:(?: |$)| #/.test(text) || (flow && /[[\]{},]/.test(text))) return undefined
  return text
}

/** `[a, "b", 'c']` on one line, items scalars. */
function flowSequence(text: string): unknown[] | undefined {
  if (!text.endsWith(']')) return undefined
  const inner = text.slice(1, -1).trim()
  if (inner === '') return []
  const items: unknown[] = []
  // Split at commas outside quotes; a quote inside an item is left to js-yaml.
  for (const part of inner.split(',')) {
    const item = part.trim()
    if (item === '') return undefined
    if ((item.startsWith('"') || item.startsWith("'")) && (item.length < 2 || item.slice(1, -1).includes(item[0]!))) return undefined
    const value = scalar(item, true)
    if (value === undefined) return undefined
    items.push(value)
  }
  return items
}

/** `  - item` lines, all at one indent, each item a one-line scalar or flow list. */
function blockSequence(lines: readonly string[]): unknown[] | undefined {
  const indent = lines[0]!.length - lines[0]!.trimStart().length
  const prefix = `${' '.repeat(indent)}- `
  const items: unknown[] = []
  for (const line of lines) {
    if (line === '') continue
    if (!line.startsWith(prefix) || line[prefix.length] === ' ') return undefined
    const text = line.slice(prefix.length).trimEnd()
    const value = inlineValue(text)
    if (value === undefined) return undefined
    items.push(value)
  }
  return items
}

/**
 * A `|` (literal) or `>` (folded) block, clipped (one final newline) or with
 * `-` stripped. The indent is the first line's; a line indented more (which
 * folding keeps apart) or less is left to js-yaml, as are leading blank lines.
 */
function blockScalar(lines: readonly string[], folded: boolean, strip: boolean): string | undefined {
  if (lines.length === 0 || lines[0]!.trim() === '') return undefined
  const indent = lines[0]!.length - lines[0]!.trimStart().length
  if (indent === 0) return undefined
  const pad = ' '.repeat(indent)
  const content: string[] = []
  for (const line of lines) {
    if (line.trim() === '') {
      // Blank (or spaces only): longer than the indent, the spaces are content in js-yaml's reading.
      if (line.length > indent) return undefined
      content.push('')
      continue
    }
    if (!line.startsWith(pad)) return undefined
    const text = line.slice(indent)
    if (folded && text.startsWith(' ')) return undefined
    content.push(text)
  }
  let text: string
  if (folded) {
    // Lines next to each other are joined by a space; each blank line between them is a newline.
    text = ''
    for (let n = 0; n < content.length; n++) {
      const line = content[n]!
      if (n > 0) text += line === '' ? '\n' : content[n - 1] === '' ? '' : ' '
      text += line
    }
  } else text = content.join('\n')
  return strip ? text : `${text}\n`
}
