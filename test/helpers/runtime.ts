import { fixedOffsetCalendar } from '../../src/core/calendar.ts'
import { makeStyle } from '../../src/core/style.ts'
import type { Runtime } from '../../src/runtime.ts'

/** A runtime that records output instead of writing to the terminal. */
export function memoryRuntime(overrides: Partial<Runtime> = {}): Runtime & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    status: () => {},
    eraseAbove: () => {},
    style: makeStyle(0),
    errStyle: makeStyle(0),
    width: 80,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
    now: () => new Date('2026-11-25T12:00:00Z'),
    random: () => 0.5,
    calendar: fixedOffsetCalendar(0),
    bundledBank: 'questions',
    ...overrides,
  }
}
