// The bank cache and the new kinds' fields: a cached load equals a fresh parse, an edit to any new field shows,
// and the long fields stay out of the light part (read when first asked for).
import { cpSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LAZY_FIELDS } from '../src/core/kinds/index.ts'
import { loadBank } from '../src/io/bank.ts'
import { indexPath } from '../src/io/cache.ts'
import { testdir } from './helpers/testdir.ts'
import { partText } from './helpers/index-file.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url))

function fixtureCopy() {
  const dir = testdir()
  cpSync(FIXTURE, dir, { recursive: true })
  const when = new Date(Date.now() - 3_600_000)
  for (const f of readdirSync(dir)) utimesSync(join(dir, f), when, when)
  return { dir, cache: testdir() }
}

const plain = (dir: string, cache?: string) => JSON.parse(JSON.stringify(loadBank(dir, cache ? { cacheDir: cache } : {}).questions)) as Record<string, unknown>[]

describe('the cache and the new kinds', () => {
  it('a load from the cache equals a fresh parse, every new field included', () => {
    const { dir, cache } = fixtureCopy()
    plain(dir, cache) // writes the index
    const cached = plain(dir, cache)
    expect(cached).toEqual(plain(dir))
    const byId = Object.fromEntries(cached.map((q) => [q['id'], q]))
    expect(byId['middleware-order']!['items']).toHaveLength(4)
    expect(byId['middleware-order']!['followUps']).toEqual(['orm-count-loop', 'And for an exception raised in the view?'])
    expect(byId['orm-cloze-filter']!['gaps']).toEqual([['filter'], ['author__name', 'author__name__exact']])
    expect(byId['orm-bug-loop']).toMatchObject({ answer: [1], fix: 'books = Book.objects.select_related("author")' })
    expect(byId['orm-count-loop']!['answer']).toBe(4)
    expect(byId['orm-output-exists']!['answer']).toBe('False\n0')
  })

  it.each([
    ['order.md', /- the view/, '- the view, then the template', (q: Record<string, unknown>) => (q['items'] as string[])[2], 'the view, then the template'],
    ['cloze.md', /- filter\n/, '- exclude\n', (q: Record<string, unknown>) => (q['gaps'] as string[][])[0]![0], 'exclude'],
    ['bug.md', /^fix: .*$/m, 'fix: Book.objects.none()', (q: Record<string, unknown>) => q['fix'], 'Book.objects.none()'],
    ['count.md', /^answer: 4$/m, 'answer: 5', (q: Record<string, unknown>) => q['answer'], 5],
    ['output.md', / {2}0\n/, '  1\n', (q: Record<string, unknown>) => q['answer'], 'False\n1'],
  ])('an edit to %s shows on the next load', (file, from, to, read, expected) => {
    const { dir, cache } = fixtureCopy()
    const before = plain(dir, cache)
    const path = join(dir, file)
    writeFileSync(path, readFileSync(path, 'utf8').replace(from, to))
    const when = new Date(Date.now() - 1_800_000)
    utimesSync(path, when, when)
    const after = plain(dir, cache)
    expect(after).toEqual(plain(dir))
    expect(after).not.toEqual(before)
    const edited = after.find((q) => q['file'] === file)!
    expect(read(edited)).toEqual(expected)
  })

  it('the long fields of the new kinds are lazy: not in the light part of the index', () => {
    const { dir, cache } = fixtureCopy()
    plain(dir, cache)
    for (const field of ['items', 'gaps', 'fix', 'answer', 'accept']) expect(LAZY_FIELDS.has(field)).toBe(true)
    // The checks across files read these on every load: reading them lazily would read every record.
    for (const field of ['related', 'followUps', 'id']) expect(LAZY_FIELDS.has(field)).toBe(false)
    const light = partText(indexPath(cache, dir), 'light')
    expect(light).toContain('"items"') // as a key name
    // Its values only in the solved forms the cheat sheet draws, kept beside the questions.
    const files = (JSON.parse(light) as { files: { question: Record<string, unknown>; solved?: unknown }[] }).files
    expect(files.every((f) => f.solved !== undefined)).toBe(true)
    const questions = JSON.stringify(files.map((f) => f.question))
    expect(questions).not.toContain('SecurityMiddleware.process_request')
    expect(questions).not.toContain('author__name__exact')
    expect(light).not.toContain('author__name__exact') // an accepted alternative: the solved form shows the first only
  })
})
