// One question as `list --json` prints it. The bank index keeps these rows
// too (src/io/cache.ts), so that listing an unchanged bank copies them.
import type { LightQuestion } from './types.ts'

export const listRow = (q: LightQuestion) => ({
  bank: q.bank,
  id: q.id,
  topic: q.topic,
  difficulty: q.difficulty,
  type: q.type,
  title: q.title,
  tags: q.tags,
  summary: q.summary,
})
