// readOnce / readProgress: what `stats` reads progress with. The same progress as `read`, the
// same errors and repairs, without the copy `read` makes for its cache.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyProgress, recordAttempt, type ProgressData } from '../src/core/progress.ts'
import { createConfStore, nestedDeeper, readProgress } from '../src/io/store.ts'
import { testdir } from './helpers/testdir.ts'

const NOW = new Date('2026-11-25T10:20:30Z')

/** Progress with `n` questions, two answers each (one from a clock that ran ahead). */
function history(n: number): ProgressData {
  const data = emptyProgress()
  for (let i = 0; i < n; i++)
    for (const t of [1000 + i, NOW.getTime() + 60_000 + i])
      recordAttempt(data, { bank: 'django', id: `q${i}`, topic: 'orm', difficulty: 'beginner', attempt: { t, r: 3, ok: 1, ms: 7 } })
  data.settings.newPerDay = 17
  return data
}

describe('reading progress once', () => {
  for (const [name, splitAt] of [
    ['one file', undefined],
    ['kept in parts', 2000],
  ] as const) {
    it(`gives what read gives, repairs and notes included (${name})`, () => {
      const dir = testdir()
      const writer = createConfStore({ dir, now: () => NOW, ...(splitAt ? { splitAt } : {}) })
      writer.replace(history(40))
      if (splitAt) expect(existsSync(join(dir, 'progress.questions-00.json'))).toBe(true)
      const notes: string[] = []
      const once = createConfStore({ dir, now: () => NOW, notice: (m) => notes.push(m) }).readOnce()
      const readNotes: string[] = []
      const read = createConfStore({ dir, now: () => NOW, notice: (m) => readNotes.push(m) }).read()
      expect(once).toStrictEqual(read)
      expect(notes).toEqual(readNotes)
      // Answers "from the future" are set to now, as read does.
      expect(once.banks['django']!['q0']!.history[1]!.t).toBe(NOW.getTime())
    })
  }

  it('is empty progress where none is stored, and writes nothing', () => {
    const dir = testdir()
    expect(createConfStore({ dir }).readOnce()).toStrictEqual(emptyProgress())
    expect(readdirSync(dir)).toEqual([])
  })

  it('hands over the data after an update without reading again, and keeps no reference to it', () => {
    const dir = testdir()
    const store = createConfStore({ dir, now: () => NOW })
    store.update((d) => void (d.settings.newPerDay = 3))
    const once = store.readOnce()
    expect(once.settings.newPerDay).toBe(3)
    once.settings.newPerDay = 99
    expect(store.read().settings.newPerDay).toBe(3)
  })

  it('moves a corrupt file aside as read does', () => {
    const dir = testdir({ 'progress.json': '{"version":1,' })
    const notes: string[] = []
    expect(createConfStore({ dir, now: () => NOW, notice: (m) => notes.push(m) }).readOnce()).toStrictEqual(emptyProgress())
    expect(notes.join('\n')).toMatch(/could not be read .*moved to .*progress\.corrupt-20261125-102030Z\.json/)
    expect(existsSync(join(dir, 'progress.json'))).toBe(false)
  })

  it('refuses progress nested thousands deep with read’s message, and leaves the file as it was', () => {
    for (const depth of [1100, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth)
      const text = `{"version":1,"banks":{"django":{"q":{"history":[],"x":${deep}}}}}`
      const dir = testdir({ 'progress.json': text })
      expect(() => createConfStore({ dir }).readOnce()).toThrow(/nested too deeply .*Nothing was changed/)
      expect(readFileSync(join(dir, 'progress.json'), 'utf8')).toBe(text)
    }
    // Deep, but within what a copy takes: read as before.
    const dir = testdir({ 'progress.json': `{"version":1,"banks":{},"settings":{"newPerDay":10,"x":${'['.repeat(900)}${']'.repeat(900)}}}` })
    expect(createConfStore({ dir }).readOnce().settings.newPerDay).toBe(10)
  })

  it('readProgress reads the store DJANGO_DRILL_HOME names', () => {
    const dir = testdir()
    createConfStore({ dir }).replace(history(3))
    const errors: string[] = []
    const data = readProgress({ env: { DJANGO_DRILL_HOME: dir }, now: () => NOW, err: (m) => errors.push(m) })
    expect(Object.keys(data.banks['django']!)).toEqual(['q0', 'q1', 'q2'])
    // The clock ran ahead for those answers: said once, on stderr's path.
    expect(errors.join('\n')).toMatch(/in the future/)
  })
})

describe('a snapshot handed over uncopied (what a session starts from)', () => {
  for (const [name, splitAt] of [
    ['one file', undefined],
    ['kept in parts', 2000],
  ] as const) {
    it(`gives what read gives, and no change the store makes afterwards reaches it (${name})`, () => {
      const dir = testdir()
      createConfStore({ dir, now: () => NOW, ...(splitAt ? { splitAt } : {}) }).replace(history(40))
      const store = createConfStore({ dir, now: () => NOW, ...(splitAt ? { splitAt } : {}) })
      const snapshot = store.snapshot()
      expect(snapshot).toStrictEqual(createConfStore({ dir, now: () => NOW }).read())
      const before = structuredClone(snapshot)
      // A session's answers: tracked records, then a plain update and a replace.
      expect(store.record((d) => void (d.banks['django']!['q0']!.history.push({ t: NOW.getTime(), r: 1, ok: 0, ms: 5 }), (d.banks['django']!['q1']!.flagged = true)))).toBe(true)
      expect(store.record((d) => void d.banks['django']!['q2']!.history.pop())).toBe(true)
      store.update((d) => void ((d.settings.newPerDay = 3), delete d.banks['django']!['q3']))
      expect(snapshot).toStrictEqual(before)
      // The changes themselves are kept, in the store and on disk.
      const after = createConfStore({ dir, now: () => NOW }).read()
      for (const read of [store.read(), after]) {
        expect(read.banks['django']!['q0']!.history).toHaveLength(3)
        expect(read.banks['django']!['q1']!.flagged).toBe(true)
        expect(read.banks['django']!['q2']!.history).toHaveLength(1)
        expect(read.banks['django']!['q3']).toBeUndefined()
        expect(read.settings.newPerDay).toBe(3)
      }
      // Taken again after a change, it is the store's data as changed, and protected the same way.
      const again = store.snapshot()
      expect(again).toStrictEqual(after)
      store.replace(history(2))
      expect(again).toStrictEqual(after)
      expect(Object.keys(createConfStore({ dir, now: () => NOW }).read().banks['django']!).sort()).toEqual(['q0', 'q1'])
    })
  }

  it('refuses progress nested thousands deep, as read does', () => {
    const deep = '['.repeat(1100) + ']'.repeat(1100)
    const dir = testdir({ 'progress.json': `{"version":1,"banks":{"django":{"q":{"history":[],"x":${deep}}}}}` })
    expect(() => createConfStore({ dir }).snapshot()).toThrow(/nested too deeply .*Nothing was changed/)
  })
})

describe('nestedDeeper', () => {
  const nest = (n: number): unknown => {
    let v: unknown = 1
    for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v }
    return v
  }
  it.each([
    [0, 1, false],
    [1, 1, false],
    [2, 1, true],
    [10, 10, false],
    [11, 10, true],
    [200_000, 1000, true],
  ])('%i levels, limit %i: %s', (levels, max, deeper) => expect(nestedDeeper(nest(levels), max)).toBe(deeper))

  it('counts the deepest branch, not the number of values', () => {
    expect(nestedDeeper({ a: Array.from({ length: 10_000 }, () => ({ b: [1] })), c: 'x' }, 4)).toBe(false)
    expect(nestedDeeper({ a: [{}, { b: [{ c: {} }] }] }, 4)).toBe(true)
    expect(nestedDeeper(null, 0)).toBe(false)
  })
})
