// The line prompts of a TERM=dumb session, fed through a stream: what a typed line means.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { makeStyle } from '../src/core/style.ts'
import { askLine, confirmLine, keyPointsLine, LineReader, nextLine, ratingLine, type LineIo } from '../src/io/line-prompts.ts'
import { HINT, type AskConfig } from '../src/io/prompts.ts'
import type { KindAskConfig } from '../src/io/prompts-kinds.ts'

const style = makeStyle(0)

function lines(...typed: string[]): LineIo & { input: PassThrough; output: () => string } {
  const input = new PassThrough()
  let out = ''
  for (const t of typed) input.write(`${t}\n`)
  return { input, reader: new LineReader(input), write: (text) => void (out += text), output: () => out }
}

const choice = (extra: Partial<AskConfig> = {}): AskConfig => ({
  mode: 'choice',
  status: () => '1/2 · ORM',
  options: ['select_related', 'prefetch_related', 'only'],
  flagged: false,
  style,
  tick: 0,
  ...extra,
})

describe('askLine', () => {
  it('prints the options once, re-asks a number out of range, and answers with the option typed', async () => {
    const io = lines('7', 'x', '2')
    expect(await askLine(choice(), io)).toEqual({ action: 'answer', value: 'prefetch_related' })
    expect(io.output().match(/2\. prefetch_related/g)).toHaveLength(1)
    expect(io.output().match(/Type one number from 1 to 3\./g)).toHaveLength(2)
  })

  it('takes several numbers for a multi, and the session letters for a list', async () => {
    expect(await askLine(choice({ mode: 'multi' }), lines('3, 1'))).toEqual({ action: 'answer', value: ['select_related', 'only'] })
    expect(await askLine(choice(), lines('s'))).toEqual({ action: 'skip' })
    expect(await askLine(choice(), lines('F'))).toEqual({ action: 'flag' })
    expect(await askLine(choice(), lines('/q'))).toEqual({ action: 'quit' })
    // u only when there is something to undo
    expect(await askLine(choice({ undo: true }), lines('u'))).toEqual({ action: 'undo' })
    const io = lines('u', '1')
    expect(await askLine(choice(), io)).toEqual({ action: 'answer', value: 'select_related' })
  })

  it('in a text field only the slash form is a command: `s` is an answer', async () => {
    const text: AskConfig = { mode: 'text', status: () => '', flagged: false, style, tick: 0, placeholder: 'type the answer' }
    expect(await askLine(text, lines('/s'))).toEqual({ action: 'skip' })
    expect(await askLine(text, lines('  s  '))).toEqual({ action: 'answer', value: 's' })
    expect(await askLine({ ...text, editor: true }, lines('/e'))).toEqual({ action: 'editor' })
    expect(await askLine(text, lines('/e'))).toEqual({ action: 'answer', value: '/e' })
  })

  it('a deadline closes the prompt with AbortPromptError, also when its line comes late', async () => {
    const io = lines()
    const controller = new AbortController()
    const asked = askLine(choice(), io, controller.signal)
    controller.abort()
    await expect(asked).rejects.toMatchObject({ name: 'AbortPromptError' })
    // A deadline already passed when the prompt opens: no line is waited for.
    await expect(askLine(choice(), lines('1'), controller.signal)).rejects.toMatchObject({ name: 'AbortPromptError' })
    // A line that arrives once the deadline has passed, before its timer ran: late, not an answer.
    const late = new AbortController()
    const io2 = lines()
    const waiting = io2.reader.read(late.signal)
    Object.defineProperty(late.signal, 'aborted', { value: true })
    io2.input.write('1\n')
    await expect(waiting).rejects.toMatchObject({ name: 'AbortPromptError' })
  })

  it('the end of the input is ExitPromptError, as Ctrl+D is for the Inquirer prompts', async () => {
    const io = lines()
    const asked = askLine(choice(), io)
    io.input.end()
    await expect(asked).rejects.toMatchObject({ name: 'ExitPromptError' })
  })
})

describe('the other line prompts', () => {
  it('enter is the next question; a letter not on offer is re-asked', async () => {
    const next = { status: () => '', flagged: false, last: false, style, tick: 0 }
    expect(await nextLine(next, lines(''))).toBe('next')
    const io = lines('o', 'm', 'q')
    expect(await nextLine(next, io)).toBe('quit')
    expect(io.output().match(/Press enter, or type one of the letters above\./g)).toHaveLength(2)
    expect(await nextLine({ ...next, override: true }, lines('o'))).toBe('override')
  })

  it('a key line wraps between keys at the terminal width, never inside one', async () => {
    const io = { ...lines(''), width: 60 }
    await nextLine({ status: () => '', flagged: false, last: false, style, tick: 0, override: true, undo: true, more: true }, io)
    const shown = io.output().split('\n')
    expect(shown.filter((l) => l.length > 60)).toEqual([])
    expect(shown).toContain('f flag · q quit')
    expect(io.output()).not.toContain('\u00a0')
  })

  it('a rating is 1-4 among those allowed; enter takes the suggested one', async () => {
    expect(await ratingLine({ message: 'How well?', suggested: 2, style }, lines(''))).toBe(2)
    expect(await ratingLine({ message: 'How well?', suggested: 2, style }, lines('5', '4'))).toBe(4)
    expect(await ratingLine({ message: 'Count it as right, rated:', suggested: 3, allowed: [2, 3, 4], style }, lines('1', ''))).toBe(3)
  })

  it('key points are typed as their numbers; enter is none', async () => {
    expect(await keyPointsLine(['a', 'b', 'c'], style, lines('3,1'), 80)).toEqual([0, 2])
    expect(await keyPointsLine(['a', 'b'], style, lines(''), 80)).toEqual([])
  })
})

describe('askLine with the mock interview keys', () => {
  const mock = { hint: true, flag: false, quitLabel: 'end' }
  it('h (or /h) asks for a hint in a list and /h in a typed field; f is not offered', async () => {
    const io = lines('h')
    expect(await askLine(choice(mock), io)).toEqual(HINT)
    expect(io.output()).toContain('h hint · s skip · q end')
    expect(io.output()).not.toContain('f flag')
    const typed: KindAskConfig = {
      mode: 'typed',
      label: 'Number',
      placeholder: 'a whole number',
      check: (t) => (/^\d+$/.test(t) ? undefined : 'Type a number.'),
      status: () => '1/3',
      flagged: false,
      style,
      tick: 0,
      ...mock,
    }
    const io2 = lines('f', '/h')
    expect(await askLine(typed, io2)).toEqual(HINT)
    expect(io2.output()).toContain('Type a number.') // f was not a command
    expect(io2.output()).toContain('/h hint · /s skip · /q end')
  })
  it('without the hint on offer, /h is an answer like any other text', async () => {
    expect(await askLine({ ...choice(), mode: 'text', placeholder: 'type' }, lines('/h'))).toEqual({ action: 'answer', value: '/h' })
    expect(await askLine(choice(), lines('f'))).toEqual({ action: 'flag' })
  })
})

describe('confirmLine', () => {
  it('wraps the question to the terminal width at spaces; the answer is typed after the last line', async () => {
    const message = 'Reset the progress of 12 questions (40 answers) in topic orm? A backup is written first.'
    const io = { ...lines('y'), width: 60 }
    expect(await confirmLine(message, false, io)).toBe(true)
    const printed = io.output().split('\n')
    expect(printed.length).toBeGreaterThan(1)
    for (const line of printed) expect(line.length).toBeLessThanOrEqual(60)
    expect(printed.join(' ').replace(/\s+/g, ' ')).toBe(`${message} [y/N] `)
    expect(io.output().endsWith('[y/N] ')).toBe(true)
  })
})
