// The session loop: ask → grade → save → explain, one question at a time.
// It is the only place that alternates prompts, the pure core and the store.
import { formatClock } from '../core/duration.ts'
import { gradeChoice, gradeMulti, gradeShort, isCorrectRating, ratingForAutoGrade, suggestRating } from '../core/grade.ts'
import { RATINGS, RATING_NAMES, progressOf, recordAttempt, setFlag, type Attempt, type Outcome, type Rating } from '../core/progress.ts'
import { shuffle } from '../core/random.ts'
import { correctAnswerText, difficultyColor, questionSeparator, renderExplanation, renderPrompt, verdictLine } from '../core/render-question.ts'
import { schedule } from '../core/schedule.ts'
import { summarize, type AnswerRecord, type EndReason, type SessionSummary } from '../core/session.ts'
import type { Question } from '../core/types.ts'
import { CancelledError } from '../errors.ts'
import type { ProgressStore } from '../io/store.ts'
import type { AskConfig, AskResult } from '../io/prompts.ts'
import type { Runtime } from '../runtime.ts'
import type { SessionUi } from './session-ui.ts'

export interface SessionOptions {
  /** Per-question limit, ms. */
  perQuestionMs?: number
  /** Whole-session limit, ms. */
  timeLimitMs?: number
  /** Update the FSRS schedule (history is recorded either way). */
  schedule: boolean
  topicTitle: (id: string) => string
  topicOrder: readonly string[]
}

export interface SessionDeps {
  ui: SessionUi
  store: ProgressStore
  runtime: Runtime
  /** Calls `fn` after `ms`; returns a cancel function. Injected so tests control time. */
  timer?: (ms: number, fn: () => void) => () => void
  /** Clock refresh interval for the prompts (ms); 0 turns the live clock off. */
  tick?: number
}

const realTimer = (ms: number, fn: () => void) => {
  const handle = setTimeout(fn, ms)
  return () => clearTimeout(handle)
}

type Deadline = 'question' | 'session'

/** Runs the questions in order and returns the summary; answers are saved as they are given. */
export async function runSession(questions: readonly Question[], options: SessionOptions, deps: SessionDeps): Promise<SessionSummary> {
  const { ui, store, runtime } = deps
  const { style } = runtime
  const now = () => runtime.now().getTime()
  const timer = deps.timer ?? realTimer
  const tick = deps.tick ?? 1000
  const started = now()
  const sessionEnd = options.timeLimitMs === undefined ? undefined : started + options.timeLimitMs
  const records: AnswerRecord[] = []
  const flagged = new Set<string>()
  let endedBy: EndReason = 'done'
  const width = Number.isFinite(runtime.width) ? runtime.width : 80

  /** An AbortSignal that fires at the earliest deadline, and which one it was. */
  const deadlineSignal = (questionEnd: number | undefined) => {
    const ends: [Deadline, number][] = []
    if (questionEnd !== undefined) ends.push(['question', questionEnd])
    if (sessionEnd !== undefined) ends.push(['session', sessionEnd])
    if (ends.length === 0) return { signal: undefined, fired: () => undefined as Deadline | undefined, cancel: () => {} }
    const [which, at] = ends.sort((a, b) => a[1] - b[1])[0]!
    const controller = new AbortController()
    let fired: Deadline | undefined
    const cancel = timer(Math.max(0, at - now()), () => {
      fired = which
      controller.abort()
    })
    return { signal: controller.signal, fired: () => fired, cancel }
  }

  const save = (q: Question, outcome: Outcome, rating: Rating, ms: number) => {
    const at = runtime.now()
    const attempt: Attempt = { t: at.getTime(), r: rating, ok: outcome === 'correct' ? 1 : 0, ms: Math.round(ms) }
    if (outcome === 'timeout') attempt.to = 1
    store.update((data) => {
      const previous = progressOf(data, q.bank, q.id)?.card
      recordAttempt(data, {
        bank: q.bank,
        id: q.id,
        topic: q.topic,
        difficulty: q.difficulty,
        attempt,
        ...(options.schedule ? { card: schedule(previous, rating, at) } : {}),
      })
    })
  }

  const toggleFlag = (q: Question) => {
    const on = !flagged.has(q.id)
    if (on) flagged.add(q.id)
    else flagged.delete(q.id)
    store.update((data) => setFlag(data, q.bank, q.id, on))
  }

  const isAbort = (error: unknown) => (error as { name?: string } | null)?.name === 'AbortPromptError'

  try {
    for (const [index, q] of questions.entries()) {
      if (sessionEnd !== undefined && now() >= sessionEnd) {
        endedBy = 'time'
        break
      }
      const qStart = now()
      const questionEnd = options.perQuestionMs === undefined ? undefined : qStart + options.perQuestionMs
      const position = `${index + 1}/${questions.length}`
      const status = () => {
        const parts = [style.bold(position), options.topicTitle(q.topic), difficultyColor(q.difficulty, style)]
        const t = now()
        if (questionEnd !== undefined) {
          const left = questionEnd - t
          parts.push((left <= 10_000 ? style.red : style.yellow)(`⏱ ${formatClock(left)}`))
        } else parts.push(style.dim(`⏱ ${formatClock(t - qStart)}`))
        if (sessionEnd !== undefined) parts.push(style.dim(`session ${formatClock(sessionEnd - t)} left`))
        return parts.join(style.dim(' · '))
      }
      runtime.out(`\n${questionSeparator(width, style)}`)
      runtime.out(renderPrompt(q, { width, style }))
      runtime.out('')

      const askConfig: AskConfig =
        q.type === 'choice'
          ? { mode: 'choice', options: shuffle([q.answer, ...q.distractors], runtime.random), status, flagged: flagged.has(q.id), style, tick, width }
          : q.type === 'multi'
            ? { mode: 'multi', options: shuffle([...q.answer, ...q.distractors], runtime.random), status, flagged: flagged.has(q.id), style, tick, width }
            : {
                mode: 'text',
                placeholder: q.type === 'open' ? 'type your answer, or press enter to answer in your head' : 'type the answer',
                editor: q.type === 'open',
                status,
                flagged: flagged.has(q.id),
                style,
                tick,
              }

      let result: AskResult | undefined
      let timedOut = false
      for (;;) {
        const deadline = deadlineSignal(questionEnd)
        try {
          result = await ui.ask({ ...askConfig, flagged: flagged.has(q.id) }, deadline.signal)
        } catch (error) {
          if (!isAbort(error)) throw error
          if (deadline.fired() === 'session') endedBy = 'time'
          else timedOut = true
        } finally {
          deadline.cancel()
        }
        if (result?.action === 'flag') {
          toggleFlag(q)
          result = undefined
          continue
        }
        if (result?.action === 'editor') {
          const text = await ui.editor(`\n\n<!-- ${q.title} -->\n`)
          result = { action: 'answer', value: text.replace(/<!--[\s\S]*?-->/g, '').trim() }
        }
        break
      }
      if (endedBy === 'time') break
      if (result?.action === 'quit') {
        endedBy = 'quit'
        break
      }
      const ms = now() - qStart
      if (result?.action === 'skip') {
        records.push({ question: q, outcome: 'skipped', ms })
        continue
      }

      let outcome: Outcome
      let rating: Rating
      if (timedOut || !result || result.action !== 'answer') {
        outcome = 'timeout'
        rating = RATINGS.again
        runtime.out(verdictLine('timeout', correctAnswerText(q), { width, style }))
        save(q, outcome, rating, ms)
        runtime.out(`\n${renderExplanation(q, { width, style })}`)
      } else if (q.type === 'open') {
        // The key points follow as a checklist, so the explanation leaves them out.
        runtime.out(`\n${renderExplanation(q, { width, style }, { keyPoints: false })}\n`)
        const covered = await ui.keyPoints(q.keyPoints, style)
        rating = await ui.rating(suggestRating(covered.length, q.keyPoints.length), style)
        outcome = isCorrectRating(rating) ? 'correct' : 'wrong'
        save(q, outcome, rating, ms)
        runtime.out(style.dim(`Saved as ${RATING_NAMES[rating]}.`))
      } else {
        const value = result.value
        const correct =
          q.type === 'choice' ? gradeChoice(q, value as string) : q.type === 'multi' ? gradeMulti(q, value as string[]) : gradeShort(q, value as string)
        outcome = correct ? 'correct' : 'wrong'
        rating = ratingForAutoGrade(correct)
        save(q, outcome, rating, ms)
        runtime.out(verdictLine(correct, correctAnswerText(q), { width, style }))
        runtime.out(`\n${renderExplanation(q, { width, style })}`)
      }
      records.push({ question: q, outcome, rating, ms })

      // Between questions: the session clock keeps running, flag or quit here too.
      for (;;) {
        const deadline = deadlineSignal(undefined)
        let action: Awaited<ReturnType<SessionUi['next']>> | undefined
        try {
          runtime.out('')
          action = await ui.next({ status: () => (sessionEnd !== undefined ? style.dim(`session ${formatClock(sessionEnd - now())} left`) : ''), flagged: flagged.has(q.id), last: index === questions.length - 1, style, tick: sessionEnd !== undefined ? tick : 0 }, deadline.signal)
        } catch (error) {
          if (!isAbort(error)) throw error
          endedBy = 'time'
        } finally {
          deadline.cancel()
        }
        if (action === 'flag') {
          toggleFlag(q)
          continue
        }
        if (action === 'quit') endedBy = 'quit'
        break
      }
      if (endedBy !== 'done') break
    }
  } catch (error) {
    if ((error as { name?: string } | null)?.name === 'ExitPromptError') {
      const n = records.filter((r) => r.outcome !== 'skipped').length
      throw new CancelledError(`Stopped. ${n === 1 ? '1 answer was' : `${n} answers were`} saved.`)
    }
    throw error
  }
  return summarize(records, { endedBy, totalMs: now() - started, flagged: [...flagged], topicOrder: options.topicOrder })
}
