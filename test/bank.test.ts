// Keeps the bundled bank honest: valid, complete, balanced and sourced from official docs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import matter from 'gray-matter'
import { describe, expect, it } from 'vitest'
import { normalise } from '../src/core/parse.ts'
import { DIFFICULTIES, type Question } from '../src/core/types.ts'
import { loadBank } from '../src/io/bank.ts'
import { inTrack } from '../src/core/tracks.ts'

// The subjects the bank must cover: S01-S67 from the seed interview list, plus F02 (is Django a CMS).
const SUBJECTS = [...Array.from({ length: 67 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`), 'F02']

// Official documentation sites a reference may point to.
const OFFICIAL_HOSTS = new Set([
  'docs.djangoproject.com',
  'www.django-rest-framework.org',
  'django-oauth-toolkit.readthedocs.io',
  'docs.python.org',
  'docs.celeryq.dev',
  'docs.docker.com',
  'kubernetes.io',
  'docs.gunicorn.org',
  'gunicorn.org', // Gunicorn's docs moved here (MkDocs, 2026); reference/settings/#timeout etc.
  'www.uvicorn.org',
  'developer.mozilla.org',
  'www.postgresql.org',
  'asgi.readthedocs.io',
  'channels.readthedocs.io',
  'whitenoise.readthedocs.io',
  'drf-spectacular.readthedocs.io', // the OpenAPI package DRF's docs recommend
])
const PRIMARY_HOSTS = new Set(['docs.djangoproject.com', 'www.django-rest-framework.org', 'django-oauth-toolkit.readthedocs.io'])

const bankDir = fileURLToPath(new URL('../questions/', import.meta.url))
const bank = loadBank(bankDir)
const questions = bank.questions
const share = (pred: (q: Question) => boolean) => questions.filter(pred).length / questions.length
const autoGraded = (q: Question) => q.type !== 'open'
const CODE_NATIVE = ['order', 'cloze', 'bug', 'count', 'output'] as const

// Item writing: the options of a question must not give the answer away.
type Options = { id: string; right: string[]; wrong: string[] }
const optionSets: Options[] = questions.flatMap((q) => (q.type === 'choice' || q.type === 'multi' ? [{ id: q.id, right: [q.answer].flat(), wrong: q.distractors }] : []))
const choiceSets = questions.flatMap((q) => (q.type === 'choice' ? [{ id: q.id, right: q.answer, wrong: q.distractors }] : []))
const multiSets = questions.flatMap((q) => (q.type === 'multi' ? [{ id: q.id, right: q.answer, wrong: q.distractors }] : []))
const meanLength = (xs: readonly string[]) => xs.reduce((sum, x) => sum + x.length, 0) / xs.length
const shareOf = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred).length / xs.length

describe('the bundled bank', () => {
  it('validates with no errors and no warnings', () => {
    expect(bank.problems).toEqual([])
    expect(bank.skipped).toBe(0)
  })

  it('covers every seed subject', () => {
    const covered = new Set(questions.flatMap((q) => q.covers))
    expect(SUBJECTS.filter((s) => !covered.has(s))).toEqual([])
    expect([...covered].filter((s) => !SUBJECTS.includes(s))).toEqual([])
  })

  // Issue 13, item 2: the areas senior interviews probe each have a topic of their own, and DRF has depth.
  it('has a topic for each area issue 13 names, and at least 20 DRF questions', () => {
    const areas = [
      'expressions',
      'database',
      'postgres',
      'migrations',
      'admin',
      'tasks',
      'realtime',
      'drf',
      'auth',
      'operations',
      'architecture',
      'i18n',
      'static',
      'email',
      'commands',
      'contenttypes',
      'project',
    ]
    const topics = bank.manifest.topics.map((t) => t.id)
    expect(areas.filter((a) => !topics.includes(a))).toEqual([])
    expect(questions.filter((q) => q.topic === 'drf').length).toBeGreaterThanOrEqual(20)
  })

  // Issue 13, item 4: near-duplicates were merged into one question each; the removed ids must not come back.
  it('keeps the merged near-duplicates merged', () => {
    const merged: Record<string, string> = {
      'orm-raw-sql-safety': 'security-sql-injection-raw-queries',
      'auth-login-required-mixin-order': 'views-mixin-order',
      'deployment-static-files-production': 'static-serving-in-production',
      'security-xss-auto-escaping': 'templates-autoescape-safe-pitfalls',
      'project-admin-site-vs-django-admin': 'project-real-management-commands',
      'architecture-expand-contract-order': 'migrations-rename-column-steps',
    }
    const ids = new Set(questions.map((q) => q.id))
    expect(Object.keys(merged).filter((id) => ids.has(id))).toEqual([])
    expect(Object.values(merged).filter((id) => !ids.has(id))).toEqual([])
  })

  it('has at least 360 questions in at least 30 topics', () => {
    expect(questions.length).toBeGreaterThanOrEqual(360)
    expect(bank.manifest.topics.length).toBeGreaterThanOrEqual(30)
  })

  it.each(bank.manifest.topics.map((t) => [t.id]))('topic %s: 8+ questions, 2+ levels, 3+ auto-graded', (topic) => {
    const own = questions.filter((q) => q.topic === topic)
    expect(own.length).toBeGreaterThanOrEqual(8)
    expect(new Set(own.map((q) => q.difficulty)).size).toBeGreaterThanOrEqual(2)
    expect(own.filter(autoGraded).length).toBeGreaterThanOrEqual(3)
  })

  it('reads code: 90+ questions with code to read, 40+ of the code-native types, 6+ of each', () => {
    const native = questions.filter((q) => (CODE_NATIVE as readonly string[]).includes(q.type))
    const withCode = questions.filter((q) => native.includes(q) || /^ {0,3}(```|~~~)/m.test(q.prompt))
    expect(withCode.length).toBeGreaterThanOrEqual(90)
    expect(native.length).toBeGreaterThanOrEqual(40)
    for (const type of CODE_NATIVE) expect(native.filter((q) => q.type === type).length, type).toBeGreaterThanOrEqual(6)
  })

  it('defines at least four tracks (study playlists for a role), each covering at least 60 questions', () => {
    const tracks = bank.manifest.tracks ?? []
    expect(tracks.length).toBeGreaterThanOrEqual(4)
    for (const track of tracks) {
      const covered = questions.filter((q) => inTrack({ ...track, bank: bank.manifest.id }, q)).length
      expect(covered, track.id).toBeGreaterThanOrEqual(60)
    }
  })

  it('is shaped for senior interviews: at least 40% advanced, 15% beginner, 35% auto-graded', () => {
    expect(share((q) => q.difficulty === 'beginner')).toBeGreaterThanOrEqual(0.15)
    expect(share((q) => q.difficulty === 'advanced')).toBeGreaterThanOrEqual(0.4)
    expect(share(autoGraded)).toBeGreaterThanOrEqual(0.35)
    for (const q of questions) expect(DIFFICULTIES).toContain(q.difficulty)
  })

  it('every reference is an https link to an official documentation site, and each question cites a primary one', () => {
    const bad: string[] = []
    for (const q of questions) {
      for (const ref of q.references) {
        const url = new URL(ref)
        if (url.protocol !== 'https:' || !OFFICIAL_HOSTS.has(url.hostname)) bad.push(`${q.id}: ${ref}`)
      }
      if (!q.references.some((r) => PRIMARY_HOSTS.has(new URL(r).hostname))) bad.push(`${q.id}: no Django, DRF or oauth-toolkit docs link`)
    }
    expect(bad).toEqual([])
  })

  it('links the Django docs of the current release, not an old or unversioned one', () => {
    const stale = questions.flatMap((q) => q.references.filter((r) => /docs\.djangoproject\.com\/en\//.test(r) && !/\/en\/(6\.1|6\.0|5\.2)\//.test(r)).map((r) => `${q.id}: ${r}`))
    expect(stale).toEqual([])
  })

  it('never claims a "latest" or "current" version without a date', () => {
    const undated = questions.filter((q) =>
      `${q.prompt}\n${q.explanation}\n${q.summary}`
        .split(/(?<=[.!?])\s+/)
        .some((s) => /\b(latest|current) (django )?(version|release)\b/i.test(s) && !/20\d\d|without a date/.test(s)),
    )
    expect(undated.map((q) => q.id)).toEqual([])
  })

  it('opens every model answer with a direct answer before any heading, list or code', () => {
    const bad = questions.filter((q) => /^(#|```|~~~|[-*+] |\d+[.)] |\||>)/.test(q.explanation) || q.explanation.split(/\n\s*\n/)[0]!.length < 60)
    expect(bad.map((q) => q.id)).toEqual([])
  })

  it('choice questions have options distinct from each other', () => {
    for (const q of questions) {
      if (q.type !== 'choice' && q.type !== 'multi') continue
      const options = [...(Array.isArray(q.answer) ? q.answer : [q.answer]), ...q.distractors]
      expect(new Set(options).size, q.id).toBe(options.length)
    }
  })

  it('the key of a choice question is the longest option in at most 35% of them', () => {
    const keyLongest = shareOf(choiceSets, (q) => q.right.length > Math.max(...q.wrong.map((d) => d.length)))
    expect(choiceSets.length).toBeGreaterThan(20)
    expect(keyLongest).toBeLessThanOrEqual(0.35)
  })

  it('the correct options of a multi question are longer on average in at most 60% of them', () => {
    const rightLonger = shareOf(multiSets, (q) => meanLength(q.right) > meanLength(q.wrong))
    expect(multiSets.length).toBeGreaterThan(10)
    expect(rightLonger).toBeLessThanOrEqual(0.6)
  })

  it('no option is "all of the above", "none of the above" or the like', () => {
    const catchAll = /\b(all|none|both|neither) of (the )?(above|below|these|them|options|answers)\b/i
    expect(optionSets.filter((q) => [...q.right, ...q.wrong].some((o) => catchAll.test(o))).map((q) => q.id)).toEqual([])
  })

  it('options of one question are comparable in length and form', () => {
    const uneven = optionSets.filter((q) => {
      const lengths = [...q.right, ...q.wrong].map((o) => o.length)
      return Math.max(...lengths) > 2.5 * Math.min(...lengths) + 10
    })
    expect(uneven.map((q) => q.id)).toEqual([])
    // Either every option is one token (a name, a command, an expression) or every option is a phrase.
    const mixed = optionSets.filter((q) => {
      const phrases = [...q.right, ...q.wrong].filter((o) => /\s/.test(o.trim())).length
      return phrases !== 0 && phrases !== q.right.length + q.wrong.length
    })
    expect(mixed.map((q) => q.id)).toEqual([])
  })

  it('every short question accepts another way of typing its answer', () => {
    const thin = questions.filter((q) => {
      if (q.type !== 'short') return false
      const variants = new Set(q.accept.map(normalise))
      variants.delete(normalise(q.answer))
      return variants.size === 0
    })
    expect(thin.map((q) => q.id)).toEqual([])
  })

  // Issue 13: a scenario (a situation to reason through) or a design question, marked by tag.
  it('at least 30% of the bank are scenario or design questions', () => {
    const scenarioOrDesign = questions.filter((q) => q.tags.includes('scenario') || q.tags.includes('design'))
    expect(scenarioOrDesign.length / questions.length).toBeGreaterThanOrEqual(0.3)
  })

  it('spells the scenario and design tags exactly so, never "Scenario", "scenarios" or "design_"', () => {
    const near = (t: string) =>
      /^(scenario|design)$/.test(
        t
          .toLowerCase()
          .replace(/[^a-z]/g, '')
          .replace(/s$/, ''),
      )
    const misspelt = questions.flatMap((q) => q.tags.filter((t) => near(t) && t !== 'scenario' && t !== 'design').map((t) => `${q.id}: ${t}`))
    expect(misspelt).toEqual([])
  })

  // Read from the front matter itself, so the check holds whether or not the parser exposes follow_ups yet.
  it('every open intermediate or advanced question has 1-3 follow-ups, and id entries name questions in the bank', () => {
    const ids = new Set(questions.map((q) => q.id))
    const bad: string[] = []
    for (const q of questions) {
      const raw = (matter(readFileSync(join(bankDir, q.file), 'utf8')).data as { follow_ups?: unknown }).follow_ups
      const entries = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
      if (q.type === 'open' && q.difficulty !== 'beginner' && (entries.length < 1 || entries.length > 3)) bad.push(`${q.id}: ${entries.length} follow-ups`)
      for (const e of entries) {
        if (typeof e !== 'string' || e.trim() === '') bad.push(`${q.id}: follow-up ${JSON.stringify(e)} is not text`)
        else if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e) && !ids.has(e)) bad.push(`${q.id}: follow-up ${e} is not in the bank`)
        else if (e === q.id) bad.push(`${q.id}: follows up on itself`)
      }
    }
    expect(bad).toEqual([])
  })
})
