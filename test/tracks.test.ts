import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { applyFilter, buildFilter, FilterError } from '../src/core/filter.ts'
import { parseManifest } from '../src/core/parse.ts'
import { emptyProgress, recordAttempt } from '../src/core/progress.ts'
import { inTrack, trackRows, type BankTrack } from '../src/core/tracks.ts'
import type { Question } from '../src/core/types.ts'
import { loadBank } from '../src/io/bank.ts'
import { testdir } from './helpers/testdir.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url))
const HEAD = 'id: b\ntitle: B\ntopics:\n  - id: orm\n    title: ORM\n  - id: views\n    title: Views\n'
const manifest = (tracks: string) => parseManifest(`${HEAD}tracks:\n${tracks}`, 'bank.yml')
const reasons = (tracks: string, severity = 'error') =>
  manifest(tracks)
    .problems.filter((p) => p.severity === severity)
    .map((p) => `${p.line ?? '-'} ${p.field}: ${p.reason}`)

describe('tracks in bank.yml', () => {
  it('parses every selector', () => {
    const m = manifest(
      '  - id: backend\n    title: Backend\n    description: ORM depth\n    topics: [orm]\n    tags: [Performance]\n    difficulty: [advanced]\n    ids: [q-one]\n',
    )
    expect(m.problems).toEqual([])
    expect(m.manifest?.tracks).toEqual([
      { id: 'backend', title: 'Backend', description: 'ORM depth', topics: ['orm'], tags: ['performance'], difficulty: ['advanced'], ids: ['q-one'] },
    ])
  })
  // prettier-ignore
  const cases: [string, string, string][] = [
    ['not a list',        '  id: x\n',                                              '8 tracks: must be a list of tracks'],
    ['a bad id',          '  - id: Back End\n    title: B\n    topics: [orm]\n',     '8 tracks: track 1 needs an id of lowercase letters'],
    ['a duplicate id',    '  - id: a\n    title: A\n    topics: [orm]\n  - id: a\n    title: B\n    topics: [orm]\n', '8 tracks: track "a" is listed twice'],
    ['an unknown topic',  '  - id: a\n    title: A\n    topics: [orm, admin]\n',   '8 tracks: track "a": topic "admin" is not listed in topics (orm, views)'],
    ['a bad difficulty',  '  - id: a\n    title: A\n    difficulty: [expert]\n',   '8 tracks: track "a": difficulty "expert" must be one of beginner, intermediate, advanced'],
    ['no title',          '  - id: a\n    topics: [orm]\n',                       '8 tracks: track "a" needs a title'],
    ['no selector',       '  - id: a\n    title: A\n',                            '8 tracks: track "a" selects nothing'],
  ]
  it.each(cases)('%s is an error', (_name, tracks, expected) => {
    expect(reasons(tracks).join('\n')).toContain(expected)
    expect(manifest(tracks).manifest).toBeUndefined()
  })

  it('an unknown key in a track is a warning', () => {
    expect(reasons('  - id: a\n    title: A\n    topic: [orm]\n    ids: [x]\n', 'warning')).toEqual([
      '8 tracks: track "a": "topic" is not a track field (id, title, description, topics, tags, difficulty, ids) and is ignored',
    ])
  })

  it('unknown ids in a track and in follow_ups are warnings; spoken follow-ups are not; the bank still loads', () => {
    const dir = testdir()
    cpSync(FIXTURE, dir, { recursive: true })
    writeFileSync(join(dir, 'order.md'), readFileSync(join(dir, 'order.md'), 'utf8').replace('  - orm-count-loop', '  - orm-count-loop\n  - no-such-question'))
    writeFileSync(join(dir, 'bank.yml'), `${HEAD.replace('views', 'middleware').replace('Views', 'Middleware')}tracks:\n  - id: t\n    title: T\n    ids: [nope, orm-bug-loop]\n`)
    const bank = loadBank(dir)
    expect(bank.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''} ${p.field}: ${p.reason} (${p.severity})`)).toEqual([
      'order.md:15 follow_ups: "no-such-question" is not a question id in this bank (write a spoken follow-up as a sentence) (warning)',
      'bank.yml tracks: track "t": "nope" is not a question id in this bank (warning)',
    ])
    expect(bank.questions.find((q) => q.id === 'middleware-order')?.followUps).toEqual(['orm-count-loop', 'no-such-question', 'And for an exception raised in the view?'])
    expect(bank.questions).toHaveLength(5)
  })
})

describe('membership', () => {
  const q = (over: Partial<Question>) => ({ bank: 'b', id: 'x', topic: 'orm', difficulty: 'advanced', tags: ['perf'], ...over }) as Question
  const track = (over: Partial<BankTrack>): BankTrack => ({ bank: 'b', id: 't', title: 'T', ...over })
  it('matches every selector given; ids add questions; another bank never matches', () => {
    const t = track({ topics: ['orm'], difficulty: ['advanced'], ids: ['extra'] })
    expect(inTrack(t, q({}))).toBe(true)
    expect(inTrack(t, q({ difficulty: 'beginner' }))).toBe(false)
    expect(inTrack(t, q({ topic: 'views' }))).toBe(false)
    expect(inTrack(t, q({ id: 'extra', topic: 'views' }))).toBe(true)
    expect(inTrack(t, q({ bank: 'other' }))).toBe(false)
    expect(inTrack(track({ tags: ['perf'] }), q({ tags: ['Perf'] }))).toBe(true)
    expect(inTrack(track({ ids: ['x'] }), q({ id: 'y' }))).toBe(false)
  })
  it('--track filters, and an unknown track is a usage error listing the valid ones', () => {
    const tracks = [track({ id: 'orm', topics: ['orm'] }), track({ id: 'views', topics: ['views'] })]
    const qs = [q({ id: 'a' }), q({ id: 'b', topic: 'views' })]
    expect(applyFilter(qs, buildFilter({ track: ['views'] }, [], tracks)).map((x) => x.id)).toEqual(['b'])
    expect(() => buildFilter({ track: ['nope'] }, [], tracks)).toThrow(new FilterError('Unknown track "nope". Valid values: orm, views'))
  })
  it('counts questions, seen and known now per track', () => {
    const bank = loadBank(FIXTURE)
    const progress = emptyProgress()
    const now = new Date('2026-12-01T12:00:00Z')
    recordAttempt(progress, { bank: 'kinds', id: 'orm-bug-loop', topic: 'orm', difficulty: 'intermediate', attempt: { t: now.getTime() - 1000, r: 3, ok: 1, ms: 1 } })
    recordAttempt(progress, { bank: 'kinds', id: 'orm-count-loop', topic: 'orm', difficulty: 'advanced', attempt: { t: now.getTime() - 1000, r: 1, ok: 0, ms: 1 } })
    const tracks = (bank.manifest.tracks ?? []).map((t) => ({ ...t, bank: 'kinds' }))
    expect(trackRows(tracks, bank.questions, progress, now).map((r) => [r.id, r.questions, r.seen, r.known])).toEqual([
      ['backend', 3, 2, 1],
      ['orm-only', 5, 2, 1],
    ])
  })
})

describe('stats --track', () => {
  it('counts only the questions of the track, answers included', async () => {
    const { computeStats } = await import('../src/core/stats.ts')
    const { fixedOffsetCalendar } = await import('../src/core/calendar.ts')
    const bank = loadBank(FIXTURE)
    const progress = emptyProgress()
    const now = new Date('2026-12-01T12:00:00Z')
    for (const id of ['orm-bug-loop', 'middleware-order'])
      recordAttempt(progress, { bank: 'kinds', id, topic: 'orm', difficulty: 'beginner', attempt: { t: now.getTime() - 1000, r: 3, ok: 1, ms: 1 } })
    const track: BankTrack = { ...bank.manifest.tracks![0]!, bank: 'kinds' } // backend: intermediate and advanced only
    const s = computeStats({ progress, questions: bank.questions, topics: bank.manifest.topics, now, calendar: fixedOffsetCalendar(0), filter: { keep: (q) => inTrack(track, q) } })
    expect(s.questions.total).toBe(3)
    expect(s.answers.given).toBe(1)
  })
})
