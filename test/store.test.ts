import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyProgress, recordAttempt } from '../src/core/progress.ts'
import { createConfStore, progressDir } from '../src/io/store.ts'
import { withLock } from '../src/io/lock.ts'
import { ROOT } from './helpers/bin.ts'
import { testdir } from './helpers/testdir.ts'

const attempt = { t: 1, r: 3 as const, ok: 1 as const, ms: 5 }
const record = (id: string) => (data: ReturnType<typeof emptyProgress>) => recordAttempt(data, { bank: 'django', id, topic: 'orm', difficulty: 'beginner', attempt })

function runWriter(dir: string, writer: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/store-writer.ts'), dir, String(writer), String(count)], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', (code) => resolve(code ?? -1))
  })
}

describe('progress store', () => {
  it('lives in DJANGO_DRILL_HOME, else XDG_CONFIG_HOME, else ~/.config', () => {
    expect(progressDir({ DJANGO_DRILL_HOME: '/x', XDG_CONFIG_HOME: '/y', HOME: '/h' })).toBe('/x')
    expect(progressDir({ XDG_CONFIG_HOME: '/y', HOME: '/h' })).toBe('/y/django-drill')
    expect(progressDir({ XDG_CONFIG_HOME: 'relative', HOME: '/h' })).toBe('/h/.config/django-drill')
    expect(progressDir({ HOME: '/h' })).toBe('/h/.config/django-drill')
    // No HOME at all: the user's home folder as the system knows it.
    expect(progressDir({})).toBe(join(homedir(), '.config', 'django-drill'))
  })

  it('keeps what was written, with a version, in compact JSON', () => {
    const dir = testdir()
    const store = createConfStore({ dir })
    store.update(record('q1'))
    const text = readFileSync(join(dir, 'progress.json'), 'utf8')
    expect(text).not.toContain('\n')
    expect(JSON.parse(text)).toMatchObject({ version: 1, banks: { django: { q1: { history: [attempt] } } } })
    expect(createConfStore({ dir }).read().banks['django']!['q1']!.history).toHaveLength(1)
  })

  it('two processes writing at once lose no answer', async () => {
    const dir = testdir()
    const codes = await Promise.all([runWriter(dir, 1, 60), runWriter(dir, 2, 60)])
    expect(codes).toEqual([0, 0])
    const data = createConfStore({ dir }).read().banks['django']!
    const shared = [0, 1, 2, 3, 4].reduce((n, i) => n + data[`shared-${i}`]!.history.length, 0)
    expect(shared).toBe(120)
    expect(data['only-1']!.history).toHaveLength(60)
    expect(data['only-2']!.history).toHaveLength(60)
    expect(existsSync(join(dir, 'progress.json.lock'))).toBe(false)
  }, 60_000)

  it('a corrupt file is moved to a dated backup, the user is told, and a fresh store starts', () => {
    const dir = testdir({ 'progress.json': '{"version":1,"banks":{"django":{"q1":' })
    const notices: string[] = []
    const store = createConfStore({ dir, now: () => new Date('2026-11-25T10:20:30Z'), notice: (m) => notices.push(m) })
    expect(store.read().banks).toEqual({})
    const backup = join(dir, 'progress.corrupt-20261125-102030Z.json')
    expect(readFileSync(backup, 'utf8')).toBe('{"version":1,"banks":{"django":{"q1":')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(backup)
    store.update(record('q2'))
    expect(store.read().banks['django']!['q2']).toBeDefined()
  })

  it('a file from a newer django-drill is refused untouched: nothing is written or set aside', () => {
    const future = JSON.stringify({ version: 99, banks: {} })
    const dir = testdir({ 'progress.json': future })
    const notices: string[] = []
    const store = createConfStore({ dir, notice: (m) => notices.push(m) })
    expect(() => store.update(record('q1'))).toThrow(/newer django-drill \(progress version 99.*Upgrade django-drill/)
    expect(() => store.read()).toThrow(/Upgrade django-drill/)
    expect(readdirSync(dir).sort()).toEqual(['progress.json'])
    expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(future)
  })

  it('dates come back as numbers that make dates', () => {
    const dir = testdir()
    const store = createConfStore({ dir })
    store.update((data) =>
      recordAttempt(data, {
        bank: 'django',
        id: 'q',
        topic: 'orm',
        difficulty: 'beginner',
        attempt,
        card: {
          due: Date.parse('2026-12-01T00:00:00Z'),
          stability: 1,
          difficulty: 5,
          elapsed_days: 0,
          scheduled_days: 1,
          learning_steps: 0,
          reps: 1,
          lapses: 0,
          state: 2,
          last_review: 1,
        },
      }),
    )
    const card = store.read().banks['django']!['q']!.card!
    expect(new Date(card.due).toISOString()).toBe('2026-12-01T00:00:00.000Z')
  })
})

describe('withLock', () => {
  it('takes over a stale lock left by a dead process', () => {
    const dir = testdir()
    const path = join(dir, 'progress.json')
    mkdirSync(`${path}.lock`)
    writeFileSync(join(`${path}.lock`, 'owner'), '999999999 0')
    expect(withLock(path, () => 'ran', { staleMs: 60_000, timeoutMs: 5_000 })).toBe('ran')
  })

  it('gives up with a clear message when a live process holds the lock', () => {
    const dir = testdir()
    const path = join(dir, 'progress.json')
    mkdirSync(`${path}.lock`)
    writeFileSync(join(`${path}.lock`, 'owner'), `${process.pid} ${Date.now()}`)
    expect(() => withLock(path, () => 'ran', { timeoutMs: 200 })).toThrow(/locked by process \d+ .*still running.*delete that folder/)
  })
})
