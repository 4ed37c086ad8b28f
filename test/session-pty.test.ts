// The session screen in a real pseudo-terminal at 100x30 and 60x20: what is on
// screen at the moment the tool waits for a key.
import { readFileSync, readlinkSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ProgressData } from '../src/core/progress.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const longAnswer = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} of the model answer explains one more detail of the ORM.`).join('\n\n')

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    'c1.md': questionFile(
      { id: 'orm-choice', title: 'Which method joins in SQL?', type: 'choice', key_points: null, answer: '"select_related"', distractors: '["prefetch_related", "only"]' },
      `Which one?\n\n## Answer\n\n${longAnswer}\n`,
    ),
    'o1.md': questionFile({ id: 'orm-open', title: 'Explain the N+1 problem' }, `Explain it.\n\n## Answer\n\n${longAnswer}\n`),
  })

const progress = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData

function start(args: string[], size: { cols: number; rows: number }): { pty: Pty; home: string } {
  const home = testdir()
  const pty = new Pty(['--bank', bank(), 'quiz', '--order', 'bank', ...args], { DJANGO_DRILL_HOME: home }, size)
  onTestFinished(() => pty.kill())
  return { pty, home }
}

describe.each([
  { cols: 100, rows: 30 },
  { cols: 60, rows: 20 },
])('the session screen at $cols x $rows', (size) => {
  it('after a wrong answer the verdict, both answers and the key line with the verdict are on screen together', async () => {
    const { pty, home } = start(['--type', 'choice'], size)
    await pty.waitForScreen('1/1 · ORM')
    // Pick whichever option is not select_related.
    const screen = pty.screen()
    const wrong = screen.find((l) => /^\s*[❯ ] (\d)\. (prefetch_related|only)/.test(l))!
    pty.write(/(\d)\./.exec(wrong)![1]!)
    pty.write('\r')
    const shown = await pty.waitForScreen('enter next question') // the miss comes back: not the last one
    expect(shown).toContain('✘ Not quite. The answer: select_related')
    expect(shown).toMatch(/✘ Not quite · Again · next in 1 minute/)
    expect(shown).toMatch(/more lines: press m/)
    expect(pty.screen()).toHaveLength(size.rows)
    expect(shown).not.toContain('Which one?') // one question per screen: the question's page is gone
    pty.write('u')
    const again = await pty.waitForScreen('1/1 · ORM')
    expect(again).toContain('↶ Undone: orm-choice. Answer it again.')
    pty.write('q')
    expect(await pty.exited).toBe(0)
    // The undone answer is gone; nothing else was answered.
    expect(progress(home).banks).toEqual({})
    // Leaving the session restores the normal screen with the summary.
    expect(pty.screen().join('\n')).toContain('Session ended early')
  }, 30_000)

  it('an open answer stays in view above the key points, and the ratings show their intervals', async () => {
    const { pty, home } = start(['--type', 'open'], size)
    await pty.waitForScreen('1/1 · ORM')
    pty.write('Each row triggers another query; fix with select_related or prefetch_related\r')
    const checklist = await pty.waitForScreen('Which key points did your answer cover?')
    expect(checklist).toMatch(/Your answer:\s+Each row triggers another query; fix with/)
    expect(checklist).toContain('first point')
    pty.write(' \r') // tick the first key point
    const ratings = await pty.waitForScreen('How well did you know it?')
    expect(ratings).toContain('1 Again 1m · [2 Hard 6m] · 3 Good 10m · 4 Easy 8d')
    pty.write('3')
    const verdict = await pty.waitForScreen('enter see the summary')
    expect(verdict).toContain('✔ Good · next in 10 minutes')
    expect(verdict).toContain('Your answer:')
    pty.write('\r')
    expect(await pty.exited).toBe(0)
    const attempt = progress(home).banks['sample']!['orm-open']!.history[0]!
    expect(attempt).toMatchObject({ r: 3, ok: 1, a: 'Each row triggers another query; fix with select_related or prefetch_related' })
  }, 30_000)
})

describe('the editor and the pager in a real terminal', () => {
  it('a missing $EDITOR is one line and back to the typed prompt, not an internal error', async () => {
    const home = testdir()
    const pty = new Pty(['--bank', bank(), 'quiz', '--order', 'bank', '--type', 'open'], { DJANGO_DRILL_HOME: home, EDITOR: 'nonexistent-editor' }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    pty.write('/e\r')
    const screen = await pty.waitForScreen('not found')
    expect(screen).toContain('Editor "nonexistent-editor" not found (ENOENT). Type your answer instead.')
    expect(screen).toContain('1/1 · ORM')
    pty.write('/q\r')
    expect(await pty.exited).toBe(0)
    expect(pty.text).not.toContain('Internal error')
  }, 30_000)

  it('m shows the whole explanation through $PAGER', async () => {
    const home = testdir()
    const pty = new Pty(['--bank', bank(), 'quiz', '--order', 'bank', '--type', 'choice'], { DJANGO_DRILL_HOME: home, PAGER: 'cat' }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    pty.write('\r')
    await pty.waitForScreen(/enter (next question|see the summary)/)
    expect(pty.text).not.toContain('Paragraph 30 of')
    pty.write('m')
    await pty.waitFor('Paragraph 30 of the model answer')
    await pty.waitForScreen(/enter (next question|see the summary)/)
    pty.write('q')
    expect(await pty.exited).toBe(0)
  }, 30_000)

  it('$DJANGO_DRILL_PAGER comes before $PAGER, as for show and stats', async () => {
    const pty = new Pty(
      ['--bank', bank(), 'quiz', '--order', 'bank', '--type', 'choice'],
      { DJANGO_DRILL_HOME: testdir(), DJANGO_DRILL_PAGER: 'sed s/^Paragraph/PAGED/', PAGER: 'false' },
      { cols: 80, rows: 24 },
    )
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    pty.write('\r')
    await pty.waitForScreen(/enter (next question|see the summary)/)
    pty.write('m')
    await pty.waitFor('PAGED 30 of the model answer')
    pty.write('q')
    expect(await pty.exited).toBe(0)
  }, 30_000)
})

describe('the internal pager', () => {
  it('without $PAGER or less, m scrolls the explanation inside the session', async () => {
    // A PATH with what the pseudo-terminal needs, and no less.
    const { symlinkSync } = await import('node:fs')
    const { execFileSync } = await import('node:child_process')
    const bin = testdir()
    for (const tool of ['script', 'sh', 'stty']) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool))
    const pty = new Pty(['--bank', bank(), 'quiz', '--order', 'bank', '--type', 'choice'], { DJANGO_DRILL_HOME: testdir(), PAGER: '', PATH: bin }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    pty.write('\r')
    await pty.waitForScreen(/enter (next question|see the summary)/)
    pty.write('m')
    const first = await pty.waitForScreen('space page')
    expect(first).toMatch(/22\/\d+ · space page · ↑↓ line · b back · q done/)
    pty.write(' ')
    const second = await pty.waitForScreen(/44\/\d+ · space page/)
    expect(second).toContain('Paragraph 11 of the model answer')
    pty.write('q')
    const back = await pty.waitForScreen(/enter (next question|see the summary)/)
    expect(back).not.toContain('space page')
    pty.write('q')
    expect(await pty.exited).toBe(0)
  }, 30_000)
})

describe('leaving the alternate screen', () => {
  it('a session killed with SIGTERM gives the normal screen back', async () => {
    const home = testdir()
    const dir = bank()
    const pty = new Pty(['--bank', dir, 'quiz', '--order', 'bank', '--type', 'choice'], { DJANGO_DRILL_HOME: home }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    expect(pty.raw).toContain('\u001b[?1049h')
    const { execFileSync } = await import('node:child_process')
    // The node process running the CLI: its command line names this test's own bank folder.
    const pids = execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim().split('\n').map(Number)
    // The one running this Node binary (the wrapper shell and `script` match the folder too); by its executable,
    // since Node 24 names its main thread otherwise in /proc/<pid>/comm.
    const nodeBinary = realpathSync(process.execPath)
    const node = pids.filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`) === nodeBinary
      } catch {
        return false
      }
    })
    expect(node).toHaveLength(1)
    process.kill(node[0]!, 'SIGTERM')
    await pty.exited
    expect(pty.raw.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(pty.raw.lastIndexOf('\u001b[?1049h'))
  }, 30_000)
})

describe.each([60, 100])('every line the session writes fits %i columns', (cols) => {
  // Long options, a long title, a long answer and key points with code: the lines that used to be left to the terminal to break.
  const right = 'The select_related() method follows foreign keys in the same SQL query with a JOIN, so one query fetches the related rows as well'
  const wide = () =>
    testdir({
      'bank.yml': MANIFEST,
      'c1.md': questionFile(
        {
          id: 'orm-long-choice',
          title: 'Which QuerySet method follows a foreign key in the same query, and what does it cost you?',
          type: 'choice',
          key_points: null,
          answer: JSON.stringify(right),
          distractors: JSON.stringify(['The prefetch_related() method runs one extra query per relation and joins the rows in Python afterwards', 'only()']),
        },
        `Which one?\n\n## Answer\n\n${longAnswer}\n`,
      ),
    })
  it('the question, the verdict with the answer, the override and the summary', async () => {
    const pty = new Pty(['--bank', wide(), 'quiz', '--no-relearn'], { DJANGO_DRILL_HOME: testdir() }, { cols, rows: 20 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('1/1 · ORM')
    const wrong = pty.screen().find((l) => /^\s*[❯ ] (\d)\. (The prefetch|only)/.test(l))!
    pty.write(/(\d)\./.exec(wrong)![1]!)
    pty.write('\r')
    const miss = await pty.waitForScreen('o I was right')
    expect(miss).toContain('✘ Not quite. The answer: The select_related() method')
    // The key line breaks between keys: each key whole on one row.
    for (const key of ['enter see the summary', 'o I was right', 'u undo', 'f flag', 'q quit'])
      expect(
        miss.split('\n').some((l) => l.includes(key)),
        key,
      ).toBe(true)
    pty.write('o')
    await pty.waitForScreen('Count it as right')
    pty.write('3')
    const counted = await pty.waitForScreen('✔ Counted as right · Good')
    expect(counted).toContain('✔ Counted as right. The answer: The select_related() method')
    pty.write('\r')
    expect(await pty.exited).toBe(0)
    expect(pty.text).toContain('Session complete')
    // Nothing the terminal had to break: every line written fitted.
    expect(pty.overflowing()).toEqual([])
  }, 30_000)
})
