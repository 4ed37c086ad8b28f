// Closing the terminal mid-session (the window closed, ssh dropped): the CLI
// ends as a hangup does, exit 129, with nothing on stderr; never an unhandled
// `setRawMode EIO` or Node's abort restoring a terminal that is gone.
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT, SANDBOX_ENV } from './helpers/bin.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import type { ProgressData } from '../src/core/progress.ts'
import { canMount } from './helpers/tmpfs.ts'

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Runs `quiz` in a pseudo-terminal, closes the terminal once the question is up; the exit code and stderr. */
function closeMidQuestion(term: string, extra: { args?: string[]; home?: string; env?: Record<string, string> } = {}): { code: string; stderr: string } {
  const dir = testdir()
  const stderr = join(dir, 'stderr')
  const args = extra.args ?? ['quiz', '-n', '3', '--seed', '1']
  const out = execFileSync('python3', [join(ROOT, 'test/fixtures/hangup.py'), '1/', stderr, process.execPath, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 40_000,
    env: { ...process.env, ...SANDBOX_ENV, DJANGO_DRILL_HOME: extra.home ?? join(dir, 'home'), TERM: term, NO_COLOR: '1', ...extra.env },
  })
  const [code, seen] = out.trim().split(' ')
  expect(seen, `the screen showed what was awaited; stderr: ${readFileSync(stderr, 'utf8')}`).toBe('seen')
  return { code: code!, stderr: readFileSync(stderr, 'utf8') }
}

describe.skipIf(!hasPython)('the terminal closed mid-session', () => {
  it.each(['xterm-256color', 'dumb'])(
    'TERM=%s: ends quietly with exit 129 (SIGHUP)',
    (term) => {
      const r = closeMidQuestion(term)
      expect(r.stderr).toBe('')
      expect(r.code).toBe('129')
    },
    60_000,
  )

  it.skipIf(!canMount)(
    'an answer kept in memory (the disk was full) is saved when the terminal closes',
    () => {
      const mount = testdir()
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount])
      try {
        const home = join(mount, 'home')
        mkdirSync(home)
        const fd = openSync(join(mount, 'filler'), 'w')
        try {
          for (;;) writeSync(fd, Buffer.alloc(1024, 1))
        } catch {
          // full
        } finally {
          closeSync(fd)
        }
        const bank = testdir({
          'bank.yml': MANIFEST,
          'q.md': questionFile({ id: 'orm-kept', type: 'choice', key_points: null, answer: '"right one"', distractors: '["wrong one", "other one"]' }),
        })
        // Answer, see "not saved yet", free the disk, then close the terminal.
        const r = closeMidQuestion('xterm-256color', {
          args: ['--bank', bank, 'quiz'],
          home,
          env: { DJANGO_DRILL_CACHE: 'off', HANGUP_KEYS: '\r', HANGUP_THEN: 'not saved yet', HANGUP_REMOVE: join(mount, 'filler') },
        })
        expect(r.code).toBe('129')
        expect(r.stderr).not.toMatch(/EIO|Error:|\n\s+at |Assertion/)
        expect(existsSync(join(home, 'progress.json'))).toBe(true)
        const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData
        expect(Object.values(saved.banks).flatMap((qs) => Object.keys(qs))).toEqual(['orm-kept'])
      } finally {
        execFileSync('umount', ['-l', mount])
      }
    },
    60_000,
  )
})
