import { render } from './helpers/render.ts'
import { describe, expect, it } from 'vitest'
import { cloze } from '../src/core/kinds/cloze.ts'
import { order } from '../src/core/kinds/order.ts'
import { count } from '../src/core/kinds/count.ts'
import { output } from '../src/core/kinds/output.ts'
import { makeStyle } from '../src/core/style.ts'
import type { ClozeQuestion, CountQuestion, OrderQuestion, OutputQuestion } from '../src/core/types.ts'
import { kindPrompt, type KindAskConfig } from '../src/io/prompts-kinds.ts'

const style = makeStyle(0)
const view = { width: 80, style }
const base = {
  bank: 'b',
  id: 'q',
  title: 'Fill it in',
  topic: 'orm',
  difficulty: 'beginner' as const,
  tags: [],
  summary: 's',
  keyPoints: [],
  references: [],
  covers: [],
  related: [],
  explanation: 'e',
  file: 'q.md',
}
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
