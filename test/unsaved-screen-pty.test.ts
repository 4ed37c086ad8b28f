// An answer that could not be saved (a full disk: a tmpfs filled to the last
// byte, as root) is said on the feedback screen where it stays in view on a
// 20-row terminal: the notice is not scrolled off the top by the explanation.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import { canMount } from './helpers/tmpfs.ts'

/** A choice question whose explanation is taller than the screen. */
const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    'q.md': questionFile(
      { id: 'orm-long', type: 'choice', key_points: null, answer: '"select_related"', distractors: '["prefetch_related", "only"]' },
      `Which one follows a foreign key in the same query?\n\n## Answer\n\n${Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a long explanation.`).join('\n\n')}\n`,
    ),
  })

describe.skipIf(!canMount)('the "could not save" notice on a 20-row terminal', () => {
  it.each([60, 80])(
    'at %i columns its first line and the "not saved yet" verdict are both on screen',
    async (cols) => {
      const mount = testdir()
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount])
      onTestFinished(() => void execFileSync('umount', ['-l', mount]))
      mkdirSync(join(mount, 'home'))
      const fd = openSync(join(mount, 'filler'), 'w')
      try {
        for (;;) writeSync(fd, Buffer.alloc(1024, 1))
      } catch {
        // full
      } finally {
        closeSync(fd)
      }
      const pty = new Pty(['--bank', bank(), 'quiz'], { DJANGO_DRILL_HOME: join(mount, 'home'), DJANGO_DRILL_CACHE: 'off' }, { cols, rows: 20 })
      onTestFinished(() => pty.kill())
      await pty.waitForScreen('select_related')
      pty.write('\r') // the first option is the cursor's; whichever it is, the answer is recorded
      const screen = await pty.waitForScreen('not saved yet')
      const lines = screen.split('\n')
      expect(lines[0]).toMatch(/^Could not save your progress to/)
      expect(screen.replace(/\s+/g, ' ')).toContain('This answer is kept in memory and saved at the next answer or when the session ends.')
      expect(screen).toMatch(/more lines?: press m/)
      pty.write('q')
      rmSync(join(mount, 'filler'))
      await pty.exited
    },
    60_000,
  )
})
