// The store skips re-reading its file when it wrote it last and no one else has since.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recordAttempt, type ProgressData } from '../src/core/progress.ts'
import { createConfStore } from '../src/io/store.ts'
import { testdir } from './helpers/testdir.ts'

const record = (id: string) => (data: ProgressData) => recordAttempt(data, { bank: 'django', id, topic: 'orm', difficulty: 'beginner', attempt: { t: 1, r: 3, ok: 1, ms: 5 } })
const ids = (dir: string) => Object.keys(createConfStore({ dir }).read().banks['django'] ?? {}).sort()

describe('progress store, repeated updates', () => {
  it('sees what another store wrote between two of its updates', () => {
    const dir = testdir()
    const a = createConfStore({ dir })
    const b = createConfStore({ dir })
    a.update(record('q1'))
    b.update(record('q2'))
    a.update(record('q3'))
    b.update(record('q4'))
    expect(ids(dir)).toEqual(['q1', 'q2', 'q3', 'q4'])
  })

  it('sees a file replaced by hand with the same size', () => {
    const dir = testdir()
    const a = createConfStore({ dir })
    a.update(record('q1'))
    const path = join(dir, 'progress.json')
    const text = readFileSync(path, 'utf8')
    writeFileSync(path, text.replace('"q1"', '"q9"'))
    a.update(record('q2'))
    expect(ids(dir)).toEqual(['q2', 'q9'])
  })

  it('forgets a change that threw halfway: the file, not the half-changed data, is what counts', () => {
    const dir = testdir()
    const a = createConfStore({ dir })
    a.update(record('q1'))
    expect(() =>
      a.update((data) => {
        record('half')(data)
        throw new Error('boom')
      }),
    ).toThrow('boom')
    a.update(record('q2'))
    expect(ids(dir)).toEqual(['q1', 'q2'])
  })
})
