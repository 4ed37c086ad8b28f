// The lock is held by whoever creates its owner file: a process whose fresh
// lock folder got an owner file from someone else before it wrote its own (a
// taker that judged the folder abandoned, see takeOver in src/io/lock.ts)
// does not go on as if it held the lock; it tries again.
import * as realFs from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { testdir } from './helpers/testdir.ts'

const intrude = { path: '', times: 0, creatorAfterLook: '' }
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const mkdirSync = ((path: realFs.PathLike, options?: realFs.MakeDirectoryOptions) => {
    const made = fs.mkdirSync(path, options)
    // Right after our mkdir, before our owner file: a taker's owner (a dead pid) lands first.
    if (String(path) === intrude.path && intrude.times > 0) {
      intrude.times--
      fs.writeFileSync(join(String(path), 'owner'), '999999999 takeover-x 0', { flag: 'wx' })
    }
    return made
  }) as typeof fs.mkdirSync
  const readFileSync = ((path: realFs.PathOrFileDescriptor, options?: unknown) => {
    try {
      return fs.readFileSync(path, options as never)
    } catch (error) {
      // The lock's creator writes its owner file just after a taker looked and found none.
      if (intrude.creatorAfterLook && String(path) === intrude.creatorAfterLook) {
        fs.writeFileSync(intrude.creatorAfterLook, `${process.pid} creator 0`, { flag: 'wx' })
        intrude.creatorAfterLook = ''
      }
      throw error
    }
  }) as typeof fs.readFileSync
  return { ...fs, default: { ...fs, mkdirSync, readFileSync }, mkdirSync, readFileSync }
})

const { readOwner, takeOver, withLock } = await import('../src/io/lock.ts')

describe('the lock owner file', () => {
  it('an owner file that beat ours into our fresh lock folder means the lock is not ours: we try again', () => {
    const dir = testdir()
    const path = join(dir, 'progress.json')
    intrude.path = `${path}.lock`
    intrude.times = 1
    let runs = 0
    const seen: string[] = []
    withLock(path, () => {
      runs++
      seen.push(realFs.readFileSync(join(`${path}.lock`, 'owner'), 'utf8'))
    })
    expect(intrude.times).toBe(0)
    expect(runs).toBe(1)
    expect(seen[0]).toMatch(new RegExp(`^${process.pid} `))
    expect(realFs.readdirSync(dir)).toEqual([])
  })

  it('a taker of a lock without an owner file leaves it to a creator that writes its owner meanwhile', () => {
    const dir = testdir()
    const lock = join(dir, 'progress.json.lock')
    realFs.mkdirSync(lock)
    const judged = readOwner(lock)!
    expect(judged.text).toBe('')
    intrude.creatorAfterLook = join(lock, 'owner')
    expect(takeOver(lock, judged)).toBe(false)
    expect(intrude.creatorAfterLook).toBe('')
    expect(realFs.readFileSync(join(lock, 'owner'), 'utf8')).toBe(`${process.pid} creator 0`)
    expect(realFs.readdirSync(lock)).toEqual(['owner'])
  })

  it('a lock whose owner file was left empty (its creator killed between creating and writing it) is taken over once old', () => {
    const dir = testdir()
    const path = join(dir, 'progress.json')
    const lock = `${path}.lock`
    realFs.mkdirSync(lock)
    realFs.writeFileSync(join(lock, 'owner'), '')
    // Still within the grace: left to its creator, and reported once the wait is over.
    expect(() => withLock(path, () => 1, { timeoutMs: 300 })).toThrow(/has not said who it is/)
    const old = new Date(Date.now() - 60_000)
    realFs.utimesSync(join(lock, 'owner'), old, old)
    realFs.utimesSync(lock, old, old)
    expect(withLock(path, () => 'ran', { timeoutMs: 3_000 })).toBe('ran')
    expect(realFs.readdirSync(dir)).toEqual([])
  })
})
