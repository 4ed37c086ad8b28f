import { render } from './helpers/render.ts'
import { describe, expect, it } from 'vitest'
import { cloze } from '../src/core/kinds/cloze.ts'
import { order } from '../src/core/kinds/order.ts'
import { count } from '../src/core/kinds/count.ts'
import { output } from '../src/core/kinds/output.ts'
import { makeStyle } from '../src/core/style.ts'
import { seededRandom } from '../src/core/random.ts'
import type { ClozeQuestion, CountQuestion, OrderQuestion, OutputQuestion } from '../src/core/types.ts'
import { kindPrompt, type KindAskConfig } from '../src/io/prompts-kinds.ts'
import { HINT } from '../src/io/prompts.ts'
import { QUESTION_BASE } from './helpers/question-base.ts'

const style = makeStyle(0)
const view = { width: 80, style }
const base = { ...QUESTION_BASE, id: 'q', title: 'Fill it in', topic: 'orm', explanation: 'e', file: 'q.md' }
const common = { status: () => '1/5 · ORM · ⏱ 0:05', flagged: false, style, tick: 0 }
const configOf = (spec: object) => ({ ...spec, ...common }) as KindAskConfig

describe('typed (order, bug, count)', () => {
  const q: OrderQuestion = { ...base, type: 'order', prompt: 'Order.', items: ['a', 'b', 'c', 'd'] }
  it('a malformed order is re-asked with the reason, keeping what was typed', async () => {
    const { answer, events, getScreen } = await render(kindPrompt, configOf(order.ask(q, () => 0.5, view).spec))
    expect(getScreen()).toContain('Order ›')
    events.type('3 1 4')
    events.keypress('enter')
    expect(getScreen()).toContain('2 is missing; give all 4 numbers once each.')
    expect(getScreen()).toContain('Order › 3 1 4')
    events.type(' 2')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: '3 1 4 2' })
  })
  it('count: anything but a number is re-asked', async () => {
    const cq: CountQuestion = { ...base, type: 'count', prompt: 'How many?', answer: 4 }
    const { answer, events, getScreen } = await render(kindPrompt, configOf(count.ask(cq, () => 0, view).spec))
    events.type('four')
    events.keypress('enter')
    expect(getScreen()).toContain('Type a whole number, like 3.')
    events.keypress('backspace')
    events.keypress('backspace')
    events.keypress('backspace')
    events.keypress('backspace')
    events.type('4')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: '4' })
  })
  it.each([
    ['/s', 'skip'],
    ['/f', 'flag'],
    ['/q', 'quit'],
  ])('%s means %s', async (typed, action) => {
    const { answer, events } = await render(kindPrompt, configOf(order.ask(q, () => 0.5, view).spec))
    events.type(typed)
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action })
  })
})

describe('lines (output)', () => {
  const q: OutputQuestion = { ...base, type: 'output', prompt: '```python\nprint(1)\n```', answer: '1', accept: [] }
  it('several lines, an empty line ends; /e asks for the editor', async () => {
    const { answer, events, getScreen } = await render(kindPrompt, configOf(output.ask(q, () => 0, view).spec))
    events.keypress('enter')
    expect(getScreen()).toContain('Type what it prints')
    events.type('  False')
    events.keypress('enter')
    events.type('0')
    events.keypress('enter')
    expect(getScreen()).toContain('│   False')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: '  False\n0' })
    const second = await render(kindPrompt, configOf(output.ask(q, () => 0, view).spec))
    second.events.type('/e')
    second.events.keypress('enter')
    await expect(second.answer).resolves.toEqual({ action: 'editor' })
  })
})

describe('cloze', () => {
  const q: ClozeQuestion = { ...base, type: 'cloze', prompt: 'Books by Ann:\n\n```python\nBook.objects.[[1]]([[2]]="Ann")\n```', gaps: [['filter'], ['author__name']] }
  it('draws the code with the blank being filled in place, one input per gap', async () => {
    const { answer, events, getScreen } = await render(kindPrompt, configOf(cloze.ask(q, () => 0, view).spec))
    expect(getScreen()).toContain('Book.objects.⟦1›▏⟧(⟦2⟧="Ann")')
    expect(getScreen()).not.toContain('[[1]]')
    expect(getScreen()).toContain('Gap 1 of 2 ›')
    events.type('filter')
    expect(getScreen()).toContain('Book.objects.⟦1›filter▏⟧(⟦2⟧="Ann")')
    events.keypress('enter')
    expect(getScreen()).toContain('Book.objects.filter(⟦2›▏⟧="Ann")')
    events.type('author')
    events.keypress('up')
    expect(getScreen()).toContain('Gap 1 of 2 › filter')
    events.keypress('down')
    events.type('__name')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: ['filter', 'author__name'] })
  })
})

describe('the mock interview keys: /h a hint, no flag, /q ends', () => {
  const mock = { hint: true, flag: false, quitLabel: 'end' }
  const cq: CountQuestion = { ...base, type: 'count', prompt: 'How many?', answer: 4 }
  const oq: OutputQuestion = { ...base, type: 'output', prompt: '```python\nprint(1)\n```', answer: '1', accept: [] }
  const zq: ClozeQuestion = { ...base, type: 'cloze', prompt: '```python\nBook.objects.[[1]]()\n```', gaps: [['filter']] }
  it.each([
    ['count', () => count.ask(cq, () => 0, view).spec],
    ['output', () => output.ask(oq, () => 0, view).spec],
    ['cloze', () => cloze.ask(zq, () => 0, view).spec],
  ])('%s: /h answers the hint request, and the key line offers it without /f', async (_kind, spec) => {
    const { answer, events, getScreen } = await render(kindPrompt, { ...configOf(spec()), ...mock })
    expect(getScreen()).toContain('/h hint')
    expect(getScreen()).toContain('/q end')
    expect(getScreen()).not.toContain('/f flag')
    events.type('/h')
    events.keypress('enter')
    await expect(answer).resolves.toEqual(HINT)
  })
  it('without a hint on offer (a session), /h in a count is re-asked as not a number, and /f still flags', async () => {
    const { events, getScreen } = await render(kindPrompt, configOf(count.ask(cq, () => 0, view).spec))
    expect(getScreen()).not.toContain('/h hint')
    events.type('/h')
    events.keypress('enter')
    expect(getScreen()).toContain('Type a whole number, like 3.')
    const second = await render(kindPrompt, configOf(count.ask(cq, () => 0, view).spec))
    second.events.type('/f')
    second.events.keypress('enter')
    await expect(second.answer).resolves.toEqual({ action: 'flag' })
  })
  it('with flags off, /f is not a command', async () => {
    const { events, getScreen } = await render(kindPrompt, { ...configOf(count.ask(cq, () => 0, view).spec), ...mock })
    events.type('/f')
    events.keypress('enter')
    expect(getScreen()).toContain('Type a whole number, like 3.')
  })
  it('the key line breaks between keys to fit a narrow terminal', async () => {
    const { getScreen } = await render(kindPrompt, { ...configOf(output.ask(oq, () => 0, view).spec), width: 40 })
    const keyLines = getScreen()
      .split('\n')
      .filter((l) => l.includes(' · ') || /^(\/q quit|\/u undo)/.test(l))
    expect(keyLines.length).toBeGreaterThan(1)
    for (const line of keyLines) expect(line.length).toBeLessThanOrEqual(40)
    expect(keyLines.join(' · ')).toContain('/f flag · /q quit')
  })
})

describe('cloze on a short terminal', () => {
  it('draws the status line (the clocks) under the code, next to the input, so it stays on screen', async () => {
    const q: ClozeQuestion = {
      ...base,
      type: 'cloze',
      prompt: `Fill it.\n\n\`\`\`python\n${Array.from({ length: 30 }, (_, i) => `x${i} = ${i}`).join('\n')}\nBook.objects.[[1]]()\n\`\`\``,
      gaps: [['filter']],
    }
    const { getScreen } = await render(kindPrompt, configOf(cloze.ask(q, () => 0, view).spec))
    const lines = getScreen().split('\n')
    const status = lines.findIndex((l) => l.includes('1/5 · ORM'))
    const field = lines.findIndex((l) => l.includes('Gap 1 of 1 ›'))
    expect(status).toBeGreaterThan(lines.findIndex((l) => l.includes('x29 = 29')))
    expect(field).toBe(status + 1)
  })
})

describe('order: moving the items', () => {
  const q: OrderQuestion = { ...base, type: 'order', prompt: 'Order the steps.', items: ['alpha', 'beta', 'gamma', 'delta'] }
  const start = async (extra: object = {}) => {
    const asked = order.ask(q, seededRandom(3), view)
    const r = await render(kindPrompt, { ...configOf(asked.spec), ...extra })
    return { ...r, asked }
  }
  it('draws the question and the numbered items; ↓ starts moving, space picks up, ↓ carries it, enter submits the order as numbers', async () => {
    const { answer, events, getScreen, asked } = await start()
    const shown = asked.shown!.map((i) => q.items[i]!)
    expect(getScreen()).toContain('Order the steps.')
    expect(getScreen()).toContain(`1. ${shown[0]}`)
    expect(getScreen()).toContain('↑↓ move items')
    events.keypress('down') // into moving, cursor on row 1
    expect(getScreen()).toContain(`❯ 1. ${shown[0]}`)
    events.keypress('space') // pick up item 1
    expect(getScreen()).toContain(`◆ 1. ${shown[0]}`)
    events.keypress('down') // carry it below item 2
    events.keypress('j') // and below item 3
    events.keypress('space') // put it down
    events.keypress('k') // the cursor up to item 3, which does not move
    expect(getScreen()).toContain('Order › 2 3 1 4')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: '2 3 1 4' })
    // Read against the items as shown, as typed numbers are.
    expect(order.read('2 3 1 4', asked)).toEqual([asked.shown![1], asked.shown![2], asked.shown![0], asked.shown![3]])
  })
  it('letters while moving are the session keys; tab goes back to typing, where j is just a character', async () => {
    const first = await start({ hint: true, flag: false })
    first.events.keypress('down')
    first.events.keypress('h')
    await expect(first.answer).resolves.toEqual(HINT)
    const second = await start()
    second.events.keypress('down')
    second.events.keypress('tab')
    second.events.type('2 j')
    second.events.keypress('enter')
    expect(second.getScreen()).toContain('"j" is not a number')
  })
})

describe('at 60 columns', () => {
  const q: OrderQuestion = { ...base, type: 'order', prompt: 'Order.', items: ['a', 'b', 'c', 'd'] }
  it('the status line, the flag and the keys fit; no key is split across lines', async () => {
    const long = () => '12/20 · again · Expressions, aggregation and database functions · advanced · ⏱ 0:02'
    const spec = order.ask(q, () => 0.5, view).spec
    const { events, getScreen } = await render(kindPrompt, { ...spec, ...common, status: long, flagged: true, undo: true, width: 60 } as KindAskConfig)
    const screen = getScreen()
    expect(screen.split('\n').filter((l) => l.length > 60)).toEqual([])
    expect(screen).toContain('⚑ flagged')
    for (const key of ['enter submit', '/s skip', '/q quit', '/u undo']) expect(screen).toContain(key)
    events.type('/q')
    events.keypress('enter')
  })
})
