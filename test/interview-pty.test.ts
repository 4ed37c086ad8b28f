// The mock interview in a real pseudo-terminal: a seeded three-question mock
// answered to the end, and one stopped with Ctrl+C.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import type { ProgressData } from '../src/core/progress.ts'
import type { Transcript } from '../src/core/interview-report.ts'
import { drill } from './helpers/bin.ts'
import { Pty } from './helpers/pty.ts'
import { MANIFEST, questionFile, testdir } from './helpers/testdir.ts'

// One warm-up (beginner open), one core (intermediate open), one rapid-fire (choice).
const bank = () =>
  testdir({
    'bank.yml': MANIFEST,
    'w.md': questionFile({ id: 'orm-warm', title: 'What is a QuerySet?' }, 'What is a QuerySet?\n\n## Answer\n\nA lazy query.\n'),
    'c.md': questionFile(
      { id: 'security-core', topic: 'security', difficulty: 'intermediate', title: 'How does CSRF protection work?' },
      'Explain CSRF protection.\n\n## Answer\n\nA token.\n',
    ),
    'r.md': questionFile(
      { id: 'orm-rapid', title: 'Which method joins in SQL?', type: 'choice', key_points: null, answer: '"select_related"', distractors: '["prefetch_related", "only"]' },
      'Which one?\n\n## Answer\n\nselect_related.\n',
    ),
  })

const progress = (home: string): ProgressData => JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as ProgressData
const transcripts = (home: string) => readdirSync(join(home, 'interviews')).sort()

function start(size: { cols: number; rows: number }) {
  const home = testdir()
  const dir = bank()
  const pty = new Pty(['--bank', dir, 'interview', '--questions', '3', '--seed', '5', '--minutes', '10'], { DJANGO_DRILL_HOME: home }, size)
  onTestFinished(() => pty.kill())
  return { pty, home, dir }
}

describe('a seeded three-question mock in a terminal', () => {
  it.each([
    { cols: 80, rows: 24 },
    { cols: 60, rows: 20 },
  ])(
    'is answered to the end at $cols x $rows, then the transcript is on disk and in --history',
    async (size) => {
      const { pty, home, dir } = start(size)
      const first = await pty.waitForScreen('1/3 · Warm-up')
      expect(first).toContain('What is a QuerySet?')
      expect(first).toMatch(/⌛ (9:5\d|10:00) left/)
      // Nothing of the answer is on screen during the mock.
      expect(first).not.toContain('first point')
      expect(first).not.toContain('A lazy query')
      pty.write('/h\r')
      await pty.waitForScreen('Hint: first point')
      pty.write('It is a lazy query\r')
      const rating = await pty.waitForScreen('How did that answer go?')
      expect(rating).not.toContain('Good') // a hint caps it: Again or Hard only
      pty.write('2')
      const core = await pty.waitForScreen('2/3 · Core')
      expect(core).toContain('Explain CSRF protection.')
      pty.write('A secret token compared on POST\r')
      await pty.waitForScreen('How did that answer go?')
      pty.write('3')
      const rapid = await pty.waitForScreen('3/3 · Rapid fire')
      expect(rapid).toMatch(/⏱ 0:(30|29|28)/)
      const line = pty.screen().find((l) => /\d\. select_related/.test(l))!
      pty.write(/(\d)\./.exec(line)![1]!)
      pty.write('\r')
      await pty.waitForScreen('Do you have questions for us?')
      expect(pty.screen().join('\n')).not.toMatch(/✔|✘|Correct/) // still nothing revealed
      pty.write('What does the team ship next?\r')
      // The debrief: answers beside the model answer, key points to tick, then the rubric.
      await pty.waitForScreen('Which key points did your answer cover?')
      expect(pty.text).toContain('Model answer')
      pty.write(' \r') // the warm-up: the first point
      await pty.waitFor('A secret token compared on POST')
      await pty.waitForScreen(/Which key points[\s\S]*first point/)
      pty.write(' \r')
      await pty.waitForScreen('Communication and structure')
      for (const choice of ['Technical correctness', 'Depth and trade-offs', 'Awareness of Django versions']) {
        pty.write('\u001b[B\u001b[B\r') // the third band each time
        await pty.waitForScreen(choice)
      }
      pty.write('\u001b[B\u001b[B\r')
      await pty.waitFor('Transcript: ')
      expect(await pty.exited).toBe(0)
      expect(pty.text).toMatch(/Overall: (hire|no hire|strong hire|strong no hire) \(score \d+\/100\)/)

      const files = transcripts(home)
      expect(files).toHaveLength(2)
      expect(files[0]).toMatch(/^interview-\d{8}-\d{6}\.json$/)
      const t = JSON.parse(readFileSync(join(home, 'interviews', files[0]!), 'utf8')) as Transcript
      expect(t.endedBy).toBe('done')
      expect(t.questions.map((q) => [q.phase, q.id])).toEqual([
        ['warmup', 'orm-warm'],
        ['core', 'security-core'],
        ['rapid', 'orm-rapid'],
      ])
      expect(t.questions[0]).toMatchObject({ hints: ['first point'], rating: 2, covered: [0], answer: 'It is a lazy query' })
      expect(t.questions[2]).toMatchObject({ correct: true })
      expect(t.closing).toBe('What does the team ship next?')
      expect(t.rubric).toEqual({ communication: 3, correctness: 3, depth: 3, versions: 3 })
      const md = readFileSync(join(home, 'interviews', files[1]!), 'utf8')
      expect(md).toContain('## 1. What is a QuerySet?')
      expect(md).toContain('**Hints taken:** first point')

      // Every answer is in the progress store, marked as given in an interview.
      const banks = progress(home).banks['sample']!
      expect(banks['orm-warm']!.history[0]).toMatchObject({ r: 2, iv: 1, a: 'It is a lazy query' })
      expect(banks['security-core']!.history[0]).toMatchObject({ r: 3, iv: 1 })
      expect(banks['orm-rapid']!.history[0]).toMatchObject({ ok: 1, iv: 1 })
      expect(banks['orm-rapid']!.card).toBeDefined()

      // --history lists it; --show reprints it.
      const history = drill(['--bank', dir, 'interview', '--history', '--json'], { env: { DJANGO_DRILL_HOME: home } })
      expect(history.status).toBe(0)
      const rows = JSON.parse(history.stdout) as { band: string; score: number; topics: string[] }[]
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ band: t.band, score: t.score, topics: ['orm', 'security'] })
      const shown = drill(['interview', '--show', '1'], { env: { DJANGO_DRILL_HOME: home } })
      expect(shown.status).toBe(0)
      expect(shown.stdout).toContain('## 2. How does CSRF protection work?')
    },
    60_000,
  )
})

// Any CSI sequence but colour (…m): cursor moves, erase, scroll, the alternate screen.
// eslint-disable-next-line no-control-regex
const CURSOR_OR_CLEAR = /\u001b\[[0-9;?]*[A-HJKSTfhlsu]/

describe('a mock on TERM=dumb', () => {
  it('asks every phase and the rubric with line prompts, as sessions do: no cursor or clear sequence, each rubric printed once', async () => {
    const home = testdir()
    const pty = new Pty(['--bank', bank(), 'interview', '--questions', '3', '--seed', '5', '--minutes', '10'], { DJANGO_DRILL_HOME: home, TERM: 'dumb' }, { cols: 60, rows: 20 })
    onTestFinished(() => pty.kill())
    let at = await pty.waitFor('/h hint · /s skip · /q end')
    expect(pty.text.slice(0, at)).toContain('1/3 · Warm-up')
    expect(pty.text.slice(0, at + 40)).not.toContain('/f flag')
    pty.write('/h\r')
    at = await pty.waitFor('Hint: first point', { from: at })
    pty.write('It is a lazy query\r')
    at = await pty.waitFor('How did that answer go?', { from: at })
    pty.write('2\r')
    at = await pty.waitFor('2/3 · Core', { from: at })
    pty.write('A token\r')
    at = await pty.waitFor('How did that answer go?', { from: at })
    pty.write('3\r')
    at = await pty.waitFor('3/3 · Rapid fire', { from: at })
    // The choice on a line: its options numbered once, h for a hint, no f.
    at = await pty.waitFor('h hint · s skip · q end', { from: at })
    const option = /(\d)\. select_related/.exec(pty.text.slice(0, at))
    pty.write(`${option![1]}\r`)
    at = await pty.waitFor('Do you have questions for us?', { from: at })
    pty.write('None\r')
    for (let i = 0; i < 2; i++) {
      at = await pty.waitFor('Which key points did your answer cover?', { from: at })
      pty.write('1\r')
      at += 10
    }
    for (const title of ['Communication and structure', 'Technical correctness', 'Depth and trade-offs', 'Awareness of Django versions']) {
      at = await pty.waitFor(title, { from: at })
      at = await pty.waitFor('Type 1-4 >', { from: at })
      pty.write('3\r')
    }
    await pty.waitFor('Transcript: ', { from: at })
    expect(await pty.exited).toBe(0)
    expect(pty.raw).not.toMatch(CURSOR_OR_CLEAR)
    expect(pty.text.match(/Crisp and well structured/g)).toHaveLength(1)
    expect(pty.text).toContain('  4. Crisp and well structured') // numbered once, by the line prompt
    const t = JSON.parse(readFileSync(join(home, 'interviews', transcripts(home)[0]!), 'utf8')) as Transcript
    expect(t.rubric).toEqual({ communication: 3, correctness: 3, depth: 3, versions: 3 })
    expect(t.questions[0]).toMatchObject({ hints: ['first point'], rating: 2 })
  }, 60_000)
})

describe('Ctrl+C in the middle of a mock', () => {
  it('exits 130 with a partial transcript on disk and the answers so far recorded', async () => {
    const { pty, home } = start({ cols: 80, rows: 24 })
    await pty.waitForScreen('1/3 · Warm-up')
    pty.write('It is a lazy query\r')
    await pty.waitForScreen('How did that answer go?')
    pty.write('3')
    await pty.waitForScreen('2/3 · Core')
    pty.write('half an ans')
    await pty.waitForScreen('half an ans')
    pty.write('\u0003')
    expect(await pty.exited).toBe(130)
    // The message names the file (wrapped to the terminal's width).
    expect(pty.text).toContain('Stopped. 1 answer was saved; partial transcript:')
    expect(pty.text.replace(/\s+/g, '')).toMatch(/partialtranscript:\S*interviews\/interview-\d{8}-\d{6}\.md/)
    const files = transcripts(home)
    expect(files).toHaveLength(2)
    const t = JSON.parse(readFileSync(join(home, 'interviews', files[0]!), 'utf8')) as Transcript
    expect(t.endedBy).toBe('cancelled')
    expect(t.questions.map((q) => q.id)).toEqual(['orm-warm'])
    expect(progress(home).banks['sample']!['orm-warm']!.history[0]).toMatchObject({ r: 3, iv: 1 })
    expect(progress(home).banks['sample']!['security-core']).toBeUndefined()
    expect(pty.text).not.toContain('Internal error')
  }, 30_000)
})

describe('interview without a terminal, and bad transcripts', () => {
  it('is a usage error without a terminal; --history reports a bad file by name and lists the rest', () => {
    expect(drill(['interview']).status).toBe(2)
    const home = testdir({
      'interviews/interview-20260101-000000.json': '{"format":"django-drill-interview","version":1}',
      'interviews/interview-20260101-000001.json': 'not json',
    })
    const result = drill(['interview', '--history'], { env: { DJANGO_DRILL_HOME: home } })
    expect(result.status).toBe(0)
    expect(result.stderr).toContain('interview-20260101-000000.json: startedAt: must be a date')
    expect(result.stderr).toContain('interview-20260101-000001.json: not valid JSON')
    expect(result.stdout).toContain('No mock interviews yet')
    const show = drill(['interview', '--show', join(home, 'interviews', 'interview-20260101-000001.json')], { env: { DJANGO_DRILL_HOME: home } })
    expect(show.status).toBe(1)
    expect(show.stderr).toContain('not valid JSON')
    expect(drill(['interview', '--show', home]).stderr).toContain('not a regular file')
  })
})
