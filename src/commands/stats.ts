import { computeStats } from '../core/stats.ts'
import { renderStats } from '../core/stats-render.ts'
import { inTrack } from '../core/tracks.ts'
import type { LightQuestion } from '../core/types.ts'
import { openLibrary, withTexts } from '../io/library.ts'
import { effectiveSettings } from '../core/progress.ts'
import { readProgress } from '../io/store.ts'
import { confusions, findLeeches, rightAnswers } from '../core/leech.ts'
import { parseInterviewDate, PlanDateError } from '../core/plan.ts'
import { projectReadiness } from '../core/projection.ts'
import { noteLines, renderConfusions, renderLeeches, renderProjected } from '../core/plan-render.ts'
import { UsageError } from '../errors.ts'
import type { Runtime } from '../runtime.ts'
import { parseFilter, printJson, printPaged, type BankOptions } from './common.ts'
import { countdown, planStatus } from './plan.ts'

export interface StatsOptions extends BankOptions {
  topic?: string[]
  difficulty?: string[]
  /** --on <date>: the readiness projected to that date. */
  on?: string
  track?: string[]
  json?: boolean
  /** false with --no-pager */
  pager?: boolean
}

export async function stats(options: StatsOptions, runtime: Runtime): Promise<void> {
  // Stats count and name questions: no text of any is read.
  const library = openLibrary(runtime, options.bank, { light: true })
  const filter = parseFilter(
    { ...(options.topic && { topic: options.topic }), ...(options.difficulty && { difficulty: options.difficulty }), ...(options.track && { track: options.track }) },
    library,
  )
  const tracks = filter.tracks
  const progress = readProgress(runtime)
  const settings = effectiveSettings(progress.settings)
  const inTracks = (q: LightQuestion) => !tracks || tracks.some((t) => inTrack(t, q))
  if (options.on !== undefined) {
    let at: number
    try {
      at = parseInterviewDate(options.on, runtime.calendar)
    } catch (error) {
      if (error instanceof PlanDateError) throw new UsageError(error.message.replace('--interview', '--on'))
      throw error
    }
    const today = runtime.calendar.dayOf(runtime.now().getTime())
    if (runtime.calendar.dayOf(at) < today) throw new UsageError(`--on looks ahead: give today (${today}) or a later date; ${runtime.calendar.dayOf(at)} has passed.`)
    const grid = projectReadiness({
      progress,
      questions: library.questions.filter(inTracks),
      topics: library.topics,
      filter: { topics: filter.topics, difficulties: filter.difficulties },
      at,
      settings: progress.settings,
    })
    const on = runtime.calendar.dayOf(at)
    if (options.json) printJson(runtime, { on, at: new Date(at).toISOString(), retention: settings.retention, ...grid })
    else runtime.out(renderProjected({ on, ...grid }, { width: runtime.width, style: runtime.style }))
    return
  }
  const figures = computeStats({
    progress,
    questions: library.questions,
    topics: library.topics,
    banks: library.banks.map((b) => b.manifest.id),
    filter: { topics: filter.topics, difficulties: filter.difficulties, ...(tracks ? { keep: (q: LightQuestion) => tracks.some((t) => inTrack(t, q)) } : {}) },
    now: runtime.now(),
    calendar: runtime.calendar,
  })
  const inScope = library.questions.filter(
    (q) => inTracks(q) && (filter.topics.length === 0 || filter.topics.includes(q.topic)) && (filter.difficulties.length === 0 || filter.difficulties.includes(q.difficulty)),
  )
  const leeches = findLeeches(progress, inScope)
  // Confusions name the right answer of a choice or multi question missed: those need their texts.
  const confused = confusions(progress, inScope, (q) => rightAnswers(withTexts(q)))
  const status = planStatus(progress, library, runtime)
  if (options.json) {
    printJson(runtime, {
      ...figures,
      settings,
      retention: settings.retention,
      plan: status
        ? {
            interview: new Date(status.plan.at).toISOString(),
            daysLeft: status.today.daysLeft,
            projectedKnown: status.projected,
            scope: status.scope.length,
            today: { questions: status.today.queue.length, minutes: status.today.estMs / 60_000 },
          }
        : null,
      leeches: leeches.map((l) => ({
        bank: l.bank,
        id: l.id,
        reason: l.reason,
        lapses: l.lapses,
        reviews: l.test.reviews,
        misses: l.test.misses,
        expectedMisses: l.test.expected,
        p: l.test.p,
      })),
      confusions: confused.map((c) => ({ bank: c.bank, id: c.id, picked: c.picked, answer: c.answer, times: c.times })),
    })
    return
  }
  const titles = new Map(library.questions.map((q) => [`${q.bank}/${q.id}`, q.title]))
  const extra = [
    ...renderLeeches(leeches, { width: runtime.width, style: runtime.style, title: (b, id) => titles.get(`${b}/${id}`) ?? '' }),
    ...renderConfusions(confused, { width: runtime.width, style: runtime.style }),
  ]
  const text = [
    ...(status ? [`${countdown(status, runtime)}\n`] : []),
    renderStats(figures, { width: runtime.width, style: runtime.style, multiBank: library.banks.length > 1 }),
    ...(extra.length ? [`\n${extra.join('\n')}`] : []),
    `\n${noteLines(`Desired retention ${settings.retention.toFixed(2)}: reviews aim at that recall (\`config set retention\`).`, runtime.width, runtime.style)}`,
  ].join('\n')
  await printPaged(runtime, text, options)
}
