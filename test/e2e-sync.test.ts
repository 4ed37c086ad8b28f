// `django-drill sync` on the built CLI: two homes (two machines) and one
// folder, conflict copies, files from a newer version, hostile files, and
// processes syncing at the same time.
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyProgress, type Attempt, type ProgressData, type Rating } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { parseReplica, serializeReplica, toReplica } from '../src/core/sync.ts'
import { BIN, drill, ROOT, SANDBOX_ENV } from './helpers/bin.ts'
import { testdir } from './helpers/testdir.ts'

const T0 = Date.UTC(2026, 9, 1, 9)
const DAY = 86_400_000

const IDS: string[] = JSON.parse(drill(['list', '--json']).stdout).map((q: { id: string }) => q.id)

/** Progress with answers to `ids`, each scheduled as a session would. */
function progressWith(ids: readonly string[], start: number): ProgressData {
  const data = emptyProgress()
  const questions: ProgressData['banks'][string] = (data.banks['django'] = {})
  ids.forEach((id, i) => {
    const history: Attempt[] = []
    let card
    for (const [k, r] of ([3, 1, 4] as Rating[]).entries()) {
      const t = start + i * 1000 + k * DAY
      history.push({ t, r, ok: r > 1 ? 1 : 0, ms: 2000 })
      card = schedule(card, r, new Date(t))
    }
    questions[id] = { history, ...(card ? { card } : {}), topic: 'orm', difficulty: 'beginner' }
  })
  return data
}

const readProgress = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData
function writeProgress(home: string, data: ProgressData): void {
  mkdirSync(home, { recursive: true })
  writeFileSync(join(home, 'progress.json'), JSON.stringify(data))
}
const run = (home: string, ...args: string[]) => drill(args, { env: { DJANGO_DRILL_HOME: home } })
const banksOf = (home: string) => readProgress(home).banks

function runAsync(home: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...SANDBOX_ENV, NO_COLOR: '1', DJANGO_DRILL_HOME: home },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code: code ?? -1, stderr }))
  })
}

describe('sync between two machines through a folder', () => {
  it('two homes agree after syncing: answers, schedules and flags', () => {
    const [a, b, folder] = [testdir(), testdir(), testdir()]
    writeProgress(a, progressWith(IDS.slice(0, 3), T0))
    writeProgress(b, progressWith(IDS.slice(3, 5), T0 + 500))
    expect(run(a, 'flag', IDS[6]!).status).toBe(0)

    const first = run(a, 'sync', '--dir', folder)
    expect(first.status, first.stderr).toBe(0)
    expect(first.stdout).toContain('no files from other machines yet')
    const second = run(b, 'sync', '--dir', folder)
    expect(second.stdout).toMatch(/1 other machine.*9 answers in/)
    expect(run(a, 'sync', '--dir', folder).stdout).toContain('6 answers in')

    expect(banksOf(a)).toEqual(banksOf(b))
    expect(Object.keys(banksOf(a)['django']!).sort()).toEqual([...IDS.slice(0, 5), IDS[6]!].sort())
    expect(banksOf(b)['django']![IDS[6]!]!.flagged).toBe(true)
    // One file per machine, named by its device id, nothing else.
    const devices = [a, b].map((h) => readProgress(h).sync!.device)
    expect(readdirSync(folder).sort()).toEqual(devices.map((d) => `django-drill-${d}.json`).sort())

    const status = run(b, 'sync', 'status')
    expect(status.stdout).toContain(`This machine: ${devices[1]}`)
    expect(status.stdout).toMatch(new RegExp(`Last sync: .* \\(from ${devices[0]}\\); 9 answers in`))
  })

  it('--remember makes sessions sync; --forget stops it; without a folder it is a usage error', () => {
    const [a, folder] = [testdir(), testdir()]
    expect(run(a, 'sync').status).toBe(2)
    expect(run(a, 'sync', '--dir', join(folder, 'missing')).stderr).toContain('does not exist')
    expect(run(a, 'sync', '--dir', folder, '--remember').stdout).toContain('now sync with this folder')
    expect(readProgress(a).sync!.dir).toBe(folder)
    expect(run(a, 'sync', 'status').stdout).toContain(`Sessions sync with ${folder}`)
    expect(run(a, 'sync').status).toBe(0) // the remembered folder
    expect(run(a, 'sync', '--forget').stdout).toContain('no longer sync')
    expect(readProgress(a).sync!.dir).toBeUndefined()
  })

  it('merges a conflict copy and leaves it where it is', () => {
    const [a, folder] = [testdir(), testdir()]
    writeProgress(a, progressWith(IDS.slice(0, 1), T0))
    run(a, 'sync', '--dir', folder)
    const device = readProgress(a).sync!.device
    const copy = `django-drill-${device}.sync-conflict-20261001-101010-ABCDEFG.json`
    const dropbox = `django-drill-${device} (Bob's conflicted copy 2026-10-01).json`
    const other = serializeReplica(toReplica(progressWith(IDS.slice(1, 2), T0), device, T0))
    writeFileSync(join(folder, copy), other)
    writeFileSync(join(folder, dropbox), serializeReplica(toReplica(progressWith(IDS.slice(2, 3), T0), device, T0)))
    const result = run(a, 'sync', '--dir', folder)
    expect(result.stdout).toContain('6 answers in')
    expect(Object.keys(banksOf(a)['django']!).sort()).toEqual(IDS.slice(0, 3).sort())
    expect(readFileSync(join(folder, copy), 'utf8')).toBe(other)
    expect(existsSync(join(folder, dropbox))).toBe(true)
  })

  it('leaves a file from a newer version alone with a message; its own newer file stops the sync', () => {
    const [a, folder] = [testdir(), testdir()]
    writeProgress(a, progressWith(IDS.slice(0, 1), T0))
    const newer = serializeReplica(toReplica(progressWith(IDS.slice(1, 2), T0), 'ffff99', T0)).replace('"version":1', '"version":2')
    writeFileSync(join(folder, 'django-drill-ffff99.json'), newer)
    writeFileSync(join(folder, 'django-drill-eeee88.json'), serializeReplica(toReplica(progressWith(IDS.slice(2, 3), T0), 'eeee88', T0)))
    const result = run(a, 'sync', '--dir', folder)
    expect(result.status).toBe(0)
    expect(result.stderr).toMatch(/django-drill-ffff99\.json: .*newer than this django-drill understands.*left alone/)
    expect(readFileSync(join(folder, 'django-drill-ffff99.json'), 'utf8')).toBe(newer)
    expect(Object.keys(banksOf(a)['django']!).sort()).toEqual([IDS[0]!, IDS[2]!].sort())

    const device = readProgress(a).sync!.device
    const own = join(folder, `django-drill-${device}.json`)
    const ownNewer = readFileSync(own, 'utf8').replace('"version":1', '"version":3')
    writeFileSync(own, ownNewer)
    const before = readFileSync(join(a, 'progress.json'), 'utf8')
    const refused = run(a, 'sync', '--dir', folder)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('written by a newer django-drill')
    expect(readFileSync(own, 'utf8')).toBe(ownNewer)
    expect(readFileSync(join(a, 'progress.json'), 'utf8')).toBe(before)
  })

  it('reports and skips a bad file, a FIFO and a folder, and merges the rest', () => {
    const [a, folder] = [testdir(), testdir()]
    writeFileSync(
      join(folder, 'django-drill-bad1.json'),
      '{"format":"django-drill-sync","version":1,"device":"bad1","questions":{"django":{"x":{"h":[{"t":"soon"}]}}},"undone":[]}',
    )
    writeFileSync(join(folder, 'django-drill-half.json'), '{"format":"django-drill-sync","vers')
    execFileSync('mkfifo', [join(folder, 'django-drill-fifo.json')])
    mkdirSync(join(folder, 'django-drill-dir.json'))
    writeFileSync(join(folder, 'django-drill-eeee88.json'), serializeReplica(toReplica(progressWith(IDS.slice(0, 1), T0), 'eeee88', T0)))
    const result = run(a, 'sync', '--dir', folder)
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('3 answers in')
    expect(result.stderr).toContain('django-drill-bad1.json: questions.django.x.h[0].t: must be a time')
    expect(result.stderr).toContain('django-drill-half.json: it is not JSON')
    expect(result.stderr).toMatch(/django-drill-fifo\.json: is a FIFO/)
    expect(result.stderr).toMatch(/django-drill-dir\.json: is a folder/)
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
  })

  it('processes syncing at once, on one machine and on two, lose nothing', async () => {
    const [a, b, folder] = [testdir(), testdir(), testdir()]
    writeProgress(a, progressWith(IDS.slice(0, 20), T0))
    writeProgress(b, progressWith(IDS.slice(20, 40), T0 + 100))
    const flagged = IDS.slice(40, 46)
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        runAsync(a, ['sync', '--dir', folder]),
        runAsync(a, ['sync', '--dir', folder]),
        runAsync(b, ['sync', '--dir', folder]),
        runAsync(b, ['sync', '--dir', folder]),
        // and answers-side changes on the same machine while it syncs
        runAsync(a, ['flag', flagged[round * 2]!]),
        runAsync(b, ['flag', flagged[round * 2 + 1]!]),
      ])
      for (const r of results) expect(r.code, r.stderr).toBe(0)
    }
    for (const home of [a, b, a]) expect(run(home, 'sync', '--dir', folder).status).toBe(0)
    expect(banksOf(a)).toEqual(banksOf(b))
    const questions = banksOf(a)['django']!
    for (const id of IDS.slice(0, 40)) expect(questions[id]?.history, id).toHaveLength(3)
    for (const id of flagged) expect(questions[id]?.flagged, id).toBe(true)
    // Only the two machines' files, each complete.
    const names = readdirSync(folder)
    expect(names).toHaveLength(2)
    for (const name of names) expect(() => parseReplica(readFileSync(join(folder, name), 'utf8'))).not.toThrow()
  }, 120_000)
})
