import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyFilter, emptyFilter } from '../src/core/filter.ts'
import { loadBank } from '../src/io/bank.ts'
import { cacheDir, indexPath, readIndex, withTexts, writeIndex } from '../src/io/cache.ts'
import { openLibrary } from '../src/io/library.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { ageTree, MANIFEST, questionFile, testdir } from './helpers/testdir.ts'
import type { Question } from '../src/core/types.ts'
import { partText } from './helpers/index-file.ts'

const q = (id: string, extra: Record<string, string | null> = {}, body?: string) => questionFile({ id, ...extra }, body)

/** Gives files a modification time `secondsAgo` in the past (files written just now are never cached). */
function age(dir: string, files: string[], secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000)
  for (const f of files) utimesSync(join(dir, f), when, when)
}

function bankWith(files: Record<string, string>) {
  const dir = testdir({ 'bank.yml': MANIFEST, ...files })
  age(dir, ['bank.yml', ...Object.keys(files)], 3600)
  const cache = testdir()
  return { dir, cache }
}

const summary = (dir: string, cache?: string) => {
  const bank = loadBank(dir, cache ? { cacheDir: cache } : {})
  return { ids: bank.questions.map((x) => `${x.id}:${x.title}`), problems: bank.problems, skipped: bank.skipped }
}

/** Changes one question's title inside the stored index, to see whether the index is used. */
function doctor(cache: string, dir: string, rel: string, title: string): void {
  const index = readIndex(cache, dir)!
  index.files.find((f) => f.rel === rel)!.question!.title = title
  writeIndex(cache, index)
}

describe('the parsed-bank cache', () => {
  it('reuses an entry whose file has the same size and modification time', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 'b.md': q('orm-b') })
    summary(dir, cache)
    expect(readIndex(cache, dir)?.files.map((f) => f.rel)).toEqual(['a.md', 'b.md'])
    doctor(cache, dir, 'a.md', 'FROM THE CACHE')
    expect(summary(dir, cache).ids).toEqual(['orm-a:FROM THE CACHE', 'orm-b:A sample question'])
  })

  it('is never stale: an edited, an added and a deleted file between two loads all show', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 'b.md': q('orm-b'), 'c.md': q('orm-c') })
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question', 'orm-b:A sample question', 'orm-c:A sample question'])

    writeFileSync(join(dir, 'a.md'), q('orm-a', { title: 'Edited title' }))
    writeFileSync(join(dir, 'd.md'), q('orm-d', { title: 'Added' }))
    rmSync(join(dir, 'c.md'))
    age(dir, ['a.md', 'd.md'], 1800)

    const second = summary(dir, cache)
    expect(second.ids).toEqual(['orm-a:Edited title', 'orm-b:A sample question', 'orm-d:Added'])
    expect(second).toEqual(summary(dir)) // exactly what a load without the cache gives
    expect(readIndex(cache, dir)?.files.map((f) => f.rel)).toEqual(['a.md', 'b.md', 'd.md'])
  })

  it('forgets a deleted file, even when nothing else changed', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 'b.md': q('orm-b') })
    summary(dir, cache)
    rmSync(join(dir, 'b.md'))
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question'])
    expect(readIndex(cache, dir)?.files.map((f) => f.rel)).toEqual(['a.md'])
  })

  it('re-reads a file of the same size with a newer modification time', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', { title: 'A sample question' }) })
    summary(dir, cache)
    const edited = q('orm-a', { title: 'A simple question' })
    expect(edited.length).toBe(readFileSync(join(dir, 'a.md'), 'utf8').length)
    writeFileSync(join(dir, 'a.md'), edited)
    age(dir, ['a.md'], 1800)
    expect(summary(dir, cache).ids).toEqual(['orm-a:A simple question'])
  })

  it('re-reads a file whose size changed but whose time was put back', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    summary(dir, cache)
    const { atime, mtime } = statSync(join(dir, 'a.md'))
    writeFileSync(join(dir, 'a.md'), q('orm-a', { title: 'Longer edited title' }))
    utimesSync(join(dir, 'a.md'), atime, mtime) // the very time of the cached entry
    expect(statSync(join(dir, 'a.md')).mtimeMs).toBe(readIndex(cache, dir)?.files[0]?.mtimeMs)
    expect(summary(dir, cache).ids).toEqual(['orm-a:Longer edited title'])
  })

  it('keeps cached problems, and a fixed file becomes valid', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 'b.md': q('orm-b', { difficulty: 'expert' }) })
    const first = summary(dir, cache)
    expect(first.skipped).toBe(1)
    expect(summary(dir, cache)).toEqual(first)
    writeFileSync(join(dir, 'b.md'), q('orm-b'))
    age(dir, ['b.md'], 1800)
    expect(summary(dir, cache)).toMatchObject({ ids: ['orm-a:A sample question', 'orm-b:A sample question'], problems: [], skipped: 0 })
  })

  it('still checks across files: a new file reusing a cached id is a duplicate', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', { related: '[orm-z]' }) })
    expect(summary(dir, cache).problems.map((p) => p.field)).toEqual(['related'])
    writeFileSync(join(dir, 'b.md'), q('orm-a'))
    writeFileSync(join(dir, 'c.md'), q('orm-z'))
    age(dir, ['b.md', 'c.md'], 1800)
    const second = summary(dir, cache)
    expect(second.problems).toEqual([{ file: 'b.md', line: 2, field: 'id', reason: '"orm-a" is also the id of a.md', severity: 'error' }])
    expect(second.ids).toEqual(['orm-a:A sample question', 'orm-z:A sample question'])
  })

  it('parses everything again when bank.yml changes', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 's.md': q('sec-a', { topic: 'security' }) })
    summary(dir, cache)
    doctor(cache, dir, 'a.md', 'FROM THE CACHE')
    writeFileSync(join(dir, 'bank.yml'), MANIFEST.replace(/ {2}- id: security\n {4}title: Security\n/, ''))
    age(dir, ['bank.yml'], 1800)
    const second = summary(dir, cache)
    expect(second.ids).toEqual(['orm-a:A sample question'])
    expect(second.problems).toEqual([expect.objectContaining({ file: 's.md', field: 'topic', severity: 'error' })])
  })

  it('ignores a corrupt or truncated index and writes a good one', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    summary(dir, cache)
    const good = readFileSync(indexPath(cache, dir))
    for (const bad of [Buffer.from('{"format":2,"files":[{"rel":"a.md"'), good.subarray(0, good.length - 10), good.subarray(0, 40), Buffer.alloc(0)]) {
      writeFileSync(indexPath(cache, dir), bad)
      expect(summary(dir, cache)).toEqual(summary(dir))
      expect(readIndex(cache, dir)?.files).toHaveLength(1)
    }
  })

  it('ignores an index written by another build, or for another folder', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    summary(dir, cache)
    const index = readIndex(cache, dir)!
    index.files[0]!.question!.title = 'FROM THE CACHE'
    writeIndex(cache, { ...index, build: 'another build' })
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question'])
    const elsewhere = testdir()
    writeIndex(cache, { ...index, dir: elsewhere })
    writeFileSync(indexPath(cache, dir), readFileSync(indexPath(cache, elsewhere)))
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question'])
  })

  it('gives cached questions exactly as parsed ones, texts and field order included', () => {
    const { dir, cache } = bankWith({
      'a.md': q('orm-a', { django: '"5.2"', tags: '[x, y]', title: '"Café — naïve “quotes” 😀?"' }, 'Prompt with “quotes” and ```code```\n\n## Answer\n\nAnswer — with é.\n'),
      'b.md': q('orm-b', { type: 'choice', key_points: null, answer: '"yes"', distractors: '["no", "maybe"]' }),
    })
    const fresh = loadBank(dir)
    const writing = loadBank(dir, { cacheDir: cache }) // its questions read their texts from the index it wrote
    const cached = loadBank(dir, { cacheDir: cache })
    expect(JSON.stringify(writing)).toBe(JSON.stringify(fresh))
    expect(JSON.stringify(cached)).toBe(JSON.stringify(fresh))
    expect(cached.questions.map((x) => ({ ...x }))).toEqual(fresh.questions)
    expect(structuredClone(cached.questions)).toEqual(fresh.questions)
    expect(cached.questions[0]!.explanation).toBe('Answer — with é.')
    expect(cached.questions[0]!.title).toBe('Café — naïve “quotes” 😀?')
    expect((cached.questions[1] as { distractors: string[] }).distractors).toEqual(['no', 'maybe'])
  })

  it('gives a larger bank back the same, its long texts only in the records, not the light part', () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 40; i++) {
      const type: Record<string, string | null> = i % 3 === 0 ? { type: 'short', key_points: null, answer: `"a${i}"` } : {}
      files[`${i % 2 ? 'orm' : 'security'}/q${String(i).padStart(2, '0')}.md`] = q(`q-${i}`, {
        topic: i % 2 ? 'orm' : 'security',
        difficulty: ['beginner', 'advanced'][i % 2]!,
        tags: `[t${i % 4}]`,
        ...type,
      })
    }
    const { dir, cache } = bankWith(files)
    const fresh = loadBank(dir)
    expect(fresh.problems).toEqual([])
    loadBank(dir, { cacheDir: cache })
    expect(JSON.stringify(loadBank(dir, { cacheDir: cache }))).toBe(JSON.stringify(fresh))
    const index = readFileSync(indexPath(cache, dir), 'latin1')
    const light = partText(indexPath(cache, dir), 'light')
    for (let i = 0; i < 40; i++) expect(light).toContain(`"id":"q-${i}"`)
    expect(index).toContain('It is a sample.')
    expect(light).not.toContain('It is a sample.')
  })

  it('reads texts of cached questions from the file again if the index is damaged after loading', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, 'The prompt.\n\n## Answer\n\nThe answer.\n') })
    loadBank(dir, { cacheDir: cache })
    const bank = loadBank(dir, { cacheDir: cache })
    const path = indexPath(cache, dir)
    writeFileSync(path, 'x'.repeat(readFileSync(path).length)) // same file, overwritten in place
    expect([bank.questions[0]!.prompt, bank.questions[0]!.explanation]).toEqual(['The prompt.', 'The answer.'])
  })

  it('a damaged record whose file no longer parses is a clear error naming the file, not an internal one', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, 'The prompt.\n\n## Answer\n\nThe answer.\n') })
    loadBank(dir, { cacheDir: cache })
    const bank = loadBank(dir, { cacheDir: cache })
    const path = indexPath(cache, dir)
    writeFileSync(path, 'x'.repeat(readFileSync(path).length))
    writeFileSync(join(dir, 'a.md'), q('orm-a', { title: null }))
    const read = () => bank.questions[0]!.prompt
    expect(read).toThrow(
      expect.objectContaining({
        name: 'DrillError',
        exitCode: 1,
        message: expect.stringMatching(/^a\.md changed while django-drill was using it and no longer parses \(title: is required\)/),
      }),
    )
    // A file that now holds another question is not taken for this one.
    writeFileSync(join(dir, 'a.md'), q('orm-other'))
    expect(read).toThrow(/a\.md changed while django-drill was using it and now has the id "orm-other"/)
  })

  it('keeps texts when a later run rewrites the index (copied, not re-parsed)', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, 'First prompt.\n\n## Answer\n\nFirst answer.\n') })
    loadBank(dir, { cacheDir: cache })
    writeFileSync(join(dir, 'b.md'), q('orm-b'))
    age(dir, ['b.md'], 1800)
    loadBank(dir, { cacheDir: cache }) // reuses a.md, parses b.md, rewrites the index
    const third = loadBank(dir, { cacheDir: cache })
    expect(third.questions.map((x) => [x.id, x.prompt, x.explanation])).toEqual([
      ['orm-a', 'First prompt.', 'First answer.'],
      ['orm-b', 'What is it?', 'It is a sample.'],
    ])
  })

  it('does not cache a file modified a moment ago (its next edit could keep size and time)', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    writeFileSync(join(dir, 'b.md'), q('orm-b'))
    summary(dir, cache)
    expect(readIndex(cache, dir)?.files.map((f) => f.rel)).toEqual(['a.md'])
  })

  it('removes indexes not written for a month, and leftovers of a writer that died', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    const { dir: other } = bankWith({ 'b.md': q('orm-b') })
    summary(other, cache)
    const banks = join(cache, 'banks')
    const old = new Date(Date.now() - 31 * 86_400_000)
    utimesSync(indexPath(cache, other), old, old)
    const leftover = `${basename(indexPath(cache, other))}.0123456789abcdef.tmp`
    writeFileSync(join(banks, leftover), 'half')
    const hourAgo = new Date(Date.now() - 2 * 3_600_000)
    utimesSync(join(banks, leftover), hourAgo, hourAgo)
    // Old files the tool did not write are not its to delete.
    for (const name of ['notes.txt', 'x.idx.123.tmp']) {
      writeFileSync(join(banks, name), 'not ours')
      utimesSync(join(banks, name), old, old)
    }
    summary(dir, cache) // writes this bank's index, and prunes
    expect(readdirSync(banks).sort()).toEqual([basename(indexPath(cache, dir)), 'notes.txt', 'x.idx.123.tmp'].sort())
  })

  it('is not used without a cache folder, as validate loads', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    summary(dir, cache)
    doctor(cache, dir, 'a.md', 'FROM THE CACHE')
    expect(summary(dir).ids).toEqual(['orm-a:A sample question'])
  })

  it('is used by openLibrary, in DJANGO_DRILL_CACHE', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a') })
    const runtime = memoryRuntime({ env: { DJANGO_DRILL_CACHE: cache } })
    openLibrary(runtime, [dir])
    expect(existsSync(indexPath(cache, dir))).toBe(true)
    doctor(cache, dir, 'a.md', 'FROM THE CACHE')
    expect(openLibrary(runtime, [dir]).questions.map((x) => x.title)).toEqual(['FROM THE CACHE'])
  })

  it.each([
    [{ DJANGO_DRILL_CACHE: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' }, '/c'],
    [{ XDG_CACHE_HOME: '/x', HOME: '/h' }, '/x/django-drill'],
    [{ XDG_CACHE_HOME: 'relative', HOME: '/h' }, '/h/.cache/django-drill'],
    [{ HOME: '/h' }, '/h/.cache/django-drill'],
    [{ DJANGO_DRILL_CACHE: 'off', HOME: '/h' }, undefined],
    [{}, undefined],
  ])('lives in %j → %s', (env, expected) => {
    expect(cacheDir(env)).toBe(expected)
  })
})

describe('the cache across real runs of the built CLI', () => {
  it('shows an edited, an added and a deleted file on the next run', async () => {
    const { drill } = await import('./helpers/bin.ts')
    const { dir, cache } = bankWith({ 'a.md': q('orm-a'), 'b.md': q('orm-b'), 'c.md': q('orm-c') })
    const env = { DJANGO_DRILL_CACHE: cache, DJANGO_DRILL_HOME: testdir() }
    const titles = () => {
      const r = drill(['--bank', dir, 'list', '--json'], { env })
      expect(r.stderr).toBe('')
      return (JSON.parse(r.stdout) as { id: string; title: string }[]).map((x) => `${x.id}:${x.title}`)
    }
    expect(titles()).toEqual(['orm-a:A sample question', 'orm-b:A sample question', 'orm-c:A sample question'])
    expect(existsSync(indexPath(cache, dir))).toBe(true)
    writeFileSync(join(dir, 'a.md'), q('orm-a', { title: 'Edited title' }))
    writeFileSync(join(dir, 'd.md'), q('orm-d', { title: 'Added' }))
    rmSync(join(dir, 'c.md'))
    age(dir, ['a.md', 'd.md'], 1800)
    expect(titles()).toEqual(['orm-a:Edited title', 'orm-b:A sample question', 'orm-d:Added'])
  })
})

describe('a cached question', () => {
  it('can have its texts assigned, like a parsed one', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, 'P.\n\n## Answer\n\nE.\n') })
    loadBank(dir, { cacheDir: cache })
    const question = loadBank(dir, { cacheDir: cache }).questions[0]!
    question.prompt = 'New prompt'
    expect([question.prompt, question.explanation]).toEqual(['New prompt', 'E.'])
    expect(Object.keys(question)).toEqual(Object.keys(loadBank(dir).questions[0]!))
    // An index written from an edited question keeps the edit, not the bytes it was read from.
    writeIndex(cache, { ...readIndex(cache, dir)!, files: [{ ...readIndex(cache, dir)!.files[0]!, question }] })
    expect(loadBank(dir, { cacheDir: cache }).questions[0]!.prompt).toBe('New prompt')
  })
})

describe('listing a bank from its index', () => {
  const ageAll = ageTree

  function agedBank(files: Record<string, string>) {
    const dir = testdir({ 'bank.yml': MANIFEST, ...files })
    ageAll(dir, 3600)
    return { dir, cache: testdir() }
  }

  const files = { 'a.md': q('orm-a'), 'orm/b.md': q('orm-b'), 'orm/deep/c.md': q('orm-c') }

  it('records the folder times when the bank has not changed for a while, and not otherwise', () => {
    const { dir, cache } = agedBank(files)
    summary(dir, cache)
    expect(readIndex(cache, dir)?.listing?.dirs.map(([rel]) => rel)).toEqual(['', 'orm', 'orm/deep'])
    const fresh = testdir({ 'bank.yml': MANIFEST, ...files })
    age(fresh, ['bank.yml', ...Object.keys(files)], 3600) // files old, folders just made
    summary(fresh, cache)
    expect(readIndex(cache, fresh)?.files).toHaveLength(3)
    expect(readIndex(cache, fresh)?.listing).toBeUndefined()
  })

  it('uses them: the index alone gives the files while no folder changed', () => {
    const { dir, cache } = agedBank(files)
    summary(dir, cache)
    // A file the index does not list, added with its folder's time put back, is not looked for.
    const { atime, mtime } = statSync(join(dir, 'orm'))
    writeFileSync(join(dir, 'orm', 'z.md'), q('orm-z'))
    age(dir, ['orm/z.md'], 3600)
    utimesSync(join(dir, 'orm'), atime, mtime)
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question', 'orm-b:A sample question', 'orm-c:A sample question'])
  })

  it('notices a file added, removed or renamed in any folder (its time changed)', () => {
    const { dir, cache } = agedBank(files)
    summary(dir, cache)
    writeFileSync(join(dir, 'orm', 'deep', 'd.md'), q('orm-d'))
    age(dir, ['orm/deep/d.md'], 1800)
    expect(summary(dir, cache).ids).toContain('orm-d:A sample question')
    ageAll(dir, 3000)
    summary(dir, cache)
    rmSync(join(dir, 'orm', 'b.md'))
    expect(summary(dir, cache).ids).toEqual(['orm-a:A sample question', 'orm-c:A sample question', 'orm-d:A sample question'])
    expect(summary(dir, cache)).toEqual(summary(dir))
  })

  it('records a folder time that changed with no question file changed (a dotfile added)', () => {
    const { dir, cache } = agedBank(files)
    summary(dir, cache)
    const before = readIndex(cache, dir)!.listing!.dirs.find(([rel]) => rel === 'orm')![1]
    writeFileSync(join(dir, 'orm', '.notes'), 'mine')
    const when = new Date(Date.now() - 1800_000)
    utimesSync(join(dir, 'orm'), when, when) // the question files keep their times
    const now = statSync(join(dir, 'orm')).mtimeMs
    expect(now).not.toBe(before)
    expect(summary(dir, cache)).toEqual(summary(dir))
    expect(readIndex(cache, dir)!.listing!.dirs.find(([rel]) => rel === 'orm')![1]).toBe(now)
  })

  it('trusts no listing whose paths leave the bank folder or name a dotfile', () => {
    const { dir, cache } = agedBank(files)
    summary(dir, cache)
    for (const rel of ['../outside.md', 'orm/../../outside.md', '.hidden/x.md', 'orm\\..\\x.md']) {
      const index = readIndex(cache, dir)!
      index.files[0]!.rel = rel
      writeIndex(cache, index)
      expect(readIndex(cache, dir), rel).toBeUndefined()
      expect(summary(dir, cache)).toEqual(summary(dir))
    }
  })
})

describe('light questions (listing without texts)', () => {
  const body = (n: string) => `Prompt ${n}.\n\n## Answer\n\nAnswer ${n}.\n`

  it('carry the light fields only, the same as a full load gives', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, body('a')), 'b.md': q('orm-b', { type: 'choice', answer: 'x', distractors: '[y, z]', key_points: null }) })
    const full = loadBank(dir)
    loadBank(dir, { cacheDir: cache })
    const light = loadBank(dir, { cacheDir: cache, light: true })
    expect(light.questions.map((x) => Object.keys(x))).toEqual(
      light.questions.map(() => ['bank', 'id', 'title', 'topic', 'difficulty', 'type', 'tags', 'summary', 'related', 'file']),
    )
    for (const [i, x] of light.questions.entries()) for (const key of Object.keys(x)) expect(x[key as keyof typeof x]).toEqual(full.questions[i]![key as keyof typeof x])
  })

  it('keep their texts in an index a light load rewrites: a later full load reads them from it', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, body('a')), 'b.md': q('orm-b', {}, body('b')) })
    loadBank(dir, { cacheDir: cache })
    writeFileSync(join(dir, 'a.md'), q('orm-a', { title: 'Edited' }, body('a2')))
    age(dir, ['a.md'], 1800)
    expect(loadBank(dir, { cacheDir: cache, light: true }).questions.map((x) => x.title)).toEqual(['Edited', 'A sample question'])
    expect(readIndex(cache, dir)?.files.map((f) => f.rel)).toEqual(['a.md', 'b.md']) // rewritten, and usable
    const bank = loadBank(dir, { cacheDir: cache })
    // b.md now says something else: its texts must come from the index, which still describes the file it read.
    writeFileSync(join(dir, 'b.md'), q('orm-other', {}, body('other')))
    expect(bank.questions.map((x) => [x.prompt, x.explanation])).toEqual([
      ['Prompt a2.', 'Answer a2.'],
      ['Prompt b.', 'Answer b.'],
    ])
  })

  it('a text search cannot run on them by mistake', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, body('a')) })
    loadBank(dir, { cacheDir: cache })
    const light = loadBank(dir, { cacheDir: cache, light: true })
    expect(() => applyFilter(light.questions, { ...emptyFilter(), search: 'prompt' })).toThrow(/needs its texts/)
  })
})

describe('writing an index whose light part outgrows memory', () => {
  it('spills the light entries to a temporary file and writes the same index, leaving no file behind', () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t${i}/q${i}.md`, q(`orm-q${i}`, { title: `Question ${i} ${'long '.repeat(i * 20)}` })]))
    const { dir, cache } = bankWith(files)
    age(dir, Object.keys(files), 3600)
    loadBank(dir, { cacheDir: cache })
    const index = readIndex(cache, dir)!
    const whole = (lightBuffer?: number) => {
      writeIndex(cache, index, Date.now(), lightBuffer)
      return readFileSync(indexPath(cache, dir))
    }
    const inMemory = whole()
    for (const size of [1, 64, 700, 4096]) {
      expect(whole(size).equals(inMemory), `light buffer of ${size} bytes`).toBe(true)
      expect(readdirSync(join(cache, 'banks')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    }
    expect(summary(dir, cache)).toEqual(summary(dir))
  })
})

describe('withTexts', () => {
  const body = (n: string) => `Prompt ${n}.\n\n## Answer\n\nAnswer ${n}.\n`
  const texts = (x: Question) => [x.id, x.prompt, x.explanation, x.keyPoints]

  it('gives a light question its texts, as a full load has them: from the index, from a first run, and without a cache', () => {
    const { dir, cache } = bankWith({ 'a.md': q('orm-a', {}, body('a')), 'b.md': q('orm-b', {}, body('b')) })
    const full = loadBank(dir).questions.map(texts)
    expect(loadBank(dir, { cacheDir: cache, light: true }).questions.map((x) => texts(withTexts(x)))).toEqual(full) // written now
    expect(loadBank(dir, { cacheDir: cache, light: true }).questions.map((x) => texts(withTexts(x)))).toEqual(full) // read back
    expect(loadBank(dir, { light: true }).questions.map((x) => texts(withTexts(x)))).toEqual(full) // parsed
    const light = loadBank(dir, { cacheDir: cache, light: true }).questions[0]!
    expect(Object.keys(withTexts(light))).toEqual(Object.keys(loadBank(dir, { cacheDir: cache }).questions[0]!))
  })
})
