// order: put 3-10 steps in order. `items` lists them in the correct order;
// they are shown shuffled and numbered, and the user types the numbers in
// order (`3 1 4 2`). Partial credit: the longest run already in order
// (longest increasing subsequence) over the number of items.
import { shuffle } from '../random.ts'
import { wrap } from '../text.ts'
import type { QuestionBase } from '../types.ts'
import type { Kind } from './kind.ts'
import { columns, hanging, inlinePlain, sameText, tick } from './shared.ts'
import { renderMarkdown } from '../markdown.ts'

export interface OrderQuestion extends QuestionBase {
  type: 'order'
  /** In the correct order. */
  items: string[]
}

export const MIN_ITEMS = 3
export const MAX_ITEMS = 10

/** Length of the longest strictly increasing subsequence (patience sorting, O(n log n)). */
export function longestIncreasing(values: readonly number[]): number {
  const tails: number[] = []
  for (const v of values) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (tails[mid]! < v) lo = mid + 1
      else hi = mid
    }
    tails[lo] = v
  }
  return tails.length
}

/**
 * Reads typed numbers ("3 1 4 2", "3,1,4,2", or "3142" when there are at most
 * 9 items) as 1-based positions in the shown list; a reason when they are not
 * each of 1..n exactly once.
 */
export function parseOrder(text: string, n: number): number[] | string {
  let tokens = text
    .trim()
    .split(/[\s,;]+/)
    .filter(Boolean)
  if (tokens.length === 1 && n <= 9 && /^\d+$/.test(tokens[0]!) && tokens[0]!.length === n) tokens = [...tokens[0]!]
  if (tokens.length === 0) return `Type the ${n} numbers in the right order, like ${exampleOrder(n)}.`
  const numbers: number[] = []
  for (const token of tokens) {
    if (!/^\d+$/.test(token)) return `"${token.slice(0, 20)}" is not a number; type the numbers 1 to ${n} in order, like ${exampleOrder(n)}.`
    const k = Number(token)
    if (k < 1 || k > n) return `There is no item ${token.slice(0, 20)}; the items are numbered 1 to ${n}.`
    if (numbers.includes(k)) return `${k} is given twice; give each number once.`
    numbers.push(k)
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !numbers.includes(k))
  if (missing.length > 0) return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; give all ${n} numbers once each.`
  return numbers
}

const exampleOrder = (n: number) =>
  Array.from({ length: Math.min(n, 4) }, (_, i) => [3, 1, 4, 2][i] ?? i + 1)
    .filter((k) => k <= n)
    .join(' ')

export const order: Kind<OrderQuestion, number[]> = {
  type: 'order',
  fields: ['items'],
  lazy: ['items'],
  auto: true,
  confirmRating: true,
  asked: 'the items shuffled and numbered; type the numbers in the right order (3 1 4 2), or move the items with ↑↓ and space',
  parse({ f }) {
    const items = f.strings('items', true)
    if (!items) return undefined
    let ok = true
    if (items.length < MIN_ITEMS || items.length > MAX_ITEMS) {
      f.error('items', `an order question needs ${MIN_ITEMS} to ${MAX_ITEMS} items, has ${items.length}`)
      ok = false
    }
    const seen = new Map<string, number>()
    items.forEach((item, i) => {
      const first = seen.get(sameText(item))
      if (first !== undefined) {
        f.error('items', `items ${first + 1} and ${i + 1} are the same ("${item}"); each step must be distinct`)
        ok = false
      } else seen.set(sameText(item), i)
    })
    return ok ? { items } : undefined
  },
  ask(q, random, { style, width }) {
    const n = q.items.length
    const canonical = q.items.map((_, i) => i)
    // Shown in the right order already would give the answer away.
    let shown = shuffle(canonical, random)
    for (let tries = 0; tries < 8 && shown.every((v, i) => v === i); tries++) shown = shuffle(canonical, random)
    // The prompt draws the question and the items itself, so that moving them redraws in place.
    const title = wrap(style.bold(inlinePlain(q.title, style)), columns(width)).join('\n')
    const question = q.prompt ? `${title}\n\n${renderMarkdown(q.prompt, { width: columns(width), style })}` : title
    return {
      screen: true,
      shown,
      spec: {
        mode: 'typed',
        order: { question, items: shown.map((item) => q.items[item]!) },
        label: 'Order',
        placeholder: `the numbers in the right order, like ${exampleOrder(n)}`,
        check: (text) => {
          const parsed = parseOrder(text, n)
          return typeof parsed === 'string' ? parsed : undefined
        },
      },
    }
  },
  read(value, asked) {
    if (typeof value !== 'string' || !asked.shown) return undefined
    const parsed = parseOrder(value, asked.shown.length)
    return typeof parsed === 'string' ? undefined : parsed.map((k) => asked.shown![k - 1]!)
  },
  /** `answer` holds item indexes (0 = the first step) in the order given. */
  grade(q, answer) {
    const n = q.items.length
    const valid = answer.length === n && new Set(answer).size === n && answer.every((v) => Number.isInteger(v) && v >= 0 && v < n)
    if (!valid) return { score: 0, parts: q.items.map(() => false) }
    const parts = answer.map((v, i) => v === i)
    return { score: parts.every(Boolean) ? 1 : longestIncreasing(answer) / n, parts }
  },
  feedback(q, answer, grade, asked, view) {
    const { style } = view
    const n = q.items.length
    const number = (item: number) => (asked.shown ? asked.shown.indexOf(item) + 1 : item + 1)
    const width = columns(view.width)
    const lines = q.items.map((item, i) => {
      const yours = answer?.[i]
      const ok = grade.parts?.[i] ?? false
      const lead = `  ${tick(ok, style)} ${String(i + 1).padStart(2)}  `
      const mine = yours === undefined ? `${lead}${style.dim('(none)')}` : hanging(`${lead}${style.dim(`${number(yours)}.`)} `, q.items[yours]!, width, style)
      const right = ok ? '' : `\n${hanging(`       ${style.dim('should be')} ${style.dim(`${number(i)}.`)} `, item, width, style)}`
      return `${mine}${right}`
    })
    const inOrder = answer && grade.score > 0 ? Math.round(grade.score * n) : 0
    const head =
      grade.score >= 1
        ? style.green.bold('✔ Correct: every step in place.')
        : style.yellow.bold(`◐ Partly right: ${inOrder} of ${n} steps already in order (${Math.round(grade.score * 100)}%).`)
    const note = (text: string) => wrap(text, width - 2).map((l) => `  ${style.dim(l)}`)
    return [
      ...wrap(head, width),
      ...note('your order, and where a step should be instead:'),
      ...lines,
      ...note(`Correct order: ${q.items.map((_, i) => number(i)).join(' ')}`),
    ].join('\n')
  },
  solution: (q, { style, width }) =>
    [
      style.bold('Correct order'),
      ...q.items.map((item, i) => hanging(`  ${style.green(`${String(i + 1).padStart(String(q.items.length).length)}.`)} `, item, columns(width), style)),
    ].join('\n'),
  hint: (q) => `The first step is: ${q.items[0]}`,
  answerText: (q) => q.items.map((item, i) => `${i + 1}. ${item}`).join('  '),
  solved: (q) => ({ kind: 'list', items: q.items }),
  card(q, random) {
    const canonical = q.items.map((_, i) => i)
    let shown = shuffle(canonical, random)
    for (let tries = 0; tries < 8 && shown.every((v, i) => v === i); tries++) shown = shuffle(canonical, random)
    return {
      front: [
        { kind: 'markdown', text: q.prompt },
        { kind: 'steps', items: shown.map((i) => q.items[i]!) },
      ],
      answer: [
        { kind: 'line', label: 'Correct order', text: canonical.map((i) => shown.indexOf(i) + 1).join(' ') },
        { kind: 'steps', items: q.items },
      ],
    }
  },
}
