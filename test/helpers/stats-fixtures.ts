// Builders for progress fixtures: questions, answers and cards in a few characters.
import { emptyProgress, type Attempt, type ProgressData, type QuestionProgress, type StoredCard } from '../../src/core/progress.ts'
import type { Difficulty, Question } from '../../src/core/types.ts'

export const DAY = 86_400_000

/** A minimal open question. */
export function question(id: string, topic: string, difficulty: Difficulty, bank = 'sample'): Question {
  return {
    bank,
    id,
    topic,
    difficulty,
    type: 'open',
    title: `Title of ${id}`,
    tags: [],
    summary: '',
    keyPoints: [],
    references: [],
    covers: [],
    related: [],
    prompt: '',
    explanation: '',
    file: `${id}.md`,
  }
}

/** An answer at an ISO time: `ok` right or wrong. */
export const answer = (iso: string, ok: boolean, ms = 1000): Attempt => ({ t: Date.parse(iso), r: ok ? 3 : 1, ok: ok ? 1 : 0, ms })

/** A review card due at `due`, last reviewed at `reviewed`. */
export const card = (due: string, reviewed: string, extra: Partial<StoredCard> = {}): StoredCard => ({
  due: Date.parse(due),
  stability: 5,
  difficulty: 5,
  elapsed_days: 0,
  scheduled_days: 3,
  learning_steps: 0,
  reps: 1,
  lapses: 0,
  state: 2,
  last_review: Date.parse(reviewed),
  ...extra,
})

/** Progress from bank → id → question progress. */
export function progress(banks: Record<string, Record<string, QuestionProgress>>, settings?: ProgressData['settings']): ProgressData {
  return { ...emptyProgress(), banks, ...(settings ? { settings } : {}) }
}
