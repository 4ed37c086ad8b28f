// The fault loops shared by test/reliability-race.test.ts and `npm run soak`:
// processes racing on a stale lock, and writers killed mid-write. Each counts
// answers a process reported saved that the store does not have (lost), and
// store files that do not parse (corrupt).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const pause = new Int32Array(new SharedArrayBuffer(4))

export interface LoopCounts {
  trials: number
  saved: number
  lost: number
  corrupt: number
  errors: string[]
  leftoverTemps: number
}

const fixture = (name: string, args: string[]): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures', name), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })

/** The ids in the store at `dir` for `bank`, or undefined when the file does not parse. */
function storedIds(dir: string, bank: string): Set<string> | undefined {
  const path = join(dir, 'progress.json')
  if (!existsSync(path)) return new Set()
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { banks?: Record<string, Record<string, unknown>> }
    return new Set(Object.keys(data.banks?.[bank] ?? {}))
  } catch {
    return undefined
  }
}

const lines = (child: ChildProcess): { out: string[]; done: Promise<number | null> } => {
  const out: string[] = []
  let buffer = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop()!
    out.push(...parts)
  })
  child.stderr!.resume()
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { out, done }
}

/**
 * `workers` processes find the same stale lock (its owner a dead process) at
 * once, `trials` times over, each recording one answer per trial.
 */
export async function staleLockRace(workers: number, trials: number, options: { ownerless?: boolean } = {}): Promise<LoopCounts> {
  const root = mkdtempSync(join(tmpdir(), 'drill-race-'))
  const dir = join(root, 'home')
  const sync = join(root, 'sync')
  mkdirSync(dir)
  mkdirSync(sync)
  const lock = join(dir, 'progress.json.lock')
  const children = Array.from({ length: workers }, (_, w) => lines(fixture('lock-racer.ts', [dir, sync, String(w), String(trials)])))
  const counts: LoopCounts = { trials, saved: 0, lost: 0, corrupt: 0, errors: [], leftoverTemps: 0 }
  try {
    for (let k = 0; k < trials; k++) {
      // A lock left by a crash: a dead owner (pid far beyond any real one).
      mkdirSync(lock)
      // Or one whose creator died before it wrote its owner file, long enough ago to count as abandoned.
      if (options.ownerless) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
      else writeFileSync(join(lock, 'owner'), '999999999 deadbeef 0')
      writeFileSync(join(sync, `go-${k}`), '')
      const deadline = Date.now() + 60_000
      while (readdirSync(sync).filter((n) => n.startsWith(`done-${k}-`)).length < workers) {
        if (Date.now() > deadline) throw new Error(`trial ${k}: workers did not finish within 60 s`)
        await new Promise((r) => setTimeout(r, 2))
      }
    }
    await Promise.all(children.map((c) => c.done))
  } finally {
    for (const c of children)
      c.done.then(
        () => {},
        () => {},
      )
  }
  const ids = storedIds(dir, 'race')
  for (const c of children) {
    for (const line of c.out) {
      if (line.startsWith('saved ')) {
        counts.saved++
        if (!ids || !ids.has(line.slice(6))) counts.lost++
      } else if (line.startsWith('error ')) counts.errors.push(line)
    }
  }
  if (!ids) counts.corrupt++
  counts.leftoverTemps = readdirSync(dir).filter((n) => n.includes('.tmp-')).length
  rmSync(root, { recursive: true, force: true })
  return counts
}

/**
 * A writer is SIGKILLed at a random moment, `trials` times, into the same
 * store; after each kill the store must parse and hold every answer reported saved.
 */
export async function killLoop(trials: number, maxDelayMs = 400): Promise<LoopCounts> {
  const dir = mkdtempSync(join(tmpdir(), 'drill-kill-'))
  const counts: LoopCounts = { trials, saved: 0, lost: 0, corrupt: 0, errors: [], leftoverTemps: 0 }
  const acknowledged = new Set<string>()
  for (let k = 0; k < trials; k++) {
    const child = fixture('kill-writer.ts', [dir, `k${k}`])
    const run = lines(child)
    // Wait for the first save (tsx start-up varies), then kill at a random moment.
    const started = Date.now()
    while (run.out.length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5))
    await new Promise((r) => setTimeout(r, Math.random() * maxDelayMs))
    child.kill('SIGKILL')
    await run.done
    for (const line of run.out) if (line.startsWith('saved ')) acknowledged.add(line.slice(6))
    const ids = storedIds(dir, 'kill')
    if (!ids) {
      counts.corrupt++
      break
    }
    counts.lost = [...acknowledged].filter((id) => !ids.has(id)).length
  }
  counts.saved = acknowledged.size
  // The next write removes what killed writes left behind.
  const after = fixture('lock-racer.ts', [dir, dir, 'final', '1'])
  writeFileSync(join(dir, 'go-0'), '')
  await lines(after).done
  counts.leftoverTemps = readdirSync(dir).filter((n) => n.includes('.tmp-')).length
  rmSync(dir, { recursive: true, force: true })
  void pause
  return counts
}
