// `list --json` of unchanged banks copies the rows their indexes keep (listedRows in src/io/bank.ts):
// the same bytes as listing the loaded bank, and never used once anything they describe changed.
import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { list, type ListOptions } from '../src/commands/list.ts'
import { loadBank } from '../src/io/bank.ts'
import { indexPath, readIndex } from '../src/io/cache.ts'
import { partText, rewritePart } from './helpers/index-file.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { ageTree, questionFile, testdir } from './helpers/testdir.ts'

// Topics in an order that is not the folders' (the bank's order is the manifest's).
const MANIFEST = 'id: sample\ntitle: Sample bank\ntopics:\n  - id: security\n    title: Security\n  - id: orm\n    title: ORM\n'

function bank(extra: Record<string, string> = {}): string {
  const dir = testdir({
    'bank.yml': MANIFEST,
    'a-orm/one.md': questionFile({ id: 'orm-one', title: 'Café au lait, naïve résumé' }),
    'a-orm/two.md': questionFile({ id: 'orm-two', title: 'Hidden \u202e text', tags: '[x, "y z"]' }),
    'b-security/three.md': questionFile({ id: 'sec-three', topic: 'security', summary: 'A "quoted" summary \\ with a backslash.' }),
    'b-security/broken.md': '---\nid: broken\n---\nno front matter end',
    'b-security/dup.md': questionFile({ id: 'orm-one', topic: 'security', title: 'Taken id' }),
    ...extra,
  })
  ageTree(dir, 3600)
  return dir
}

async function run(banks: string[], cache: string | undefined, options: Partial<ListOptions> = {}, tty = false) {
  const runtime = memoryRuntime({ env: { DJANGO_DRILL_CACHE: cache ?? 'off' }, stdoutIsTTY: tty })
  await list({ json: true, bank: banks, ...options }, runtime)
  return { stdout: runtime.stdout.join('\n'), stderr: runtime.stderr.join('\n') }
}

/** Lists a bank three times: without the cache, writing its index, and from the index. */
async function threeWays(banks: string[]) {
  const cache = testdir()
  const reference = await run(banks, undefined)
  const writing = await run(banks, cache)
  const copied = await run(banks, cache)
  return { cache, reference, writing, copied }
}

/** Puts another title in the stored rows of `dir`'s index, to see whether they are what is printed. */
function doctorRows(cache: string, dir: string): void {
  const path = indexPath(cache, dir)
  rewritePart(path, 'rows', Buffer.from(partText(path, 'rows').replace('Café au lait', 'Doctored'), 'utf8'))
}

describe('list --json from the rows of an index', () => {
  it('prints the same bytes as from the loaded bank: order, text, escapes, skipped files', async () => {
    const dir = bank()
    const { cache, reference, writing, copied } = await threeWays([dir])
    expect(partText(indexPath(cache, dir), 'rows')).not.toBe('')
    expect(writing).toEqual(reference)
    expect(copied).toEqual(reference)
    const ids = (JSON.parse(reference.stdout) as { id: string }[]).map((q) => q.id)
    expect(ids).toEqual(['sec-three', 'orm-one', 'orm-two'])
    expect(reference.stdout).toContain('Café au lait')
    expect(reference.stderr).toContain('Skipped 2 invalid question files')
  })

  it('writes an index from which later commands read every text', async () => {
    const dir = bank()
    const { cache } = await threeWays([dir])
    // Texts come from the index itself, never from the files again.
    const index = readIndex(cache, dir, { recover: () => 'read again' })!
    const cached = index.files.flatMap((f) => (f.question ? [f.question] : []))
    const parsed = loadBank(dir).questions
    expect(parsed).toHaveLength(3)
    for (const q of parsed) expect({ ...cached.find((c) => c.file === q.file) }).toEqual(q)
  })

  it('prints the stored rows of an unchanged bank', async () => {
    const dir = bank()
    const { cache } = await threeWays([dir])
    doctorRows(cache, dir)
    expect((await run([dir], cache)).stdout).toContain('Doctored')
  })

  it('of several banks, in bank order', async () => {
    const dirs = [bank(), bank({ 'b-security/four.md': questionFile({ id: 'sec-four', topic: 'security' }) })]
    const { reference, copied } = await threeWays(dirs)
    expect(copied).toEqual(reference)
    expect(JSON.parse(reference.stdout)).toHaveLength(7)
  })

  const changes: Record<string, (dir: string) => void> = {
    'a file edited in place (same size, new time)': (dir) => utimesSync(join(dir, 'a-orm/one.md'), new Date(), new Date()),
    'a file added': (dir) => writeFileSync(join(dir, 'a-orm/new.md'), questionFile({ id: 'orm-new' })),
    'a file removed': (dir) => rmSync(join(dir, 'a-orm/two.md')),
    'a file renamed': (dir) => renameSync(join(dir, 'a-orm/two.md'), join(dir, 'a-orm/zwei.md')),
    'bank.yml edited': (dir) => writeFileSync(join(dir, 'bank.yml'), MANIFEST.replace('Sample bank', 'Sample bank!')),
    'a file added at the top': (dir) => writeFileSync(join(dir, 'c.md'), questionFile({ id: 'orm-c' })),
    'a folder added': (dir) => {
      mkdirSync(join(dir, 'c-new'))
      writeFileSync(join(dir, 'c-new/c.md'), questionFile({ id: 'orm-c' }))
    },
  }
  for (const [what, change] of Object.entries(changes)) {
    it(`are not used after ${what}`, async () => {
      const dir = bank()
      const { cache } = await threeWays([dir])
      doctorRows(cache, dir)
      change(dir)
      const after = await run([dir], cache)
      expect(after.stdout).not.toContain('Doctored')
      expect(after).toEqual(await run([dir], undefined))
    })
  }

  it('are not used when one of several banks changed', async () => {
    const dirs = [bank(), bank()]
    const { cache } = await threeWays(dirs)
    doctorRows(cache, dirs[0]!)
    utimesSync(join(dirs[1]!, 'a-orm/one.md'), new Date(), new Date())
    expect((await run(dirs, cache)).stdout).not.toContain('Doctored')
  })

  const asks: Record<string, [Partial<ListOptions>, boolean]> = {
    'a topic filter': [{ topic: ['orm'] }, false],
    'a tag filter': [{ tag: ['x'] }, false],
    'a search': [{ search: 'café' }, false],
    'a progress filter': [{ new: true }, false],
    'a terminal (indented JSON)': [{}, true],
  }
  for (const [what, [options, tty]] of Object.entries(asks)) {
    it(`are not used for ${what}`, async () => {
      const dir = bank()
      const { cache } = await threeWays([dir])
      doctorRows(cache, dir)
      expect((await run([dir], cache, options, tty)).stdout).not.toContain('Doctored')
    })
  }

  // Whatever the index holds, the bank's own output comes out: a damaged part is a miss.
  const damages: Record<string, (path: string) => void> = {
    'rows that are not UTF-8': (path) => rewritePart(path, 'rows', Buffer.concat([Buffer.from(partText(path, 'rows'), 'utf8'), Buffer.from([0xff, 0x7d])])),
    'rows that are not JSON objects': (path) => rewritePart(path, 'rows', Buffer.from(`Doctored${partText(path, 'rows')}`, 'utf8')),
    'a table of another build': (path) => rewritePart(path, 'table', Buffer.from(partText(path, 'table').replace('"build":"', '"build":"x'), 'latin1')),
    'a table whose sizes do not match its files': (path) => rewritePart(path, 'table', Buffer.from(partText(path, 'table').replace('"sizes":[', '"sizes":[1,'), 'latin1')),
    'a table naming a file outside the bank': (path) => rewritePart(path, 'table', Buffer.from(partText(path, 'table').replace('"files":["', '"files":["../'), 'latin1')),
    'a table that is not JSON': (path) => rewritePart(path, 'table', Buffer.from(partText(path, 'table').slice(1), 'latin1')),
  }
  for (const [what, damage] of Object.entries(damages)) {
    it(`are not used with ${what}`, async () => {
      const dir = bank()
      const { cache, reference } = await threeWays([dir])
      doctorRows(cache, dir)
      damage(indexPath(cache, dir))
      expect(await run([dir], cache)).toEqual(reference)
    })
  }
})

describe('rows from a poisoned index, printed by the built CLI', () => {
  it('reach the terminal escaped, like any output', async () => {
    const { drill } = await import('./helpers/bin.ts')
    const dir = bank()
    const cache = testdir()
    const env = { DJANGO_DRILL_CACHE: cache, DJANGO_DRILL_HOME: testdir() }
    expect(drill(['--bank', dir, 'list', '--json'], { env }).status).toBe(0)
    const path = indexPath(cache, dir)
    // Valid UTF-8 rows with an OSC 52 (clipboard) sequence, a CSI in its C1 form and a bidi override, raw.
    rewritePart(path, 'rows', Buffer.from(partText(path, 'rows').replace('Café au lait', 'X\u001b]52;c;aGk=\u0007\u009b2J\u202eY'), 'utf8'))
    const r = drill(['--bank', dir, 'list', '--json'], { env })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('X\\x1b]52;c;aGk=\\x07\\u009b2J\\u202eY')
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/)
  })
})
