// Issue 18: the store, the lock, file reading, imports, the scheduler and the
// cache under faults built for real (a FIFO, /dev/zero, a fake file system
// that writes short, a lock a crash left behind, a poisoned cache).
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSession, type SessionOptions } from '../src/commands/session.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import type { ChoiceQuestion } from '../src/core/types.ts'
import { readExport } from '../src/core/merge.ts'
import { checkProgress, impossibleCard, MAX_TIME } from '../src/core/progress-check.ts'
import { emptyProgress, recordAttempt, type ProgressData, type StoredCard } from '../src/core/progress.ts'
import { escapeTerminal, hasInvisibleChars } from '../src/core/sanitize.ts'
import { schedule } from '../src/core/schedule.ts'
import { listBankFiles, loadBank, MAX_BANK_ENTRIES, readBankFile } from '../src/io/bank.ts'
import { cacheDirProblem, indexPath, readIndex, writeIndex, currentBuild } from '../src/io/cache.ts'
import { lightPart } from './helpers/index-file.ts'
import { readOwner, takeOver, withLock } from '../src/io/lock.ts'
import { readRegularFile } from '../src/io/safe-file.ts'
import { createConfStore, removeLeftoverTemps, StoreWriteError, writeFileComplete, type WriteIo } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import { openLibrary } from '../src/io/library.ts'
import { KIND_SHAPES } from '../src/io/cache-check.ts'
import { KINDS } from '../src/core/kinds/index.ts'

const attempt = (t: number) => ({ t, r: 3 as const, ok: 1 as const, ms: 5 })
const record =
  (id: string, t = 1) =>
  (data: ProgressData) =>
    recordAttempt(data, { bank: 'django', id, topic: 'orm', difficulty: 'beginner', attempt: attempt(t) })
const ids = (dir: string) => Object.keys((JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as ProgressData).banks['django'] ?? {})
const fifo = (path: string) => execFileSync('mkfifo', [path])

const realIo: WriteIo = {
  openSync: fs.openSync,
  writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, l),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  unlinkSync: fs.unlinkSync,
}

describe('store writes are complete and verified', () => {
  it('a file system that writes short still gets every byte (the count is continued)', () => {
    const dir = testdir()
    // At most 7 bytes per call: atomically's single writeSync would leave a truncated file here.
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => fs.writeSync(fd, b, o, Math.min(l, 7)) }
    const store = createConfStore({ dir, io })
    for (let i = 0; i < 5; i++) store.update(record(`q${i}`))
    expect(ids(dir)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4'])
  })

  it('a write that stops (count 0, a full disk) is an error and the old file stays as it was', () => {
    const dir = testdir()
    createConfStore({ dir }).update(record('q1'))
    const before = readFileSync(join(dir, 'progress.json'))
    let budget = 10
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (budget > 0 ? fs.writeSync(fd, b, o, Math.min(l, (budget -= 10) + 10)) : 0) }
    const store = createConfStore({ dir, io })
    expect(() => store.update(record('q2'))).toThrow(StoreWriteError)
    expect(() => store.update(record('q2'))).toThrow(/disk is full \(ENOSPC\)\. Your earlier progress is intact/)
    expect(readFileSync(join(dir, 'progress.json')).equals(before)).toBe(true)
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })

  it('EACCES and EROFS leave the old file and say so in one line', () => {
    for (const code of ['EACCES', 'EROFS']) {
      const dir = testdir()
      createConfStore({ dir }).update(record('q1'))
      const before = readFileSync(join(dir, 'progress.json'), 'utf8')
      const io: WriteIo = {
        ...realIo,
        openSync: () => {
          throw Object.assign(new Error(code), { code })
        },
      }
      const error = (() => {
        try {
          createConfStore({ dir, io }).update(record('q2'))
        } catch (e) {
          return e as Error
        }
      })()
      expect(error).toBeInstanceOf(StoreWriteError)
      expect(error!.message).toContain(`(${code})`)
      expect(error!.message).toContain('Your earlier progress is intact')
      expect(error!.message).not.toContain('\n')
      expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(before)
    }
  })

  it('record() keeps an answer that could not be saved and saves it with the next one, or at flush', () => {
    const dir = testdir()
    let full = true
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (full ? 0 : fs.writeSync(fd, b, o, l)) }
    const notices: string[] = []
    const store = createConfStore({ dir, io, notice: (m) => notices.push(m) })
    expect(store.record(record('q1'))).toBe(false)
    expect(store.record(record('q2'))).toBe(false)
    expect(store.unsaved).toBe(2)
    expect(notices.at(-1)).toMatch(/2 answers are kept in memory/)
    expect(() => store.flush()).toThrow(/The last 2 answers could not be saved/)
    full = false
    expect(store.record(record('q3'))).toBe(true)
    expect(ids(dir)).toEqual(['q1', 'q2', 'q3'])
    expect(store.unsaved).toBe(0)
    full = true
    store.record(record('q4'))
    full = false
    store.flush()
    expect(ids(dir)).toEqual(['q1', 'q2', 'q3', 'q4'])
  })

  it('temporary files left by a killed write are removed at the next write, and nothing else', () => {
    const dir = testdir({ 'progress.json.tmp-1733000000000abc': 'x'.repeat(1000), 'progress.json.tmp-zz9': '{', 'notes.txt': 'mine', 'other.json.tmp-1': 'not ours' })
    createConfStore({ dir }).update(record('q1'))
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'other.json.tmp-1', 'progress.json'])
    expect(removeLeftoverTemps(join(dir, 'progress.json'))).toBe(0)
  })

  it('writes through an exclusive, unpredictable temporary name (a planted link is never followed)', () => {
    const dir = testdir({ 'victim.txt': 'precious' })
    const path = join(dir, 'progress.json')
    const names = new Set<string>()
    const io: WriteIo = { ...realIo, openSync: (p, f, m) => (names.add(String(p)), fs.openSync(p, f, m)) }
    writeFileComplete(path, Buffer.from('{}'), io)
    writeFileComplete(path, Buffer.from('{}'), io)
    expect(names.size).toBe(2)
    // A link planted at a name the writer picks is refused (O_EXCL|O_NOFOLLOW), not written through.
    const planted = [...names][0]!
    symlinkSync(join(dir, 'victim.txt'), planted)
    expect(() => writeFileComplete(path, Buffer.from('{"x":1}'), { ...realIo, openSync: (_p, f, m) => fs.openSync(planted, f, m) })).toThrow(/EEXIST/)
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious')
  })
})

describe('the progress file is never trusted blindly', () => {
  it('"version": "1" and history: null are reported like a corrupt file (moved aside, never an internal error)', () => {
    for (const text of ['{"version":"1","banks":{}}', '{"version":1,"banks":{"django":{"q":{"history":null}}}}', '{"version":1.5}', '{"version":1,"settings":[1]}']) {
      const dir = testdir({ 'progress.json': text })
      const notices: string[] = []
      const store = createConfStore({ dir, notice: (m) => notices.push(m) })
      expect(store.read().banks).toEqual({})
      expect(notices[0]).toMatch(/could not be read .*moved to/)
      const backups = readdirSync(dir).filter((n) => n.startsWith('progress.corrupt-'))
      expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(text)
    }
  })

  it('a FIFO or a link to /dev/zero in place of progress.json is refused at once, nothing changed', () => {
    const dir = testdir()
    fifo(join(dir, 'progress.json'))
    expect(() => createConfStore({ dir }).read()).toThrow(/is a FIFO .*Nothing was changed/)
    const dir2 = testdir()
    symlinkSync('/dev/zero', join(dir2, 'progress.json'))
    expect(() => createConfStore({ dir: dir2 }).update(record('q'))).toThrow(/is a character device/)
    expect(readdirSync(dir2)).toEqual(['progress.json'])
  }, 5_000)

  it('a progress file that is a symbolic link (kept in a synced folder) is written through the link, which stays a link', () => {
    const dir = testdir()
    const synced = testdir()
    const real = join(synced, 'drill-progress.json')
    const seeded = emptyProgress()
    record('first')(seeded)
    writeFileSync(real, JSON.stringify(seeded))
    symlinkSync(real, join(dir, 'progress.json'))
    const store = createConfStore({ dir })
    store.update(record('second', 2))
    store.update(record('third', 3))
    expect(fs.lstatSync(join(dir, 'progress.json')).isSymbolicLink()).toBe(true)
    expect(Object.keys((JSON.parse(readFileSync(real, 'utf8')) as ProgressData).banks['django']!)).toEqual(['first', 'second', 'third'])
    expect(readdirSync(synced)).toEqual(['drill-progress.json'])
    // A link to a file not there yet (a relative one): the file is created where it points.
    const dir2 = testdir()
    mkdirSync(join(dir2, 'elsewhere'))
    symlinkSync('elsewhere/p.json', join(dir2, 'progress.json'))
    createConfStore({ dir: dir2 }).update(record('q'))
    expect(fs.lstatSync(join(dir2, 'progress.json')).isSymbolicLink()).toBe(true)
    expect(ids(dir2)).toEqual(['q'])
    expect(readdirSync(join(dir2, 'elsewhere'))).toEqual(['p.json'])
  })

  it('a stored card no scheduler could continue from is dropped with a note, and the next answer reschedules', () => {
    const bad: StoredCard = { due: 1e300, stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 1, lapses: 1e308, state: 99 }
    const data = emptyProgress()
    data.banks['django'] = { q: { history: [attempt(Date.parse('2026-01-01'))], card: bad } }
    const dir = testdir({ 'progress.json': JSON.stringify(data) })
    const notices: string[] = []
    const store = createConfStore({ dir, now: () => new Date('2026-06-01'), notice: (m) => notices.push(m) })
    expect(store.read().banks['django']!['q']!.card).toBeUndefined()
    expect(notices.join('\n')).toMatch(/1 impossible schedule was reset/)
  })
})

describe('the lock', () => {
  const planted = (dir: string, owner: string) => {
    const path = join(dir, 'progress.json')
    mkdirSync(`${path}.lock`)
    writeFileSync(join(`${path}.lock`, 'owner'), owner)
    return path
  }

  it('a taker that judged the stale lock late never removes the fresh lock that replaced it', () => {
    const dir = testdir()
    const path = planted(dir, '999999999 dead 0')
    const lockDir = `${path}.lock`
    const judgedByA = readOwner(lockDir)!
    const judgedByB = readOwner(lockDir)!
    // A takes over first and makes a fresh lock of its own...
    expect(takeOver(lockDir, judgedByA)).toBe(true)
    mkdirSync(lockDir)
    writeFileSync(join(lockDir, 'owner'), `${process.pid} fresh 1`)
    // ...then B acts on what it saw a moment ago: it must leave A's lock alone.
    expect(takeOver(lockDir, judgedByB)).toBe(false)
    expect(readFileSync(join(lockDir, 'owner'), 'utf8')).toBe(`${process.pid} fresh 1`)
    expect(readdirSync(lockDir)).toEqual(['owner'])
  })

  it('lock folders a killed process left renamed aside are removed by the next holder, nothing else', () => {
    const dir = testdir({
      'progress.json.lock.done-ab12/owner': '1 x 0',
      'progress.json.lock.stale-cd34/takeover/x': '',
      'progress.json.lock.notes': 'mine',
      'other.lock.done-1/owner': '',
    })
    withLock(join(dir, 'progress.json'), () => {})
    expect(readdirSync(dir).sort()).toEqual(['other.lock.done-1', 'progress.json.lock.notes'])
  })

  it('only one of many takers wins the same stale lock', () => {
    const dir = testdir()
    const path = planted(dir, '999999999 dead 0')
    const judged = Array.from({ length: 5 }, () => readOwner(`${path}.lock`)!)
    expect(judged.map((j) => takeOver(`${path}.lock`, j)).filter(Boolean)).toHaveLength(1)
  })

  it('a lock older than any timeout whose owner still runs is reported, not stolen', () => {
    const dir = testdir()
    const path = planted(dir, `${process.pid} someone 0`)
    const old = new Date(Date.now() - 3_600_000)
    fs.utimesSync(`${path}.lock`, old, old)
    expect(() => withLock(path, () => 'ran', { timeoutMs: 100 })).toThrow(/locked by process \d+ .*still running/)
    expect(readFileSync(join(`${path}.lock`, 'owner'), 'utf8')).toBe(`${process.pid} someone 0`)
  })

  it('a lock with no owner file is left to its creator for a moment, then taken over', () => {
    const dir = testdir()
    const path = join(dir, 'progress.json')
    mkdirSync(`${path}.lock`)
    expect(() => withLock(path, () => 'ran', { timeoutMs: 50, graceMs: 60_000 })).toThrow(/has not said who it is/)
    expect(withLock(path, () => 'ran', { timeoutMs: 2_000, graceMs: 0 })).toBe('ran')
    expect(existsSync(`${path}.lock`)).toBe(false)
  })

  it.skipIf(process.getuid?.() === 0)('a stale lock that cannot be removed is one clear error, not an uncaught rmdir (needs a non-root user)', () => {
    const dir = testdir()
    const path = planted(dir, '999999999 dead 0')
    chmodSync(dir, 0o500)
    try {
      expect(() => withLock(path, () => 'ran', { timeoutMs: 500 })).toThrow(/cannot be removed \(EACCES\)\. Delete that folder/)
    } finally {
      chmodSync(dir, 0o700)
    }
  })
})

describe('only regular files are read, with a limit', () => {
  it('a FIFO, a character device and an oversized file are refused through one descriptor', () => {
    const dir = testdir({ 'big.txt': 'x'.repeat(5000) })
    fifo(join(dir, 'pipe'))
    symlinkSync('/dev/zero', join(dir, 'zero'))
    expect(() => readRegularFile(join(dir, 'pipe'), 100)).toThrow(/FIFO/)
    expect(() => readRegularFile(join(dir, 'zero'), 100)).toThrow(/character device/)
    expect(() => readRegularFile(join(dir, 'big.txt'), 4096)).toThrow(/over 4 KiB|is 5 KiB/)
    expect(readRegularFile(join(dir, 'big.txt'), 5000).length).toBe(5000)
  }, 5_000)

  it('a bank.yml that is a FIFO or /dev/zero, and a question swapped for one, are reported, never waited on', () => {
    const dir = testdir({ 'a.md': questionFile() })
    fifo(join(dir, 'bank.yml'))
    const bank = loadBank(dir)
    expect(bank.problems.find((p) => p.file === 'bank.yml')?.reason).toMatch(/FIFO/)
    const dir2 = testdir({ 'a.md': questionFile() })
    symlinkSync('/dev/zero', join(dir2, 'bank.yml'))
    expect(loadBank(dir2).problems.find((p) => p.file === 'bank.yml')?.reason).toMatch(/character device/)
    // A question that is a FIFO or a link to a device is not read, and validate says why.
    fifo(join(dir2, 'pipe.md'))
    symlinkSync('/dev/zero', join(dir2, 'zero.md'))
    const reasons = Object.fromEntries(loadBank(dir2).problems.map((p) => [p.file, p.reason]))
    expect(reasons).toMatchObject({ 'pipe.md': expect.stringMatching(/FIFO.*only regular files/), 'zero.md': expect.stringMatching(/a device/) })
    // Listed as a regular file, then replaced by a FIFO before it is read.
    fifo(join(dir, 'swapped.md'))
    expect(readBankFile({ path: join(dir, 'swapped.md'), size: 10 })).toEqual({ reason: expect.stringMatching(/FIFO/) })
  }, 5_000)

  it('commands that record progress refuse a bank whose bank.yml is missing or invalid; others go on', () => {
    for (const files of [{ 'a.md': questionFile() }, { 'bank.yml': 'id: [unclosed', 'a.md': questionFile() }] as Record<string, string>[]) {
      const dir = testdir(files)
      expect(() => openLibrary(memoryRuntime(), [dir], { records: true })).toThrow(/bank\.yml.*Answers are recorded under the bank id it gives; fix it first/)
      expect(openLibrary(memoryRuntime(), [dir]).questions).toHaveLength(1)
    }
  })

  it('a huge tree is bounded with a clear message', () => {
    const dir = testdir({ 'bank.yml': MANIFEST })
    let deep = dir
    for (let i = 0; i < 20; i++) mkdirSync((deep = join(deep, `d${i}`)))
    expect(() => listBankFiles(dir)).toThrow(/nested deeper than 16 levels/)
    expect(MAX_BANK_ENTRIES).toBeLessThanOrEqual(100_000)
  })

  it.skipIf(process.getuid?.() === 0)('an unreadable folder is reported as unreadable, not as a broken link (needs a non-root user)', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'locked/a.md': questionFile() })
    chmodSync(join(dir, 'locked'), 0o000)
    try {
      const problems: { reason: string }[] = []
      listBankFiles(dir, problems as never)
      expect(problems[0]!.reason).toMatch(/permission denied/)
    } finally {
      chmodSync(join(dir, 'locked'), 0o700)
    }
  })
})

describe('imports are checked like bank input', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  const exportOf = (questions: Record<string, unknown>) =>
    JSON.stringify({
      format: 'django-drill-progress',
      version: 1,
      exportedAt: now.toISOString(),
      progress: { version: 1, banks: { django: questions }, settings: { newPerDay: 10 } },
    })
  const card = (over: Partial<StoredCard> = {}): StoredCard => ({
    due: now.getTime() + 86_400_000,
    stability: 2,
    difficulty: 5,
    elapsed_days: 1,
    scheduled_days: 1,
    learning_steps: 0,
    reps: 2,
    lapses: 0,
    state: 2,
    last_review: now.getTime() - 86_400_000,
    ...over,
  })

  it('times from a clock that ran ahead are set to now, with a note', () => {
    const ahead = now.getTime() + 30 * 86_400_000
    const { data, notes } = readExport(exportOf({ q: { history: [attempt(ahead)], card: card({ last_review: ahead }) } }), now)
    const p = data.banks['django']!['q']!
    expect(p.history[0]!.t).toBe(now.getTime())
    expect(p.card!.last_review).toBe(now.getTime())
    expect(notes[0]).toMatch(/2 times were in the future .* set to now/)
  })

  it('state 99, 1e308 lapses and dates past the year 275760 reset the schedule with a note; times past it are refused', () => {
    const { data, notes } = readExport(
      exportOf({ a: { history: [], card: card({ state: 99 }) }, b: { history: [], card: card({ lapses: 1e308 }) }, c: { history: [], card: card({ due: 9e15 }) } }),
      now,
    )
    for (const id of ['a', 'b', 'c']) expect(data.banks['django']![id]!.card).toBeUndefined()
    expect(notes.join(' ')).toMatch(/3 impossible schedules were reset.*unknown state 99/)
    expect(() => readExport(exportOf({ q: { history: [attempt(9e15)] } }), now)).toThrow(/history\[0\]\.t: must be a time .*275760/)
  })

  it('an absurd setting is reset with a note, not a reason to refuse the whole file', () => {
    const data = emptyProgress()
    data.settings.newPerDay = 1e308
    expect(checkProgress(data, now.getTime()).notes[0]).toMatch(/setting new-per-day was 1e\+308, not a whole number .*back to its default/)
    expect(data.settings.newPerDay).toBe(10)
  })

  it('deep nesting is refused where a value is expected and dropped where nothing is', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const withQuestion = (q: string) => exportOf({ q: 'HERE' }).replace('"HERE"', q)
    const kept = readExport(withQuestion(`{"history":[{"t":1,"r":3,"ok":1,"ms":5}],"extra":${deep}}`), now).data
    expect(JSON.stringify(kept)).not.toContain('extra') // and it can be serialised at all
    expect(() => readExport(withQuestion(`{"history":${deep}}`), now)).toThrow(/history\[0\]: must be an object/)
  })
})

describe('the scheduler survives any stored card', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  const base: StoredCard = {
    due: now.getTime(),
    stability: 2,
    difficulty: 5,
    elapsed_days: 1,
    scheduled_days: 1,
    learning_steps: 0,
    reps: 2,
    lapses: 0,
    state: 2,
    last_review: now.getTime() - 86_400_000,
  }
  const hostile: Partial<StoredCard>[] = [
    { state: 99 },
    { state: -1 },
    { due: 8.64e15 + 1 },
    { due: Number.NaN },
    { last_review: now.getTime() + 86_400_000 * 400 },
    { last_review: 9e15 },
    { lapses: 1e308 },
    { reps: -5 },
    { stability: -1 },
    { stability: 1e308 },
    { difficulty: 1e9 },
    { elapsed_days: Number.POSITIVE_INFINITY },
    { scheduled_days: -1 },
    { learning_steps: 1e12 },
  ]
  it.each(hostile.map((h) => [JSON.stringify(h), h] as const))('%s: a valid next card, rebuilt from history', (_, change) => {
    const history = [attempt(now.getTime() - 5 * 86_400_000), attempt(now.getTime() - 86_400_000)]
    for (const rating of [1, 2, 3, 4] as const) {
      const next = schedule({ ...base, ...change }, rating, now, undefined, history)
      expect(impossibleCard(next, now.getTime())).toBeUndefined()
      expect(next.due).toBeGreaterThanOrEqual(now.getTime())
      expect(next.last_review).toBe(now.getTime())
    }
  })
  it('a sound card is scheduled by ts-fsrs as before', () => {
    expect(schedule(base, 3, now).reps).toBe(3)
    expect(checkProgress(emptyProgress(), now.getTime())).toEqual({ notes: [] })
    expect(MAX_TIME).toBe(8.64e15)
  })
})

describe('terminal safety', () => {
  it('escapes control, bidi-override, zero-width and tag characters, keeping only our colours', () => {
    const hostile = 'a\u001b]52;c;ZXZpbA==\u0007b\u202ec\u200bd\u{E0041}e\u009b'
    const out = escapeTerminal(hostile)
    expect(out).toBe('a\\x1b]52;c;ZXZpbA==\\x07b\\u202ec\\u200bd\\udb40\\udc41e\\u009b')
    expect(hasInvisibleChars(out)).toBe(false)
    expect(escapeTerminal('\u001b[31mred\u001b[0m', { keepColour: true })).toBe('\u001b[31mred\u001b[0m')
    expect(escapeTerminal('\u001b[31mred\u001b]0;t\u0007', { keepColour: true })).toBe('\u001b[31mred\\x1b]0;t\\x07')
  })

  it('validate warns about invisible characters in titles, options and short answers', () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'a.md': questionFile({ title: 'Pick \u202eeno', type: 'short', accept: '\n  - sel\u200bect_related' }),
    })
    const bank = loadBank(dir)
    const warned = bank.problems.filter((p) => /invisible or bidi-control/.test(p.reason)).map((p) => p.field)
    expect(warned).toEqual(expect.arrayContaining(['title', 'accept']))
    const q = bank.questions[0]!
    expect(hasInvisibleChars(JSON.stringify(q))).toBe(false)
  })
})

describe('the cache is a cache', () => {
  const bank = () => testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a' }) })
  const old = new Date(Date.now() - 60_000)
  const settle = (dir: string) => {
    for (const f of ['bank.yml', 'a.md']) fs.utimesSync(join(dir, f), old, old)
  }

  it('a poisoned index (a title with OSC 52, a fabricated answer) is a miss, the file is parsed again', () => {
    const dir = bank()
    settle(dir)
    const cache = testdir()
    const first = loadBank(dir, { cacheDir: cache })
    const index = readIndex(cache, dir)!
    const poison = (title: string) => {
      const q = { ...first.questions[0]!, title }
      writeIndex(cache, { ...index, files: index.files.map((f) => ({ ...f, question: q })) }, Date.now())
    }
    // A doctored index that looks like the parser's own is used (the cache cannot tell)...
    poison('FROM THE CACHE')
    expect(loadBank(dir, { cacheDir: cache }).questions[0]!.title).toBe('FROM THE CACHE')
    // ...but one holding what the parser never lets through is a miss.
    poison('Evil \u001b]52;c;ZXZpbA==\u0007')
    expect(readIndex(cache, dir)).toBeUndefined()
    // Each control character alone, as the index's JSON escapes it.
    for (const ch of ['\u001b', '\u0001', '\u0007', '\u007f', '\u0085', '\u009b', '\b', '\f', '\r']) {
      poison(`x${ch}y`)
      expect(readIndex(cache, dir), JSON.stringify(ch)).toBeUndefined()
    }
    const again = loadBank(dir, { cacheDir: cache })
    expect(again.questions[0]!.title).toBe('A sample question')
    expect(currentBuild()).toBeTruthy()
  })

  it('a cached value the parser could not have produced (wrong type, unknown kind, missing field, giant text) is a miss', () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'a.md': questionFile({ id: 'orm-a', type: 'choice', answer: 'right one', distractors: '\n  - wrong one\n  - other one', key_points: null }),
    })
    for (const f of ['bank.yml', 'a.md']) fs.utimesSync(join(dir, f), old, old)
    const cache = testdir()
    const first = loadBank(dir, { cacheDir: cache })
    const real = first.questions[0] as ChoiceQuestion
    expect(real.answer).toBe('right one')
    const index = readIndex(cache, dir)!
    const poisonWith = (q: Record<string, unknown>) => writeIndex(cache, { ...index, files: index.files.map((f) => ({ ...f, question: q as never })) }, Date.now())
    const { answer, distractors, ...rest } = { ...real }
    // Light fields (read with the index): the whole index is a miss and the bank is parsed again.
    for (const poisoned of [
      { ...real, title: 42 },
      { ...real, title: null },
      { ...real, tags: 'not-a-list' },
      { ...real, difficulty: 'godlike' },
      { ...real, type: 'no-such-kind' },
      { ...real, type: 'open' }, // an open question does not have an answer and distractors
      { ...rest, answer }, // a choice question without distractors
      { ...real, zzz: 1 },
      { ...real, title: 'x'.repeat(300 * 1024) },
    ]) {
      poisonWith(poisoned)
      expect({ poisoned: Object.keys(poisoned), index: readIndex(cache, dir) }).toEqual({ poisoned: Object.keys(poisoned), index: undefined })
      const again = loadBank(dir, { cacheDir: cache }).questions[0] as ChoiceQuestion
      expect([again.title, again.type, again.answer, again.distractors]).toEqual([real.title, 'choice', 'right one', ['wrong one', 'other one']])
    }
    // Long fields (read on first use): a wrong one comes from the file again, the rest of the index stays in use.
    for (const poisoned of [
      { ...real, answer: 42 },
      { ...real, answer: { a: 1 } },
      { ...real, distractors: [1, 2] },
      { ...real, prompt: null },
    ]) {
      poisonWith(poisoned)
      expect(readIndex(cache, dir)).toBeDefined()
      const again = loadBank(dir, { cacheDir: cache }).questions[0] as ChoiceQuestion
      expect([again.answer, again.distractors, again.prompt]).toEqual([real.answer, distractors, real.prompt])
    }
    // A manifest the parser could not have produced (its id is the bank id answers are recorded under).
    for (const manifest of [
      { ...index.manifest.manifest, id: 7 },
      { ...index.manifest.manifest, topics: 'orm' },
      { ...index.manifest.manifest, title: undefined },
    ]) {
      writeIndex(cache, { ...index, manifest: { ...index.manifest, manifest: manifest as never } }, Date.now())
      expect(readIndex(cache, dir)).toBeUndefined()
      expect(loadBank(dir, { cacheDir: cache }).manifest.id).toBe('sample')
    }
    // Problems shown to the user are checked too.
    writeIndex(cache, { ...index, files: index.files.map((f) => ({ ...f, problems: [{ file: 1 } as never] })) }, Date.now())
    expect(readIndex(cache, dir)).toBeUndefined()
  })

  it('an entry naming a list of lazy keys that is not one (__proto__, -1, 99, 0.5) is a miss, and changes no prototype', () => {
    const dir = bank()
    settle(dir)
    const cache = testdir()
    loadBank(dir, { cacheDir: cache })
    const { light, rewrite } = lightPart(indexPath(cache, dir))
    expect(light).toContain('"keys":0')
    for (const keys of ['"__proto__"', '"constructor"', '-1', '99', '0.5']) {
      const doctored = light.replace('"keys":0', `"keys":${keys}`)
      rewrite(doctored)
      expect(readIndex(cache, dir), keys).toBeUndefined()
      expect(Object.getOwnPropertyNames(Array.prototype).filter((k) => /^\d+$/.test(k))).toEqual([])
      expect(loadBank(dir, { cacheDir: cache }).questions.map((q) => q.id)).toEqual(['orm-a'])
    }
  })

  it('a question shaped unlike the one before it, with as many keys, is a miss', () => {
    const followed = { follow_ups: '\n  - Why does it matter?' }
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a', ...followed }), 'b.md': questionFile({ id: 'orm-b', ...followed }) })
    settle(dir)
    fs.utimesSync(join(dir, 'b.md'), old, old)
    const cache = testdir()
    loadBank(dir, { cacheDir: cache })
    const { light, rewrite } = lightPart(indexPath(cache, dir))
    expect(readIndex(cache, dir, { light: true })).toBeDefined()
    // The second question's follow-ups (optional) under a long field's name: as many keys as the first, not its shape.
    const second = light.indexOf('"id":"orm-b"')
    const doctored = light.slice(0, second) + light.slice(second).replace('"followUps":', '"prompt":')
    expect(doctored).not.toBe(light)
    rewrite(doctored)
    expect(readIndex(cache, dir, { light: true })).toBeUndefined()
  })

  it('a long field stored among the light ones (where it would go unchecked) is a miss', () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'a.md': questionFile({ id: 'orm-a', type: 'choice', answer: 'right one', distractors: '\n  - wrong one\n  - other one', key_points: null }),
    })
    settle(dir)
    const cache = testdir()
    loadBank(dir, { cacheDir: cache })
    const { light, rewrite } = lightPart(indexPath(cache, dir))
    // "answer" taken out of the lazy keys and put among the light ones, with a value no parser gives.
    const doctored = light.replace(',"answer","distractors"]', ',"distractors"]').replace('"question":{', '"question":{"answer":42,')
    expect(doctored).not.toBe(light)
    rewrite(doctored)
    expect(readIndex(cache, dir)).toBeUndefined()
    expect((loadBank(dir, { cacheDir: cache }).questions[0] as ChoiceQuestion).answer).toBe('right one')
  })

  it('the cache check knows every kind and exactly its fields (a new kind or field must be added there)', () => {
    expect(Object.keys(KIND_SHAPES).sort()).toEqual(Object.keys(KINDS).sort())
    for (const [type, kind] of Object.entries(KINDS)) expect({ type, fields: Object.keys(KIND_SHAPES[type]!).sort() }).toEqual({ type, fields: [...kind.fields].sort() })
  })

  it('a FIFO in place of the index is a miss at once', () => {
    const dir = bank()
    settle(dir)
    const cache = testdir()
    loadBank(dir, { cacheDir: cache })
    fs.rmSync(indexPath(cache, dir))
    fifo(indexPath(cache, dir))
    expect(readIndex(cache, dir)).toBeUndefined()
    expect(loadBank(dir, { cacheDir: cache }).questions).toHaveLength(1)
  }, 5_000)

  it.skipIf(process.getuid?.() !== 0)('a cache folder owned by another user is refused (as root: chown to nobody)', () => {
    const dir = bank()
    settle(dir)
    const cache = join(testdir(), 'cache')
    loadBank(dir, { cacheDir: cache })
    expect(readIndex(cache, dir)).toBeDefined()
    fs.chownSync(cache, 65534, 65534)
    expect(cacheDirProblem(cache)).toMatch(/belongs to another user/)
    expect(readIndex(cache, dir)).toBeUndefined()
  })

  it('the folder is made 0700; one writable by others is refused and never read or written', () => {
    const dir = bank()
    settle(dir)
    const root = testdir()
    const cache = join(root, 'cache')
    loadBank(dir, { cacheDir: cache })
    expect(fs.statSync(cache).mode & 0o777).toBe(0o700)
    expect(existsSync(indexPath(cache, dir))).toBe(true)
    chmodSync(join(cache, 'banks'), 0o777)
    expect(cacheDirProblem(cache)).toMatch(/can be written by other users/)
    expect(readIndex(cache, dir)).toBeUndefined()
  })
})

describe('a progress file nested thousands deep', () => {
  it('is one clear error for read and update, and is left as it was', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const text = `{"version":1,"banks":{"django":{"q":{"history":[],"x":${deep}}}}}`
    const dir = testdir({ 'progress.json': text })
    const store = createConfStore({ dir })
    expect(() => store.read()).toThrow(/nested too deeply .*Nothing was changed/)
    expect(() => store.update(record('q2'))).toThrow(/nested too deeply/)
    expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(text)
  })
})

describe('a session on a disk that fills up', () => {
  const base = {
    bank: 'b',
    tags: [],
    summary: 's',
    references: ['https://docs.djangoproject.com/'],
    covers: [],
    related: [],
    prompt: 'Q?',
    explanation: 'Because.',
    file: 'f.md',
    difficulty: 'beginner' as const,
    topic: 'orm',
  }
  const choice = (id: string): ChoiceQuestion => ({ ...base, id, title: id, keyPoints: [], type: 'choice', answer: 'right', distractors: ['wrong', 'other'] })
  const run = (store: ReturnType<typeof createConfStore>, ids: string[], beforeAsk: (i: number) => void, end: 'done' | 'ctrl-c' = 'done') => {
    const runtime = memoryRuntime({ now: () => new Date('2026-11-25T10:00:00Z') })
    let i = 0
    const ui: SessionUi = {
      ask: async () => {
        beforeAsk(i)
        if (end === 'ctrl-c' && i === ids.length) throw Object.assign(new Error('closed'), { name: 'ExitPromptError' })
        i++
        return { action: 'answer', value: 'right' }
      },
      next: async () => 'next',
      keyPoints: async () => [],
      rating: async (s) => s,
      editor: async () => '',
    }
    const options: SessionOptions = { schedule: true, topicTitle: (id) => id, topicOrder: ['orm'] }
    const questions = end === 'ctrl-c' ? [...ids, 'extra'].map(choice) : ids.map(choice)
    return { runtime, done: runSession(questions, options, { ui, store, runtime, timer: () => () => {}, tick: 0 }) }
  }
  const stored = (dir: string) => Object.keys((JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as ProgressData).banks['b'] ?? {})

  it('keeps an answer that could not be saved and saves it with the next one once there is space', async () => {
    const dir = testdir()
    let full = false
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (full ? 0 : fs.writeSync(fd, b, o, l)) }
    const notices: string[] = []
    const store = createConfStore({ dir, io, notice: (m) => notices.push(m) })
    // The disk is full for the second answer only.
    const { done } = run(store, ['c1', 'c2', 'c3'], (i) => void (full = i === 1))
    await done
    expect(notices.join('\n')).toMatch(/disk is full.*kept in memory/)
    expect(stored(dir)).toEqual(['c1', 'c2', 'c3'])
  })

  it('a disk still full at the end fails the session with exit 1 and the reason; earlier answers are kept', async () => {
    const dir = testdir()
    let full = false
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (full ? 0 : fs.writeSync(fd, b, o, l)) }
    const store = createConfStore({ dir, io })
    const { done } = run(store, ['c1', 'c2'], (i) => void (full = i === 1))
    await expect(done).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/ENOSPC.*The last answer could not be saved; your earlier progress is intact/) })
    expect(stored(dir)).toEqual(['c1'])
  })

  it('Ctrl+C saves what was kept in memory before it stops', async () => {
    const dir = testdir()
    let full = false
    const io: WriteIo = { ...realIo, writeSync: (fd, b, o, l) => (full ? 0 : fs.writeSync(fd, b, o, l)) }
    const store = createConfStore({ dir, io })
    const { done } = run(store, ['c1', 'c2'], (i) => void (full = i === 1), 'ctrl-c')
    // The space comes back (i = 2) while the user looks at the last question, then presses Ctrl+C.
    await expect(done).rejects.toMatchObject({ name: 'CancelledError' })
    expect(stored(dir)).toEqual(['c1', 'c2'])
  })
})
