// The debrief of a mock interview: the rubric, the band rule, the topics to
// study next, and the transcript (JSON and markdown). Pure: no disk, no clock.
import { PHASE_TITLES, type EndReason, type InterviewState, type Level, type Phase, PHASES } from './interview.ts'
import type { Rating } from './progress.ts'
import { RATING_NAMES } from './progress.ts'

export const RUBRIC = [
  {
    id: 'communication',
    title: 'Communication and structure',
    bands: [
      'Hard to follow: no structure, the point never arrives.',
      'Gets there, but rambles or jumps between ideas.',
      'Clear: answers first, then the reasons, in order.',
      'Crisp and well structured: states assumptions, summarises, checks understanding.',
    ],
  },
  {
    id: 'correctness',
    title: 'Technical correctness',
    bands: [
      'Several wrong statements about how Django works.',
      'Mostly right with a notable mistake or gap.',
      'Correct on the main points.',
      'Correct and precise, including edge cases.',
    ],
  },
  {
    id: 'depth',
    title: 'Depth and trade-offs',
    bands: [
      'Only the surface: one way, no alternatives.',
      'Names alternatives without weighing them.',
      'Weighs alternatives and says when each fits.',
      'Reasons about costs at scale, failure modes and what to measure.',
    ],
  },
  {
    id: 'versions',
    title: 'Awareness of Django versions',
    bands: [
      'No sense of what changed between versions.',
      'Knows some features are new, not which or when.',
      'Knows the current LTS and what recent releases changed.',
      'Says what applies to which version, and what is deprecated.',
    ],
  },
] as const

export type RubricId = (typeof RUBRIC)[number]['id']
export type RubricScores = Record<RubricId, 1 | 2 | 3 | 4>

export const BANDS = ['strong no hire', 'no hire', 'hire', 'strong hire'] as const
export type Band = (typeof BANDS)[number]

/**
 * The band rule (also in the README):
 *   score = 50 × (mean rubric rating − 1) / 3 + 50 × evidence
 * where evidence is the share of key points covered in open answers plus
 * correct auto-graded answers, over all key points of the open questions
 * asked plus the auto-graded questions asked (a skipped question counts with
 * nothing covered). Bands: 80+ strong hire, 60+ hire, 40+ no hire, else
 * strong no hire; any rubric rating of 1 caps the band at no hire.
 */
export function bandFor(rubric: RubricScores, evidence: number): { band: Band; score: number } {
  const ratings = Object.values(rubric)
  const mean = ratings.reduce((s, r) => s + r, 0) / ratings.length
  const score = Math.round(50 * ((mean - 1) / 3) + 50 * Math.max(0, Math.min(1, evidence)))
  let band: Band = score >= 80 ? 'strong hire' : score >= 60 ? 'hire' : score >= 40 ? 'no hire' : 'strong no hire'
  if (ratings.includes(1) && (band === 'hire' || band === 'strong hire')) band = 'no hire'
  return { band, score }
}

// ── the transcript ─────────────────────────────────────────────────────────

export interface TranscriptQuestion {
  n: number
  phase: Phase
  /** Bank question (absent for a spoken follow-up). */
  bank?: string
  id?: string
  title: string
  topic: string
  difficulty?: string
  type?: string
  /** A follow-up asked aloud about question `about`. */
  spoken?: string
  about?: string
  ms: number
  answer?: string
  hints: string[]
  skipped: boolean
  timedOut: boolean
  rating?: Rating
  correct?: boolean
  keyPoints: string[]
  /** Indexes into keyPoints of those covered (ticked in the debrief). */
  covered: number[]
  summary?: string
  references: string[]
}

export interface Transcript {
  format: 'django-drill-interview'
  version: 1
  startedAt: string
  endedAt: string
  endedBy: EndReason | 'cancelled'
  level: Level
  tracks: string[]
  seed: number
  spoken: boolean
  interviewer: boolean
  minutes: number
  questions: TranscriptQuestion[]
  closing?: string
  rubric?: RubricScores
  band?: Band
  score?: number
  study: string[]
}

export interface TranscriptMeta {
  level: Level
  tracks: string[]
  seed: number
  spoken: boolean
  interviewer: boolean
  minutes: number
}

/** The transcript of the state so far; `covered` maps turn numbers to key points ticked in the debrief. */
export function buildTranscript(
  state: InterviewState,
  meta: TranscriptMeta,
  extra: { covered?: Map<number, number[]>; rubric?: RubricScores; cancelled?: boolean; at: number; topicTitle?: (id: string) => string },
): Transcript {
  const questions: TranscriptQuestion[] = state.asked.map((t) => {
    const q = t.q
    const about = t.about
    const base = q ?? about
    return {
      n: t.n,
      phase: t.phase,
      ...(q ? { bank: q.bank, id: q.id, title: q.title, difficulty: q.difficulty, type: q.type } : { title: t.spoken ?? '' }),
      topic: base?.topic ?? '',
      ...(t.spoken ? { spoken: t.spoken, ...(about ? { about: about.id } : {}) } : {}),
      ms: t.ms,
      ...(t.text !== undefined && t.text !== '' ? { answer: t.text } : {}),
      hints: t.hints,
      skipped: t.skipped,
      timedOut: t.timedOut,
      ...(t.rating !== undefined ? { rating: t.rating } : {}),
      ...(t.correct !== undefined ? { correct: t.correct } : {}),
      keyPoints: q ? q.keyPoints : [],
      covered: extra.covered?.get(t.n) ?? [],
      ...(q ? { summary: q.summary } : {}),
      references: q ? q.references : [],
    }
  })
  const transcript: Transcript = {
    format: 'django-drill-interview',
    version: 1,
    startedAt: new Date(state.startedAt).toISOString(),
    endedAt: new Date(state.endedAt ?? extra.at).toISOString(),
    endedBy: extra.cancelled ? 'cancelled' : (state.endedBy ?? 'quit'),
    ...meta,
    questions,
    ...(state.closing !== undefined && state.closing !== '' ? { closing: state.closing } : {}),
    study: studyNext(questions, extra.topicTitle),
  }
  if (extra.rubric) {
    const { band, score } = bandFor(extra.rubric, evidence(questions))
    Object.assign(transcript, { rubric: extra.rubric, band, score })
  }
  return transcript
}

/** Key points covered plus right auto-graded answers, over what could have been (0-1; 0 when nothing). */
export function evidence(questions: readonly TranscriptQuestion[]): number {
  let got = 0
  let of = 0
  for (const q of questions) {
    if (q.correct !== undefined || (q.phase === 'rapid' && q.id)) {
      of++
      if (q.correct) got++
    } else if (q.keyPoints.length > 0) {
      of += q.keyPoints.length
      got += q.skipped ? 0 : Math.min(q.covered.length, q.keyPoints.length)
    }
  }
  return of === 0 ? 0 : got / of
}

/**
 * Topics to study next: the topics of questions skipped, hinted, missed or
 * with under two thirds of their key points covered, the worst first.
 */
export function studyNext(questions: readonly TranscriptQuestion[], topicTitle: (id: string) => string = (id) => id): string[] {
  const deficit = new Map<string, number>()
  for (const q of questions) {
    if (!q.id || !q.topic) continue
    let d = 0
    if (q.skipped || q.timedOut) d = 1
    else if (q.correct === false) d = 1
    else if (q.keyPoints.length > 0 && q.correct === undefined) d = 1 - q.covered.length / q.keyPoints.length
    if (q.hints.length > 0) d = Math.max(d, 0.5)
    if (d >= 1 / 3 || q.skipped) deficit.set(q.topic, (deficit.get(q.topic) ?? 0) + d)
  }
  return [...deficit].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => topicTitle(t))
}

// ── reading a transcript back ───────────────────────────────────────────────

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')

/** The first thing wrong with a parsed transcript, as "field: reason", or undefined. */
export function transcriptProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'the file is not a JSON object'
  if (raw['format'] !== 'django-drill-interview') return 'format: not a django-drill interview transcript'
  if (raw['version'] !== 1) return `version: ${String(raw['version'])} is not one this django-drill reads`
  for (const key of ['startedAt', 'endedAt']) if (typeof raw[key] !== 'string' || Number.isNaN(Date.parse(raw[key]))) return `${key}: must be a date`
  if (!['done', 'time', 'quit', 'cancelled'].includes(raw['endedBy'] as string)) return 'endedBy: must be done, time, quit or cancelled'
  if (!Array.isArray(raw['questions'])) return 'questions: must be a list'
  for (const [i, q] of (raw['questions'] as unknown[]).entries()) {
    const at = `questions[${i}]`
    if (!isObject(q)) return `${at}: must be an object`
    if (!PHASES.includes(q['phase'] as Phase)) return `${at}.phase: unknown phase`
    if (typeof q['title'] !== 'string' || typeof q['topic'] !== 'string') return `${at}.title: must be text`
    if (typeof q['ms'] !== 'number' || !Number.isFinite(q['ms']) || q['ms'] < 0) return `${at}.ms: must be a duration`
    if (!isStrings(q['hints']) || !isStrings(q['keyPoints']) || !isStrings(q['references'])) return `${at}: hints, keyPoints and references must be lists of text`
    if (!Array.isArray(q['covered']) || !q['covered'].every((n) => Number.isInteger(n))) return `${at}.covered: must be a list of numbers`
    if (q['answer'] !== undefined && typeof q['answer'] !== 'string') return `${at}.answer: must be text`
  }
  if (raw['band'] !== undefined && !BANDS.includes(raw['band'] as Band)) return 'band: unknown band'
  if (raw['score'] !== undefined && typeof raw['score'] !== 'number') return 'score: must be a number'
  if (!isStrings(raw['study'])) return 'study: must be a list of text'
  if (!isStrings(raw['tracks'])) return 'tracks: must be a list of text'
  return undefined
}

// ── markdown ───────────────────────────────────────────────────────────────

const clock = (ms: number) => {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** Text from the user, quoted so it cannot turn into headings or HTML in the markdown. */
const quote = (text: string) =>
  text
    .split('\n')
    .map((l) => `> ${l.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))}`)
    .join('\n')

/** The transcript as markdown: one heading per question. */
export function transcriptMarkdown(t: Transcript): string {
  const out: string[] = []
  out.push(`# Mock interview, ${t.startedAt.slice(0, 16).replace('T', ' ')} UTC`)
  out.push('')
  const facts = [
    `Level: ${t.level}`,
    ...(t.tracks.length ? [`Track: ${t.tracks.join(', ')}`] : []),
    `Seed: ${t.seed}`,
    `Planned: ${t.minutes} min`,
    `Took: ${clock(Date.parse(t.endedAt) - Date.parse(t.startedAt))}`,
    `Mode: ${t.interviewer ? 'with an interviewer' : t.spoken ? 'spoken' : 'typed'}`,
  ]
  out.push(facts.join(' · '))
  const ended = { done: 'Finished.', time: 'Time ran out.', quit: 'Ended early.', cancelled: 'Stopped with Ctrl+C (partial transcript).' }[t.endedBy]
  out.push('')
  out.push(ended)
  if (t.band) {
    out.push('')
    out.push(`**Band: ${t.band}** (score ${t.score ?? 0}/100)`)
  }
  for (const q of t.questions) {
    out.push('')
    out.push(`## ${q.n}. ${q.spoken ? `Follow-up: ${q.spoken}` : q.title}`)
    out.push('')
    const meta = [PHASE_TITLES[q.phase], q.topic, ...(q.difficulty ? [q.difficulty] : []), ...(q.type ? [q.type] : []), `${clock(q.ms)} taken`]
    if (q.id) meta.push(`\`${q.id}\``)
    if (q.about) meta.push(`about \`${q.about}\``)
    out.push(meta.join(' · '))
    out.push('')
    if (q.skipped) out.push('Skipped.')
    else if (q.timedOut) out.push('Time ran out.', '')
    if (!q.skipped || q.answer) {
      out.push('**Your answer:**')
      out.push('')
      out.push(q.answer ? quote(q.answer) : '_(answered aloud or not written)_')
    }
    if (q.hints.length) {
      out.push('')
      out.push(`**Hints taken:** ${q.hints.join('; ')} (rating capped at Hard)`)
    }
    if (q.rating !== undefined) {
      out.push('')
      out.push(`**Rating:** ${RATING_NAMES[q.rating]}${q.correct === undefined ? '' : q.correct ? ' · auto-graded: right' : ' · auto-graded: wrong'}`)
    }
    if (q.keyPoints.length) {
      out.push('')
      out.push(`**Key points covered (${q.covered.length}/${q.keyPoints.length}):**`)
      out.push('')
      for (const [i, p] of q.keyPoints.entries()) out.push(`- [${q.covered.includes(i) ? 'x' : ' '}] ${p}`)
    }
    if (q.summary) {
      out.push('')
      out.push(`**Model answer:** ${q.summary}`)
    }
    if (q.references.length) {
      out.push('')
      out.push('**References:**')
      out.push('')
      for (const r of q.references) out.push(`- ${r}`)
    }
  }
  out.push('')
  out.push('## Do you have questions for us?')
  out.push('')
  out.push(t.closing ? quote(t.closing) : '_(none)_')
  if (t.rubric) {
    out.push('')
    out.push('## Rubric')
    out.push('')
    for (const r of RUBRIC) out.push(`- ${r.title}: ${t.rubric[r.id]}/4, ${r.bands[t.rubric[r.id] - 1]}`)
  }
  out.push('')
  out.push('## Study next')
  out.push('')
  out.push(t.study.length ? t.study.map((s) => `- ${s}`).join('\n') : '_(nothing stood out)_')
  return `${out.join('\n')}\n`
}

/** The file name of a transcript started at `at`: interview-YYYYMMDD-HHMMSS (UTC). */
export const transcriptName = (at: number): string =>
  `interview-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .replace('T', '-')}`
