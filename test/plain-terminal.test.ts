// TERM=dumb: a terminal that cannot move the cursor gets the session as plain
// lines: each prompt printed once, answered by typing a line and enter.
import { describe, expect, it, onTestFinished } from 'vitest'
import { plainTerminal } from '../src/core/terminal.ts'
import { parseNumbers } from '../src/io/line-prompts.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

describe('plainTerminal', () => {
  it('is true for TERM=dumb whatever its case, and for no TERM on a Unix terminal', () => {
    expect(plainTerminal({ TERM: 'dumb' }, 'linux')).toBe(true)
    expect(plainTerminal({ TERM: ' Dumb ' }, 'darwin')).toBe(true)
    expect(plainTerminal({ TERM: 'dumb' }, 'win32')).toBe(true)
    expect(plainTerminal({}, 'linux')).toBe(true)
    expect(plainTerminal({ TERM: '' }, 'linux')).toBe(true)
  })

  it('is false for a terminal that can redraw, and for a Windows console without TERM', () => {
    expect(plainTerminal({ TERM: 'xterm-256color' }, 'linux')).toBe(false)
    expect(plainTerminal({ TERM: 'screen' }, 'linux')).toBe(false)
    expect(plainTerminal({ TERM: 'dumb-ish' }, 'linux')).toBe(false)
    expect(plainTerminal({}, 'win32')).toBe(false)
  })
})

describe('parseNumbers', () => {
  it('takes 2, 1,3 and "3 1" within range, sorted and once each', () => {
    expect(parseNumbers('2', 3)).toEqual([1])
    expect(parseNumbers('1,3', 3)).toEqual([0, 2])
    expect(parseNumbers(' 3 1, 3 ', 3)).toEqual([0, 2])
  })

  it('refuses what is not a number in range', () => {
    expect(parseNumbers('', 3)).toBeUndefined()
    expect(parseNumbers('4', 3)).toBeUndefined()
    expect(parseNumbers('0', 3)).toBeUndefined()
    expect(parseNumbers('1,x', 3)).toBeUndefined()
    expect(parseNumbers('1.5', 3)).toBeUndefined()
  })
})

// Any CSI sequence but colour (…m): cursor up/down/forward/back, position, erase, scroll, the alternate screen.
// eslint-disable-next-line no-control-regex
const CURSOR_OR_CLEAR = /\u001b\[[0-9;?]*[A-HJKSTfhlsu]/

describe('a quiz on TERM=dumb in a real pseudo-terminal', () => {
  it('asks a choice and a short question line by line, prints both verdicts, and writes no cursor or clear sequence', async () => {
    const bank = testdir({
      'bank.yml': MANIFEST,
      'c1.md': questionFile(
        { id: 'orm-choice', title: 'Which method joins in SQL?', type: 'choice', key_points: null, answer: '"select_related"', distractors: '["prefetch_related", "only"]' },
        'Which one joins?\n\n## Answer\n\nA JOIN in one query.\n',
      ),
      's1.md': questionFile(
        { id: 'orm-short', title: 'Which command gathers static files?', type: 'short', key_points: null, answer: 'collectstatic' },
        'Name the command.\n\n## Answer\n\nIt copies them to STATIC_ROOT.\n',
      ),
    })
    const home = testdir()
    const pty = new Pty(['--bank', bank, 'quiz', '--seed', '7', '-n', '2', '--order', 'bank'], { DJANGO_DRILL_HOME: home, TERM: 'dumb' }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())

    // The choice: its options numbered once, then a line with the number of select_related.
    const hint = await pty.waitFor('type 1-3 and enter')
    const option = /(\d)\. select_related/.exec(pty.text)
    expect(option).not.toBeNull()
    pty.write(`${option![1]}\r`)
    const first = await pty.waitFor('enter: next question', { from: hint })
    expect(pty.text.slice(hint, first)).toContain('✔ Correct')
    pty.write('\r')

    // The short question: typed, wrong.
    const field = await pty.waitFor('/s skip', { from: first })
    pty.write('runserver\r')
    // A miss is asked again later (relearning), so this is not the last screen: quit with q.
    const second = await pty.waitFor('enter: next question', { from: field })
    expect(pty.text.slice(field, second)).toMatch(/✘ Not quite\. The answer: collectstatic/)
    pty.write('q\r')
    expect(await pty.exited).toBe(0)
    expect(pty.text.slice(second)).toMatch(/Score\s+1\/2/)

    expect(pty.raw).not.toMatch(CURSOR_OR_CLEAR)
    // eslint-disable-next-line no-control-regex
    expect(pty.raw).not.toMatch(/\u001b/) // no colour either: TERM=dumb turns it off
    // Each prompt was printed once: the options are not redrawn.
    expect(pty.text.match(/type 1-3 and enter/g)).toHaveLength(1)
  }, 30_000)
})

describe('the home menu on TERM=dumb', () => {
  it('is a numbered list answered with a line, with no cursor or clear sequence', async () => {
    const home = testdir()
    const pty = new Pty([], { DJANGO_DRILL_HOME: home, TERM: 'dumb' }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    const menu = await pty.waitFor('Type 1-7 >')
    const quit = /(\d)\. Quit/.exec(pty.text.slice(0, menu + 20))
    expect(quit).not.toBeNull()
    pty.write(`${quit![1]}\r`)
    expect(await pty.exited).toBe(0)
    expect(pty.raw).not.toMatch(CURSOR_OR_CLEAR)
    expect(pty.text.match(/What would you like to do\?/g)).toHaveLength(1)
  }, 30_000)
})
