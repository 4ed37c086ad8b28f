// `progress path|export|import|reset` and the pure merge behind them.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import confirm from '@inquirer/confirm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { exportProgress, importProgress, progressPath, resetProgress } from '../src/commands/progress.ts'
import { stats } from '../src/commands/stats.ts'
import { EXPORT_FORMAT, ExportFormatError, makeExport, mergeProgress, parseExport, pruneProgress } from '../src/core/merge.ts'
import { emptyProgress, type ProgressData } from '../src/core/progress.ts'
import { DrillError } from '../src/errors.ts'
import { openStore } from '../src/io/store.ts'
import { drill } from './helpers/bin.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { answer, card, progress } from './helpers/stats-fixtures.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

vi.mock('@inquirer/confirm', () => ({ default: vi.fn() }))

const NOW = new Date('2026-11-25T12:00:00Z')

/** Two sessions on the sample bank, a flag, a question that left the bank, and a second bank. */
function history(): ProgressData {
  return progress(
    {
      sample: {
        'orm-a': {
          history: [answer('2026-11-20T10:00:00Z', false), answer('2026-11-24T10:00:00Z', true)],
          card: card('2026-12-01T10:00:00Z', '2026-11-24T10:00:00Z', { lapses: 1 }),
          topic: 'orm',
          difficulty: 'beginner',
        },
        'orm-b': {
          history: [answer('2026-11-24T10:05:00Z', false)],
          card: card('2026-11-25T10:05:00Z', '2026-11-24T10:05:00Z'),
          topic: 'orm',
          difficulty: 'advanced',
          flagged: true,
        },
        'security-a': {
          history: [answer('2026-11-25T08:00:00Z', true)],
          card: card('2026-11-28T08:00:00Z', '2026-11-25T08:00:00Z'),
          topic: 'security',
          difficulty: 'intermediate',
        },
        'orm-gone': { history: [answer('2026-11-10T10:00:00Z', true)], topic: 'orm', difficulty: 'beginner' },
        'security-b': { history: [], flagged: true }, // flagged, never answered: no topic stored
      },
      other: { 'x-a': { history: [answer('2026-11-22T10:00:00Z', true)], topic: 'x', difficulty: 'beginner' } },
    },
    { newPerDay: 25 },
  )
}

function bank(): string {
  return testdir({
    'bank.yml': MANIFEST,
    'orm/a.md': questionFile({ id: 'orm-a' }),
    'orm/b.md': questionFile({ id: 'orm-b', difficulty: 'advanced' }),
    'security/a.md': questionFile({ id: 'security-a', topic: 'security', difficulty: 'intermediate' }),
    'security/b.md': questionFile({ id: 'security-b', topic: 'security' }),
  })
}

/** A runtime whose progress lives in a fresh temporary folder, optionally filled with `data`. */
function home(data?: ProgressData, overrides: Parameters<typeof memoryRuntime>[0] = {}) {
  const dir = testdir()
  const runtime = memoryRuntime({ env: { DJANGO_DRILL_HOME: dir }, cwd: dir, now: () => NOW, ...overrides })
  if (data) openStore(runtime).replace(data)
  const file = join(dir, 'progress.json')
  return { dir, runtime, file, read: () => openStore(runtime).read(), bytes: () => (existsSync(file) ? readFileSync(file, 'utf8') : '') }
}

const statsJson = async (runtime: ReturnType<typeof memoryRuntime>, bankDir: string) => {
  runtime.stdout.length = 0
  await stats({ bank: [bankDir], json: true }, runtime)
  // The figures; settings stay each store's own on import.
  const { settings: _settings, ...figures } = JSON.parse(runtime.stdout.join('')) as Record<string, unknown>
  return figures
}

async function failure(promise: Promise<unknown>): Promise<DrillError> {
  try {
    await promise
  } catch (error) {
    return error as DrillError
  }
  throw new Error('expected a DrillError')
}

describe('mergeProgress', () => {
  const a = answer('2026-11-20T10:00:00Z', true)
  const b = answer('2026-11-21T10:00:00Z', false)
  const c = answer('2026-11-22T10:00:00Z', true)

  it('unites histories in time order, counting the same answer once', () => {
    const { data, report } = mergeProgress(progress({ s: { q: { history: [a, c] } } }), progress({ s: { q: { history: [b, a] } } }))
    expect(data.banks['s']!['q']!.history).toEqual([a, b, c])
    expect(report).toMatchObject({ answers: 1, duplicates: 1, newQuestions: 0, changed: true })
  })

  it('answers that differ in any of time, rating, result or duration are different answers', () => {
    const variants = [
      { ...a, t: a.t + 1 },
      { ...a, r: 4 as const },
      { ...a, ok: 0 as const },
      { ...a, ms: a.ms + 1 },
    ]
    const { report } = mergeProgress(progress({ s: { q: { history: [a] } } }), progress({ s: { q: { history: variants } } }))
    expect(report.answers).toBe(4)
  })

  it('the schedule reviewed later wins, whichever side it is on', () => {
    const early = card('2026-11-23T00:00:00Z', '2026-11-20T00:00:00Z')
    const late = card('2026-12-20T00:00:00Z', '2026-11-22T00:00:00Z')
    expect(mergeProgress(progress({ s: { q: { history: [], card: early } } }), progress({ s: { q: { history: [], card: late } } })).data.banks['s']!['q']!.card).toEqual(late)
    const kept = mergeProgress(progress({ s: { q: { history: [], card: late } } }), progress({ s: { q: { history: [], card: early } } }))
    expect(kept.data.banks['s']!['q']!.card).toEqual(late)
    expect(kept.report).toMatchObject({ schedules: 0, changed: false })
  })

  it('flags are OR-ed: a flag on either side stays', () => {
    const { data, report } = mergeProgress(
      progress({ s: { q: { history: [a] }, r: { history: [], flagged: true } } }),
      progress({ s: { q: { history: [a], flagged: true }, r: { history: [] } } }),
    )
    expect(data.banks['s']!['q']!.flagged).toBe(true)
    expect(data.banks['s']!['r']!.flagged).toBe(true)
    expect(report.flags).toBe(1)
  })

  it('settings stay those of the current progress; inputs are not modified', () => {
    const current = progress({ s: { q: { history: [a] } } }, { newPerDay: 3 })
    const incoming = progress({ s: { q: { history: [b] } }, t: { p: { history: [c] } } }, { newPerDay: 99 })
    const before = structuredClone([current, incoming])
    const { data, report } = mergeProgress(current, incoming)
    expect(data.settings).toEqual({ newPerDay: 3 })
    expect(report).toMatchObject({ newQuestions: 1, answers: 2 })
    expect([current, incoming]).toEqual(before)
  })

  it('merging the same data again changes nothing', () => {
    const once = mergeProgress(emptyProgress(), history())
    const twice = mergeProgress(once.data, history())
    expect(twice.data).toEqual(once.data)
    expect(twice.report).toEqual({ newQuestions: 0, answers: 0, duplicates: 6, schedules: 0, flags: 0, changed: false })
  })

  it('into empty progress, everything but the settings comes across', () => {
    const { data } = mergeProgress(emptyProgress(), history())
    expect(data.banks).toEqual(history().banks)
  })
})

describe('parseExport', () => {
  const valid = () => makeExport(history(), NOW) as unknown as Record<string, unknown>
  const withProgress = (edit: (p: Record<string, any>) => void) => {
    const e = valid()
    edit(e['progress'] as Record<string, any>)
    return JSON.stringify(e)
  }

  it('reads back what makeExport wrote', () => {
    const text = JSON.stringify(valid())
    expect(JSON.parse(text)).toMatchObject({ format: EXPORT_FORMAT, version: 1, exportedAt: '2026-11-25T12:00:00.000Z' })
    expect(parseExport(text)).toEqual(history())
  })

  // prettier-ignore
  const bad: [string, string, RegExp][] = [
    ['not JSON',               '{"format": ',                                                   /not JSON/],
    ['some other JSON',        '{"version": 1, "banks": {}}',                                   /not a django-drill progress export/],
    ['an array',               '[]',                                                            /not a django-drill progress export/],
    ['a newer version',        JSON.stringify({ ...valid(), version: 2 }),                      /newer than this django-drill understands/],
    ['no version',             JSON.stringify({ ...valid(), version: undefined }),              /"version" must be 1/],
    ['no progress',            JSON.stringify({ ...valid(), progress: undefined }),             /"progress" is missing/],
    ['banks not a map',        withProgress((p) => { p['banks'] = [] }),                        /no banks map/],
    ['history not a list',     withProgress((p) => { p['banks'].sample['orm-a'].history = {} }), /sample\.orm-a\.history: must be a list/],
    ['a rating of 7',          withProgress((p) => { p['banks'].sample['orm-a'].history[1].r = 7 }), /sample\.orm-a\.history\[1\]\.r: must be a rating 1-4/],
    ['a time as a string',     withProgress((p) => { p['banks'].sample['orm-a'].history[0].t = '2026' }), /history\[0\]\.t: must be a time/],
    ['a card without due',     withProgress((p) => { delete p['banks'].sample['orm-a'].card.due }), /orm-a\.card\.due: must be a number/],
    ['a control character',    withProgress((p) => { p['banks'].sample['orm-a'].topic = 'orm\u001b[31m' }), /orm-a\.topic: must be a plain string/],
    ['a __proto__ id',         withProgress((p) => { p['banks'].sample = JSON.parse('{"__proto__": {"history": []}}') }), /question id "__proto__"/],
  ]
  it.each(bad)('refuses %s', (_name, text, message) => {
    expect(() => parseExport(text)).toThrow(ExportFormatError)
    expect(() => parseExport(text)).toThrow(message)
  })
})

describe('pruneProgress', () => {
  const ids = (data: ProgressData) =>
    Object.entries(data.banks)
      .flatMap(([b, qs]) => Object.keys(qs).map((id) => `${b}/${id}`))
      .sort()

  it('everything', () => {
    expect(pruneProgress(history(), {})).toMatchObject({ questions: 6, answers: 6, data: { banks: {}, settings: { newPerDay: 25 } } })
  })

  it('one bank', () => {
    const { data, questions } = pruneProgress(history(), { bank: 'other' })
    expect(questions).toBe(1)
    expect(ids(data)).toEqual(['sample/orm-a', 'sample/orm-b', 'sample/orm-gone', 'sample/security-a', 'sample/security-b'])
  })

  it('some topics, using the bank’s topic where the store has none', () => {
    const topicOf = (b: string, id: string) => (b === 'sample' && id === 'security-b' ? 'security' : undefined)
    expect(ids(pruneProgress(history(), { topics: ['security'] }, topicOf).data)).toEqual(['other/x-a', 'sample/orm-a', 'sample/orm-b', 'sample/orm-gone'])
    expect(ids(pruneProgress(history(), { bank: 'sample', topics: ['orm'] }).data)).toEqual(['other/x-a', 'sample/security-a', 'sample/security-b'])
  })
})

describe('progress commands', () => {
  it('path prints where progress is kept, without creating it', async () => {
    const h = home()
    await progressPath(h.runtime)
    expect(h.runtime.stdout).toEqual([h.file])
    expect(existsSync(h.file)).toBe(false)
  })

  it('export to stdout is a versioned export of everything', async () => {
    const h = home(history())
    await exportProgress(undefined, h.runtime)
    const exported = JSON.parse(h.runtime.stdout.join(''))
    expect(exported).toEqual({ format: 'django-drill-progress', version: 1, exportedAt: NOW.toISOString(), progress: history() })
  })

  it('export then import into an empty store reproduces the same stats', async () => {
    const bankDir = bank()
    const from = home(history())
    await exportProgress('backup.json', from.runtime)
    expect(from.runtime.stdout).toEqual(['Exported 6 questions (6 answers) to backup.json.'])

    const to = home()
    await importProgress(join(from.dir, 'backup.json'), to.runtime)
    expect(to.runtime.stdout.at(-1)).toMatch(/: 6 new questions, 6 answers added \(0 already there\), 3 schedules updated, 2 flags added\.$/)
    expect(to.read().banks).toEqual(history().banks)
    expect(await statsJson(to.runtime, bankDir)).toEqual(await statsJson(from.runtime, bankDir))
  })

  it('importing the same export twice changes nothing the second time', async () => {
    const source = home(history())
    await exportProgress('e.json', source.runtime)
    const h = home(progress({ sample: { 'orm-a': { history: [answer('2026-11-01T10:00:00Z', true)] } } }))
    await importProgress(join(source.dir, 'e.json'), h.runtime)
    const after = h.bytes()
    await importProgress(join(source.dir, 'e.json'), h.runtime)
    expect(h.bytes()).toBe(after)
    expect(h.runtime.stdout.at(-1)).toMatch(/^Nothing new in .*e\.json; your progress is unchanged \(6 answers already there\)\.$/)
    expect(h.read().banks['sample']!['orm-a']!.history).toHaveLength(3)
  })

  it.each([
    ['garbage', 'not json at all', /is not a valid django-drill progress export: it is not JSON/],
    ['a progress file, not an export', JSON.stringify(history()), /expected "format": "django-drill-progress"/],
    [
      'a half-valid export',
      JSON.stringify({ ...makeExport(history(), NOW), progress: { version: 1, banks: { sample: { q: { history: [{ t: 1 }] } } } } }),
      /sample\.q\.history\[0\]\.r/,
    ],
  ])('a malformed import (%s) is refused and changes nothing', async (_name, text, message) => {
    const h = home(history())
    const before = h.bytes()
    writeFileSync(join(h.dir, 'bad.json'), text)
    const error = await failure(importProgress('bad.json', h.runtime))
    expect(error).toBeInstanceOf(DrillError)
    expect(error.exitCode).toBe(1)
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/Nothing was changed\.$/)
    expect(h.bytes()).toBe(before)
  })

  it('a missing import file is a clear error', async () => {
    const error = await failure(importProgress('nope.json', home().runtime))
    expect(error.message).toBe('Cannot read nope.json: it does not exist. Nothing was changed.')
  })
})

describe('progress reset', () => {
  const backups = (dir: string) => readdirSync(dir).filter((f) => /^progress\.reset-\d{8}-\d{6}Z(-\d+)?\.json$/.test(f))

  it('refuses without --yes when stdin is not a terminal (exit 2), changing nothing', async () => {
    const h = home(history())
    const before = h.bytes()
    const error = await failure(resetProgress({}, h.runtime))
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('Refusing to reset the progress of 6 questions (6 answers) without confirmation: stdin is not a terminal. Re-run with --yes.')
    expect(h.bytes()).toBe(before)
    expect(backups(h.dir)).toEqual([])
    expect(confirm).not.toHaveBeenCalled()
  })

  it('--yes writes a backup of the whole file first, then clears progress but keeps settings', async () => {
    const h = home(history())
    const before = h.bytes()
    await resetProgress({ yes: true }, h.runtime)
    const [backup] = backups(h.dir)
    expect(readFileSync(join(h.dir, backup!), 'utf8')).toBe(before)
    expect(h.read()).toEqual({ ...emptyProgress(), settings: { newPerDay: 25 } })
    expect(h.runtime.stdout).toEqual(['Reset the progress of 6 questions (6 answers). Settings were kept.', `Backup: ${join(h.dir, backup!)}`])
  })

  it('a second reset the same second gets its own backup', async () => {
    const h = home(history())
    await resetProgress({ yes: true, onlyBank: 'other' }, h.runtime)
    await resetProgress({ yes: true }, h.runtime)
    expect(backups(h.dir)).toHaveLength(2)
  })

  it('--topic resets only that topic, flagged-but-unanswered questions included', async () => {
    const h = home(history())
    await resetProgress({ yes: true, topic: ['security'], bank: [bank()] }, h.runtime)
    expect(Object.keys(h.read().banks['sample']!).sort()).toEqual(['orm-a', 'orm-b', 'orm-gone'])
    expect(h.runtime.stdout[0]).toBe('Reset the progress of 2 questions (1 answer) in topic security. Settings were kept.')
  })

  it('--only-bank resets one bank; an unknown bank or topic is a usage error', async () => {
    const h = home(history())
    await resetProgress({ yes: true, onlyBank: 'other' }, h.runtime)
    expect(Object.keys(h.read().banks)).toEqual(['sample'])
    expect((await failure(resetProgress({ yes: true, onlyBank: 'nope' }, h.runtime))).message).toBe('No progress for bank "nope". Banks with progress: sample.')
    const topic = await failure(resetProgress({ yes: true, topic: ['nope'], bank: [bank()] }, h.runtime))
    expect([topic.exitCode, topic.message]).toEqual([2, 'Unknown topic "nope". Valid values: orm, security'])
  })

  it('with nothing in scope it says so and writes nothing', async () => {
    const h = home()
    await resetProgress({ yes: true }, h.runtime)
    expect(h.runtime.stdout).toEqual(['Nothing to reset.'])
    expect(existsSync(h.file)).toBe(false)
  })

  it('in a terminal it asks first: no keeps everything, yes resets', async () => {
    const h = home(history(), { stdinIsTTY: true })
    const before = h.bytes()
    vi.mocked(confirm).mockResolvedValueOnce(false)
    await resetProgress({ onlyBank: 'sample' }, h.runtime)
    expect(vi.mocked(confirm).mock.lastCall?.[0]).toMatchObject({
      message: 'Reset the progress of 5 questions (5 answers) in bank sample? A backup is written first.',
      default: false,
    })
    expect(h.runtime.stdout).toEqual(['Nothing changed.'])
    expect(h.bytes()).toBe(before)

    vi.mocked(confirm).mockResolvedValueOnce(true)
    await resetProgress({ onlyBank: 'sample' }, h.runtime)
    expect(Object.keys(h.read().banks)).toEqual(['other'])
  })
})

describe('wiring', () => {
  const run = async (argv: string[], h: ReturnType<typeof home>) => {
    const program = buildProgram({ version: '0', bundledBank: '/bundled', runtime: () => h.runtime, output: { writeOut: () => {}, writeErr: () => {} } })
    await program.parseAsync(argv, { from: 'user' })
  }

  it('reset --only-bank and --topic do not clash with the global --bank folder', async () => {
    const h = home(history())
    await run(['--bank', bank(), 'progress', 'reset', '--only-bank', 'sample', '--topic', 'orm', '--yes'], h)
    expect(Object.keys(h.read().banks['sample']!).sort()).toEqual(['security-a', 'security-b'])
  })

  it('stats takes -t/-d and --json', async () => {
    const h = home(history())
    await run(['--bank', bank(), 'stats', '-t', 'orm', '-d', 'advanced', '--json'], h)
    expect(JSON.parse(h.runtime.stdout.join(''))).toMatchObject({ filter: { topics: ['orm'], difficulties: ['advanced'] }, answers: { given: 1 } })
  })
})

describe('built bin', () => {
  beforeAll(() => {
    // The bin runs dist/; these tests need a build that includes stats and progress.
    if (!existsSync(new URL('../dist/main.cjs', import.meta.url))) throw new Error('run `npm run build` first')
  })

  it('stats for a new user: readiness, no streak, how to start', () => {
    const dir = testdir()
    const r = drill(['--bank', bank(), 'stats'], { env: { DJANGO_DRILL_HOME: dir } })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('Readiness  0 of 4 questions known now (0%)')
    expect(r.stdout).toContain('No answers yet')
    expect(r.stdout).not.toContain('\u001b[')
  })

  it('progress reset without a terminal exits 2; a bad import exits 1; both change nothing', () => {
    const dir = testdir({ 'progress.json': JSON.stringify(history()), 'bad.json': '{}' })
    const env = { DJANGO_DRILL_HOME: dir }
    const reset = drill(['progress', 'reset'], { env })
    expect(reset.status).toBe(2)
    expect(reset.stderr).toContain('Re-run with --yes.')
    const bad = drill(['progress', 'import', join(dir, 'bad.json')], { env })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('is not a valid django-drill progress export')
    expect(JSON.parse(readFileSync(join(dir, 'progress.json'), 'utf8'))).toEqual(history())
  })

  it('export | import - moves progress between homes', () => {
    const from = testdir({ 'progress.json': JSON.stringify(history()) })
    const to = testdir()
    const exported = drill(['progress', 'export'], { env: { DJANGO_DRILL_HOME: from } })
    const imported = drill(['progress', 'import', '-'], { env: { DJANGO_DRILL_HOME: to }, input: exported.stdout })
    expect(imported.status).toBe(0)
    expect(JSON.parse(readFileSync(join(to, 'progress.json'), 'utf8')).banks).toEqual(history().banks)
  })
})
