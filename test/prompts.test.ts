import { render } from '@inquirer/testing'
import { describe, expect, it } from 'vitest'
import { makeStyle } from '../src/core/style.ts'
import { askPrompt, nextPrompt, type AskConfig } from '../src/io/prompts.ts'

const style = makeStyle(0)
const config = (over: Partial<AskConfig>): AskConfig => ({ mode: 'choice', options: ['alpha', 'beta', 'gamma'], status: () => '1/3 · ORM · ⏱ 0:30', flagged: false, style, tick: 0, ...over })

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

  it.each([['s', 'skip'], ['f', 'flag'], ['q', 'quit']])('the %s key means %s', async (key, action) => {
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

  it.each([['/s', 'skip'], ['/F', 'flag'], ['/quit', 'quit'], ['/e', 'editor']])('text: %s means %s', async (typed, action) => {
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

  it('shows the flag and a live status line', async () => {
    let seconds = 30
    const { events, getScreen } = await render(askPrompt, config({ flagged: true, status: () => `⏱ 0:${seconds}`, tick: 20 }))
    expect(getScreen()).toContain('⚑ flagged')
    seconds = 12
    await new Promise((r) => setTimeout(r, 60))
    expect(getScreen()).toContain('⏱ 0:12')
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
  it.each([['enter', 'next'], ['f', 'flag'], ['q', 'quit']])('%s → %s', async (key, action) => {
    const { answer, events, getScreen } = await render(nextPrompt, { status: () => 'session 4:00 left', flagged: false, last: false, style, tick: 0 })
    expect(getScreen()).toContain('enter next question · f flag · q quit')
    events.keypress(key)
    await expect(answer).resolves.toBe(action)
  })
})
