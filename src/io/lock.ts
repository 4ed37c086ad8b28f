// A cross-process lock: a directory created atomically next to the file it
// guards. A lock whose owner process is gone, or that is older than
// `staleMs`, is taken over, so a crash never blocks the next session.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DrillError } from '../errors.ts'

const pause = new Int32Array(new SharedArrayBuffer(4))
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms)

export interface LockOptions {
  timeoutMs?: number
  staleMs?: number
}

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'owner'), 'utf8').split(' ')[0])
    if (!Number.isInteger(pid) || pid <= 0) return false
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function withLock<T>(path: string, fn: () => T, options: LockOptions = {}): T {
  const lockDir = `${path}.lock`
  const timeoutMs = options.timeoutMs ?? 10_000
  const staleMs = options.staleMs ?? 30_000
  const started = Date.now()
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let age = 0
    try {
      age = Date.now() - statSync(lockDir).mtimeMs
    } catch {
      continue // released meanwhile
    }
    // A lock just created may not have its owner file yet: give it a moment.
    if (age > staleMs || (age > 1000 && !ownerAlive(lockDir))) {
      rmSync(lockDir, { recursive: true, force: true })
      continue
    }
    if (Date.now() - started > timeoutMs) {
      throw new DrillError(`Progress is locked by another django-drill process (${lockDir}). If none is running, delete that folder.`)
    }
    sleep(Math.min(50, 2 + attempt))
  }
  try {
    writeFileSync(join(lockDir, 'owner'), `${process.pid} ${Date.now()}`)
    return fn()
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}
