// Closing the terminal mid-session (the window closed, ssh dropped): the CLI
// ends as a hangup does, exit 129, with nothing on stderr; never an unhandled
// `setRawMode EIO` or Node's abort restoring a terminal that is gone.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, ROOT, SANDBOX_ENV } from './helpers/bin.ts'
import { testdir } from './helpers/testdir.ts'

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Runs `quiz` in a pseudo-terminal, closes the terminal once the question is up; the exit code and stderr. */
function closeMidQuestion(term: string): { code: string; stderr: string } {
  const dir = testdir()
  const stderr = join(dir, 'stderr')
  const out = execFileSync('python3', [join(ROOT, 'test/fixtures/hangup.py'), '1/3', stderr, process.execPath, BIN, 'quiz', '-n', '3', '--seed', '1'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 40_000,
    env: { ...process.env, ...SANDBOX_ENV, DJANGO_DRILL_HOME: join(dir, 'home'), TERM: term, NO_COLOR: '1', COLUMNS: '80', LINES: '20' },
  })
  const [code, seen] = out.trim().split(' ')
  expect(seen, 'the question was on screen before the terminal closed').toBe('seen')
  return { code: code!, stderr: readFileSync(stderr, 'utf8') }
}

describe.skipIf(!hasPython)('the terminal closed mid-session', () => {
  it.each(['xterm-256color', 'dumb'])('TERM=%s: ends quietly with exit 129 (SIGHUP)', (term) => {
    const r = closeMidQuestion(term)
    expect(r.stderr).toBe('')
    expect(r.code).toBe('129')
  }, 60_000)
})
