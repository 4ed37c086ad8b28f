// Sessions sync with a remembered folder at their start (so another machine's
// flags and answers count in the selection) and at their end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { quiz } from '../src/commands/quiz.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import { emptyProgress, setFlag } from '../src/core/progress.ts'
import { parseReplica, serializeReplica, toReplica } from '../src/core/sync.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      ['a', 'b', 'c'].map((x) => [
        `${x}.md`,
        questionFile({ id: `orm-${x}`, title: `Title ${x.toUpperCase()}`, type: 'choice', key_points: null, answer: '"yes"', distractors: '["no", "maybe"]' }),
      ]),
    ),
  })

const quitter = (): SessionUi => ({ ask: async () => ({ action: 'quit' }), next: async () => 'next', keyPoints: async () => [], rating: async (r) => r, editor: async () => '' })

describe('sessions and a remembered sync folder', () => {
  const now = new Date('2026-11-25T12:00:00Z')

  it('quiz syncs at its start and its end', async () => {
    const folder = testdir()
    const elsewhere = emptyProgress()
    setFlag(elsewhere, 'sample', 'orm-b', true)
    writeFileSync(join(folder, 'django-drill-bbbb02.json'), serializeReplica(toReplica(elsewhere, 'bbbb02', now.getTime() - 1000)))
    const here = { ...emptyProgress(), sync: { device: 'aaaa01', dir: folder } }
    const store = createMemoryStore(here)
    const runtime = memoryRuntime({ now: () => now })
    await quiz({ bank: [bank()], flagged: true }, runtime, { ui: quitter(), store, tick: 0 })
    // The flag set on the other machine chose the question.
    expect(runtime.stdout.join('\n')).toContain('Title B')
    expect(store.read().banks['sample']!['orm-b']!.flagged).toBe(true)
    const own = join(folder, 'django-drill-aaaa01.json')
    expect(existsSync(own)).toBe(true)
    expect(parseReplica(readFileSync(own, 'utf8')).questions['sample']!['orm-b']!.f).toEqual([1, now.getTime() - 1000, 'bbbb02'])
    expect(store.read().sync!.last!.files).toBe(2)
  })

  it('a sync that cannot run is one line on stderr and the session goes on', async () => {
    const store = createMemoryStore({ ...emptyProgress(), sync: { device: 'aaaa01', dir: '/nonexistent/drill-sync' } })
    const runtime = memoryRuntime({ now: () => now })
    expect(await quiz({ bank: [bank()] }, runtime, { ui: quitter(), store, tick: 0 })).toBe(0)
    expect(runtime.stderr.join('\n')).toMatch(/^Sync with \/nonexistent\/drill-sync did not run: Cannot use the sync folder .*it does not exist/m)
  })
})
