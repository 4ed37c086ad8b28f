// Grading as pure functions, with property tests over random inputs (seeded, so a failure reproduces).
import { describe, expect, it } from 'vitest'
import { judge, ratingForScore } from '../src/core/grade.ts'
import { bug } from '../src/core/kinds/bug.ts'
import { cloze, gapRight, normaliseGap } from '../src/core/kinds/cloze.ts'
import { count } from '../src/core/kinds/count.ts'
import { longestIncreasing, order, parseOrder } from '../src/core/kinds/order.ts'
import { output } from '../src/core/kinds/output.ts'
import { gradeShort } from '../src/core/kinds/short.ts'
import { seededRandom, shuffle } from '../src/core/random.ts'
import { makeStyle } from '../src/core/style.ts'
import type { BugQuestion, ClozeQuestion, CountQuestion, OrderQuestion, OutputQuestion } from '../src/core/types.ts'
import { QUESTION_BASE } from './helpers/question-base.ts'

const base = { ...QUESTION_BASE, id: 'q', title: 'Q', topic: 'orm', explanation: 'e', file: 'q.md' }
const view = { width: 80, style: makeStyle(0) }
const orderQ = (n: number): OrderQuestion => ({ ...base, type: 'order', prompt: 'Order them.', items: Array.from({ length: n }, (_, i) => `step ${i + 1}`) })
const CODE = '```python\nBook.objects.[[1]]([[2]]="Ann")\n```'
const clozeQ: ClozeQuestion = { ...base, type: 'cloze', prompt: CODE, gaps: [['filter'], ['author__name', 'author__name__exact']] }

/** Longest increasing subsequence by trying every subset: the definition, for small n. */
function bruteLis(values: readonly number[]): number {
  let best = 0
  for (let mask = 0; mask < 1 << values.length; mask++) {
    const picked = values.filter((_, i) => mask & (1 << i))
    if (picked.every((v, i) => i === 0 || picked[i - 1]! < v)) best = Math.max(best, picked.length)
  }
  return best
}

describe('order', () => {
  it('partial credit equals a brute-force LIS / n for every shuffle tried, up to 8 items', () => {
    const random = seededRandom(7)
    for (let n = 3; n <= 8; n++) {
      for (let trial = 0; trial < 60; trial++) {
        const answer = shuffle(
          Array.from({ length: n }, (_, i) => i),
          random,
        )
        const expected = bruteLis(answer) / n
        expect(order.grade(orderQ(n), answer).score).toBeCloseTo(expected, 12)
        expect(longestIncreasing(answer)).toBe(bruteLis(answer))
      }
    }
  })

  it('the canonical order scores 1, whatever the items were shuffled to on screen', () => {
    const random = seededRandom(11)
    for (let n = 3; n <= 10; n++) {
      const q = orderQ(n)
      for (let trial = 0; trial < 20; trial++) {
        const asked = order.ask(q, random, view)
        // Type, for each step in the right order, the number it was shown under.
        const typed = q.items.map((_, item) => asked.shown!.indexOf(item) + 1).join(' ')
        expect(order.read(typed, asked)).toEqual(q.items.map((_, i) => i))
        expect(judge(q, typed, asked, view).grade.score).toBe(1)
      }
    }
  })

  it('never shows the items already in the right order', () => {
    const random = seededRandom(5)
    for (let trial = 0; trial < 200; trial++) expect(order.ask(orderQ(3), random, view).shown).not.toEqual([0, 1, 2])
  })

  it('a reversed order keeps one step in order; parts say which positions are right', () => {
    expect(order.grade(orderQ(4), [3, 2, 1, 0]).score).toBe(1 / 4)
    expect(order.grade(orderQ(4), [0, 2, 1, 3])).toEqual({ score: 3 / 4, parts: [true, false, false, true] })
  })

  it('an answer that is not a permutation scores 0', () => {
    expect(order.grade(orderQ(3), [0, 0, 1]).score).toBe(0)
    expect(order.grade(orderQ(3), [0, 1]).score).toBe(0)
  })

  // prettier-ignore
  it.each([
    ['3 1 4 2', 4, [3, 1, 4, 2]],
    ['3,1,4,2', 4, [3, 1, 4, 2]],
    [' 3, 1  4,2 ', 4, [3, 1, 4, 2]],
    ['3142', 4, [3, 1, 4, 2]],
    ['', 4, 'Type the 4 numbers in the right order, like 3 1 4 2.'],
    ['3 1 4', 4, '2 is missing; give all 4 numbers once each.'],
    ['3 1 4 4', 4, '4 is given twice; give each number once.'],
    ['3 1 5 2', 4, 'There is no item 5; the items are numbered 1 to 4.'],
    ['3 one 4 2', 4, '"one" is not a number; type the numbers 1 to 4 in order, like 3 1 4 2.'],
    ['0 1 2', 3, 'There is no item 0; the items are numbered 1 to 3.'],
  ])('reads %j for %i items as %j', (text, n, expected) => {
    expect(parseOrder(text, n)).toEqual(expected)
  })

  it('the feedback puts the correct order beside the answer', () => {
    const q = orderQ(3)
    const asked = { spec: order.ask(q, () => 0, view).spec, shown: [2, 0, 1] }
    const verdict = judge(q, '2 1 3', asked, view) // steps 1, 3, 2
    expect(verdict.grade.score).toBeCloseTo(2 / 3)
    expect(verdict.suggested).toBe(2)
    expect(verdict.feedback).toContain('Partly right: 2 of 3 steps already in order (67%)')
    expect(verdict.feedback).toContain('✘  2  1. step 3\n       should be 3. step 2')
    expect(verdict.feedback).toContain('Correct order: 2 3 1')
  })
})

describe('cloze', () => {
  it('compares each gap trimmed, whitespace collapsed, with \' and " alike, case-sensitive', () => {
    expect(gapRight(['filter'], '  filter ')).toBe(true)
    expect(gapRight(['Filter'], 'filter')).toBe(false)
    expect(gapRight(["name='Ann'"], 'name="Ann"')).toBe(true)
    expect(gapRight(['a  b'], 'a\tb')).toBe(true)
    expect(gapRight(['ab'], 'a b')).toBe(false)
    expect(gapRight(['x'], '   ')).toBe(false)
  })

  it('property: any spacing and quote style of an accepted answer is right; a change of case is not', () => {
    const random = seededRandom(3)
    const pieces = ['filter', '(', 'author__name', '=', '"Ann"', ')', 'Q', '|', "'x'"]
    for (let trial = 0; trial < 300; trial++) {
      const tokens = shuffle(pieces, random).slice(0, 1 + Math.floor(random() * 5))
      const accepted = tokens.join(' ')
      const spaced = tokens.map((t) => (random() < 0.5 ? t.replace(/"/g, "'") : t.replace(/'/g, '"'))).join(' \t '.slice(0, 1 + Math.floor(random() * 3)))
      expect(gapRight([accepted], `  ${spaced}  `)).toBe(true)
      expect(normaliseGap(spaced)).toBe(normaliseGap(accepted))
      const upper = accepted.toUpperCase()
      if (upper !== accepted) expect(gapRight([accepted], upper)).toBe(false)
    }
  })

  it('partial credit per gap; a perfect answer (the first accepted of each) scores 1', () => {
    expect(cloze.grade(clozeQ, ['filter', 'author__name__exact'])).toEqual({ score: 1, parts: [true, true] })
    expect(cloze.grade(clozeQ, ['filter', 'author'])).toEqual({ score: 0.5, parts: [true, false] })
    expect(
      cloze.grade(
        clozeQ,
        clozeQ.gaps.map((g) => g[0]!),
      ).score,
    ).toBe(1)
    expect(ratingForScore(0.5)).toBe(2)
    expect(ratingForScore(1)).toBe(3)
    expect(ratingForScore(0)).toBe(1)
  })

  it('feedback marks each gap with the accepted answer', () => {
    const text = judge(clozeQ, ['filter', 'author'], { spec: { mode: 'text', placeholder: '', editor: false } }, view).feedback
    expect(text).toContain('Partly right: 1 of 2 gaps (50%)')
    expect(text).toContain('✔ ⟦1⟧ filter')
    expect(text).toContain('✘ ⟦2⟧ author  answer: author__name')
  })
})

describe('bug, count, output', () => {
  const bugQ: BugQuestion = { ...base, type: 'bug', prompt: '```python\na = 1\nb = 2\nc = 3\n```', answer: [2, 3], fix: 'b = 3' }
  it('bug: right when the line is any of the answer lines', () => {
    expect([1, 2, 3].map((n) => bug.grade(bugQ, n).score)).toEqual([0, 1, 1])
    expect(bug.read('line 2', { spec: { mode: 'text', placeholder: '', editor: false } })).toBe(2)
    const text = judge(bugQ, '1', { spec: { mode: 'text', placeholder: '', editor: false } }, view).feedback
    expect(text).toContain('Line 1 is fine; the bug is on lines 2, 3.')
    expect(text).toContain('› 3 │ c = 3\n      │ b = 3')
  })
  const countQ: CountQuestion = { ...base, type: 'count', prompt: 'How many?', answer: 4 }
  it('count: exact', () => {
    expect([3, 4, 5].map((n) => count.grade(countQ, n).score)).toEqual([0, 1, 0])
    expect(count.read('four', { spec: { mode: 'text', placeholder: '', editor: false } })).toBeUndefined()
  })
  const outQ: OutputQuestion = { ...base, type: 'output', prompt: '```python\nprint(1)\n```', answer: '  a\nB', accept: ['x'] }
  it('output: trailing spaces per line and blank lines around do not matter; case and leading spaces do', () => {
    expect(output.grade(outQ, '\n\n  a   \nB  \n\n').score).toBe(1)
    expect(output.grade(outQ, 'a\nB').score).toBe(0)
    expect(output.grade(outQ, '  a\nb').score).toBe(0)
    expect(output.grade(outQ, 'x\n').score).toBe(1)
    expect(output.grade(outQ, '  a\n\nB').score).toBe(0)
  })
})

describe('short: a bare name also accepts that name called with arguments', () => {
  const q = { answer: 'cache_page', accept: ['assertNumQueries'] }
  // prettier-ignore
  it.each([
    ['cache_page(60 * 15)', true],
    ['@cache_page(60 * 15)', true],
    ['self.assertNumQueries(1)', true],
    ['django.views.decorators.cache.cache_page(60)', true],
    ['cache_page', true],
    ['cache_pages(60)', false],
    ['other(cache_page)', false],
    ['cache_page(60', false],
  ])('%s → %s', (typed, expected) => {
    expect(gradeShort(q, typed)).toBe(expected)
  })
  it('not when the accepted answer is more than a name', () => {
    expect(gradeShort({ answer: 'manage.py check', accept: [] }, 'check(1)')).toBe(false)
  })
})

describe('what was typed is shown back without raw control sequences', () => {
  it('output and cloze feedback escape ESC', () => {
    const outQ: OutputQuestion = { ...base, type: 'output', prompt: '```python\nprint(1)\n```', answer: '1', accept: [] }
    const asked = { spec: { mode: 'text' as const, placeholder: '', editor: false } }
    expect(judge(outQ, '\u001b[2Jx', asked, view).feedback).not.toContain('\u001b')
    expect(judge(clozeQ, ['\u001b]0;title\u0007', 'x'], asked, view).feedback).not.toContain('\u001b')
  })
})
