// Runs the pager core/pager.ts chose; falls back to plain output when it cannot start.
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { splitCommand } from '../core/pager.ts'

/** Whether `name` is an executable on $PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, name), constants.X_OK)
      return true
    } catch {
      // not here
    }
  }
  return false
}

/**
 * Writes `text` into `command` and waits until the pager exits. Resolves to
 * false, having shown nothing, when the pager cannot be started; the caller
 * then prints the text itself.
 */
export function runPager(command: string, text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const [program, ...args] = splitCommand(command)
  if (!program) return Promise.resolve(false)
  return new Promise((resolve) => {
    // less handles Ctrl+C itself; this process must not die under it.
    const ignore = () => {}
    process.on('SIGINT', ignore)
    let started = false
    const done = (shown: boolean) => {
      process.off('SIGINT', ignore)
      resolve(shown)
    }
    const child = spawn(program, args, { stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', LV: '-c', ...env } })
    child.on('spawn', () => {
      started = true
      child.stdin.on('error', () => {}) // the reader quit early: not an error
      child.stdin.end(text)
    })
    child.on('error', () => done(false))
    child.on('close', () => {
      if (started) done(true)
    })
  })
}
