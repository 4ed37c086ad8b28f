// The code-native kinds laid out in a narrow terminal, and the hints a mock
// interview gives for questions without key points.
import { describe, expect, it } from 'vitest'
import { render } from './helpers/render.ts'
import { kindPrompt } from '../src/io/prompts-kinds.ts'
import { bug, bugWindow } from '../src/core/kinds/bug.ts'
import { cloze, renderGaps } from '../src/core/kinds/cloze.ts'
import { countRange } from '../src/core/kinds/count.ts'
import { hintOf } from '../src/core/kinds/index.ts'
import { order } from '../src/core/kinds/order.ts'
import { startOf } from '../src/core/kinds/shared.ts'
import { seededRandom } from '../src/core/random.ts'
import { makeStyle } from '../src/core/style.ts'
import { displayWidth } from '../src/core/text.ts'
import type { BugQuestion, ClozeQuestion, CountQuestion, OrderQuestion, OutputQuestion } from '../src/core/types.ts'
import { QUESTION_BASE } from './helpers/question-base.ts'

const style = makeStyle(0)
const base = { ...QUESTION_BASE, id: 'q', title: 'Q', topic: 'orm', explanation: 'e', file: 'q.md' }
const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth))

describe('order in a narrow terminal', () => {
  const q: OrderQuestion = {
    ...base,
    type: 'order',
    prompt: 'Order them.',
    items: [
      'The session key is cycled: a new key, and the existing session data is kept',
      'SessionMiddleware saves the session and sends the new session cookie',
      'user_logged_in is sent, and its receiver saves last_login on the user',
    ],
  }
  it.each([40, 60, 80])('the question and items on screen, the feedback and the solution fit %i columns, wrapped lines hanging under their text', async (width) => {
    const view = { width, style }
    const asked = order.ask(q, seededRandom(1), view)
    const spec = asked.spec as Extract<typeof asked.spec, { mode: 'typed' }>
    expect(spec.order!.items).toEqual(asked.shown!.map((i) => q.items[i]))
    const { getScreen } = await render(kindPrompt, { ...spec, status: () => '1/3', flagged: false, style, tick: 0, width })
    const screen = getScreen()
    expect(widest(screen)).toBeLessThanOrEqual(width)
    const rows = screen.split('\n')
    const first = rows.findIndex((l) => /^ {2}1\. /.test(l))
    const last = rows.findIndex((l) => l.includes('1/3'))
    const listed = rows.slice(first, last).filter(Boolean)
    if (width < 80) expect(listed.length).toBeGreaterThan(3)
    for (const line of listed) expect(line).toMatch(/^ {2}\d\. \S|^ {5}\S/)
    for (const word of q.items.join(' ').split(' ')) expect(screen).toContain(word) // no word cut in two
    const answer = order.read('3 2 1', asked)!
    const feedback = order.feedback(q, answer, order.grade(q, answer), asked, view)
    expect(widest(feedback)).toBeLessThanOrEqual(width)
    expect(widest(order.solution(q, view))).toBeLessThanOrEqual(width)
  })
})

describe('cloze in a narrow terminal', () => {
  const q: ClozeQuestion = {
    ...base,
    type: 'cloze',
    prompt: 'Fill it in.\n\n```python\nclass V(viewsets.ModelViewSet):\n    [[1]] = [DjangoFilterBackend, filters.SearchFilter]\n    [[2]] = ["name"]\n```',
    gaps: [['filter_backends'], ['search_fields']],
  }
  it('a filled gap wider than its marker still wraps the code line to the width, marked ↪', () => {
    const view = { width: 60, style }
    const render = (cloze.ask(q, () => 0, view).spec as { render: (v: readonly string[], c: number) => string }).render
    const drawn = render(['filter_backends', ''], 1)
    expect(widest(drawn)).toBeLessThanOrEqual(60)
    expect(drawn).toContain('filter_backends = [DjangoFilterBackend,')
    expect(drawn).toMatch(/↪ +filters\.SearchFilter\]/)
    expect(drawn).toContain('⟦2›▏⟧ = ["name"]')
    expect(drawn).not.toMatch(/[\ue000-\uf8ff]/) // no placeholder left behind
  })
  it('a gap too long for any line leaves no placeholder behind', () => {
    const long = 'x'.repeat(150)
    const drawn = renderGaps(q.prompt, { width: 60, style }, (n) => (n === 1 ? long : '?'))
    expect(drawn).toContain(long)
    expect(drawn).not.toMatch(/[\ue000-\uf8ff]/)
  })
})

describe('bug in a narrow terminal', () => {
  const q: BugQuestion = {
    ...base,
    type: 'bug',
    prompt: 'Which line?\n\n```python\nfor post in posts:\n    for comment in post.comments.filter(approved=True, author__is_active=True):\n        print(comment)\n```',
    answer: [2],
    fix: '    for comment in post.approved_comments_with_active_authors_only_please:',
  }
  it('numbered lines, the marked bug and its fix wrap behind the gutter, keeping their indent', () => {
    const view = { width: 50, style }
    for (const text of [bug.prompt!(q, view), bug.solution(q, view)]) {
      expect(widest(text)).toBeLessThanOrEqual(50)
      for (const line of text.split('\n').filter((l) => l.includes('↪'))) expect(line).toMatch(/^ {6}│ ↪ {5}\S/)
    }
    const solved = bug.solution(q, view).split('\n')
    expect(solved.find((l) => l.includes('›'))).toMatch(/^ {2}› 2 │ {5}for comment in/)
    expect(solved.some((l) => /^ {6}│ {5}for comment in$/.test(l))).toBe(true) // the fix, indented as the code
  })
})

describe('hints for the mock interview', () => {
  it('is the first key point when there is one, whatever the kind', () => {
    const q: CountQuestion = { ...base, type: 'count', prompt: 'How many?', answer: 4, keyPoints: ['one query per book'] }
    expect(hintOf(q)).toBe('one query per book')
  })
  it('count: a range that holds the answer and is wider than it', () => {
    for (const answer of [0, 1, 2, 3, 4, 7, 100, 10_000]) {
      const [lo, hi] = countRange(answer)
      expect(lo).toBeLessThanOrEqual(answer)
      expect(hi).toBeGreaterThanOrEqual(answer)
      expect(hi - lo).toBeGreaterThanOrEqual(2)
    }
    expect(hintOf({ ...base, type: 'count', prompt: 'How many?', answer: 4 })).toBe('It is between 2 and 8.')
  })
  it('bug: a window of lines that holds the bug and is never one line (3 lines or more of code)', () => {
    for (let lines = 3; lines <= 30; lines++)
      for (let line = 1; line <= lines; line++) {
        const [lo, hi] = bugWindow(line, lines)
        expect(lo).toBeGreaterThanOrEqual(1)
        expect(hi).toBeLessThanOrEqual(lines)
        expect(line).toBeGreaterThanOrEqual(lo)
        expect(line).toBeLessThanOrEqual(hi)
        expect(hi - lo + 1).toBeGreaterThanOrEqual(Math.min(3, lines))
        if (lines > 3) expect(hi - lo + 1).toBeLessThan(lines)
      }
    const q: BugQuestion = { ...base, type: 'bug', prompt: '```python\na\nb\nc\nd\ne\nf\n```', answer: [5] }
    expect(hintOf(q)).toBe('The bug is on one of lines 4 to 6.')
  })
  it('cloze, output and short: the start of the answer, never all of it', () => {
    for (const answer of ['f', 'fi', 'filter', 'select_related', 'ünïcode']) {
      const start = startOf(answer).replace(/…$/, '')
      expect(answer.startsWith(start)).toBe(true)
      expect(start.length).toBeLessThan(answer.length)
    }
    const z: ClozeQuestion = { ...base, type: 'cloze', prompt: '```\n[[1]] [[2]]\n```', gaps: [['filter'], ['author__name']] }
    expect(hintOf(z)).toBe('The gaps start with: ⟦1⟧ fi…, ⟦2⟧ auth…')
    const o: OutputQuestion = { ...base, type: 'output', prompt: '```\nprint(1)\n```', answer: 'True\n3', accept: [] }
    expect(hintOf(o)).toBe('It prints 2 lines; the first starts with "T…".')
  })
  it('order: the first step; choice: one option that is wrong; multi: how many are right', () => {
    expect(hintOf({ ...base, type: 'order', prompt: 'p', items: ['a', 'b', 'c'] })).toBe('The first step is: a')
    expect(hintOf({ ...base, type: 'choice', prompt: 'p', answer: 'a', distractors: ['b', 'c'] })).toBe('It is not: b')
    expect(hintOf({ ...base, type: 'multi', prompt: 'p', answer: ['a', 'b'], distractors: ['c'] })).toBe('2 options are right.')
  })
})
