// One question of each code-native kind answered in a real terminal, every answer saved with its rating.
import { cpSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it, onTestFinished } from 'vitest'
import type { ProgressData } from '../src/core/progress.ts'
import { Pty } from './helpers/pty.ts'
import { testdir } from './helpers/testdir.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url))

it('answers order, cloze, bug, count and output in one session', async () => {
  const bank = testdir()
  cpSync(FIXTURE, bank, { recursive: true })
  const home = testdir()
  const pty = new Pty(['--bank', bank, 'quiz', '--order', 'bank', '-n', '5'], { DJANGO_DRILL_HOME: home })
  onTestFinished(() => pty.kill())

  // bug: numbered code, a line number; a wrong line shows the right one and the fix.
  let at = await pty.waitFor('1/5 · ORM and QuerySets')
  expect(pty.text).toContain('1 │ books = Book.objects.all()')
  pty.write('9\r')
  at = await pty.waitFor('The code has lines 1 to 3.', { from: at })
  pty.write('\u007f1\r')
  at = await pty.waitFor('✔ Correct: the bug is on line 1.', { from: at })
  at = await pty.waitFor('How well did you know it?', { from: at })
  pty.write('\r') // keep the suggested Good
  at = await pty.waitFor('enter next question', { from: at })
  pty.write('\r')

  // cloze: one gap at a time, partial credit, Hard suggested.
  at = await pty.waitFor('Gap 1 of 2', { from: at })
  expect(pty.text.slice(at - 200)).not.toContain('[[1]]')
  pty.write('filter\r')
  at = await pty.waitFor('Gap 2 of 2', { from: at })
  pty.write('author\r')
  at = await pty.waitFor('Partly right: 1 of 2 gaps (50%)', { from: at })
  at = await pty.waitFor('Hard (suggested)', { from: at })
  pty.write('\r')
  at = await pty.waitFor('enter next question', { from: at })
  pty.write('\r')

  // count: words are re-asked, never graded.
  at = await pty.waitFor('3/5 · ORM and QuerySets', { from: at })
  pty.write('four\r')
  at = await pty.waitFor('Type a whole number, like 3.', { from: at })
  pty.write('\u007f\u007f\u007f\u007f4\r')
  at = await pty.waitFor('✔ Correct: 4.', { from: at })
  at = await pty.waitFor('Good (suggested)', { from: at })
  pty.write('\u001b[B\r') // the user changes it to Easy
  at = await pty.waitFor('enter next question', { from: at })
  pty.write('\r')

  // output: two lines, then an empty line.
  at = await pty.waitFor('4/5 · ORM and QuerySets', { from: at })
  pty.write('False\r')
  pty.write('0\r')
  pty.write('\r')
  at = await pty.waitFor('✔ Correct.', { from: at })
  at = await pty.waitFor('Good (suggested)', { from: at })
  pty.write('\r')
  at = await pty.waitFor('enter next question', { from: at })
  pty.write('\r')

  // order: a malformed entry is re-asked; the right order is typed from what was shown.
  at = await pty.waitFor('5/5 · Middleware', { from: at })
  const shown = pty.text.slice(pty.text.lastIndexOf('Put these steps'))
  const number = (item: string) => new RegExp(`(\\d+)\\. ${item.replace(/[.*()]/g, '\\$&')}`).exec(shown)![1]
  pty.write('1 1\r')
  at = await pty.waitFor('1 is given twice', { from: at })
  pty.write('\u007f\u007f\u007f')
  const right = ['SecurityMiddleware.process_request', 'URL resolution', 'the view', 'SecurityMiddleware.process_response'].map(number).join(' ')
  pty.write(`${right}\r`)
  at = await pty.waitFor('✔ Correct: every step in place.', { from: at })
  at = await pty.waitFor('Good (suggested)', { from: at })
  pty.write('\r')
  at = await pty.waitFor('see the summary', { from: at })
  pty.write('\r')
  expect(await pty.exited).toBe(0)

  const stored = (JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData).banks['kinds']!
  const last = (id: string) => stored[id]!.history.at(-1)!
  expect([last('orm-bug-loop').r, last('orm-cloze-filter').r, last('orm-count-loop').r, last('orm-output-exists').r, last('middleware-order').r]).toEqual([3, 2, 4, 3, 3])
  expect(last('orm-cloze-filter').ok).toBe(1)
}, 30_000)
