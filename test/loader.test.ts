import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBank } from '../src/io/bank.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

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
