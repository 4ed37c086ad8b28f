// Warnings on stderr fit the terminal stderr is: wrapped at spaces, every word kept.
import { describe, expect, it } from 'vitest'
import { openLibrary } from '../src/io/library.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const SKIPPED = 'Skipped 2 invalid question files; run `django-drill validate` for details.'

describe('the skipped-files warning', () => {
  const bank = () => testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a' }), 'b.md': 'no front matter', 'c.md': '---\nid: [\n---\n' })

  it.each([60, 80])('wraps to a %i-column stderr', (errWidth) => {
    // stdout piped (Infinity) while stderr is the terminal: the stderr width counts.
    const runtime = memoryRuntime({ width: Number.POSITIVE_INFINITY, errWidth, env: { DJANGO_DRILL_CACHE: 'off' } })
    expect(openLibrary(runtime, [bank()]).questions).toHaveLength(1)
    const text = runtime.stderr.join('\n')
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(errWidth)
    expect(text.replace(/\s+/g, ' ')).toBe(SKIPPED)
  })

  it('stays one line when stderr is not a terminal', () => {
    const runtime = memoryRuntime({ width: 60, errWidth: Number.POSITIVE_INFINITY, env: { DJANGO_DRILL_CACHE: 'off' } })
    openLibrary(runtime, [bank()])
    expect(runtime.stderr).toEqual([SKIPPED])
  })
})
