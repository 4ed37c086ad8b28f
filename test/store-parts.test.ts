// Issue 16: progress past a size is kept in parts (progress.json and
// progress.questions-NN.json, each a conf store) so that recording an answer
// rewrites one small part, not megabytes. Issue 18's guarantees hold across
// the parts: a full disk replaces nothing, two processes lose nothing, a
// corrupt part is moved aside, and the split from one file never loses data.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { emptyProgress, migrateProgress, ProgressVersionError, recordAttempt, recordWithJournal, setFlag, undoAnswer, type ProgressData } from '../src/core/progress.ts'
import { mergeProgress, pruneProgress } from '../src/core/merge.ts'
import { createConfStore, partFile, partOf, PARTS, StoreWriteError, type WriteIo } from '../src/io/store.ts'
import { exportProgress, importProgress, resetProgress } from '../src/commands/progress.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { testdir } from './helpers/testdir.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const realIo: WriteIo = {
  openSync: fs.openSync,
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  unlinkSync: fs.unlinkSync,
}
const answer =
  (id: string, t: number, bank = 'django') =>
  (data: ProgressData) =>
    void recordWithJournal(data, {
      bank,
      id,
      topic: 'orm',
      difficulty: 'beginner',
      attempt: { t, r: 3, ok: 1, ms: 5 },
      card: { due: t + 1, stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 1, lapses: 0, state: 2, last_review: t },
    })

/** Progress with `n` questions of bank django, two answers each. */
function history(n: number): ProgressData {
  const data = emptyProgress()
  for (let i = 0; i < n; i++)
    for (const t of [1000 + i, 2000 + i]) recordAttempt(data, { bank: 'django', id: `q${i}`, topic: 'orm', difficulty: 'beginner', attempt: { t, r: 3, ok: 1, ms: 7 } })
  data.settings.newPerDay = 17
  data.lastMissed = ['django/q1']
  return data
}
/** Questions in a canonical order, for comparing progress whatever order its maps were filled in. */
const canon = (data: ProgressData) => ({
  ...data,
  banks: Object.fromEntries(
    Object.keys(data.banks)
      .sort()
      .map((b) => [
        b,
        Object.fromEntries(
          Object.keys(data.banks[b]!)
            .sort()
            .map((id) => [id, data.banks[b]![id]]),
        ),
      ]),
  ),
})
const inode = (path: string) => (existsSync(path) ? statSync(path).ino : undefined)
const inodes = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, inode(join(dir, name))]))
const changed = (before: Record<string, number | undefined>, dir: string) =>
  Object.entries(inodes(dir))
    .filter(([name, ino]) => before[name] !== ino)
    .map(([name]) => name)
    .sort()

describe('progress kept in parts', () => {
  it('recording an answer rewrites only progress.json and the part holding that question', () => {
    const dir = testdir()
    const store = createConfStore({ dir, splitAt: 0 })
    store.replace(history(200))
    const before = inodes(dir)
    store.record(answer('q7', 5000))
    expect(changed(before, dir)).toEqual(['progress.json', partFile(partOf('django', 'q7'))].sort())
    const fresh = createConfStore({ dir }).read()
    expect(fresh.banks['django']!['q7']!.history.map((a) => a.t)).toEqual([1007, 2007, 5000])
    expect(Object.keys(fresh.banks['django']!)).toHaveLength(200)
    expect(fresh.journal).toHaveLength(1)
    expect(fresh.settings.newPerDay).toBe(17)
  })

  it('every way a change reaches a question is saved: a plain property read, a new bank, a deletion, Object.entries', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const back = () => createConfStore({ dir }).read()
    // A store opened afresh for each answer: the parts are read as the change reaches them.
    const store = { record: (change: (data: ProgressData) => void) => createConfStore({ dir }).record(change) }
    store.record((data) => {
      data.banks['django']!['q9']!.flagged = true
    })
    expect(back().banks['django']!['q9']!.flagged).toBe(true)
    store.record((data) => {
      data.banks['new'] = {}
      data.banks['new']['n1'] = { history: [{ t: 1, r: 3, ok: 1, ms: 2 }] }
    })
    expect(back().banks['new']!['n1']!.history).toHaveLength(1)
    store.record((data) => {
      delete data.banks['django']!['q12']
    })
    expect(back().banks['django']!['q12']).toBeUndefined()
    expect(Object.keys(back().banks['django']!)).toHaveLength(99)
    store.record((data) => {
      for (const [id, p] of Object.entries(data.banks['django']!)) if (id === 'q11') p.suspended = true
    })
    expect(back().banks['django']!['q11']!.suspended).toBe(true)
  })

  it('two stores recording in turn see each other (each reads only the parts it needs, and what changed since)', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const a = createConfStore({ dir })
    const b = createConfStore({ dir })
    for (let i = 0; i < 6; i++) {
      a.record(answer(`q${i}`, 9000 + i))
      b.record(answer(`q${i}`, 9100 + i))
      b.record(answer(`q${i + 50}`, 9200 + i))
    }
    const data = createConfStore({ dir }).read()
    for (let i = 0; i < 6; i++) {
      expect(data.banks['django']![`q${i}`]!.history.map((x) => x.t)).toEqual([1000 + i, 2000 + i, 9000 + i, 9100 + i])
      expect(data.banks['django']![`q${i + 50}`]!.history).toHaveLength(3)
    }
    expect(data.journal).toHaveLength(18)
  })

  it('a part edited by hand between two answers is read again, not written over', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const store = createConfStore({ dir })
    store.record(answer('q1', 9000))
    const file = join(dir, partFile(partOf('django', 'q1')))
    const part = JSON.parse(readFileSync(file, 'utf8')) as ProgressData['banks']
    const other = Object.keys(part['django']!).find((id) => id !== 'q1')!
    part['django']![other]!.flagged = true
    writeFileSync(file, JSON.stringify(part))
    store.record(answer('q1', 9001))
    const data = createConfStore({ dir }).read()
    expect(data.banks['django']![other]!.flagged).toBe(true)
    expect(data.banks['django']!['q1']!.history).toHaveLength(4)
  })

  it('recording an answer reads only the part it needs: a damaged other part waits for the next full read', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const mine = partOf('django', 'q1')
    const bad = partFile((mine + 1) % PARTS)
    writeFileSync(join(dir, bad), 'not json')
    const notices: string[] = []
    const store = createConfStore({ dir, notice: (m) => notices.push(m) })
    expect(store.record(answer('q1', 9000))).toBe(true)
    expect(notices).toEqual([])
    expect(store.read().banks['django']!['q1']!.history).toHaveLength(3)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(bad.replace(/\.json$/, '.corrupt-'))
  })

  it('an update (untracked) rewrites only the parts whose content changed', () => {
    const dir = testdir()
    const store = createConfStore({ dir, splitAt: 0 })
    store.replace(history(200))
    const before = inodes(dir)
    store.update((data) => setFlag(data, 'django', 'q3', true))
    expect(changed(before, dir)).toEqual(['progress.json', partFile(partOf('django', 'q3'))].sort())
    expect(createConfStore({ dir }).read().banks['django']!['q3']!.flagged).toBe(true)
  })

  it('reads back exactly what one file held: every field, the same after a reopen', () => {
    const dir = testdir()
    const data = history(300)
    data.plans = [{ at: 9e12, created: 1, target: 0.9 }]
    data.undone = [['django', 'q1', 1, 3, 1, 7]]
    data.banks['other'] = { x: { history: [], flagged: true, suspended: true, pausedUntil: 5, topic: 't', difficulty: 'd' } }
    createConfStore({ dir, splitAt: 0 }).replace(data)
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toMatchObject({ version: 2, parts: PARTS })
    expect(canon(createConfStore({ dir }).read())).toEqual(canon(data))
  })

  it('a django-drill that knows only one file refuses the parts layout (so never writes over it)', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(10))
    expect(() => migrateProgress(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')))).toThrow(ProgressVersionError)
  })

  it('changes that reach the whole progress (merge, prune, undo to nothing, a bank replaced) are saved whole', () => {
    const dir = testdir()
    const store = createConfStore({ dir, splitAt: 0 })
    store.replace(history(50))
    // structuredClone of the tracked view cannot work: the store runs the change again, untracked.
    store.record((data) => {
      const merged = mergeProgress(data, history(60))
      data.banks = merged.data.banks
    })
    expect(Object.keys(createConfStore({ dir }).read().banks['django']!)).toHaveLength(60)
    store.record((data) => {
      data.banks = pruneProgress(data, { bank: 'django' }).data.banks
    })
    expect(createConfStore({ dir }).read().banks).toEqual({})
    store.record(answer('solo', 10, 'b2'))
    const entry = store.read().journal!.at(-1)!
    store.record((data) => void undoAnswer(data, entry))
    expect(createConfStore({ dir }).read().banks).toEqual({})
    store.record(answer('a', 10, 'b3'))
    store.record((data) => {
      delete data.banks['b3']
    })
    expect(createConfStore({ dir }).read().banks).toEqual({})
  })

  it('a full disk on any part replaces nothing, and the answer is kept in memory until it can be saved', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const bytes = () => Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]))
    const before = bytes()
    let full = true
    // progress.json is staged last: the part is written in full, then the disk is full.
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (full && b.toString('utf8', o, o + 12).startsWith('{"version":2') ? 0 : fs.writeSync(fd, b, o, l)) }
    const store = createConfStore({ dir, io, notice: () => {} })
    expect(store.record(answer('q1', 9000))).toBe(false)
    expect(bytes()).toEqual(before)
    full = false
    store.record(answer('q2', 9001))
    const data = createConfStore({ dir }).read()
    expect(data.banks['django']!['q1']!.history.map((a) => a.t)).toEqual([1001, 2001, 9000])
    expect(data.banks['django']!['q2']!.history.map((a) => a.t)).toEqual([1002, 2002, 9001])
  })

  it('a write the disk does not keep as given (read back differs) replaces nothing', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const bytes = () => Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]))
    const before = bytes()
    // Reports every byte written, but one byte of the part reaches the disk changed.
    const io: WriteIo = {
      ...realIo,
      writeSync: (fd, b, o, l) => {
        const copy = Buffer.from(b.subarray(o, o + l))
        if (copy.toString('utf8', 0, 3) === '{"d') copy[copy.length - 2] = 0x20
        return fs.writeSync(fd, copy, 0, copy.length)
      },
    }
    const store = createConfStore({ dir, io, notice: () => {} })
    expect(store.record(answer('q1', 9000))).toBe(false)
    expect(store.lastFailure).toMatch(/Your earlier progress is intact/)
    expect(bytes()).toEqual(before)
  })

  it('a corrupt part is moved aside with a notice; the other parts are read on', () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(100))
    const bad = partFile(partOf('django', 'q5'))
    writeFileSync(join(dir, bad), '{"django":{')
    const notices: string[] = []
    const data = createConfStore({ dir, notice: (m) => notices.push(m), now: () => new Date('2026-11-25T10:20:30Z') }).read()
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(`${bad.replace(/\.json$/, '')}.corrupt-20261125-102030Z.json`)
    expect(data.banks['django']!['q5']).toBeUndefined()
    const kept = Object.keys(data.banks['django']!).length
    expect(kept).toBeGreaterThan(80)
    expect(kept).toBeLessThan(100)
  })

  it('two processes recording at once lose no answer', async () => {
    const dir = testdir()
    const run = (writer: number) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/parts-writer.ts'), dir, String(writer), '40'], {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
        })
        child.on('error', reject)
        child.on('exit', (code) => resolve(code ?? -1))
      })
    expect(await Promise.all([run(1), run(2)])).toEqual([0, 0])
    const data = createConfStore({ dir }).read().banks['django']!
    expect([0, 1, 2, 3, 4].reduce((n, i) => n + data[`shared-${i}`]!.history.length, 0)).toBe(80)
    expect(data['only-1']!.history).toHaveLength(40)
    expect(data['only-2']!.history).toHaveLength(40)
  }, 60_000)

  it('a writer killed at any moment loses no answer it reported saved, and leaves every file readable', async () => {
    const dir = testdir()
    createConfStore({ dir, splitAt: 0 }).replace(history(300))
    for (let trial = 0; trial < 6; trial++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/parts-writer.ts'), dir, String(trial), '1000'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
      // Killed once it has saved a few answers, somewhere in the middle of the next.
      await new Promise<void>((resolve) => {
        const wait = setInterval(() => {
          if ((out.match(/saved/g) ?? []).length >= 3 + trial) {
            clearInterval(wait)
            setTimeout(() => child.kill('SIGKILL'), trial * 3)
          }
        }, 2)
        child.on('exit', () => {
          clearInterval(wait)
          resolve()
        })
      })
      const saved = (out.match(/^saved \d+$/gm) ?? []).length
      const notices: string[] = []
      const data = createConfStore({ dir, notice: (m) => notices.push(m) }).read()
      expect(notices).toEqual([])
      expect(data.banks['django']![`only-${trial}`]!.history.length).toBeGreaterThanOrEqual(saved)
      expect(Object.keys(data.banks['django']!).length).toBeGreaterThanOrEqual(300)
    }
  }, 120_000)
})

describe('from one file to parts', () => {
  it('the first write past the size splits the file; the old file is kept, byte for byte', () => {
    const dir = testdir()
    const single = createConfStore({ dir })
    single.replace(history(100))
    const old = readFileSync(join(dir, 'progress.json'))
    expect(JSON.parse(old.toString('utf8'))).toMatchObject({ version: 1 })
    const notices: string[] = []
    const store = createConfStore({ dir, splitAt: 1000, notice: (m) => notices.push(m), now: () => new Date('2026-11-25T10:20:30Z') })
    expect(store.record(answer('q1', 9000))).toBe(true)
    const kept = join(dir, 'progress.single-20261125-102030Z.json')
    expect(readFileSync(kept).equals(old)).toBe(true)
    expect(notices.join('\n')).toContain(kept)
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toMatchObject({ version: 2 })
    const expected = history(100)
    answer('q1', 9000)(expected)
    const data = createConfStore({ dir }).read()
    expect(canon({ ...data, journal: [] })).toEqual(canon({ ...expected, journal: [] }))
  })

  it('a split that fails before its last step leaves the one file as the progress, and is done again later', () => {
    const dir = testdir()
    createConfStore({ dir }).replace(history(100))
    const old = readFileSync(join(dir, 'progress.json'))
    let fail = true
    const io: WriteIo = {
      ...realIo,
      renameSync: (from, to) => {
        if (fail && String(to).endsWith('progress.json')) throw Object.assign(new Error('no space'), { code: 'ENOSPC' })
        fs.renameSync(from, to)
      },
    }
    const store = createConfStore({ dir, splitAt: 1000, io, notice: () => {} })
    expect(() => store.update(answer('q1', 9000))).toThrow(StoreWriteError)
    expect(readFileSync(join(dir, 'progress.json')).equals(old)).toBe(true)
    // Parts written before the failure are not progress while progress.json is the one file.
    expect(createConfStore({ dir }).read().banks['django']!['q1']!.history).toHaveLength(2)
    fail = false
    store.update(answer('q1', 9000))
    const data = createConfStore({ dir }).read()
    expect(data.banks['django']!['q1']!.history).toHaveLength(3)
    expect(Object.keys(data.banks['django']!)).toHaveLength(100)
  })

  it('a disk too full for the split still saves the answer in the one file, and the split comes later', () => {
    const dir = testdir()
    createConfStore({ dir }).replace(history(100))
    // The copy of the one file fits, the parts find the disk full; the one file's own write fits.
    let full = true
    const opened = new Map<number, string>()
    const io: WriteIo = {
      ...realIo,
      openSync: (p, f, m) => {
        const fd = fs.openSync(p, f, m)
        opened.set(fd, String(p))
        return fd
      },
      writeSync: (fd, b, o, l) => (full && /\.questions-/.test(opened.get(fd) ?? '') ? 0 : fs.writeSync(fd, b, o, l)),
    }
    const store = createConfStore({ dir, splitAt: 1000, io, notice: () => {} })
    expect(store.record(answer('q1', 9000))).toBe(true)
    expect(readdirSync(dir)).toEqual(['progress.json'])
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toMatchObject({ version: 1 })
    expect(createConfStore({ dir }).read().banks['django']!['q1']!.history).toHaveLength(3)
    full = false
    expect(store.record(answer('q2', 9001))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toMatchObject({ version: 2 })
    const data = createConfStore({ dir }).read()
    expect(data.banks['django']!['q1']!.history).toHaveLength(3)
    expect(data.banks['django']!['q2']!.history).toHaveLength(3)
  })

  it('small progress stays one file, as before', () => {
    const dir = testdir()
    const store = createConfStore({ dir })
    store.record(answer('q1', 1))
    expect(readdirSync(dir)).toEqual(['progress.json'])
  })
})

describe('progress commands on a store kept in parts', () => {
  const home = (data?: ProgressData) => {
    const dir = testdir()
    if (data) createConfStore({ dir, splitAt: 0 }).replace(data)
    return { dir, runtime: memoryRuntime({ env: { DJANGO_DRILL_HOME: dir }, cwd: dir }) }
  }

  it('export, import, reset: everything carried, and the reset backup holds the whole progress', async () => {
    const data = history(120)
    data.plans = [{ at: 9e12, created: 1, target: 0.9 }]
    const from = home(data)
    await exportProgress('all.json', from.runtime)
    const to = home()
    await importProgress(join(from.dir, 'all.json'), to.runtime)
    expect(canon(createConfStore({ dir: to.dir }).read()).banks).toEqual(canon(data).banks)

    await resetProgress({ yes: true }, from.runtime)
    expect(createConfStore({ dir: from.dir }).read().banks).toEqual({})
    const backup = from.runtime.stdout.at(-1)!.replace(/^Backup: /, '')
    const saved = migrateProgress(JSON.parse(readFileSync(backup, 'utf8')))
    expect(canon(saved)).toEqual(canon(data))
  })

  it('an export is refused onto any file of the store, the parts included', async () => {
    const h = home(history(50))
    const part = partFile(partOf('django', 'q1'))
    const before = readFileSync(join(h.dir, part), 'utf8')
    await expect(exportProgress(part, h.runtime)).rejects.toThrow(/live progress file/)
    expect(readFileSync(join(h.dir, part), 'utf8')).toBe(before)
  })
})
