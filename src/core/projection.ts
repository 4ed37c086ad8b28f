// Readiness projected to a date: per topic and difficulty, the expected
// number of questions recalled then (the sum of FSRS predicted recalls, as
// Anki's "estimated total knowledge"), assuming no more reviews. Pure.
import { effectiveSettings, progressOf, type ProgressData, type Settings } from './progress.ts'
import { recallAt } from './plan.ts'
import type { ProjectedCell, ProjectedRow } from './plan-render.ts'
import { DIFFICULTIES, type LightQuestion, type Topic } from './types.ts'

export function projectReadiness(input: {
  progress: ProgressData
  questions: readonly LightQuestion[]
  topics?: readonly Topic[]
  filter?: { topics?: readonly string[]; difficulties?: readonly string[] }
  at: number
  settings: Settings
}): {
  difficulties: string[]
  rows: ProjectedRow[]
  all: ProjectedRow
} {
  const e = effectiveSettings(input.settings)
  const sched = { retention: e.retention, maxInterval: e.maxInterval, learningSteps: e.learningSteps }
  const topics = input.filter?.topics ?? []
  const levels = input.filter?.difficulties ?? []
  const questions = input.questions.filter((q) => (topics.length === 0 || topics.includes(q.topic)) && (levels.length === 0 || levels.includes(q.difficulty)))
  const difficulties = DIFFICULTIES.filter((d) => levels.length === 0 || levels.includes(d))
  const r = (q: LightQuestion) => {
    const p = progressOf(input.progress, q.bank, q.id)
    return p?.suspended ? 0 : recallAt(p?.card, input.at, sched)
  }
  const cell = (qs: readonly LightQuestion[]): ProjectedCell => ({ known: qs.reduce((s, q) => s + r(q), 0), total: qs.length })
  const row = (topic: string, qs: readonly LightQuestion[]): ProjectedRow => ({
    topic,
    cells: Object.fromEntries(difficulties.map((d) => [d, cell(qs.filter((q) => q.difficulty === d))])),
    all: cell(qs),
  })
  const order = [...new Set([...(input.topics ?? []).map((t) => t.id), ...questions.map((q) => q.topic)])].filter((t) => questions.some((q) => q.topic === t))
  return {
    difficulties: [...difficulties],
    rows: order.map((t) =>
      row(
        t,
        questions.filter((q) => q.topic === t),
      ),
    ),
    all: row('all', questions),
  }
}
