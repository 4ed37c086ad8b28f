// flag, unflag, suspend, unsuspend, list by progress, show with history, undo, config: the built CLI.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyProgress, type ProgressData } from '../src/core/progress.ts'
import { schedule } from '../src/core/schedule.ts'
import { showConfig } from '../src/commands/config.ts'
import { displayWidth } from '../src/core/text.ts'
import { drill } from './helpers/bin.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      ['a', 'b', 'c'].map((x) => [
        `${x}.md`,
        questionFile({ id: `orm-${x}`, title: `Title ${x}`, type: 'choice', key_points: null, answer: '"yes"', distractors: '["no", "maybe"]' }),
      ]),
    ),
  })

const read = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData
const write = (home: string, data: ProgressData) => {
  mkdirSync(home, { recursive: true })
  writeFileSync(join(home, 'progress.json'), JSON.stringify(data))
}

describe('flags and suspensions from the command line', () => {
  it('flag, list --flagged, unflag; an unknown id changes nothing', () => {
    const home = testdir()
    const b = bank()
    const run = (...args: string[]) => drill(['--bank', b, ...args], { env: { DJANGO_DRILL_HOME: home } })
    expect(run('flag', 'orm-a', 'orm-c')).toMatchObject({ status: 0, stdout: 'Flagged: orm-a, orm-c\n' })
    expect(run('list', '--flagged', '--json').stdout).toMatch(/"orm-a".*"orm-c"/)
    expect(run('list', '--flagged', '--json').stdout).not.toContain('orm-b')
    const bad = run('unflag', 'orm-a', 'orm-zz')
    expect(bad.status).toBe(1)
    expect(bad.stderr).toContain('No question with id "orm-zz"')
    expect(read(home).banks['sample']!['orm-a']!.flagged).toBe(true)
    expect(run('unflag', 'orm-a').status).toBe(0)
    expect(JSON.parse(run('list', '--flagged', '--json').stdout).map((q: { id: string }) => q.id)).toEqual(['orm-c'])
  })

  it('suspend and unsuspend; list --suspended, --new and --due', () => {
    const home = testdir()
    const b = bank()
    const now = Date.now()
    const data = emptyProgress()
    data.banks['sample'] = { 'orm-b': { history: [{ t: now - 86_400_000, r: 3, ok: 1, ms: 1 }], card: { ...schedule(undefined, 3, new Date(now - 86_400_000)), due: now - 1000 } } }
    write(home, data)
    const ids = (...args: string[]) => JSON.parse(drill(['--bank', b, 'list', '--json', ...args], { env: { DJANGO_DRILL_HOME: home } }).stdout).map((q: { id: string }) => q.id)
    expect(ids('--due')).toEqual(['orm-b'])
    expect(ids('--new')).toEqual(['orm-a', 'orm-c'])
    expect(drill(['--bank', b, 'suspend', 'orm-b'], { env: { DJANGO_DRILL_HOME: home } }).stdout).toContain('Suspended')
    expect(ids('--suspended')).toEqual(['orm-b'])
    expect(ids('--due')).toEqual([])
    drill(['--bank', b, 'unsuspend', 'orm-b'], { env: { DJANGO_DRILL_HOME: home } })
    expect(ids('--suspended')).toEqual([])
  })
})

describe('show <id> with your history', () => {
  it('lists each attempt with its rating and what was typed, the due date, lapses and flag', () => {
    const home = testdir()
    const data = emptyProgress()
    const t = Date.parse('2026-11-20T09:30:00Z')
    data.banks['sample'] = {
      'orm-a': {
        history: [
          { t, r: 1, ok: 0, ms: 12_000, a: 'my typed\nanswer' },
          { t: t + 60_000, r: 3, ok: 1, ms: 4000, ov: 1 },
        ],
        card: { ...schedule(undefined, 1, new Date(t)), lapses: 2 },
        flagged: true,
      },
    }
    write(home, data)
    const out = drill(['--bank', bank(), 'show', 'orm-a'], { env: { DJANGO_DRILL_HOME: home } })
    expect(out.status).toBe(0)
    expect(out.stdout).toContain('Your history')
    expect(out.stdout).toMatch(/due 2026-11-20 09:31 · learning · 2 lapses · ⚑ flagged/)
    expect(out.stdout).toContain('2026-11-20 09:30  ✘ wrong  Again  12s\n      my typed\n      answer')
    expect(out.stdout).toContain('2026-11-20 09:31  ✔ right (override)  Good  4s')
    const json = JSON.parse(drill(['--bank', bank(), 'show', 'orm-a', '--json'], { env: { DJANGO_DRILL_HOME: home } }).stdout)
    expect(json.progress.history[0].a).toBe('my typed\nanswer')
  })

  it('progress export includes the typed answers', () => {
    const home = testdir()
    const data = emptyProgress()
    data.banks['sample'] = { 'orm-a': { history: [{ t: 1, r: 1, ok: 0, ms: 1, a: 'kept words' }] } }
    write(home, data)
    expect(drill(['progress', 'export'], { env: { DJANGO_DRILL_HOME: home } }).stdout).toContain('"a": "kept words"')
  })
})

describe('undo outside a session', () => {
  it('takes back the last recorded answer, restores its card exactly and says which', () => {
    const home = testdir()
    const before = schedule(schedule(undefined, 3, new Date(Date.UTC(2026, 10, 1))), 3, new Date(Date.UTC(2026, 10, 1, 0, 10)))
    const late = before.due + 20 * 86_400_000
    const after = schedule(before, 1, new Date(late))
    const data = emptyProgress()
    data.banks['sample'] = {
      'orm-a': {
        history: [
          { t: 5, r: 3, ok: 1, ms: 1 },
          { t: late, r: 1, ok: 0, ms: 1 },
        ],
        card: after,
      },
    }
    data.journal = [{ bank: 'sample', id: 'orm-a', t: late, before, scheduled: true }]
    write(home, data)
    const out = drill(['undo'], { env: { DJANGO_DRILL_HOME: home } })
    expect(out.status).toBe(0)
    expect(out.stdout).toMatch(/^Undid your answer to sample\/orm-a from .*: wrong, rated Again\.\nIts schedule is back to what it was: due /)
    const stored = read(home).banks['sample']!['orm-a']!
    expect(stored.card).toEqual(before)
    expect(stored.history).toEqual([{ t: 5, r: 3, ok: 1, ms: 1 }])
    const again = drill(['undo'], { env: { DJANGO_DRILL_HOME: home } })
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('Nothing to undo')
  })
})

describe('config', () => {
  it('lists the settings, changes one, and refuses a bad value with the valid range and exit 2', () => {
    const home = testdir()
    const run = (...args: string[]) => drill(args, { env: { DJANGO_DRILL_HOME: home } })
    expect(run('config').stdout).toMatch(/retention\s+0\.90\s+desired retention/)
    expect(run('config', 'set', 'retention', '0.85')).toMatchObject({ status: 0, stdout: 'retention is now 0.85.\n' })
    const bad = run('config', 'set', 'retention', '0.5')
    expect(bad.status).toBe(2)
    expect(bad.stderr.trim()).toBe('retention must be a number from 0.70 to 0.99; "0.5" is not. Nothing was changed.')
    expect(run('config', 'set', 'learning-steps', '1m,soon').status).toBe(2)
    expect(run('config', 'set', 'new-per-day', '25').status).toBe(0)
    expect(run('config', 'set', 'shuffle', 'false').status).toBe(0)
    expect(JSON.parse(run('config', '--json').stdout)).toEqual({ newPerDay: 25, retention: 0.85, maxInterval: 36500, learningSteps: ['1m', '10m'], shuffle: false })
    expect(JSON.parse(run('stats', '--json').stdout).settings).toMatchObject({ retention: 0.85, newPerDay: 25 })
  })

  it.each([40, 60, 80, 100])('the list fits a %i-column terminal, each description whole', async (width) => {
    const runtime = memoryRuntime({ width, env: { DJANGO_DRILL_HOME: testdir() } })
    await showConfig({}, runtime)
    const lines = runtime.stdout.join('\n').split('\n')
    expect(lines.filter((l) => displayWidth(l) > width)).toEqual([])
    const text = lines.join(' ').replace(/ +/g, ' ')
    for (const key of ['new-per-day', 'retention', 'max-interval', 'learning-steps', 'shuffle']) expect(lines.some((l) => l.startsWith(key))).toBe(true)
    expect(text).toContain('the steps a new or missed question goes through before days-long intervals (default)')
  })
})
