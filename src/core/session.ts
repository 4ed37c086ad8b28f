// What happened in a session, and the summary computed from it.
import type { Outcome, Rating } from './progress.ts'
import type { Difficulty, Question } from './types.ts'

export interface AnswerRecord {
  question: Question
  outcome: Outcome
  rating?: Rating
  /** Time on the question, in ms. */
  ms: number
}

export type EndReason = 'done' | 'quit' | 'time'

export interface Tally {
  key: string
  asked: number
  /** Asked minus skipped. */
  answered: number
  correct: number
  /** correct / answered (skips excluded), 0-1; undefined when nothing was answered. */
  accuracy?: number
}

export interface SessionSummary {
  asked: number
  answered: number
  correct: number
  wrong: number
  timeouts: number
  skipped: number
  /** correct / answered: a skipped question counts in neither */
  score: number
  byTopic: Tally[]
  byDifficulty: Tally[]
  averageMs: number
  slowest?: { id: string; ms: number }
  /** Wrong or timed-out questions, by id. */
  missed: string[]
  timedOut: string[]
  flagged: string[]
  /** Skipped questions, by id. */
  skippedIds: string[]
  /** The question on screen when the session's time ran out, with what was typed. */
  unanswered?: { id: string; typed: string }
  /** When the next learning step of this session falls due (epoch ms), if one is pending. */
  nextDue?: number
  endedBy: EndReason
  totalMs: number
}

function tally(records: readonly AnswerRecord[], keyOf: (r: AnswerRecord) => string, order: readonly string[]): Tally[] {
  const groups = new Map<string, AnswerRecord[]>()
  for (const r of records) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r])
  const keys = [...groups.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  return keys.map((key) => {
    const group = groups.get(key)!
    const answered = group.filter((r) => r.outcome !== 'skipped')
    const correct = group.filter((r) => r.outcome === 'correct').length
    return { key, asked: group.length, answered: answered.length, correct, ...(answered.length ? { accuracy: correct / answered.length } : {}) }
  })
}

export function summarize(
  records: readonly AnswerRecord[],
  context: { endedBy: EndReason; totalMs: number; flagged: readonly string[]; topicOrder: readonly string[] },
): SessionSummary {
  const count = (o: Outcome) => records.filter((r) => r.outcome === o).length
  const answered = records.filter((r) => r.outcome !== 'skipped')
  const timed = answered.length ? answered : records
  const slowest = timed.reduce<AnswerRecord | undefined>((max, r) => (!max || r.ms > max.ms ? r : max), undefined)
  const difficulties: Difficulty[] = ['beginner', 'intermediate', 'advanced']
  return {
    asked: records.length,
    answered: answered.length,
    correct: count('correct'),
    wrong: count('wrong'),
    timeouts: count('timeout'),
    skipped: count('skipped'),
    score: answered.length ? count('correct') / answered.length : 0,
    byTopic: tally(records, (r) => r.question.topic, context.topicOrder),
    byDifficulty: tally(records, (r) => r.question.difficulty, difficulties),
    averageMs: timed.length ? Math.round(timed.reduce((s, r) => s + r.ms, 0) / timed.length) : 0,
    ...(slowest ? { slowest: { id: slowest.question.id, ms: slowest.ms } } : {}),
    missed: records.filter((r) => r.outcome === 'wrong' || r.outcome === 'timeout').map((r) => r.question.id),
    timedOut: records.filter((r) => r.outcome === 'timeout').map((r) => r.question.id),
    flagged: [...context.flagged],
    skippedIds: records.filter((r) => r.outcome === 'skipped').map((r) => r.question.id),
    endedBy: context.endedBy,
    totalMs: context.totalMs,
  }
}
