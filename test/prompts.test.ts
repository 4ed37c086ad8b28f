import { render } from './helpers/render.ts'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { makeStyle } from '../src/core/style.ts'
import { displayWidth } from '../src/core/text.ts'
import { askPrompt, nextPrompt, ratingPrompt, type AskConfig } from '../src/io/prompts.ts'

const style = makeStyle(0)
const config = (over: Partial<AskConfig>): AskConfig => ({
  mode: 'choice',
  options: ['alpha', 'beta', 'gamma'],
  status: () => '1/3 · ORM · ⏱ 0:30',
  flagged: false,
  style,
  tick: 0,
  ...over,
})

describe('askPrompt', () => {
  it('choice: shows the status line and numbered options; arrows and enter pick one', async () => {
    const { answer, events, getScreen } = await render(askPrompt, config({}))
    expect(getScreen()).toContain('1/3 · ORM · ⏱ 0:30')
    expect(getScreen()).toContain('❯ 1. alpha')
    expect(getScreen()).toContain('s skip · f flag · q quit')
    events.keypress('down')
    events.keypress('down')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: 'gamma' })
  })

  it('choice: a number key jumps to that option', async () => {
    const { answer, events } = await render(askPrompt, config({}))
    events.keypress('2')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: 'beta' })
  })

  it.each([
    ['s', 'skip'],
    ['f', 'flag'],
    ['q', 'quit'],
  ])('the %s key means %s', async (key, action) => {
    const { answer, events } = await render(askPrompt, config({}))
    events.keypress(key)
    await expect(answer).resolves.toEqual({ action })
  })

  it('multi: space ticks, enter submits the ticked options in display order', async () => {
    const { answer, events, getScreen } = await render(askPrompt, config({ mode: 'multi' }))
    events.keypress('down')
    events.keypress('down')
    events.keypress('space')
    events.keypress('up')
    events.keypress('up')
    events.keypress('space')
    expect(getScreen()).toContain('◉ gamma')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: ['alpha', 'gamma'] })
  })

  it('multi: enter with nothing ticked explains instead of submitting', async () => {
    const { answer, events, getScreen } = await render(askPrompt, config({ mode: 'multi' }))
    events.keypress('enter')
    expect(getScreen()).toContain('Tick at least one option')
    events.keypress('space')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: ['alpha'] })
  })

  it('text: typed text is the answer; letters are not shortcuts', async () => {
    const { answer, events, getScreen } = await render(askPrompt, config({ mode: 'text', placeholder: 'type the answer' }))
    expect(getScreen()).toContain('type the answer')
    events.type('sqlmigrate')
    expect(getScreen()).toContain('› sqlmigrate')
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: 'sqlmigrate' })
  })

  it.each([
    ['/s', 'skip'],
    ['/F', 'flag'],
    ['/quit', 'quit'],
    ['/e', 'editor'],
  ])('text: %s means %s', async (typed, action) => {
    const { answer, events } = await render(askPrompt, config({ mode: 'text', editor: true }))
    events.type(typed)
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action })
  })

  it('text: enter on an empty field answers in your head', async () => {
    const { answer, events } = await render(askPrompt, config({ mode: 'text' }))
    events.keypress('enter')
    await expect(answer).resolves.toEqual({ action: 'answer', value: '' })
  })

  it('shows the flag and a live status line that moves on each tick, not before', async () => {
    // Only the interval is faked: the prompt's clock is a setInterval of `tick` ms,
    // while @inquirer/testing's own rendering keeps its real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    onTestFinished(() => void vi.useRealTimers())
    let seconds = 30
    const { events, getScreen } = await render(askPrompt, config({ flagged: true, status: () => `⏱ 0:${seconds}`, tick: 1000 }))
    expect(getScreen()).toContain('⚑ flagged')
    expect(getScreen()).toContain('⏱ 0:30')
    seconds = 12
    vi.advanceTimersByTime(999)
    expect(getScreen()).toContain('⏱ 0:30') // the clock has not ticked yet
    vi.advanceTimersByTime(1)
    expect(getScreen()).toContain('⏱ 0:12')
    seconds = 11
    vi.advanceTimersByTime(1000)
    expect(getScreen()).toContain('⏱ 0:11')
    events.keypress('q')
  })

  it('an aborted signal rejects with AbortPromptError (the timer ran out)', async () => {
    const controller = new AbortController()
    const { answer } = await render(askPrompt, config({}), { signal: controller.signal })
    controller.abort()
    await expect(answer).rejects.toMatchObject({ name: 'AbortPromptError' })
  })
})

describe('nextPrompt', () => {
  it.each([
    ['enter', 'next'],
    ['f', 'flag'],
    ['q', 'quit'],
  ])('%s → %s', async (key, action) => {
    const { answer, events, getScreen } = await render(nextPrompt, { status: () => 'session 4:00 left', flagged: false, last: false, style, tick: 0 })
    expect(getScreen()).toContain('enter next question · f flag · q quit')
    events.keypress(key)
    await expect(answer).resolves.toBe(action)
  })
})

describe('key lines at 60 columns', () => {
  const fits = (screen: string) => screen.split('\n').filter((l) => displayWidth(l) > 60)
  it('the key line after an answer wraps between keys, the verdict whole on its line', async () => {
    const { events, getScreen } = await render(nextPrompt, {
      status: () => 'session 9:52 left',
      verdict: '✘ Not quite · Again · next in 1 minute',
      flagged: true,
      last: false,
      style,
      tick: 0,
      undo: true,
      override: true,
      more: true,
      width: 60,
    })
    const screen = getScreen()
    expect(fits(screen)).toEqual([])
    expect(screen).toContain('✘ Not quite · Again · next in 1 minute · session 9:52 left ⚑')
    expect(screen).toContain('enter next question · m more · o I was right · u undo ·\nf unflag · q quit')
    events.keypress('enter')
  })

  it.each(['text', 'multi'] as const)('a %s question: status and keys fit, no key split across lines', async (mode) => {
    const { events, getScreen } = await render(
      askPrompt,
      config({ mode, editor: true, undo: true, flagged: true, width: 60, status: () => '12/20 · again · Contenttypes, generic relations and contrib apps · intermediate' }),
    )
    const screen = getScreen()
    expect(fits(screen)).toEqual([])
    for (const key of mode === 'text' ? ['/e editor', '/u undo', '/q quit'] : ['space tick', 'f flag', 'u undo']) expect(screen).toContain(key)
    expect(screen).toContain('⚑ flagged')
    events.keypress('q')
  })
})

describe('undo, override and more', () => {
  it('u in a list and /u in a text field undo, when there is something to undo', async () => {
    const list = await render(askPrompt, config({ undo: true }))
    expect(list.getScreen()).toContain('u undo')
    list.events.keypress('u')
    await expect(list.answer).resolves.toEqual({ action: 'undo' })
    const text = await render(askPrompt, config({ mode: 'text', undo: true }))
    text.events.type('/u')
    text.events.keypress('enter')
    await expect(text.answer).resolves.toEqual({ action: 'undo' })
  })

  it('with nothing to undo, u is not a key and /u says so', async () => {
    const list = await render(askPrompt, config({}))
    expect(list.getScreen()).not.toContain('u undo')
    list.events.keypress('u')
    list.events.keypress('enter')
    await expect(list.answer).resolves.toEqual({ action: 'answer', value: 'alpha' })
    const text = await render(askPrompt, config({ mode: 'text' }))
    text.events.type('/u')
    text.events.keypress('enter')
    expect(text.getScreen()).toContain('Nothing to undo yet.')
  })

  it('a text field reports what is typed as it changes', async () => {
    const seen: string[] = []
    const { events } = await render(askPrompt, config({ mode: 'text', onText: (t) => seen.push(t) }))
    events.type('abc')
    expect(seen.at(-1)).toBe('abc')
    events.keypress('enter')
  })

  it.each([
    ['u', 'undo'],
    ['o', 'override'],
    ['m', 'more'],
  ] as const)('after an answer, %s → %s; the key line repeats the verdict', async (key, action) => {
    const { answer, events, getScreen } = await render(nextPrompt, {
      status: () => '',
      verdict: '✘ Not quite · Again · next in 1 minute',
      flagged: false,
      last: false,
      style,
      tick: 0,
      undo: true,
      override: true,
      more: true,
    })
    expect(getScreen()).toContain('✘ Not quite · Again · next in 1 minute')
    expect(getScreen()).toContain('enter next question · m more · o I was right · u undo · f flag · q quit')
    events.keypress(key)
    await expect(answer).resolves.toBe(action)
  })

  it('o and m do nothing when not offered', async () => {
    const { answer, events, getScreen } = await render(nextPrompt, { status: () => '', verdict: '✔ Correct', flagged: false, last: true, style, tick: 0 })
    expect(getScreen()).not.toMatch(/I was right|more/)
    events.keypress('o')
    events.keypress('m')
    events.keypress('enter')
    await expect(answer).resolves.toBe('next')
  })
})

describe('ratingPrompt', () => {
  const intervals = { 1: '<1m', 2: '6m', 3: '10m', 4: '4d' } as const

  it('shows what each rating schedules, the suggested one highlighted', async () => {
    const { getScreen, events } = await render(ratingPrompt, { message: 'How well did you know it?', suggested: 3, intervals, style })
    expect(getScreen()).toContain('1 Again <1m · 2 Hard 6m · [3 Good 10m] · 4 Easy 4d')
    expect(getScreen()).toContain('enter Good (suggested)')
    events.keypress('enter')
  })

  it.each([
    ['1', 1],
    ['2', 2],
    ['3', 3],
    ['4', 4],
  ] as const)('the %s key answers %d at once', async (key, rating) => {
    const { answer, events } = await render(ratingPrompt, { message: 'm', suggested: 3, intervals, style })
    events.keypress(key)
    await expect(answer).resolves.toBe(rating)
  })

  it('enter takes the suggested rating; arrows move first', async () => {
    const a = await render(ratingPrompt, { message: 'm', suggested: 2, intervals, style })
    a.events.keypress('enter')
    await expect(a.answer).resolves.toBe(2)
    const b = await render(ratingPrompt, { message: 'm', suggested: 2, intervals, style })
    b.events.keypress('right')
    b.events.keypress('right')
    b.events.keypress('enter')
    await expect(b.answer).resolves.toBe(4)
  })

  it('only the allowed ratings answer (an override leaves Again out)', async () => {
    const { answer, events, getScreen } = await render(ratingPrompt, { message: 'm', suggested: 3, allowed: [2, 3, 4], style })
    expect(getScreen()).not.toContain('Again')
    events.keypress('1')
    events.keypress('4')
    await expect(answer).resolves.toBe(4)
  })
})
