// The built CLI in a real terminal: answer, let a timer run out, press Ctrl+C, and find it all saved.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ProgressData } from '../src/core/progress.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      [1, 2, 3].map((n) => [
        `q${n}.md`,
        questionFile({ id: `orm-q${n}`, title: `Question number ${n}`, type: 'choice', key_points: null, answer: `"right ${n}"`, distractors: `["wrong ${n}", "other ${n}"]` }),
      ]),
    ),
  })

const progress = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData

/** The lines from the submitted answer ("› ...") through the verdict, before the answer's text. */
function verdictLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim())
  const from = lines.findLastIndex((l) => l.startsWith('› '))
  const to = lines.findIndex((l, i) => i > from && l === 'Answer')
  return lines.slice(from, to).filter((l) => l !== '')
}

/** The last complete line of `text` (the one above the prompt's key line). */
const lastLine = (text: string): string => text.split('\n').at(-2)!.trim()

function start(args: string[], home: string): Pty {
  const pty = new Pty(args, { DJANGO_DRILL_HOME: home })
  onTestFinished(() => pty.kill())
  return pty
}

describe('quiz in a real terminal', () => {
  it('answers right, answers wrong, times out, is stopped with Ctrl+C, and every answer is recorded', async () => {
    const home = testdir()
    // --seed 7 fixes the order (q2, q3, q1) and each question's option order.
    const pty = start(['--bank', bank(), 'quiz', '--seed', '7', '--no-relearn', '--per-question', '2s'], home)

    let at = await pty.waitFor('1/3 · ORM · beginner · ⏱ 0:0')
    expect(pty.text).toContain('Question number 2')
    pty.write('\r') // the first option, which with this seed is "right 2"
    at = await pty.waitFor('enter next question', { from: at })
    expect(verdictLines(pty.text.slice(at - 2000, at))).toEqual(['› right 2', '✔ Correct.'])
    expect(lastLine(pty.text.slice(0, at))).toBe('✔ Correct · Good · next in 10 minutes')
    pty.write('\r')

    at = await pty.waitFor('2/3 · ORM · beginner · ⏱ 0:0', { from: at })
    expect(pty.text.slice(at - 300)).toContain('Question number 3')
    pty.write('\r') // the first option, which with this seed is "other 3"
    at = await pty.waitFor('enter next question', { from: at })
    expect(verdictLines(pty.text.slice(at - 2000, at))).toEqual(['› other 3', '✘ Not quite. The answer: right 3', 'Your answer:  other 3'])
    expect(lastLine(pty.text.slice(0, at))).toBe('✘ Not quite · Again · next in 1 minute')
    pty.write('\r')

    at = await pty.waitFor('3/3 · ORM', { from: at })
    at = await pty.waitFor("⏰ Time's up. The answer: right 1", { from: at, timeoutMs: 6000 })
    at = await pty.waitFor('enter see the summary', { from: at })
    expect(lastLine(pty.text.slice(0, at))).toBe("⏰ Time's up · Again · next in 1 minute")
    pty.write('\u0003')
    expect(await pty.exited).toBe(130)
    expect(pty.text.slice(at)).toContain('Stopped. 3 answers were saved.')
    expect(pty.text).not.toMatch(/\n\s+at .*\(/) // no stack trace

    const stored = progress(home).banks['sample']!
    expect(Object.keys(stored).sort()).toEqual(['orm-q1', 'orm-q2', 'orm-q3'])
    expect(stored['orm-q1']!.history).toEqual([expect.objectContaining({ ok: 0, r: 1, to: 1 })])
    expect(stored['orm-q2']!.history).toEqual([expect.objectContaining({ ok: 1 })])
    expect(stored['orm-q3']!.history).toEqual([expect.objectContaining({ ok: 0, r: 1 })])
  }, 30_000)

  it('a process killed mid-session keeps the answers given before', async () => {
    const home = testdir()
    const pty = start(['--bank', bank(), 'quiz', '--order', 'bank', '--no-relearn'], home)
    let at = await pty.waitFor('1/3')
    pty.write('\r')
    at = await pty.waitFor('enter next question', { from: at })
    pty.write('\r')
    await pty.waitFor('2/3', { from: at })
    pty.kill('SIGKILL')
    await pty.exited
    expect(Object.keys(progress(home).banks['sample']!)).toEqual(['orm-q1'])
  }, 30_000)

  it('with no command, a terminal gets the home menu showing what is due', async () => {
    const home = testdir()
    const pty = start(['--bank', bank()], home)
    await pty.waitFor('What would you like to do?')
    await pty.waitFor('nothing due · 3 new')
    pty.write('\u001b[A') // up from the first entry wraps to Quit
    pty.write('\r')
    expect(await pty.exited).toBe(0)
  }, 30_000)

  it('a quiz that does not run in a terminal says so and exits 2', async () => {
    const { drill } = await import('./helpers/bin.ts')
    const r = drill(['quiz'], { env: { DJANGO_DRILL_HOME: testdir() } })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('`quiz` is interactive and needs a terminal')
  })

  it('a malformed duration is a clear usage error', async () => {
    const { drill } = await import('./helpers/bin.ts')
    const r = drill(['quiz', '--per-question', '90 seconds'], { env: { DJANGO_DRILL_HOME: testdir() } })
    expect(r.status).toBe(2)
    expect(r.stderr.trim()).toBe('"90 seconds" is not a duration; write it like 90s, 2m, 1m30s or 1h')
  })
})
