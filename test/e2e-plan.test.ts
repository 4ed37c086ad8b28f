// plan, forecast, stats --on and the countdown: the built CLI, and the home menu in a real terminal.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { addDays } from '../src/core/calendar.ts'
import type { ProgressData } from '../src/core/progress.ts'
import { drill } from './helpers/bin.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    ...Object.fromEntries(
      [1, 2, 3, 4].map((n) => [
        `q${n}.md`,
        questionFile({ id: `orm-q${n}`, title: `Question number ${n}`, type: 'choice', key_points: null, answer: `"right ${n}"`, distractors: `["wrong ${n}", "other ${n}"]` }),
      ]),
    ),
  })

// A fixed morning (DJANGO_DRILL_NOW): "in 6 days" must not change when a run crosses midnight.
const NOW = '2026-12-15T10:00'
const inDays = (n: number) => addDays('2026-12-15', n)
const read = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData

describe('plan from the command line', () => {
  it('a past date, a malformed date, an unknown track and two budgets are usage errors saying what was expected', () => {
    const home = testdir()
    const run = (...args: string[]) => drill(['--bank', bank(), 'plan', ...args], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } })
    expect(run('--interview', '2020-01-01')).toMatchObject({ status: 2, stderr: expect.stringMatching(/must be in the future.*Expected a date like/) })
    expect(run('--interview', 'next friday')).toMatchObject({ status: 2, stderr: expect.stringMatching(/a date like 2026-12-15 or a date and time/) })
    expect(run('--interview', inDays(5), '--track', 'nope')).toMatchObject({ status: 2, stderr: expect.stringMatching(/Unknown track "nope"/) })
    expect(run('--interview', inDays(5), '--minutes', '10', '--questions', '5')).toMatchObject({ status: 2, stderr: expect.stringMatching(/not both/) })
    expect(run('--interview', inDays(5), '--target', '1.5').status).toBe(2)
    expect(run('--minutes', '10').status).toBe(2)
    expect(drill(['stats', '--on', 'soon'], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } })).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--on must be a date/),
    })
    // A projection looks ahead: a day gone by is an error, today is not.
    expect(drill(['--bank', bank(), 'stats', '--on', inDays(-1)], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } })).toMatchObject({
      status: 2,
      stderr: `--on looks ahead: give today (${inDays(0)}) or a later date; ${inDays(-1)} has passed.\n`,
    })
    expect(drill(['--bank', bank(), 'stats', '--on', inDays(0)], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } }).status).toBe(0)
  })

  it('stores a plan, shows it as a table and as days in JSON, and clears it', () => {
    const home = testdir()
    const b = bank()
    const run = (...args: string[]) => drill(['--bank', b, ...args], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } })
    const made = run('plan', '--interview', `${inDays(6)} 15:00`, '--minutes', '5')
    expect(made.status).toBe(0)
    expect(made.stdout).toMatch(/Interview in 6 days · projected \d\/4 known · today 1 question < 1 min/)
    expect(read(home).plans).toHaveLength(1)
    // The same as the table, as a list of days: one object per row, up to the interview day.
    type Day = { date: string; new: number; reviews: number; sweep: number; minutes: number; projectedKnown: number; scope: number; questions?: { id: string }[] }
    const days = JSON.parse(run('plan', '--json').stdout) as Day[]
    const rows = run('plan')
      .stdout.split('\n')
      .filter((l) => /^\w{3} \d{4}-\d\d-\d\d /.test(l))
    expect(days.map((d) => d.date)).toEqual(Array.from({ length: 7 }, (_, i) => inDays(i)))
    expect(rows.map((r) => r.split(/\s+/).slice(1))).toEqual(
      days.map((d) => [d.date, String(d.new), String(d.reviews + d.sweep), d.minutes < 0.5 ? '0' : String(Math.round(d.minutes)), `${Math.round(d.projectedKnown)}/4`]),
    )
    expect(days.reduce((s, d) => s + d.new, 0)).toBe(4)
    expect(days[0]!.scope).toBe(4)
    expect(days[0]!.questions).toHaveLength(1)
    expect(days.slice(1).every((d) => d.questions === undefined)).toBe(true)
    const stats = run('stats')
    expect(stats.stdout).toMatch(/^Interview in 6 days/)
    expect(stats.stdout).toContain('Desired retention 0.90')
    const forecast = JSON.parse(run('forecast', '--days', '9', '--json').stdout) as { planned: boolean; days: unknown[] }
    expect(forecast).toMatchObject({ planned: true })
    expect(forecast.days).toHaveLength(9)
    expect(run('plan', '--clear').stdout).toMatch(/Removed the plan/)
    expect(read(home).plans).toBeUndefined()
    expect(run('plan').stdout).toMatch(/No interview planned/)
    expect(JSON.parse(run('plan', '--json').stdout)).toEqual([])
  })
})

describe('the countdown in a real terminal', () => {
  it('the home menu shows the interview countdown and the queue of the day', async () => {
    const home = testdir()
    const b = bank()
    expect(drill(['--bank', b, 'plan', '--interview', inDays(9)], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } }).status).toBe(0)
    const pty = new Pty(['--bank', b], { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW }, { cols: 80, rows: 20 })
    onTestFinished(() => pty.kill())
    const screen = await pty.waitForScreen('What would you like to do?')
    expect(screen).toMatch(/Interview in 9 days · projected \d\/4 known · today 1 question < 1 min/)
    expect(screen).toMatch(/Review\s+1 planned today · 1 new/)
    pty.write('\u0003')
    await pty.exited
  })

  it('a wrong option picked is kept for the confusions', async () => {
    const home = testdir()
    const b = bank()
    drill(['config', 'set', 'shuffle', 'false'], { env: { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW } })
    const pty = new Pty(['--bank', b, 'quiz', '--ids', 'orm-q1', '--no-relearn'], { DJANGO_DRILL_HOME: home, DJANGO_DRILL_NOW: NOW }, { cols: 80, rows: 24 })
    onTestFinished(() => pty.kill())
    await pty.waitForScreen('right 1')
    pty.write('\u001b[B\r') // the second option: "wrong 1"
    await pty.waitForScreen(/Not quite/)
    pty.write('q')
    await pty.exited
    const attempt = read(home).banks['sample']!['orm-q1']!.history[0]!
    expect(attempt).toMatchObject({ ok: 0, w: ['wrong 1'] })
  })
})
