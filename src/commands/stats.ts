import { computeStats } from '../core/stats.ts'
import { renderStats } from '../core/stats-render.ts'
import { inTrack } from '../core/tracks.ts'
import type { Question } from '../core/types.ts'
import { openLibrary } from '../io/library.ts'
import { effectiveSettings } from '../core/progress.ts'
import { openStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { parseFilter, printJson, printPaged, type BankOptions } from './common.ts'

export interface StatsOptions extends BankOptions {
  topic?: string[]
  difficulty?: string[]
  track?: string[]
  json?: boolean
  /** false with --no-pager */
  pager?: boolean
}

export async function stats(options: StatsOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank)
  const filter = parseFilter({ ...(options.topic && { topic: options.topic }), ...(options.difficulty && { difficulty: options.difficulty }), ...(options.track && { track: options.track }) }, library)
  const tracks = filter.tracks
  const progress = openStore(runtime).read()
  const figures = computeStats({
    progress,
    questions: library.questions,
    topics: library.topics,
    banks: library.banks.map((b) => b.manifest.id),
    filter: { topics: filter.topics, difficulties: filter.difficulties, ...(tracks ? { keep: (q: Question) => tracks.some((t) => inTrack(t, q)) } : {}) },
    now: runtime.now(),
    calendar: runtime.calendar,
  })
  if (options.json) {
    printJson(runtime, { ...figures, settings: effectiveSettings(progress.settings) })
    return
  }
  await printPaged(runtime, renderStats(figures, { width: runtime.width, style: runtime.style, multiBank: library.banks.length > 1 }), options)
}
