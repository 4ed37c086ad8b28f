// --track and the tracks command, run as the built CLI.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tracks } from '../src/commands/tracks.ts'
import { displayWidth } from '../src/core/text.ts'
import { drill, ROOT } from './helpers/bin.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { testdir } from './helpers/testdir.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url))

describe('at the command line', () => {
  it('--track works on list; an unknown one exits 2 naming the valid ones', () => {
    const ok = drill(['--bank', FIXTURE, 'list', '--track', 'backend', '--json'])
    expect(ok.status).toBe(0)
    expect((JSON.parse(ok.stdout) as { id: string }[]).map((x) => x.id)).toEqual(['orm-bug-loop', 'orm-cloze-filter', 'orm-count-loop'])
    const bad = drill(['--bank', FIXTURE, 'cheatsheet', '--track', 'nope'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('Unknown track "nope". Valid values: backend, orm-only')
  })
  it('tracks lists each track with its counts', () => {
    const out = drill(['--bank', FIXTURE, 'tracks'], { env: { COLUMNS: '80' } })
    expect(out.status).toBe(0)
    expect(out.stdout).toMatch(/backend\s+Backend developer\s+3\s+0\s+0/)
    expect(out.stdout).toMatch(/orm-only\s+ORM only\s+5\s+0\s+0/)
  })

  it('the tracks table and its hint fit a 40-column terminal (the bundled bank: long track ids)', async () => {
    const runtime = memoryRuntime({ width: 40, env: { DJANGO_DRILL_HOME: testdir() }, bundledBank: join(ROOT, 'questions') })
    await tracks({}, runtime)
    const lines = runtime.stdout.join('\n').split('\n')
    expect(lines.filter((l) => displayWidth(l) > 40)).toEqual([])
    expect(lines.join(' ')).toMatch(/drill one with `django-drill review --track [a-z-]+`/)
  })
})
