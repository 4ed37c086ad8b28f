// `stats` through the command, as a user runs it: the bank cache on (its questions load light,
// see commands/stats.ts), and the parts of the page that need a question's texts still have them.
import { utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { recordAttempt } from '../src/core/progress.ts'
import { openStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

describe('stats, the command', () => {
  it('names the right answer of a choice question picked wrong twice (read from the index on a cached run)', async () => {
    const bank = testdir({
      'bank.yml': MANIFEST,
      'orm/c.md': questionFile({ id: 'orm-choice', type: 'choice', answer: 'select_related()', distractors: '["prefetch_related()", "only()"]', key_points: null }),
      'orm/o.md': questionFile({ id: 'orm-open' }),
    })
    const old = new Date(Date.now() - 3_600_000)
    for (const f of ['bank.yml', 'orm/c.md', 'orm/o.md', 'orm', '.']) utimesSync(join(bank, f), old, old)
    const env = { DJANGO_DRILL_HOME: testdir(), DJANGO_DRILL_CACHE: testdir() }
    const runtime = () => memoryRuntime({ env, width: 100, bundledBank: bank })
    const at = new Date('2026-11-25T12:00:00Z').getTime()
    openStore(runtime()).update((data) => {
      for (let i = 0; i < 2; i++)
        recordAttempt(data, {
          bank: 'sample',
          id: 'orm-choice',
          topic: 'orm',
          difficulty: 'beginner',
          attempt: { t: at - (i + 1) * 3_600_000, r: 1, ok: 0, ms: 1000, w: ['only()'] },
        })
    })
    const page = async () => {
      const rt = runtime()
      await buildProgram({ version: '1.0.0', bundledBank: bank, runtime: () => rt }).parseAsync(['stats', '--no-pager'], { from: 'user' })
      return rt.stdout.join('\n')
    }
    const first = await page()
    expect(first).toMatch(/Recurring confusions/)
    expect(first).toMatch(/only\(\).*select_related\(\)/s)
    expect(await page()).toBe(first)
  })
})
