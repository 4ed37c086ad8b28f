// Tracks: study playlists declared in bank.yml. A question is in a track when
// it matches every selector the track gives (topics, tags, difficulty); `ids`
// add questions by id. Pure: no disk, no terminal.
import { isKnown, progressOf, type ProgressData } from './progress.ts'
import type { LightQuestion, Track } from './types.ts'

/** A track together with the bank that declares it (its ids and selectors apply to that bank). */
export type BankTrack = Track & { bank: string }

export function inTrack(track: BankTrack, q: LightQuestion): boolean {
  if (q.bank !== track.bank) return false
  if (track.ids?.includes(q.id)) return true
  const selectors = track.topics !== undefined || track.tags !== undefined || track.difficulty !== undefined
  if (!selectors) return false
  return (
    (track.topics === undefined || track.topics.includes(q.topic)) &&
    (track.tags === undefined || q.tags.some((t) => track.tags!.includes(t.toLowerCase()))) &&
    (track.difficulty === undefined || track.difficulty.includes(q.difficulty))
  )
}

export interface TrackRow {
  bank: string
  id: string
  title: string
  description?: string
  questions: number
  /** Questions answered at least once. */
  seen: number
  /** Questions whose last answer was right and that are not overdue. */
  known: number
}

/** Each track with its number of questions, how many were seen and how many are known now. */
export function trackRows(tracks: readonly BankTrack[], questions: readonly LightQuestion[], progress: ProgressData, now: Date): TrackRow[] {
  return tracks.map((track) => {
    const members = questions.filter((q) => inTrack(track, q))
    const seen = members.filter((q) => (progressOf(progress, q.bank, q.id)?.history.length ?? 0) > 0).length
    const known = members.filter((q) => isKnown(progressOf(progress, q.bank, q.id), now)).length
    return { bank: track.bank, id: track.id, title: track.title, ...(track.description ? { description: track.description } : {}), questions: members.length, seen, known }
  })
}
