// A cross-process lock: a directory created atomically next to the file it
// guards, with an `owner` file (pid and a random token) inside.
//
// A lock whose owner process is gone is taken over, so a crash never blocks
// the next session, and the take-over is race-free: a taker first creates
// `takeover` inside the stale lock (mkdir: only one process can), checks the
// lock still holds the dead owner's token (so it is the lock it judged, not a
// fresh one), renames it to a unique name and removes it. A lock is held by
// whoever created the `owner` file in it (exclusive creation), so a lock left
// without one is taken over by writing one first. A lock whose owner
// still runs is never taken: after the timeout it is reported.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { DrillError } from '../errors.ts'
import { uniqueName } from './unique.ts'

const pause = new Int32Array(new SharedArrayBuffer(4))
const sleep = (ms: number) => Atomics.wait(pause, 0, 0, ms)

export interface LockOptions {
  timeoutMs?: number
  /** A lock without an owner file is left this long to its creator before it counts as abandoned. */
  graceMs?: number
  /** @deprecated a live owner's lock is never taken; kept for callers that pass it. */
  staleMs?: number
}

/** The lock could not be removed after the work was done: the work itself succeeded. */
export class LockReleaseError extends DrillError {
  override name = 'LockReleaseError'
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code

export interface Owner {
  /** The owner file's text, '' when there is none (yet). */
  text: string
  pid: number | undefined
  ino: number
  mtimeMs: number
}

export function readOwner(lockDir: string): Owner | undefined {
  let ino: number
  let mtimeMs: number
  try {
    const s = lstatSync(lockDir)
    ino = s.ino
    mtimeMs = s.mtimeMs
  } catch {
    return undefined // released meanwhile
  }
  let text = ''
  try {
    text = readFileSync(join(lockDir, 'owner'), 'utf8').slice(0, 200)
  } catch {
    // not written yet, or its creator died first
  }
  const pid = Number(text.split(' ')[0])
  return { text, pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined, ino, mtimeMs }
}

/** 'alive', 'gone', or 'other' (a process of another user holds the pid). */
function processState(pid: number): 'alive' | 'gone' {
  try {
    process.kill(pid, 0)
    return 'alive'
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errno(error) === 'EPERM' ? 'alive' : 'gone'
  }
}

function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().slice(0, 40) || undefined
  } catch {
    return undefined
  }
}

/**
 * Removes the stale lock `judged` if it is still the one at `lockDir`.
 * Returns true when it was removed by us, false when someone else got there first.
 */
export function takeOver(lockDir: string, judged: Owner, graceMs = 2_000): boolean {
  const claim = join(lockDir, 'takeover')
  try {
    mkdirSync(claim)
  } catch (error) {
    const code = errno(error)
    if (code === 'EEXIST') {
      // Another process is taking it over; a claim left by one killed midway is reported, not guessed at.
      try {
        if (Date.now() - lstatSync(claim).mtimeMs > 10_000) {
          throw new DrillError(`Progress is locked by an abandoned lock that cannot be taken over safely: delete the folder ${lockDir} and try again.`)
        }
      } catch (statError) {
        if (statError instanceof DrillError) throw statError
      }
      return false
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') return false // released meanwhile
    throw new DrillError(
      `Progress is locked by a django-drill process that is no longer running, and its lock ${lockDir} cannot be removed (${code}). Delete that folder and try again.`,
      {
        cause: error,
      },
    )
  }
  const now = readOwner(lockDir)
  if (!now || now.ino !== judged.ino || now.text !== judged.text) {
    // A fresh lock replaced the stale one between our look and our claim: leave it be.
    rmSync(claim, { recursive: true, force: true })
    return false
  }
  if (judged.text === '') {
    // No owner to tell it from a fresh lock whose folder got the old one's inode number (and
    // whose creator has not written its owner yet): whoever creates the owner file holds the
    // lock, so we take it by writing one; a creator that wrote first keeps it.
    try {
      writeFileSync(join(lockDir, 'owner'), `${process.pid} takeover-${uniqueName(8)} ${Date.now()}`, { flag: 'wx' })
    } catch (error) {
      // An owner file left empty past the grace: its creator was killed between creating it and
      // writing to it (one call, microseconds apart), and nobody will ever write it. Abandoned.
      if (!(errno(error) === 'EEXIST' && leftEmpty(join(lockDir, 'owner'), graceMs))) {
        rmSync(claim, { recursive: true, force: true })
        return false
      }
    }
  }
  const aside = `${lockDir}.stale-${uniqueName(8)}`
  try {
    renameSync(lockDir, aside)
  } catch (error) {
    rmSync(claim, { recursive: true, force: true })
    throw new DrillError(
      `Progress is locked by a django-drill process that is no longer running, and its lock ${lockDir} cannot be removed (${errno(error)}). Delete that folder and try again.`,
      {
        cause: error,
      },
    )
  }
  try {
    rmSync(aside, { recursive: true, force: true })
  } catch {
    // Out of the way already; a leftover `.stale-*` folder does no harm.
  }
  return true
}

/** Whether `path` is an empty file older than `graceMs`. */
function leftEmpty(path: string, graceMs: number): boolean {
  try {
    const s = lstatSync(path)
    return s.isFile() && s.size === 0 && Date.now() - s.mtimeMs > graceMs
  } catch {
    return false
  }
}

export function withLock<T>(path: string, fn: () => T, options: LockOptions = {}): T {
  const lockDir = `${path}.lock`
  const timeoutMs = options.timeoutMs ?? 10_000
  const graceMs = options.graceMs ?? 2_000
  const started = Date.now()
  mkdirSync(dirname(path), { recursive: true })
  const token = `${process.pid} ${uniqueName()} ${Date.now()}`
  for (let attempt = 0; ; attempt++) {
    let made = false
    try {
      mkdirSync(lockDir)
      made = true
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error
    }
    if (made) {
      // The lock is ours once our owner file is in it; one there already (a taker that judged the
      // folder abandoned, see takeOver) or a folder gone meanwhile means it is not: try again.
      try {
        writeFileSync(join(lockDir, 'owner'), token, { flag: 'wx' })
        break
      } catch (error) {
        const code = errno(error)
        if (code === 'EEXIST' || code === 'ENOENT') continue
        release(lockDir, token, false)
        throw error
      }
    }
    const owner = readOwner(lockDir)
    if (!owner) continue // released meanwhile
    const age = Date.now() - owner.mtimeMs
    const abandoned = owner.pid === undefined ? age > graceMs : processState(owner.pid) === 'gone'
    if (abandoned) {
      takeOver(lockDir, owner, graceMs)
      continue
    }
    if (Date.now() - started > timeoutMs) {
      const who =
        owner.pid === undefined
          ? 'a process that has not said who it is'
          : `process ${owner.pid}${processName(owner.pid) ? ` (${processName(owner.pid)})` : ''}, which is still running`
      throw new DrillError(`Progress is locked by ${who} (lock ${lockDir}). Wait for it to finish; if it is not django-drill, delete that folder and try again.`)
    }
    sleep(Math.min(50, 2 + attempt))
  }
  removeLeftoverLocks(lockDir)
  let result: T
  try {
    result = fn()
  } catch (error) {
    release(lockDir, token, false)
    throw error
  }
  release(lockDir, token, true)
  return result
}

/** Removes our lock (renamed first, so no half-removed lock is ever seen as ours). */
function release(lockDir: string, token: string, succeeded: boolean): void {
  const owner = readOwner(lockDir)
  if (!owner || (owner.text !== token && owner.text !== '')) return // not ours (anymore)
  const aside = `${lockDir}.done-${uniqueName(8)}`
  try {
    renameSync(lockDir, aside)
  } catch (error) {
    if (!succeeded) return // the first error is the one to report
    throw new LockReleaseError(`Your progress was saved, but the lock ${lockDir} could not be removed (${errno(error)}); delete that folder before the next run.`, { cause: error })
  }
  try {
    rmSync(aside, { recursive: true, force: true })
  } catch {
    // out of the way already
  }
}

/**
 * Removes lock folders a process killed while releasing or taking over left
 * renamed aside (`<lock>.done-*`, `<lock>.stale-*`): nothing uses one once it
 * is renamed. Called while holding the lock.
 */
function removeLeftoverLocks(lockDir: string): void {
  const name = basename(lockDir)
  let names: string[]
  try {
    names = readdirSync(dirname(lockDir))
  } catch {
    return
  }
  for (const entry of names) {
    if (!entry.startsWith(`${name}.done-`) && !entry.startsWith(`${name}.stale-`)) continue
    try {
      rmSync(join(dirname(lockDir), entry), { recursive: true, force: true })
    } catch {
      // another process is removing it too
    }
  }
}
