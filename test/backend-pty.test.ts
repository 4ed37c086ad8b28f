// Both ways the pseudo-terminal helper gets a terminal (util-linux `script` and
// python3's pty module) give the CLI a real one: it runs a quiz, Ctrl+C becomes
// SIGINT, and the exit code comes through.
import { describe, expect, it, onTestFinished } from 'vitest'
import { Pty, ptyBackend, type PtyBackend } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const TITLE = Array.from({ length: 20 }, (_, i) => `word${String(i).padStart(2, '0')}`).join(' ')
const bank = () =>
  testdir({ 'bank.yml': MANIFEST, 'q1.md': questionFile({ id: 'orm-q1', title: TITLE, type: 'choice', key_points: null, answer: '"right"', distractors: '["wrong", "other"]' }) })

function available(backend: PtyBackend): boolean {
  const saved = process.env['DRILL_PTY']
  process.env['DRILL_PTY'] = backend
  try {
    return ptyBackend().backend === backend
  } catch {
    return false
  } finally {
    if (saved === undefined) delete process.env['DRILL_PTY']
    else process.env['DRILL_PTY'] = saved
  }
}

function startWith(backend: PtyBackend, args: string[]): Pty {
  const saved = process.env['DRILL_PTY']
  process.env['DRILL_PTY'] = backend
  try {
    const pty = new Pty(args, { DJANGO_DRILL_HOME: testdir() }, { cols: 60, rows: 20 })
    onTestFinished(() => pty.kill())
    return pty
  } finally {
    if (saved === undefined) delete process.env['DRILL_PTY']
    else process.env['DRILL_PTY'] = saved
  }
}

describe.each(['script', 'python'] as const)('pseudo-terminal through %s', (backend) => {
  it.skipIf(!available(backend))(
    'a quiz sees a terminal, Ctrl+C stops it with 130',
    async () => {
      const pty = startWith(backend, ['--bank', bank(), 'quiz', '--seed', '1'])
      expect(pty.backend).toBe(backend)
      await pty.waitForScreen('1/1 · ORM')
      pty.write('\u0003')
      expect(await pty.exited).toBe(130)
      expect(pty.text).not.toContain('needs a terminal')
      // the title wraps at the width the helper asked for (8 words of 7 columns a line)
      expect(
        pty.text
          .split(/\r?\n/)
          .find((l) => l.includes('word00'))
          ?.trim(),
      ).toBe(TITLE.split(' ').slice(0, 8).join(' '))
    },
    20_000,
  )

  it.skipIf(!available(backend))(
    'the home menu quits with 0',
    async () => {
      const pty = startWith(backend, ['--bank', bank()])
      const screen = await pty.waitForScreen('What would you like to do?')
      for (const line of screen.split('\n')) expect(line.length).toBeLessThanOrEqual(60)
      pty.write('\u001b[A\r') // up from the first entry wraps to Quit
      expect(await pty.exited).toBe(0)
    },
    20_000,
  )
})

it('DRILL_PTY names a backend or is left unset', () => {
  const saved = process.env['DRILL_PTY']
  process.env['DRILL_PTY'] = 'node-pty'
  try {
    expect(() => ptyBackend()).toThrow('DRILL_PTY must be "script" or "python", not "node-pty"')
  } finally {
    if (saved === undefined) delete process.env['DRILL_PTY']
    else process.env['DRILL_PTY'] = saved
  }
})
