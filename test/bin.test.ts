// The built bin as a user meets it: real processes, exit codes and output.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import Module from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleMap, HELP_BUNDLE, HOME_BUNDLE } from '../src/bundles.ts'
import { COMMANDS, GLOBAL_OPTIONS } from '../src/command-table.ts'
import { drill } from './helpers/bin.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

function fixtureBank() {
  return testdir({
    'bank.yml': MANIFEST,
    'orm/a.md': questionFile(
      { id: 'orm-select-related', title: 'What does select_related do?', tags: '[performance]' },
      'Explain `select_related`.\n\n## Answer\n\nIt follows **foreign keys** with a JOIN.\n\n```python\nBook.objects.select_related("author")\n```\n',
    ),
    'orm/b.md': questionFile({
      id: 'orm-prefetch',
      title: 'Prefetching',
      difficulty: 'advanced',
      type: 'choice',
      key_points: null,
      answer: '"prefetch_related"',
      distractors: '["select_related", "only"]',
    }),
    'security/c.md': questionFile({ id: 'security-csrf', title: 'CSRF', topic: 'security', difficulty: 'intermediate' }),
  })
}

describe('django-drill (built bin)', () => {
  it('--version prints the package version', () => {
    const r = drill(['--version'])
    expect(r.status).toBe(0)
    expect(r.stdout.trim()).toBe(pkg.version)
  })

  it('--help lists the commands with examples', () => {
    const r = drill(['--help'])
    expect(r.status).toBe(0)
    for (const word of ['list', 'show', 'topics', 'validate', '--bank', 'Examples:']) expect(r.stdout).toContain(word)
  })

  it('with no command and no terminal, prints the help', () => {
    const r = drill([])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Usage: django-drill')
  })

  it('an unknown command exits 2 and suggests the closest', () => {
    const r = drill(['topcs'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("unknown command 'topcs'\n(Did you mean topics?)")
  })

  it('an unknown option exits 2 with a hint and no stack trace', () => {
    const r = drill(['list', '--frobnicate'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("unknown option '--frobnicate'")
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('list --json on the bundled bank gives every question', () => {
    const r = drill(['list', '--json'])
    expect(r.status).toBe(0)
    const rows = JSON.parse(r.stdout) as { id: string; topic: string; difficulty: string; type: string; title: string }[]
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'topic', 'difficulty', 'type', 'title']))
  })

  it('list filters by topic, difficulty, type and search', () => {
    const bank = fixtureBank()
    const ids = (args: string[]) => (JSON.parse(drill(['--bank', bank, 'list', '--json', ...args]).stdout) as { id: string }[]).map((q) => q.id)
    expect(ids(['--topic', 'security'])).toEqual(['security-csrf'])
    expect(ids(['-d', 'advanced,intermediate'])).toEqual(['orm-prefetch', 'security-csrf'])
    expect(ids(['--type', 'choice'])).toEqual(['orm-prefetch'])
    expect(ids(['--tag', 'performance'])).toEqual(['orm-select-related'])
    expect(ids(['--search', 'JOIN foreign'])).toEqual(['orm-select-related'])
  })

  it('the table fits a narrow terminal width', async () => {
    const { list } = await import('../src/commands/list.ts')
    const { memoryRuntime } = await import('./helpers/runtime.ts')
    const runtime = memoryRuntime({ width: 50 })
    await list({ bank: [fixtureBank()] }, runtime)
    const lines = runtime.stdout.join('\n').split('\n')
    // Narrow: the topic (already in the id) and the type give way; ids stay whole, titles shrink.
    expect(lines[0]).toMatch(/^ID\s+LEVEL\s+TITLE$/)
    for (const id of ['orm-select-related', 'orm-prefetch', 'security-csrf'])
      expect(
        lines.some((l) => l.startsWith(`${id} `)),
        id,
      ).toBe(true)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50)
    expect(lines.some((l) => l.includes('…'))).toBe(true)
    // Wide enough, every column is back.
    const wide = memoryRuntime({ width: 120 })
    await list({ bank: [fixtureBank()] }, wide)
    expect(wide.stdout[0]!.split('\n')[0]).toMatch(/^ID\s+TOPIC\s+DIFFICULTY\s+TYPE\s+TITLE$/)
  })

  it('an unknown topic is a usage error listing the valid ones', () => {
    const r = drill(['--bank', fixtureBank(), 'list', '--topic', 'nope'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Unknown topic "nope". Valid values: orm, security')
  })

  it('an unknown difficulty and type are usage errors too', () => {
    expect(drill(['--bank', fixtureBank(), 'list', '-d', 'expert']).stderr).toContain('Valid values: beginner, intermediate, advanced')
    expect(drill(['--bank', fixtureBank(), 'list', '--type', 'essay']).status).toBe(2)
  })

  it('a filter that matches nothing says so and exits 1', () => {
    const r = drill(['--bank', fixtureBank(), 'list', '--tag', 'nothing-has-this'])
    expect(r.status).toBe(1)
    expect(r.stderr.trim()).toBe('No question matches --tag nothing-has-this.')
  })

  it('show renders the question, answer, code and references', () => {
    const r = drill(['--bank', fixtureBank(), 'show', 'orm-select-related'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('What does select_related do?')
    expect(r.stdout).toContain('It follows foreign keys with a JOIN.')
    expect(r.stdout).toContain('    Book.objects.select_related("author")')
    expect(r.stdout).toContain('https://docs.djangoproject.com/en/6.1/topics/db/queries/')
    expect(r.stdout).not.toContain('**')
  })

  it('show highlights Python when colour is forced', () => {
    const r = drill(['--bank', fixtureBank(), 'show', 'orm-select-related'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
    expect(r.stdout).toContain('\u001b[32m"author"\u001b[39m')
  })

  it('--no-color and NO_COLOR turn colour off even when forced', () => {
    const bank = fixtureBank()
    expect(drill(['--bank', bank, '--no-color', 'show', 'orm-select-related'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[')
    expect(drill(['--bank', bank, 'show', 'orm-select-related'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[')
  })

  it('show with an unknown id suggests the closest ids and exits 1', () => {
    const r = drill(['--bank', fixtureBank(), 'show', 'orm-select-relatd'])
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('No question with id "orm-select-relatd".')
    expect(r.stderr).toContain('Did you mean:\n  orm-select-related')
  })

  it('topics counts questions per difficulty', () => {
    const r = drill(['--bank', fixtureBank(), 'topics', '--json'])
    expect(JSON.parse(r.stdout)).toEqual([
      { id: 'orm', title: 'ORM', beginner: 1, intermediate: 0, advanced: 1, total: 2 },
      { id: 'security', title: 'Security', beginner: 0, intermediate: 1, advanced: 0, total: 1 },
    ])
  })

  describe('a broken bank', () => {
    const broken = () =>
      testdir({
        'bank.yml': MANIFEST,
        'a-good.md': questionFile({ id: 'orm-good' }),
        'bad-level.md': questionFile({ id: 'orm-bad', difficulty: 'expert' }),
        'dup.md': questionFile({ id: 'orm-good' }),
        'evil.md': '---js\n{ id: "orm-evil" }\n---\nQ\n## Answer\nA\n',
        'escape.md': questionFile({ id: 'orm-esc', title: '"Title \\e[31m red"' }),
      })

    it('validate prints file:line  field  reason for each problem, a count, and exits 1', () => {
      const r = drill(['validate', broken()])
      expect(r.status).toBe(1)
      const lines = r.stdout.trim().split('\n')
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/bad-level\.md:5 {2}difficulty {2}"expert" must be one of beginner, intermediate, advanced {2}\(error\)$/),
          expect.stringMatching(/dup\.md:2 {2}id {2}"orm-good" is also the id of a-good\.md {2}\(error\)$/),
          expect.stringMatching(/evil\.md:1 {2}front matter {2}front matter must be YAML; "---js" is refused and never evaluated {2}\(error\)$/),
          expect.stringMatching(/escape\.md:3 {2}title {2}contains control characters; they are shown escaped {2}\(warning\)$/),
        ]),
      )
      expect(lines.at(-1)).toBe('✘ 3 errors, 1 warning; 2 valid questions in 1 bank.')
      expect(r.stdout).not.toContain('\u001b')
    })

    it('validate --json gives the same problems', () => {
      const r = drill(['validate', broken(), '--json'])
      expect(r.status).toBe(1)
      const report = JSON.parse(r.stdout) as { ok: boolean; errors: number; warnings: number; problems: { field: string; line?: number }[] }
      expect(report).toMatchObject({ ok: false, errors: 3, warnings: 1 })
      expect(report.problems.map((p) => p.field).sort()).toEqual(['difficulty', 'front matter', 'id', 'title'])
    })

    it('validate --strict fails on warnings alone', () => {
      const dir = testdir({ 'bank.yml': MANIFEST, 'a.md': questionFile({ id: 'orm-a', author: 'me' }) })
      expect(drill(['validate', dir]).status).toBe(0)
      expect(drill(['validate', dir, '--strict']).status).toBe(1)
    })

    it('other commands use the valid files and say how many were skipped', () => {
      const r = drill(['--bank', broken(), 'list', '--json'])
      expect(r.status).toBe(0)
      expect((JSON.parse(r.stdout) as { id: string }[]).map((q) => q.id).sort()).toEqual(['orm-esc', 'orm-good'])
      expect(r.stderr.trim()).toBe('Skipped 3 invalid question files; run `django-drill validate` for details.')
    })

    it('never prints a control sequence from a question', () => {
      const r = drill(['--bank', broken(), 'show', 'orm-esc'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
      expect(r.stdout).toContain('Title \\x1b[31m red')
      expect(r.stdout).not.toContain('\u001b[31m red')
    })
  })

  it('a corrupt progress file is kept as a dated backup, the user is told, and the command goes on', () => {
    const home = testdir({ 'progress.json': '{"version":1,"banks":{"django":' })
    const r = drill(['stats', '--json'], { env: { DJANGO_DRILL_HOME: home } })
    expect(r.status).toBe(0)
    const backup = /moved to (\S+\.json)/.exec(r.stderr)?.[1]
    expect(backup).toBeDefined()
    expect(readFileSync(backup!, 'utf8')).toBe('{"version":1,"banks":{"django":')
    expect(JSON.parse(r.stdout)).toBeTypeOf('object')
  })

  it('a missing bank folder is a clear error', () => {
    const r = drill(['--bank', '/no/such/folder', 'list'])
    expect(r.status).toBe(2)
    expect(r.stderr.trim()).toBe('Bank folder not found: /no/such/folder')
  })
})

describe('dist/ as the build lays it out (scripts/build.mjs)', () => {
  const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url)
  const map = bundleMap(COMMANDS, GLOBAL_OPTIONS)

  it('has one CommonJS bundle per handler module, and a main that only dispatches', () => {
    for (const bundle of new Set([...Object.values(map.words), HELP_BUNDLE, HOME_BUNDLE])) expect(existsSync(dist(`${bundle}.cjs`)), bundle).toBe(true)
    const main = readFileSync(dist('main.cjs'), 'utf8')
    expect(main).not.toContain('buildProgram')
    expect(main.length).toBeLessThan(8_000)
  })

  it('a bundle holds its own handler only: any other fails loudly, never silently', () => {
    const list = readFileSync(dist('list.cjs'), 'utf8')
    expect(list).toContain('commands/quiz.ts is not in this bundle')
    expect(list).not.toContain('commands/list.ts is not in this bundle')
    expect(readFileSync(dist('help.cjs'), 'utf8')).toContain('commands/list.ts is not in this bundle')
  })

  it.runIf(!('enableCompileCache' in Module))('Node 20: a bundle is compiled with a V8 code cache kept beside it; a damaged cache is rejected and rewritten', () => {
    const cacheDir = dist('.v8-cache/')
    const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.startsWith('topics-') && f.endsWith(`-${process.version}-${process.arch}.bin`)) : [])
    for (const old of caches()) rmSync(new URL(old, cacheDir))
    // Not from a run unlike the usual ones: a usage error, or a run that parsed the whole bank for want of its index.
    expect(drill(['topics', '--no-such-option']).status).toBe(2)
    expect(caches(), 'after a usage error').toEqual([])
    const fresh = { DJANGO_DRILL_CACHE: testdir() }
    expect(drill(['topics'], { env: fresh }).status).toBe(0)
    expect(caches(), 'after a run that built the bank index').toEqual([])
    expect(drill(['topics'], { env: fresh }).status).toBe(0)
    const [cache] = caches()
    expect(cache, 'written when the first usual run of the bundle exited').toBeDefined()
    const file = new URL(cache!, cacheDir)
    writeFileSync(file, Buffer.alloc(4096, 7))
    const r = drill(['topics'], { env: fresh })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('fundamentals')
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7)), 'the damaged cache was replaced').toBe(false)
  })

  it.runIf(!('enableCompileCache' in Module))('Node 20: a command loads neither node:module nor the ES module loader it brings', () => {
    const probe = join(testdir(), 'probe.cjs')
    writeFileSync(probe, "process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList)))\n")
    const r = drill(['topics'], { env: { NODE_OPTIONS: `--require ${probe}` } })
    expect(r.status).toBe(0)
    const loaded = JSON.parse(r.stderr) as string[]
    expect(loaded, 'the probe sees what loads').toContain('NativeModule vm')
    expect(loaded.filter((m) => m === 'NativeModule module' || m.includes('esm/loader'))).toEqual([])
  })

  it('every bundle trusts the index another one wrote: one build id for all', () => {
    const cache = testdir()
    const env = { DJANGO_DRILL_CACHE: cache }
    const bank = fixtureBank()
    // Older than the cache's racy window, so that the first command writes an index.
    const old = new Date(Date.now() - 60_000)
    // Its folders too, the bank's own included: a listing records their times once they are that old.
    for (const file of readdirSync(bank, { recursive: true, encoding: 'utf8' })) utimesSync(join(bank, file), old, old)
    utimesSync(bank, old, old)
    expect(drill(['--bank', bank, 'list'], { env }).status).toBe(0)
    const index = () => {
      const [file, ...more] = readdirSync(join(cache, 'banks'))
      expect(more).toEqual([])
      const s = statSync(join(cache, 'banks', file!))
      return `${file} ${s.ino} ${s.mtimeMs}`
    }
    const written = index()
    for (const args of [['topics'], ['show', 'orm-prefetch'], ['stats'], ['cheatsheet', '--format', 'md'], ['validate']]) {
      expect(drill(['--bank', bank, ...args], { env }).status, args.join(' ')).toBe(0)
      expect(index(), `${args.join(' ')} rewrote the index`).toBe(written)
    }
  })
})
