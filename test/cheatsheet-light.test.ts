// Without --detail the cheat sheet loads light questions (no texts) and gives texts only to the
// questions whose kind draws a solved form (commands/cheatsheet.ts). Whatever the sheet shows must
// come out the same as from a full load: rendered three ways, from no cache (every question
// parsed in full), from a first run (light questions handed back by the index writer) and from
// a second (light questions read from the index).
import { cpSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { indexPath } from '../src/io/cache.ts'
import { indexParts, lightPart } from './helpers/index-file.ts'
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
  // The runtime's bank is the one the sheet is of (memoryRuntime's own is the repository's questions/).
  const runtime = memoryRuntime({ env: { DJANGO_DRILL_CACHE: cache ?? 'off' }, bundledBank: bank })
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

describe('solved forms kept in the bank index', () => {
  /** Rewrites a file keeping its size and time, so that the index still takes it for unchanged. */
  const editInPlace = (path: string, from: string, to: string) => {
    expect(to.length).toBe(from.length)
    const { atime, mtime } = statSync(path)
    writeFileSync(path, readFileSync(path, 'utf8').replace(from, to))
    utimesSync(path, atime, mtime)
  }

  it("are drawn from the index: a question's own record is not read for them", async () => {
    const bank = agedCopy(KINDS)
    const cache = testdir()
    const before = await sheet(bank, ['--format', 'md'], cache)
    expect(before).toContain('SecurityMiddleware.process_request')
    // The order question's file now says something else, and its record in the index is damaged:
    // reading that record would fail, then parse the file again and show the new text.
    editInPlace(join(bank, 'order.md'), 'SecurityMiddleware.process_request', 'SecurityMiddleware.PROCESS_REQUEST')
    const index = indexPath(cache, bank)
    const bytes = readFileSync(index)
    const light = JSON.parse(lightPart(index).light) as { files: { rel: string; at: number; length: number }[] }
    const order = light.files.find((f) => f.rel === 'order.md')!
    bytes.fill(0x20, order.at, order.at + order.length)
    writeFileSync(index, bytes)
    expect(indexParts(readFileSync(index)).light).toEqual(indexParts(bytes).light)
    expect(await sheet(bank, ['--format', 'md'], cache)).toBe(before)
    // Reading the record would have shown: `show` reads it, finds it damaged and parses the file again.
    const runtime = memoryRuntime({ env: { DJANGO_DRILL_CACHE: cache }, bundledBank: bank })
    await buildProgram({ version: '1.0.0', bundledBank: bank, runtime: () => runtime }).parseAsync(['show', 'middleware-order', '--no-pager'], { from: 'user' })
    expect(runtime.stdout.join('\n')).toContain('SecurityMiddleware.PROCESS_REQUEST')
  })

  it('are checked like every cached value: one a kind could not have drawn makes the index a miss', async () => {
    const bank = agedCopy(KINDS)
    const full = await sheet(bank, ['--format', 'md'], undefined)
    const poisons: [string, (entry: Record<string, unknown>) => void][] = [
      ['a code form whose code is a number', (e) => (e['solved'] = { kind: 'code', language: 'python', code: 5 })],
      ['a form of an unknown kind', (e) => (e['solved'] = { kind: 'script', text: 'x' })],
      ['a key no form has', (e) => (e['solved'] = { kind: 'answer', text: 'forged', onload: 'x' })],
    ]
    for (const [name, poison] of poisons) {
      const cache = testdir()
      await sheet(bank, ['--format', 'md'], cache)
      const { light, rewrite } = lightPart(indexPath(cache, bank))
      const data = JSON.parse(light) as { files: Record<string, unknown>[] }
      poison(data.files.find((f) => f['rel'] === 'count.md')!)
      rewrite(JSON.stringify(data))
      expect(await sheet(bank, ['--format', 'md'], cache), name).toBe(full)
    }
    // On a question whose kind draws none (an open question), even a well-formed one is refused.
    const cache = testdir()
    const withOpen = agedCopy(BUNDLED)
    const fullBundled = await sheet(withOpen, ['--format', 'md'], undefined)
    await sheet(withOpen, ['--format', 'md'], cache)
    const { light, rewrite } = lightPart(indexPath(cache, withOpen))
    const data = JSON.parse(light) as { files: { question?: { type: string }; solved?: unknown }[] }
    data.files.find((f) => f.question?.type === 'open')!.solved = { kind: 'answer', text: 'FORGED ANSWER' }
    rewrite(JSON.stringify(data))
    const after = await sheet(withOpen, ['--format', 'md'], cache)
    expect(after).not.toContain('FORGED ANSWER')
    expect(after).toBe(fullBundled)
  })

  it('survive an index rewritten for one changed file: the others keep theirs, copied', async () => {
    const bank = agedCopy(KINDS)
    const cache = testdir()
    const solvedOf = () => {
      const data = JSON.parse(lightPart(indexPath(cache, bank)).light) as { files: { rel: string; solved?: unknown }[] }
      return Object.fromEntries(data.files.map((f) => [f.rel, f.solved]))
    }
    await sheet(bank, ['--format', 'md'], cache)
    const first = solvedOf()
    expect(
      Object.keys(first)
        .filter((rel) => first[rel] !== undefined)
        .sort(),
    ).toEqual(['bug.md', 'cloze.md', 'count.md', 'order.md', 'output.md'])
    const path = join(bank, 'count.md')
    writeFileSync(path, `${readFileSync(path, 'utf8')}\nOne more line.\n`)
    // Old enough to be indexed again; every other file keeps its time, so its entry is copied.
    const old = new Date(Date.now() - 3_600_000)
    utimesSync(path, old, old)
    await sheet(bank, ['--format', 'md'], cache)
    expect(solvedOf()).toEqual(first)
  })
})
