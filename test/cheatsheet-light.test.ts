// Without --detail the cheat sheet loads light questions (no texts) and gives texts only to the
// questions whose kind draws a solved form (commands/cheatsheet.ts). Whatever the sheet shows must
// come out the same as from a full load: rendered three ways, from no cache (every question
// parsed in full), from a first run (light questions handed back by the index writer) and from
// a second (light questions read from the index).
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { ageTree, testdir } from './helpers/testdir.ts'

const BUNDLED = fileURLToPath(new URL('../questions/', import.meta.url))
const KINDS = fileURLToPath(new URL('./fixtures/kinds-bank/', import.meta.url))

/** A copy of a bank, every file and folder an hour old (so that its index is written and trusted). */
function agedCopy(from: string): string {
  const dir = join(testdir(), 'bank')
  cpSync(from, dir, { recursive: true })
  ageTree(dir, 3600)
  return dir
}

async function sheet(bank: string, args: string[], cache: string | undefined): Promise<string> {
  const runtime = memoryRuntime({ env: { DJANGO_DRILL_CACHE: cache ?? 'off' } })
  await buildProgram({ version: '1.0.0', bundledBank: bank, runtime: () => runtime }).parseAsync(['cheatsheet', '--no-pager', ...args], { from: 'user' })
  expect(runtime.stderr).toEqual([])
  return runtime.stdout.join('\n')
}

describe('the cheat sheet from light questions', () => {
  for (const [name, source] of [
    ['the kinds fixture', KINDS],
    ['the bundled bank', BUNDLED],
  ] as const) {
    it(`shows what a full load shows (${name}, every format)`, async () => {
      const bank = agedCopy(source)
      for (const format of ['md', 'html', 'terminal']) {
        const cache = testdir()
        const full = await sheet(bank, ['--format', format], undefined)
        expect(full.length).toBeGreaterThan(1000)
        expect(await sheet(bank, ['--format', format], cache), `${format}, first run`).toBe(full)
        expect(await sheet(bank, ['--format', format], cache), `${format}, from the index`).toBe(full)
      }
    })
  }
})
