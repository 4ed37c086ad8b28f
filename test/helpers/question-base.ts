/** The fields every in-memory test question shares; a test adds id, topic, type and the type's own fields. */
export const QUESTION_BASE = {
  bank: 'b',
  title: 't',
  tags: [],
  summary: 's',
  keyPoints: [],
  references: [],
  covers: [],
  related: [],
  prompt: '',
  explanation: '',
  file: 'f.md',
  difficulty: 'beginner' as const,
}
