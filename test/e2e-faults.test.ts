// Issue 18 at the built CLI: faults a user meets (a full disk, a read-only
// progress folder, a home that is a file, FIFOs and devices, a poisoned or
// hostile cache, signals during a long computation), and processes racing on
// a stale lock or killed mid-write. Nothing reported saved is lost, nothing
// hangs (every run has a timeout), nothing raw reaches the output.
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { emptyProgress, type ProgressData } from '../src/core/progress.ts'
import { indexPath } from '../src/io/cache.ts'
import { BIN, drill, ROOT } from './helpers/bin.ts'
import { killLoop, staleLockRace } from './helpers/loops.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import { canMount } from './helpers/tmpfs.ts'

// eslint-disable-next-line no-control-regex -- the point: no raw ESC, CSI or BEL in the output
const ESC = /[\u001b\u009b\u0007]/

/** Progress holding `n` answered questions (ids q0..), ~120 bytes each. */
function progressWith(n: number, prefix = 'q'): ProgressData {
  const data = emptyProgress()
  data.banks['django'] = {}
  for (let i = 0; i < n; i++) data.banks['django'][`${prefix}${i}`] = { history: [{ t: 1_700_000_000_000 + i, r: 3, ok: 1, ms: 1000 }], topic: 'orm', difficulty: 'beginner' }
  return data
}
const exportOf = (data: ProgressData) => JSON.stringify({ format: 'django-drill-progress', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', progress: data })

/** A tmpfs of `size` at a new folder; unmounted after `fn`. */
function withTmpfs(size: string, fn: (mount: string) => void): void {
  const mount = testdir()
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount])
  try {
    fn(mount)
  } finally {
    execFileSync('umount', ['-l', mount])
  }
}

/** Fills the file system holding `dir` to the last byte. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w')
  const chunk = Buffer.alloc(1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

describe.skipIf(!canMount)('a full disk and a read-only progress folder (tmpfs, as root)', () => {
  it('ENOSPC: import fails in one line with exit 1, the old file is intact, no temporary file is left', () => {
    withTmpfs('64k', (mount) => {
      const home = join(mount, 'home')
      mkdirSync(home)
      const seeded = JSON.stringify(progressWith(150))
      writeFileSync(join(home, 'progress.json'), seeded)
      const exportFile = join(testdir(), 'more.json')
      writeFileSync(exportFile, exportOf(progressWith(150, 'x')))
      fill(mount)
      const r = drill(['progress', 'import', exportFile], { env: { DJANGO_DRILL_HOME: home } })
      expect(r.status).toBe(1)
      expect(r.stdout).not.toMatch(/Merged/)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/Could not save your progress to .*progress\.json: the disk is full \(ENOSPC\)\. Your earlier progress is intact/)
      expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(seeded)
      expect(readdirSync(home).filter((n) => n !== 'progress.json')).toEqual([])
      // Space again: the same import goes through.
      rmSync(join(mount, 'filler'))
      const again = drill(['progress', 'import', exportFile], { env: { DJANGO_DRILL_HOME: home } })
      expect(again.status).toBe(0)
      expect(Object.keys((JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData).banks['django']!)).toHaveLength(300)
    })
  })

  it('EROFS: writing commands fail in one line; stats, progress export and list still work', () => {
    withTmpfs('1m', (mount) => {
      const home = join(mount, 'home')
      mkdirSync(home)
      const seeded = JSON.stringify(progressWith(3))
      writeFileSync(join(home, 'progress.json'), seeded)
      const exportFile = join(testdir(), 'more.json')
      writeFileSync(exportFile, exportOf(progressWith(2, 'x')))
      execFileSync('mount', ['-o', 'remount,ro', mount])
      const env = { DJANGO_DRILL_HOME: home }
      const r = drill(['progress', 'import', exportFile], { env })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/read-only file system \(EROFS\)\. Your earlier progress is intact; set DJANGO_DRILL_HOME/)
      expect(r.stderr).not.toMatch(/Internal error/)
      for (const args of [['stats'], ['progress', 'export'], ['list']]) {
        const ok = drill(args, { env })
        expect({ args, status: ok.status, stderr: ok.stderr }).toEqual({ args, status: 0, stderr: '' })
      }
      expect(drill(['progress', 'export'], { env }).stdout).toContain('"q2"')
      expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(seeded)
    })
  })
})

describe.skipIf(!canMount)('an unreadable progress file in a read-only folder (tmpfs, as root)', () => {
  it('read-only commands say it cannot be read nor moved aside, in one line, and change nothing', () => {
    withTmpfs('1m', (mount) => {
      const home = join(mount, 'home')
      mkdirSync(home)
      writeFileSync(join(home, 'progress.json'), '{"version":1,"banks":{"dj')
      execFileSync('mount', ['-o', 'remount,ro', mount])
      for (const args of [['stats'], ['progress', 'export']]) {
        const r = drill(args, { env: { DJANGO_DRILL_HOME: home } })
        expect({ args, status: r.status }).toEqual({ args, status: 1 })
        expect(r.stderr.trim().split('\n')).toHaveLength(1)
        expect(r.stderr).toMatch(
          /^Your progress file .*progress\.json could not be read \(.*\), and it cannot be moved aside: .* read-only file system \(EROFS\)\. Nothing was changed\.$/m,
        )
        expect(r.stderr).not.toMatch(/Could not save/)
      }
      expect(readdirSync(home)).toEqual(['progress.json'])
    })
  })
})

describe('clear one-line errors for a progress home a user broke', () => {
  it('DJANGO_DRILL_HOME pointing at a file: exit 1, one line, no internal error', () => {
    const file = join(testdir({ 'home.txt': 'not a folder' }), 'home.txt')
    for (const args of [['stats'], ['progress', 'import', '-']]) {
      const r = drill(args, { env: { DJANGO_DRILL_HOME: file }, input: exportOf(progressWith(1)) })
      expect(r.status).toBe(1)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/ENOTDIR|not a folder/)
      expect(r.stderr).not.toMatch(/Internal error/)
    }
  })

  it('a newer progress file is never overwritten and nothing is created beside it', () => {
    const home = testdir({ 'progress.json': JSON.stringify({ version: 7, banks: { django: { future: 'shape' } } }) })
    const before = readFileSync(join(home, 'progress.json'), 'utf8')
    const exportFile = join(testdir(), 'x.json')
    writeFileSync(exportFile, exportOf(progressWith(1)))
    for (const args of [['progress', 'import', exportFile], ['stats']]) {
      const r = drill(args, { env: { DJANGO_DRILL_HOME: home } })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/written by a newer django-drill \(progress version 7.*Upgrade django-drill/)
    }
    expect(readdirSync(home)).toEqual(['progress.json'])
    expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(before)
  })

  it('progress export to the live file, or a link to it, is refused and the store is intact', () => {
    const home = testdir({ 'progress.json': JSON.stringify(progressWith(2)) })
    const before = readFileSync(join(home, 'progress.json'), 'utf8')
    const other = testdir()
    symlinkSync(join(home, 'progress.json'), join(other, 'link.json'))
    for (const target of [join(home, 'progress.json'), join(other, 'link.json'), join(home, '.', 'progress.json')]) {
      const r = drill(['progress', 'export', target], { env: { DJANGO_DRILL_HOME: home } })
      expect(r.status).not.toBe(0)
      expect(r.stderr).toMatch(/Refusing to export .*live progress file/)
    }
    expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(before)
  })
})

describe('progress export to unusual paths', () => {
  it('through a symbolic link writes the file it points to and keeps the link; a FIFO, a folder or "" is refused in words', () => {
    const home = testdir({ 'progress.json': JSON.stringify(progressWith(2)) })
    const out = testdir({ 'old.json': 'old' })
    symlinkSync(join(out, 'old.json'), join(out, 'link.json'))
    const env = { DJANGO_DRILL_HOME: home }
    expect(drill(['progress', 'export', join(out, 'link.json')], { env }).status).toBe(0)
    expect(readFileSync(join(out, 'old.json'), 'utf8')).toContain('"format": "django-drill-progress"')
    expect(readdirSync(out).sort()).toEqual(['link.json', 'old.json'])
    execFileSync('mkfifo', [join(out, 'pipe')])
    const fifo = drill(['progress', 'export', join(out, 'pipe')], { env })
    expect([fifo.status, fifo.stderr.trim()]).toEqual([
      1,
      `Cannot write ${join(out, 'pipe')}: it is a FIFO (named pipe), not a regular file; choose a file name. Your progress is unchanged.`,
    ])
    expect(drill(['progress', 'export', out], { env }).stderr).toMatch(/it is a folder, not a regular file/)
    for (const command of ['export', 'import']) {
      const empty = drill(['progress', command, ''], { env })
      expect([command, empty.status, empty.stderr]).toEqual([command, 2, expect.stringMatching(/^progress \w+ needs (a|the) file/)])
    }
  })
})

describe('progress reset on a terminal that cannot move the cursor (TERM=dumb)', () => {
  it('asks with a line, as sessions do: an unclear answer asks again, no keeps everything, yes resets after a backup', async () => {
    const home = testdir({ 'progress.json': JSON.stringify(progressWith(2)) })
    const before = readFileSync(join(home, 'progress.json'), 'utf8')
    const ask = async (keys: string[]) => {
      const pty = new Pty(['progress', 'reset'], { DJANGO_DRILL_HOME: home, TERM: 'dumb' }, { cols: 60, rows: 20 })
      onTestFinished(() => pty.kill())
      for (const key of keys) {
        await pty.waitForScreen(/\[y\/N\] *$/m)
        pty.write(`${key}\r`)
      }
      const code = await pty.exited
      return { code, raw: pty.raw }
    }
    const no = await ask(['maybe', 'n'])
    expect(no.code).toBe(0)
    expect(no.raw.match(/\[y\/N\]/g)).toHaveLength(2)
    // eslint-disable-next-line no-control-regex -- the point: no cursor or colour sequence from the prompt
    expect(no.raw).not.toMatch(/\u001b\[/)
    expect(no.raw).toMatch(/Nothing changed\./)
    expect(readFileSync(join(home, 'progress.json'), 'utf8')).toBe(before)
    const yes = await ask(['y'])
    expect(yes.code).toBe(0)
    expect(yes.raw).toMatch(/Reset the progress of 2 questions/)
    expect(readdirSync(home).filter((n) => n.startsWith('progress.reset-'))).toHaveLength(1)
  }, 60_000)
})

describe('nothing hangs or eats memory', () => {
  it('progress import of /dev/zero or a FIFO ends at once with exit 1', () => {
    const dir = testdir()
    execFileSync('mkfifo', [join(dir, 'pipe')])
    for (const file of ['/dev/zero', join(dir, 'pipe')]) {
      const r = drill(['progress', 'import', file], { env: { DJANGO_DRILL_HOME: join(dir, 'home') } })
      expect(r.error).toBeUndefined() // no timeout
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/is a (character device|FIFO).*Nothing was changed/)
    }
  })

  it('a bank.yml that is a FIFO or /dev/zero is reported; never waited on', () => {
    const bank = testdir({ 'a.md': questionFile() })
    execFileSync('mkfifo', [join(bank, 'bank.yml')])
    const v = drill(['validate', bank])
    expect(v.error).toBeUndefined()
    expect(v.stdout).toMatch(/bank\.yml.*FIFO/)
    const zero = testdir({ 'a.md': questionFile() })
    symlinkSync('/dev/zero', join(zero, 'bank.yml'))
    expect(drill(['validate', zero]).stdout).toMatch(/character device/)
  })

  it('--bank / is bounded with a clear message; --bank "" is a usage error', () => {
    const r = drill(['list', '--bank', '/'], { env: { DJANGO_DRILL_CACHE: 'off' } })
    expect(r.error).toBeUndefined()
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/has more than 30,000 files and folders|nested deeper than/)
    const empty = drill(['list', '--bank', ''])
    expect(empty.status).toBe(2)
    expect(empty.stderr).toMatch(/--bank needs a folder path/)
  }, 60_000)

  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends the process within a second during a long computation after the store loaded', async (signal) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/fixtures/busy-after-store.mjs'), BIN], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DJANGO_DRILL_HOME: testdir() },
    })
    let out = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('busy')) resolve()
      })
      child.on('exit', () => reject(new Error(`exited before it was busy: ${out}`)))
    })
    const sent = Date.now()
    child.kill(signal)
    const ended = await Promise.race([
      new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig))),
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 1_000)),
    ])
    child.kill('SIGKILL')
    expect(ended).toBe(signal)
    expect(Date.now() - sent).toBeLessThan(1_000)
  })
})

describe('the cache at the CLI', () => {
  const bankDir = () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a' }) })
    const old = new Date(Date.now() - 60_000)
    for (const f of ['bank.yml', 'a.md']) execFileSync('touch', ['-d', old.toISOString(), join(dir, f)])
    return dir
  }

  it('a poisoned index never puts a raw escape on the output: it is a miss and the file is parsed again', () => {
    const bank = bankDir()
    const cache = join(testdir(), 'cache')
    const env = { DJANGO_DRILL_CACHE: cache }
    expect(drill(['list', '--bank', bank], { env }).status).toBe(0)
    const index = indexPath(cache, bank)
    const bytes = readFileSync(index, 'latin1')
    expect(bytes).toContain('A sample question')
    // Same length, so the index still checks out structurally: OSC 0 (set the title) in the title.
    writeFileSync(index, bytes.replace('A sample question', '\\u001b]0;pw\\u0007'), 'latin1')
    const r = drill(['list', '--bank', bank], { env })
    expect(r.status).toBe(0)
    expect(r.stdout).not.toMatch(ESC)
    expect(r.stdout).toContain('A sample question')
  })

  it('a FIFO in place of the index does not hang list; a cache folder others can write is not used', () => {
    const bank = bankDir()
    const cache = join(testdir(), 'cache')
    const env = { DJANGO_DRILL_CACHE: cache }
    drill(['list', '--bank', bank], { env })
    const index = indexPath(cache, bank)
    rmSync(index)
    execFileSync('mkfifo', [index])
    const r = drill(['list', '--bank', bank], { env })
    expect(r.error).toBeUndefined()
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('orm-a')
    chmodSync(cache, 0o777)
    const shared = drill(['list', '--bank', bank], { env })
    expect(shared.status).toBe(0)
    expect(shared.stderr).toMatch(/Not using the bank cache: .* can be written by other users/)
  })

  it('escape bytes in a bank path are shown escaped in validate and "Bank folder not found"', () => {
    const parent = testdir()
    const evil = join(parent, 'b\u001b]0;x\u0007')
    mkdirSync(evil)
    writeFileSync(join(evil, 'bank.yml'), MANIFEST)
    writeFileSync(join(evil, 'a.md'), questionFile({ title: 'T \u202eevil' }))
    const v = drill(['validate', evil], { cwd: parent })
    expect(`${v.stdout}${v.stderr}`).not.toMatch(ESC)
    expect(v.stdout).toMatch(/invisible or bidi-control/)
    const nf = drill(['list', '--bank', join(parent, 'gone\u001b[2J')])
    expect(nf.status).toBe(2)
    expect(nf.stderr).toMatch(/Bank folder not found: .*gone\\x1b\[2J/)
    expect(nf.stderr).not.toMatch(ESC)
  })

  it("Commander's own errors (an unknown command or option, as typed) are escaped too", () => {
    for (const args of [['quiz\u001b]52;c;ZXZpbA==\u0007'], ['list', '--x\u001b[2J\u202e']]) {
      const r = drill(args)
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/error: unknown (command|option) '.*\\x1b/)
      expect(r.stderr).not.toMatch(ESC)
      expect(r.stderr).not.toContain('\u202e')
    }
  })
})

describe('answers kept in memory are tried once more when a signal ends the process', () => {
  const run = (dir: string, mode?: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/pending-writer.ts'), dir, ...(mode ? [mode] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
    const kept = async () => {
      const until = Date.now() + 20_000
      while (!out.includes('kept') && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      return out
    }
    return { child, exited, kept, err: () => err }
  }
  const stored = (dir: string) =>
    existsSync(join(dir, 'progress.json')) ? Object.keys((JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8')) as ProgressData).banks['django'] ?? {}) : []

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    it(`${signal}: the kept answer is saved once there is space, and the signal still ends the process`, async () => {
      const dir = testdir({ full: '' })
      const p = run(dir)
      expect(await p.kept()).toMatch(/^kept [1-9]/)
      expect(stored(dir)).toEqual([])
      rmSync(join(dir, 'full'))
      p.child.kill(signal)
      expect(await p.exited).toEqual({ code: null, signal })
      expect(stored(dir)).toEqual(['kept-answer'])
    }, 30_000)
  }

  it('a disk still full at the signal: the user is told the answer could not be saved, and the process ends', async () => {
    const dir = testdir({ full: '' })
    const p = run(dir)
    await p.kept()
    p.child.kill('SIGTERM')
    expect(await p.exited).toEqual({ code: null, signal: 'SIGTERM' })
    expect(p.err()).toMatch(/The last answer could not be saved; your earlier progress is intact/)
    expect(stored(dir)).toEqual([])
  }, 30_000)

  it('an exit on an uncaught error (a prompt whose terminal closed) saves the kept answer too', async () => {
    const dir = testdir({ full: '' })
    const p = run(dir, 'crash')
    await p.kept()
    rmSync(join(dir, 'full'))
    expect(await p.exited).toEqual({ code: 1, signal: null })
    expect(p.err()).toMatch(/setRawMode EIO/)
    expect(stored(dir)).toEqual(['kept-answer'])
  }, 30_000)

  it('with another SIGINT listener (a line prompt), the answer is saved and that listener ends the process', async () => {
    const dir = testdir({ full: '' })
    const p = run(dir, 'line')
    await p.kept()
    rmSync(join(dir, 'full'))
    p.child.kill('SIGINT')
    expect(await p.exited).toEqual({ code: 130, signal: null })
    expect(stored(dir)).toEqual(['kept-answer'])
  }, 30_000)
})

describe('processes racing and killed (short loops; npm run soak runs them for minutes)', () => {
  it('workers racing on a stale lock lose no answer and leave no corrupt file', async () => {
    const counts = await staleLockRace(4, 8)
    expect(counts.errors).toEqual([])
    expect(counts.saved).toBe(32)
    expect({ lost: counts.lost, corrupt: counts.corrupt, temps: counts.leftoverTemps }).toEqual({ lost: 0, corrupt: 0, temps: 0 })
  }, 120_000)

  it('workers racing on a lock whose creator died before writing its owner lose no answer either', async () => {
    const counts = await staleLockRace(4, 6, { ownerless: true })
    expect(counts.errors).toEqual([])
    expect(counts.saved).toBe(24)
    expect({ lost: counts.lost, corrupt: counts.corrupt, temps: counts.leftoverTemps }).toEqual({ lost: 0, corrupt: 0, temps: 0 })
  }, 120_000)

  it('a writer SIGKILLed mid-write loses no answer it reported saved; the next write removes its leftovers', async () => {
    const counts = await killLoop(4)
    expect(counts.saved).toBeGreaterThan(0)
    expect({ lost: counts.lost, corrupt: counts.corrupt, temps: counts.leftoverTemps }).toEqual({ lost: 0, corrupt: 0, temps: 0 })
  }, 120_000)
})
