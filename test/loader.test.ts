import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listBankFiles, loadBank, type Listing } from '../src/io/bank.ts'
import type { Problem } from '../src/core/types.ts'
import { execFileSync } from 'node:child_process'
import { ageTree, MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import { readIndex } from '../src/io/cache.ts'

const q = (id: string, extra: Record<string, string | null> = {}) => questionFile({ id, ...extra })

describe('loadBank', () => {
  it('loads every question file below the folder, in nested folders too', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'orm/a.md': q('orm-a'), 'security/deep/b.md': q('orm-b', { topic: 'security' }) })
    const bank = loadBank(dir)
    expect(bank.problems).toEqual([])
    expect(bank.manifest.id).toBe('sample')
    expect(bank.questions.map((x) => [x.id, x.file, x.bank])).toEqual([
      ['orm-a', 'orm/a.md', 'sample'],
      ['orm-b', 'security/deep/b.md', 'sample'],
    ])
  })

  it('orders questions by the topics of bank.yml, then by file', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a-security/z.md': q('orm-z', { topic: 'security' }), 'b-orm/b.md': q('orm-b'), 'b-orm/a.md': q('orm-a') })
    expect(loadBank(dir).questions.map((x) => x.id)).toEqual(['orm-a', 'orm-b', 'orm-z'])
  })

  it('skips README files, dotfiles, non-markdown files and node_modules', () => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'README.md': '# not a question',
      '.hidden.md': 'nope',
      '.git/x.md': 'nope',
      'notes.txt': 'nope',
      'node_modules/pkg/readme.md': 'nope',
      'a.md': q('orm-a'),
    })
    const bank = loadBank(dir)
    expect(bank.problems).toEqual([])
    expect(bank.questions.map((x) => x.id)).toEqual(['orm-a'])
  })

  it('keeps loading the rest when one file is bad, and counts it as skipped', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a'), 'b.md': q('orm-b', { difficulty: 'expert' }), 'c.md': q('orm-c') })
    const bank = loadBank(dir)
    expect(bank.questions.map((x) => x.id)).toEqual(['orm-a', 'orm-c'])
    expect(bank.skipped).toBe(1)
    expect(bank.problems).toEqual([{ file: 'b.md', line: 5, field: 'difficulty', reason: expect.stringContaining('expert'), severity: 'error' }])
  })

  it('names both files of a duplicate id and keeps the first', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-same'), 'b.md': q('orm-same') })
    const bank = loadBank(dir)
    expect(bank.questions.map((x) => x.file)).toEqual(['a.md'])
    expect(bank.problems).toEqual([{ file: 'b.md', line: 2, field: 'id', reason: '"orm-same" is also the id of a.md', severity: 'error' }])
  })

  it('warns about related ids that do not exist', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a', { related: '[orm-b, orm-missing]' }), 'b.md': q('orm-b') })
    const bank = loadBank(dir)
    expect(bank.problems).toEqual([{ file: 'a.md', line: 13, field: 'related', reason: '"orm-missing" is not a question id in this bank', severity: 'warning' }])
  })

  it('refuses files over 256 KiB without reading them whole', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'big.md': q('orm-big') + 'x'.repeat(256 * 1024), 'ok.md': q('orm-ok') })
    const bank = loadBank(dir)
    expect(bank.questions.map((x) => x.id)).toEqual(['orm-ok'])
    expect(bank.problems[0]).toMatchObject({ file: 'big.md', field: 'file', reason: expect.stringContaining('over 256 KiB') })
  })

  it('refuses files that are not UTF-8', () => {
    const latin1 = Buffer.from(q('orm-latin').replace('A sample question', 'Caf\u00e9'), 'latin1')
    const dir = testdir({ 'bank.yml': MANIFEST, 'latin.md': latin1 })
    const bank = loadBank(dir)
    expect(bank.questions).toEqual([])
    expect(bank.problems).toEqual([{ file: 'latin.md', field: 'file', reason: 'is not valid UTF-8 text', severity: 'error' }])
  })

  it('survives a symlink loop and a directory named x.md', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a'), 'x.md/inner.md': q('orm-inner') })
    symlinkSync(dir, join(dir, 'loop'))
    mkdirSync(join(dir, 'sub'))
    symlinkSync(join(dir, 'sub'), join(dir, 'sub', 'again'))
    const bank = loadBank(dir)
    expect(bank.questions.map((x) => x.id).sort()).toEqual(['orm-a', 'orm-inner'])
    expect(bank.problems).toEqual([])
  })

  it('reports a broken symlink as a warning and goes on', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a') })
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'broken.md'))
    const bank = loadBank(dir)
    expect(bank.questions).toHaveLength(1)
    expect(bank.problems).toEqual([{ file: 'broken.md', field: 'file', reason: 'is a broken symbolic link', severity: 'warning' }])
  })

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a') })
    chmodSync(join(dir, 'a.md'), 0)
    expect(loadBank(dir).problems[0]).toMatchObject({ file: 'a.md', reason: expect.stringContaining('cannot be read') })
  })

  it('without bank.yml reports it and still loads the questions, topics taken from them', () => {
    const dir = testdir({ 'a.md': q('orm-a'), 'b.md': q('orm-b', { topic: 'security' }) })
    const bank = loadBank(dir)
    expect(bank.problems).toEqual([{ file: 'bank.yml', field: 'bank.yml', reason: expect.stringContaining('is missing'), severity: 'error' }])
    expect(bank.questions).toHaveLength(2)
    expect(bank.manifest.topics.map((t) => t.id)).toEqual(['orm', 'security'])
  })

  it('reports progress per file', () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a'), 'b.md': q('orm-b') })
    const calls: [number, number][] = []
    loadBank(dir, { onFile: (done, total) => calls.push([done, total]) })
    expect(calls).toEqual([
      [1, 2],
      [2, 2],
    ])
  })

  it('a ---js question that would write a file writes nothing', () => {
    const dir = testdir({ 'bank.yml': MANIFEST })
    const marker = join(dir, 'pwned.txt')
    const payload = `---js\n{ id: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 'orm-evil'), title: 'x' }\n---\nQ\n## Answer\nA\n`
    writeFileSync(join(dir, 'evil.md'), payload)
    writeFileSync(join(dir, 'evil2.md'), payload.replace('---js', '---javascript'))
    const bank = loadBank(dir)
    expect(bank.questions).toEqual([])
    expect(bank.problems.map((p) => p.file).sort()).toEqual(['evil.md', 'evil2.md'])
    expect(existsSync(marker)).toBe(false)
  })
})

describe('listing without stamps (a bank read whole)', () => {
  /** Every kind of entry a listing meets: nested and ignored folders, links to a file, a folder and nowhere, a FIFO, a name with a control character. */
  const tree = (): string => {
    const dir = testdir({
      'bank.yml': MANIFEST,
      'a.md': q('orm-a'),
      'README.md': '# not a question',
      '.hidden.md': 'nope',
      'notes.txt': 'nope',
      'node_modules/x.md': 'nope',
      'deep/er/b.md': q('orm-b'),
      'x.md/inner.md': q('orm-inner'),
      'odd\u0007name.md': q('orm-odd'),
      'other/c.md': q('orm-c'),
    })
    symlinkSync(join(dir, 'a.md'), join(dir, 'link.md'))
    symlinkSync(join(dir, 'other'), join(dir, 'linked'))
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'broken.md'))
    execFileSync('mkfifo', [join(dir, 'pipe.md')])
    return dir
  }

  it('finds the same files, paths and problems as the listing that stats every file', () => {
    const dir = tree()
    const list = (stamps: boolean) => {
      const problems: Problem[] = []
      const listing: Listing = { dirs: [], plain: true }
      const files = listBankFiles(dir, problems, listing, { stamps })
      return { files: files.map(({ rel, path }) => ({ rel, path })), problems, listing }
    }
    const stamped = list(true)
    expect(list(false)).toEqual(stamped)
    expect(stamped.files.map((f) => f.rel)).toEqual(['a.md', 'deep/er/b.md', 'link.md', 'linked/c.md', 'odd\\x07name.md', 'x.md/inner.md'])
    // The folder reached through its link first is not entered again by its own name.
    expect(stamped.problems.map((p) => p.file).sort()).toEqual(['broken.md', 'pipe.md'])
  })

  it('leaves out the stat of a regular file only; a link is still followed and stamped', () => {
    const dir = tree()
    const files = listBankFiles(dir, [], { dirs: [], plain: true }, { stamps: false })
    const byRel = new Map(files.map((f) => [f.rel, f]))
    expect(byRel.get('a.md')).toEqual({ rel: 'a.md' })
    expect(byRel.get('link.md')).toMatchObject({ size: lstatSync(join(dir, 'a.md')).size })
  })

  it("an index written from such a listing has each file's size and time as read, which the next run's listing compares with", () => {
    const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': q('orm-a'), 'sub/b.md': q('orm-b') })
    ageTree(dir, 60)
    const cacheDir = testdir()
    loadBank(dir, { cacheDir })
    const index = readIndex(cacheDir, dir)!
    expect(index.files.map(({ rel, size, mtimeMs }) => ({ rel, size, mtimeMs }))).toEqual(
      ['a.md', 'sub/b.md'].map((rel) => ({ rel, size: lstatSync(join(dir, rel)).size, mtimeMs: lstatSync(join(dir, rel)).mtimeMs })),
    )
  })
})
