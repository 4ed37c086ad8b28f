// `export anki`: questions as an Anki text file (Anki 2.1.55+ imports it with
// no choice to make: its file headers set the separator, HTML, the note type
// and which columns hold the deck, the tags and the GUID). Pure: strings out.
//
// One note per question, five tab-separated columns:
//   Front  the question as HTML (title, prompt, options; code-native types in prompt form)
//   Back   the answer, the model answer, key points and the references as links
//   Tags   django-drill, topic::<id>, difficulty::<level>, type::<type> and the question's tags
//   Deck   Django Drill::<topic title>
//   GUID   a hash of the bank id and the question id only: editing a question and
//          importing again updates its note (and keeps its schedule) instead of adding one.
//
// The file format is the one Anki's importer reads (a CSV reader with `#` comment
// lines): a field never holds a tab, CR or LF, never starts with `"` (which would
// open a quoted field) and the first never starts with `#` (a comment line).
// Every field is built from escaped text and our own markup only (markdown-html.ts).
import { createHash } from 'node:crypto'
import { cleanText } from './cheatsheet.ts'
import { kindOf } from './kinds/index.ts'
import type { Card, CardPart } from './kinds/kind.ts'
import { MARKER } from './kinds/cloze.ts'
import { codeHtml, escapeText, inlineCodeHtml, markdownHtml, webLink } from './markdown-html.ts'
import { seededRandom } from './random.ts'
import type { Question, Topic } from './types.ts'

/** The deck every note goes under; one subdeck per topic. */
export const ANKI_DECK = 'Django Drill'

/** The note type the file asks for: Anki's built-in two-field type. */
export const ANKI_NOTETYPE = 'Basic'

/** Column numbers (1-based, as the headers count them). */
export const ANKI_COLUMNS = { front: 1, back: 2, tags: 3, deck: 4, guid: 5 } as const

export interface AnkiNote {
  guid: string
  front: string
  back: string
  tags: string[]
  deck: string
}

/** The note's GUID: the same bank and question id give the same GUID, whatever the question says. */
export function ankiGuid(bank: string, id: string): string {
  return `dd-${createHash('sha256').update(`django-drill\u0000${bank}\u0000${id}`).digest('hex').slice(0, 24)}`
}

/** A tag Anki keeps whole: no spaces (they separate tags), only letters, digits and _ . - + (and :: for levels). */
export const ankiTag = (text: string): string =>
  cleanText(text)
    .replace(/\s+/g, '_')
    .replace(/[^\p{L}\p{N}_.+-]/gu, '_')
    .replace(/^_+|_+$/g, '') || '_'

/** "Django Drill::ORM"; a `::` inside the title would make a deeper deck, so it is written `:`. */
export const ankiDeck = (topicTitle: string): string => `${ANKI_DECK}::${cleanText(topicTitle).replace(/:{2,}/g, ':').trim() || 'Other'}`

// ---------------------------------------------------------------- cards

const DIM = 'opacity:.65;font-size:.85em'

/** A code block; numbered lines and marked ones (the bug) struck out, the fix inserted under them. */
function codePart(part: Extract<CardPart, { kind: 'code' }>): string {
  const marks = new Set(part.marks ?? [])
  const last = Math.max(0, ...marks)
  const digits = String(part.lines.length).length
  const number = (i: number) => (part.numbered ? `<span style="${DIM}">${String(i + 1).padStart(digits)} │</span> ` : '')
  const pad = part.numbered ? `${' '.repeat(digits)}   ` : ''
  const body = codeHtml(part.lines, (line, i) => {
    if (!marks.has(i + 1)) return `${number(i)}${line}`
    const fix =
      part.fix !== undefined && i + 1 === last
        ? part.fix
            .split('\n')
            .map((f) => `<br>${pad}<ins>${escapeText(f)}</ins>`)
            .join('')
        : ''
    return `${number(i)}<del>${line}</del>${fix}`
  })
  return part.label ? `<p><b>${escapeText(part.label)}</b></p>${body}` : body
}

const GAP = 0xe100
const PLACEHOLDERS = /[\ue100-\uf8ff]/g

/** Markdown whose [[n]] markers become numbered blanks (or the filled-in answers, underlined). */
function gapsPart(text: string, fills: readonly string[] | undefined): string {
  const marked = text.replace(PLACEHOLDERS, '\ufffd').replace(MARKER, (_m, n: string) => String.fromCharCode(GAP + Math.min(Number(n), 0x17ff)))
  return markdownHtml(marked).replace(PLACEHOLDERS, (c) => {
    const n = c.charCodeAt(0) - GAP
    const fill = fills?.[n - 1]
    return fill === undefined ? `<b>⟦${n}⟧</b>` : `<ins><b>${escapeText(fill)}</b></ins>`
  })
}

function partHtml(part: CardPart): string {
  switch (part.kind) {
    case 'markdown':
      return markdownHtml(part.text)
    case 'gaps':
      return gapsPart(part.text, part.fills)
    case 'code':
      return codePart(part)
    case 'options':
      return `<ol type="A">${part.items
        .map((o, i) => {
          if (!part.correct) return `<li>${inlineCodeHtml(o)}</li>`
          return part.correct[i] ? `<li><b>✔ ${inlineCodeHtml(o)}</b></li>` : `<li><span style="${DIM}">✘ ${inlineCodeHtml(o)}</span></li>`
        })
        .join('')}</ol>`
    case 'steps':
      return `<ol>${part.items.map((s) => `<li>${inlineCodeHtml(s)}</li>`).join('')}</ol>`
    case 'line': {
      const text = part.code ? `<code>${escapeText(cleanText(part.text))}</code>` : inlineCodeHtml(part.text)
      return part.label ? `<p><b>${escapeText(part.label)}:</b> ${text}</p>` : `<p><i>${text}</i></p>`
    }
  }
}

/** How a question is shown on a card: its kind's card, or the prompt and the one-line answer. */
export function cardOf(q: Question): Card {
  const kind = kindOf(q)
  // Seeded by the question, so that options and steps keep their order from one export to the next.
  const random = seededRandom(parseInt(ankiGuid(q.bank, q.id).slice(3, 11), 16))
  if (kind.card) return kind.card(q, random)
  const answer = kind.answerText(q)
  return { front: [{ kind: 'markdown', text: q.prompt }], answer: answer === undefined ? [] : [{ kind: 'line', label: 'Answer', text: answer }] }
}

const LEFT = 'text-align:left'

/** The front: topic and level, the title, then the question in prompt form. */
export function frontHtml(q: Question, topicTitle: string, card: Card = cardOf(q)): string {
  const meta = `<div style="${DIM}">${escapeText(cleanText(topicTitle))} · ${escapeText(cleanText(q.difficulty))}</div>`
  const title = `<div style="font-weight:bold;font-size:1.15em;margin:.3em 0 .6em">${inlineCodeHtml(q.title)}</div>`
  return `<div class="django-drill front" style="${LEFT}">${meta}${title}${card.front.map(partHtml).join('')}</div>`
}

/** The back: the answer (for graded types), the one-line summary, the model answer, key points and references. */
export function backHtml(q: Question, card: Card = cardOf(q)): string {
  const parts = [...card.answer.map(partHtml)]
  if (q.summary) parts.push(`<p><b>In short:</b> ${inlineCodeHtml(q.summary)}</p>`)
  if (q.explanation.trim()) parts.push(markdownHtml(q.explanation))
  if (q.keyPoints.length) parts.push(`<p><b>Key points</b></p><ul>${q.keyPoints.map((k) => `<li>${inlineCodeHtml(k)}</li>`).join('')}</ul>`)
  // Only http(s) addresses become links; anything else is shown as text.
  const refs = q.references.map((r) => webLink(r) ?? escapeText(cleanText(r)))
  if (refs.length) parts.push(`<p style="${DIM}">Docs: ${refs.join(' · ')}</p>`)
  return `<div class="django-drill back" style="${LEFT}">${parts.join('')}</div>`
}

/** Tags: where it comes from, topic, difficulty and type as levels, then the question's own tags. */
export function ankiTags(q: Question): string[] {
  const tags = ['django-drill', `topic::${ankiTag(q.topic)}`, `difficulty::${ankiTag(q.difficulty)}`, `type::${ankiTag(q.type)}`, ...q.tags.map(ankiTag)]
  return [...new Set(tags)]
}

export function buildAnkiNotes(questions: readonly Question[], topics: readonly Topic[]): AnkiNote[] {
  const titles = new Map(topics.map((t) => [t.id, t.title]))
  return questions.map((q) => {
    const title = titles.get(q.topic) ?? q.topic
    const card = cardOf(q)
    return { guid: ankiGuid(q.bank, q.id), front: frontHtml(q, title, card), back: backHtml(q, card), tags: ankiTags(q), deck: ankiDeck(title) }
  })
}

// ---------------------------------------------------------------- the file

/**
 * A field as the importer must read it: no tab, CR or LF (a last guard: the
 * renderers already emit none) and no `"` or `#` at its start.
 */
export function tsvField(text: string): string {
  const flat = text.replace(/\t/g, '&#9;').replace(/\r\n?|\n/g, '<br>')
  return /^["#]/.test(flat) ? `${flat[0] === '"' ? '&quot;' : '&#35;'}${flat.slice(1)}` : flat
}

/** The headers Anki reads before the notes. */
export const ankiHeaders = (): string[] => [
  '#separator:tab',
  '#html:true',
  `#notetype:${ANKI_NOTETYPE}`,
  `#deck column:${ANKI_COLUMNS.deck}`,
  `#tags column:${ANKI_COLUMNS.tags}`,
  `#guid column:${ANKI_COLUMNS.guid}`,
]

/** The whole file: headers, then one line per note (Front, Back, Tags, Deck, GUID). */
export function renderAnkiFile(notes: readonly AnkiNote[]): string {
  const lines = notes.map((n) => [n.front, n.back, n.tags.join(' '), n.deck, n.guid].map(tsvField).join('\t'))
  return `${[...ankiHeaders(), ...lines].join('\n')}\n`
}
