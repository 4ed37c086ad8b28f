// show and stats in a real pseudo-terminal at 60 and 100 columns: every line
// the user sees fits, and long output goes through the pager only on a terminal.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../src/command-table.ts'
import { displayWidth } from '../src/core/text.ts'
import { loadBank } from '../src/io/bank.ts'
import { drill, ROOT } from './helpers/bin.ts'
import { Pty } from './helpers/pty.ts'
import { answer, progress } from './helpers/stats-fixtures.ts'

const bank = loadBank(join(ROOT, 'questions'))
// The questions with the longest ids and titles: the hardest rows for the weakest table.
const longest = [...bank.questions].sort((a, b) => b.id.length + b.title.length - (a.id.length + a.title.length)).slice(0, 8)

/** A home whose progress has wrong answers to the longest questions, so stats shows a full weakest table. */
function homeWithMisses(): string {
  const home = mkdtempSync(join(tmpdir(), 'drill-width-'))
  const now = Date.now()
  const data = progress({
    [bank.manifest.id]: Object.fromEntries(
      longest.map((q, i) => [
        q.id,
        { history: [answer(new Date(now - (i + 2) * 86_400_000).toISOString(), false), answer(new Date(now - 86_400_000).toISOString(), i % 2 === 0)] },
      ]),
    ),
  })
  const envelope = { format: 'django-drill-progress', version: 1, exportedAt: new Date(now).toISOString(), progress: data }
  const r = drill(['progress', 'import', '-'], { env: { DJANGO_DRILL_HOME: home }, input: JSON.stringify(envelope) })
  expect(r.status, r.stderr).toBe(0)
  return home
}

async function screen(args: string[], cols: number, env: Record<string, string> = {}, rows = 500): Promise<string[]> {
  const pty = new Pty(args, env, { cols, rows })
  const code = await pty.exited
  expect(code, pty.text.slice(-1000)).toBe(0)
  return pty.text.split('\n')
}

const tooWide = (lines: string[], cols: number) => lines.filter((l) => displayWidth(l) > cols)

describe('every visible line fits the terminal (pseudo-terminal)', () => {
  it.each([60, 100])('show at %i columns: a table, long code and a long answer', { timeout: 60_000 }, async (cols) => {
    for (const id of ['caching-backends', 'fundamentals-django-vs-flask', longest[0]!.id]) {
      const lines = await screen(['show', id, '--no-pager'], cols)
      expect(
        lines.some((l) => l.includes('Answer')),
        id,
      ).toBe(true)
      expect(tooWide(lines, cols), id).toEqual([])
    }
  })

  it.each([60, 80])("--help and every command's help at %i columns: descriptions and notes wrap, long examples break with a \\", { timeout: 120_000 }, async (cols) => {
    const commands = [[], ...COMMANDS.flatMap((c) => [[c.name], ...(c.subcommands ?? []).map((s) => [c.name, s.name])])]
    for (const words of commands) {
      const lines = await screen([...words, '--help'], cols)
      expect(
        lines.some((l) => l.startsWith('Usage:')),
        words.join(' '),
      ).toBe(true)
      expect(tooWide(lines, cols), words.join(' ') || '--help').toEqual([])
    }
  })

  it.each([60, 100])('stats at %i columns, the weakest table with its ids whole', { timeout: 60_000 }, async (cols) => {
    const home = homeWithMisses()
    const lines = await screen(['stats', '--no-pager'], cols, { DJANGO_DRILL_HOME: home })
    expect(lines.some((l) => l.startsWith('Weakest questions'))).toBe(true)
    expect(tooWide(lines, cols)).toEqual([])
    const weakest = lines.slice(lines.findIndex((l) => l.startsWith('Weakest questions')))
    const shown = longest.filter((q) => weakest.some((l) => l.startsWith(`${q.id} `)))
    expect(shown.length).toBeGreaterThan(0)
    // The weakest table takes the terminal's width: at 100 columns its titles are not cut at the dashboard's 80.
    if (cols === 100) expect(Math.max(...weakest.map(displayWidth))).toBeGreaterThan(90)
  })
})

describe('the pager', () => {
  // A pager that marks each line, to see that the output went through it.
  const PAGER = `sed s/^/PAGED:/`

  it('output taller than the terminal goes through $DJANGO_DRILL_PAGER', { timeout: 30_000 }, async () => {
    const lines = await screen(['show', 'caching-backends'], 80, { DJANGO_DRILL_PAGER: PAGER, PAGER: 'false' }, 20)
    const body = lines.filter((l) => l.trim() !== '')
    expect(body.length).toBeGreaterThan(20)
    expect(
      body.every((l) => l.startsWith('PAGED:')),
      body.find((l) => !l.startsWith('PAGED:')),
    ).toBe(true)
  })

  it('--no-pager, output that fits and a non-terminal stdout print directly', { timeout: 30_000 }, async () => {
    const noPager = await screen(['show', 'caching-backends', '--no-pager'], 80, { DJANGO_DRILL_PAGER: PAGER }, 20)
    expect(noPager.some((l) => l.startsWith('PAGED:'))).toBe(false)
    const fits = await screen(['show', 'caching-backends'], 80, { DJANGO_DRILL_PAGER: PAGER }, 500)
    expect(fits.some((l) => l.startsWith('PAGED:'))).toBe(false)
    const piped = drill(['show', 'caching-backends'], { env: { DJANGO_DRILL_PAGER: PAGER } })
    expect(piped.status).toBe(0)
    expect(piped.stdout).toContain('Answer')
    expect(piped.stdout).not.toContain('PAGED:')
  })

  it('a pager that cannot start falls back to plain output', { timeout: 30_000 }, async () => {
    const lines = await screen(['show', 'caching-backends'], 80, { DJANGO_DRILL_PAGER: '/nonexistent/pager -x' }, 20)
    expect(lines.some((l) => l.startsWith('Answer'))).toBe(true)
    expect(lines.some((l) => l.startsWith('References'))).toBe(true)
  })
})
