// --track and the tracks command, run as the built CLI.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { drill } from './helpers/bin.ts'

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
})
