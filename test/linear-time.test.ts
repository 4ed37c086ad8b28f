// Pathological bank text renders in linear time: every generated worst case
// finishes. They run in a child process with a generous timeout, so a case that
// backtracks forever fails the test (naming the case) instead of hanging the runner.
// Never a timed assertion: speed is for `npm run bench`.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './helpers/bin.ts'
import { MARKDOWN, PLAIN } from './fixtures/render-worst.ts'

describe('pathological markdown and bank text', () => {
  it('every worst case renders to the end (markdown, highlighter, cheat sheet)', { timeout: 200_000 }, () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/render-worst.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 })
    const done = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('ok '))
      .map((l) => l.slice(3))
    const all = [...MARKDOWN, ...PLAIN].map(([name]) => name)
    const stuck = all[done.length]
    expect(result.stderr, 'the renderer threw').toBe('')
    expect(done, stuck === undefined ? '' : `stuck on: ${stuck}`).toEqual(all)
  })
})
