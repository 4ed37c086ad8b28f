import { inTrack, type BankTrack } from './tracks.ts'
import { DIFFICULTIES, QUESTION_TYPES, type Difficulty, type LightQuestion, type Question, type QuestionType, type Topic } from './types.ts'

export interface Filter {
  topics: string[]
  difficulties: Difficulty[]
  tags: string[]
  types: QuestionType[]
  search?: string
  /** Tracks from --track: a question in any of them passes. */
  tracks?: BankTrack[]
}

export const emptyFilter = (): Filter => ({ topics: [], difficulties: [], tags: [], types: [] })

/** Raw option values as Commander gives them: repeated and/or comma-separated. */
export interface FilterInput {
  topic?: string[]
  difficulty?: string[]
  tag?: string[]
  type?: string[]
  search?: string
  track?: string[]
}

/** Splits "a,b" and repeated values into one clean, de-duplicated list. */
export const splitList = (values: readonly string[] | undefined): string[] => [
  ...new Set(
    (values ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  ),
]

export class FilterError extends Error {
  override name = 'FilterError'
}

/** Checks filter values against what the bank has; unknown ones are a usage error listing the valid values. */
export function buildFilter(input: FilterInput, topics: readonly Topic[], tracks: readonly BankTrack[] = []): Filter {
  const check = <T extends string>(label: string, values: string[], valid: readonly string[]): T[] => {
    const bad = values.filter((v) => !valid.includes(v))
    if (bad.length > 0) {
      const which = bad.map((b) => `"${b}"`).join(', ')
      throw new FilterError(`Unknown ${label} ${which}. Valid values: ${valid.join(', ')}`)
    }
    return values as T[]
  }
  const search = input.search?.trim()
  const trackIds = splitList(input.track)
  if (trackIds.length > 0 && tracks.length === 0)
    throw new FilterError(`Unknown track ${trackIds.map((t) => `"${t}"`).join(', ')}: no bank in use declares tracks (in its bank.yml).`)
  const picked = check('track', trackIds, [...new Set(tracks.map((t) => t.id))])
  return {
    topics: check(
      'topic',
      splitList(input.topic),
      topics.map((t) => t.id),
    ),
    difficulties: check<Difficulty>('difficulty', splitList(input.difficulty), DIFFICULTIES),
    tags: splitList(input.tag),
    types: check<QuestionType>('type', splitList(input.type), QUESTION_TYPES),
    ...(search ? { search } : {}),
    ...(picked.length ? { tracks: tracks.filter((t) => picked.includes(t.id)) } : {}),
  }
}

/** The text a search looks in: it needs the question's texts, which a light question does not carry. */
function haystack(q: LightQuestion): string {
  const { prompt, explanation } = q as Partial<Question>
  if (prompt === undefined || explanation === undefined) throw new Error(`searching ${q.id} needs its texts: load the library with light: false for --search`)
  return `${q.title}\n${prompt}\n${explanation}\n${q.summary}`.toLowerCase()
}

/** Whether `input` filters nothing out (every question passes), known without the bank. */
export function filtersNothing(input: FilterInput): boolean {
  try {
    return tests(buildFilter(input, [])).length === 0
  } catch {
    // a value only the bank can tell about (a topic, a track)
    return false
  }
}

/** Whether a filter reads the questions' texts (so light questions cannot be filtered with it). */
export const readsTexts = (filter: Pick<FilterInput, 'search'>): boolean => Boolean(filter.search?.trim())

type Test = { name: string; value: string; test: (q: LightQuestion) => boolean }

function tests(filter: Filter): Test[] {
  const out: Test[] = []
  if (filter.topics.length) out.push({ name: 'topic', value: filter.topics.join(','), test: (q) => filter.topics.includes(q.topic) })
  if (filter.difficulties.length) out.push({ name: 'difficulty', value: filter.difficulties.join(','), test: (q) => filter.difficulties.includes(q.difficulty) })
  if (filter.tags.length) out.push({ name: 'tag', value: filter.tags.join(','), test: (q) => q.tags.some((t) => filter.tags.includes(t.toLowerCase())) })
  if (filter.types.length) out.push({ name: 'type', value: filter.types.join(','), test: (q) => filter.types.includes(q.type) })
  if (filter.tracks?.length) {
    const chosen = filter.tracks
    out.push({ name: 'track', value: [...new Set(chosen.map((t) => t.id))].join(','), test: (q) => chosen.some((t) => inTrack(t, q)) })
  }
  if (filter.search) {
    const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean)
    out.push({
      name: 'search',
      value: filter.search,
      test: (q) => {
        const h = haystack(q)
        return words.every((w) => h.includes(w))
      },
    })
  }
  return out
}

/** Questions that pass every filter; within a filter, any value matches (OR), across filters all must (AND). */
export function applyFilter<Q extends LightQuestion>(questions: readonly Q[], filter: Filter): Q[] {
  const all = tests(filter)
  return questions.filter((q) => all.every((t) => t.test(q)))
}

export const isEmptyFilter = (filter: Filter): boolean => tests(filter).length === 0

/** Says plainly why nothing matched: which filters match nothing alone, or that only their combination is empty. */
export function explainNoMatch(questions: readonly LightQuestion[], filter: Filter): string {
  const all = tests(filter)
  const alone = all.filter((t) => !questions.some(t.test))
  if (questions.length === 0) return 'The bank has no questions.'
  if (alone.length > 0) {
    return `No question matches ${alone.map((t) => `--${t.name} ${t.value}`).join(' or ')}.`
  }
  return `No question matches all of ${all.map((t) => `--${t.name} ${t.value}`).join(' ')} together; each matches some questions alone.`
}
