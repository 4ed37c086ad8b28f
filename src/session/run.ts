// The session loop: pick → ask → judge → record → feedback, one question per
// screen. Each step lives in its own module; this file only sequences them and
// owns the session's state (queue, records, undo stack, flags).
import { formatClock } from '../core/duration.ts'
import { isCorrectRating, ratingForAutoGrade, suggestRating } from '../core/grade.ts'
import { ratingIntervals } from '../core/intervals.ts'
import { effectiveSettings, progressOf, RATINGS, RATING_NAMES, setFlag, type Outcome, type ProgressData, type Rating, type StoredCard } from '../core/progress.ts'
import { difficultyColor, questionSeparator, renderExplanation, renderPrompt } from '../core/render-question.ts'
import { summarize, type AnswerRecord, type EndReason, type SessionSummary } from '../core/session.ts'
import type { Question } from '../core/types.ts'
import { CancelledError, EditorError, isPromptAbort, isPromptExit } from '../errors.ts'
import type { AskResult, NextAction } from '../io/prompts.ts'
import type { ProgressStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import type { SessionUi } from '../commands/session-ui.ts'
import type { Asked as KindAsked } from '../core/kinds/kind.ts'
import { askConfig } from './ask.ts'
import { almostLines, feedbackHead, fitScreen, plainText, rowsOf, verdictLine, wrapPlain, type Verdict } from './feedback.ts'
import { judge } from './judge.ts'
import { askFirst, forget, LEARN_AHEAD_MS, newQueue, pickNext, relearnLater, remaining, type Queue } from './pick.ts'
import { recordAnswer, takeBack, type Recorded } from './record.ts'
import { leechNotice, pauseLeech } from './leech.ts'
import { wrongPicks } from '../core/leech.ts'
import { escapeTerminal } from '../core/sanitize.ts'
import { wrap, wrapItems } from '../core/text.ts'

export interface SessionOptions {
  /** Per-question limit, ms. */
  perQuestionMs?: number
  /** Whole-session limit, ms. */
  timeLimitMs?: number
  /** Update the FSRS schedule (history is recorded either way). */
  schedule: boolean
  /** Ask a question answered Again again once its learning step is due (needs `schedule`). */
  relearn?: boolean
  topicTitle: (id: string) => string
  topicOrder: readonly string[]
  /** The file a question comes from when the user may edit it (their own banks), for the leech choice "open in $EDITOR". */
  sourceFile?: (q: Question) => string | undefined
}

export interface SessionDeps {
  ui: SessionUi
  store: ProgressStore
  /** The store's data if the caller has just read it (reading it again costs a copy); absent: read here. */
  progress?: ProgressData
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

/** What asking a question came to. */
type Asked =
  | { kind: 'answer'; value: string | string[]; text?: string; options?: string[]; asked?: KindAsked }
  | { kind: 'timeout'; typed: string }
  | { kind: 'session-over'; typed: string }
  | { kind: 'skip' }
  | { kind: 'quit' }
  | { kind: 'undo' }

/** One answer given in this session, with how to take it back. */
interface Given {
  record: AnswerRecord
  recorded?: Recorded
}

const isAbort = isPromptAbort
const keyOf = (q: Question) => `${q.bank}\u0000${q.id}`

/** Runs the questions and returns the summary; answers are saved as they are given. */
export async function runSession(questions: readonly Question[], options: SessionOptions, deps: SessionDeps): Promise<SessionSummary> {
  const { ui, store, runtime } = deps
  const { style } = runtime
  const now = () => runtime.now().getTime()
  const timer = deps.timer ?? realTimer
  const tick = deps.tick ?? 1000
  const screen = ui.screen
  const started = now()
  const sessionEnd = options.timeLimitMs === undefined ? undefined : started + options.timeLimitMs
  const width = Number.isFinite(runtime.width) ? runtime.width : 80

  // What the session starts from: the stored flags, cards and settings.
  const snapshot = deps.progress ?? store.read()
  const settings = effectiveSettings(snapshot.settings)
  const scheduler = { retention: settings.retention, maxInterval: settings.maxInterval, learningSteps: settings.learningSteps }
  const cards = new Map<string, StoredCard | undefined>()
  const flagged = new Set<string>()
  for (const q of questions) {
    const p = progressOf(snapshot, q.bank, q.id)
    if (p) {
      cards.set(keyOf(q), p.card)
      if (p.flagged) flagged.add(keyOf(q))
    }
  }
  const flaggedIds = () => questions.filter((q) => flagged.has(keyOf(q))).map((q) => q.id)
  const relearn = Boolean(options.relearn && options.schedule)

  let queue: Queue = newQueue(questions)
  const given: Given[] = []
  let endedBy: EndReason = 'done'
  let unanswered: { id: string; typed: string } | undefined
  let nextDue: number | undefined

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

  const toggleFlag = (q: Question) => {
    const on = !flagged.has(keyOf(q))
    if (on) flagged.add(keyOf(q))
    else flagged.delete(keyOf(q))
    store.update((data) => setFlag(data, q.bank, q.id, on))
  }

  /** A line for the top of the next screen (what an undo did, say). */
  let notice: string | undefined
  /** The notice as it is printed: wrapped at spaces, so a screen can keep room for it. */
  const noticeLines = (): string[] => (notice ? wrap(notice, width) : [])
  const clear = () => {
    if (screen) screen.clear()
    else runtime.out(`\n${questionSeparator(width, style)}`)
    if (notice) runtime.out(noticeLines().join('\n'))
    notice = undefined
  }

  // ── record and undo ───────────────────────────────────────────────────
  const save = (q: Question, outcome: Outcome, rating: Rating, ms: number, extra: { text?: string; override?: boolean; wrong?: string[] } = {}): Recorded => {
    const recorded = recordAnswer(store, q, { outcome, rating, ms, ...extra }, runtime.now(), { schedule: options.schedule, settings: scheduler })
    if (recorded.card) cards.set(keyOf(q), recorded.card)
    // Why it is not saved yet, on the next screen too (the store's notice may scroll away).
    if (recorded.saved === false && store.lastFailure) notice = style.yellow(store.lastFailure)
    return recorded
  }

  /** Takes back the last answer of the session; returns its question to ask again. */
  const undoLast = (): Question | undefined => {
    const last = given.pop()
    if (!last) return undefined
    const q = last.record.question
    if (last.recorded) {
      takeBack(store, last.recorded.entry)
      if (last.recorded.entry.scheduled) cards.set(keyOf(q), last.recorded.entry.before)
    }
    queue = forget(queue, q)
    notice = style.dim(`↶ Undone: ${q.id}. Answer it again.`)
    return q
  }

  // ── ask ───────────────────────────────────────────────────────────────
  const ask = async (q: Question, position: string): Promise<Asked> => {
    const qStart = now()
    const questionEnd = options.perQuestionMs === undefined ? undefined : qStart + options.perQuestionMs
    const status = () => {
      const parts = [style.bold(position), options.topicTitle(q.topic), difficultyColor(q.difficulty, style)]
      const t = now()
      if (questionEnd !== undefined) {
        const left = questionEnd - t
        parts.push((left <= 10_000 ? style.red : style.yellow)(`⏱ ${formatClock(left)}`))
      } else parts.push(style.dim(`⏱ ${formatClock(t - qStart)}`))
      if (sessionEnd !== undefined) parts.push(style.dim(`session ${formatClock(sessionEnd - t)} left`))
      // Wrapped between its parts (the prompt puts the flag mark after it).
      return wrapItems(
        parts.map((p, n) => (n < parts.length - 1 ? `${p}${style.dim(' ·')}` : p)),
        Math.min(width, 100),
        ' ',
      ).join('\n')
    }
    let typed = ''
    const config = askConfig(q, {
      status,
      flagged: false,
      style,
      tick,
      width,
      random: runtime.random,
      shuffle: settings.shuffle,
      undo: given.length > 0,
      onText: (t) => void (typed = t),
    })
    const kindAsked = 'asked' in config ? config.asked : undefined
    const present = () => {
      clear()
      // A kind may draw the question in its prompt (cloze) or print something first (the shuffled steps of order).
      if (!kindAsked?.screen) runtime.out(renderPrompt(q, { width, style }))
      if (kindAsked?.intro) runtime.out(`\n${kindAsked.intro}`)
      runtime.out('')
    }
    present()
    for (;;) {
      const deadline = deadlineSignal(questionEnd)
      let result: AskResult
      try {
        result = await ui.ask({ ...config, flagged: flagged.has(keyOf(q)) }, deadline.signal)
      } catch (error) {
        if (!isAbort(error)) throw error
        return deadline.fired() === 'session' ? { kind: 'session-over', typed } : { kind: 'timeout', typed }
      } finally {
        deadline.cancel()
      }
      switch (result.action) {
        case 'flag':
          toggleFlag(q)
          if (screen) present() // the question again, the header now with (or without) ⚑
          continue
        case 'editor': {
          let text: string
          try {
            text = await ui.editor(`\n\n<!-- ${q.title} -->\n`)
          } catch (error) {
            if (!(error instanceof EditorError)) throw error
            present()
            runtime.out(style.yellow(`${error.message} Type your answer instead.`))
            continue
          }
          // Blank lines around go; the first line keeps its indentation (printed output may start with spaces).
          const value = plainText(text.replace(/<!--[\s\S]*?-->/g, ''))
            .replace(/^(?:[ \t]*\n)+/, '')
            .trimEnd()
          return { kind: 'answer', value, text: value, ...(kindAsked ? { asked: kindAsked } : {}) }
        }
        case 'answer': {
          const value = result.value
          const typedText = typeof value === 'string' && (config.mode === 'text' || config.mode === 'typed' || config.mode === 'lines')
          const options = 'options' in config ? config.options : undefined
          return { kind: 'answer', value, ...(typedText ? { text: plainText(value) } : {}), ...(options ? { options } : {}), ...(kindAsked ? { asked: kindAsked } : {}) }
        }
        default:
          return { kind: result.action }
      }
    }
  }

  // ── judge (and let the user grade what the tool cannot) ───────────────
  /** What a code-native kind said was right and wrong about the last answer, for the feedback screen. */
  let details: string[] | undefined
  const grade = async (q: Question, asked: Asked & { kind: 'answer' }): Promise<{ outcome: Outcome; rating: Rating; self: boolean; override?: boolean }> => {
    const judgement = judge(q, asked.value, asked.asked)
    if (judgement.kind === 'self') {
      // The answer stays in view while its key points are ticked.
      clear()
      runtime.out(style.bold(q.title))
      runtime.out('')
      runtime.out(style.dim('Your answer:'))
      const lines = asked.text ? wrapPlain(asked.text, Math.min(width, 100) - 2) : [style.dim('(answered in my head)')]
      const room = screen ? Math.max(3, screen.rows - q.keyPoints.length - 9) : Number.POSITIVE_INFINITY
      const shown = lines.length > room ? [...lines.slice(0, room - 1), style.dim(`… ${lines.length - room + 1} more lines`)] : lines
      for (const line of shown) runtime.out(`  ${style.cyan(line)}`)
      runtime.out('')
      const covered = await ui.keyPoints(q.keyPoints, style)
      const rating = await ui.rating(
        suggestRating(covered.length, q.keyPoints.length),
        style,
        options.schedule ? { intervals: ratingIntervals(cards.get(keyOf(q)), runtime.now(), scheduler) } : {},
      )
      return { outcome: isCorrectRating(rating) ? 'correct' : 'wrong', rating, self: true }
    }
    if (judgement.graded) {
      // A code-native kind: what was right and wrong, then the rating its grade suggests, which the user may change.
      const { graded } = judgement
      details = graded.details({ width: Math.min(width, 100), style }).split('\n')
      clear()
      runtime.out(details.join('\n'))
      runtime.out('')
      const rating = await ui.rating(graded.suggested, style, options.schedule ? { intervals: ratingIntervals(cards.get(keyOf(q)), runtime.now(), scheduler) } : {})
      return { outcome: isCorrectRating(rating) ? 'correct' : 'wrong', rating, self: false }
    }
    let correct = judgement.correct
    let override = false
    if (!correct && judgement.almost && ui.confirm) {
      runtime.out(almostLines(judgement.almost, width, style).join('\n'))
      correct = await ui.confirm('One character off. Count it as right?', false)
      override = correct
    }
    return { outcome: correct ? 'correct' : 'wrong', rating: ratingForAutoGrade(correct), self: false, ...(override ? { override } : {}) }
  }

  // ── feedback, and what the user does next ─────────────────────────────
  const feedback = async (q: Question, verdict: Verdict, asked: Asked, last: boolean, canOverride: boolean): Promise<NextAction | 'time'> => {
    const given = asked.kind === 'answer' ? asked.value : asked.kind === 'timeout' && asked.typed ? asked.typed : undefined
    const view = { width, style }
    const head =
      details && asked.kind === 'answer' && !verdict.override
        ? details
        : feedbackHead({ q, verdict, ...(given === undefined ? {} : { given }), ...(asked.kind === 'answer' && asked.options ? { options: asked.options } : {}), width, style })
    const body = renderExplanation(q, view, { keyPoints: q.type !== 'open' || verdict.outcome === 'timeout' })
    // The key line takes two rows (three when it wraps), and the cursor one more; the notice at the
    // top (an answer not saved: the disk is full) keeps its rows, so it is never scrolled off.
    const rows = screen ? screen.rows - 4 - rowsOf(noticeLines(), width) : Number.POSITIVE_INFINITY
    const fitted = fitScreen(head, body, rows, style, width)
    clear()
    runtime.out(fitted.lines.join('\n'))
    for (;;) {
      const deadline = deadlineSignal(undefined)
      let action: NextAction
      try {
        runtime.out('')
        action = await ui.next(
          {
            status: () => (sessionEnd !== undefined ? style.dim(`session ${formatClock(sessionEnd - now())} left`) : ''),
            verdict: verdictLine(verdict, style),
            width,
            flagged: flagged.has(keyOf(q)),
            last,
            style,
            tick: sessionEnd !== undefined ? tick : 0,
            undo: true,
            override: canOverride,
            more: fitted.hidden > 0,
          },
          deadline.signal,
        )
      } catch (error) {
        if (!isAbort(error)) throw error
        return 'time'
      } finally {
        deadline.cancel()
      }
      if (action === 'flag') {
        toggleFlag(q)
        continue
      }
      if (action === 'more') {
        const text = [...head, '', body].join('\n')
        if (ui.pager) await ui.pager(text)
        else runtime.out(body)
        clear()
        runtime.out(fitted.lines.join('\n'))
        continue
      }
      return action
    }
  }

  try {
    screen?.enter()
    session: for (;;) {
      if (sessionEnd !== undefined && now() >= sessionEnd) {
        endedBy = 'time'
        break
      }
      const picked = pickNext(queue, now(), LEARN_AHEAD_MS)
      queue = picked.queue
      if ('done' in picked) {
        nextDue = picked.nextDue
        break
      }
      const q = picked.q
      const position = `${given.length + 1}/${given.length + remaining(queue) + 1}${picked.relearning ? ' · again' : ''}`
      const qStart = now()
      const asked = await ask(q, position)
      if (asked.kind === 'quit') {
        endedBy = 'quit'
        break
      }
      if (asked.kind === 'session-over') {
        endedBy = 'time'
        unanswered = { id: q.id, typed: asked.typed }
        break
      }
      if (asked.kind === 'undo') {
        queue = askFirst(queue, q)
        const back = undoLast()
        if (back) queue = askFirst(queue, back)
        continue
      }
      const ms = now() - qStart
      if (asked.kind === 'skip') {
        given.push({ record: { question: q, outcome: 'skipped', ms } })
        continue
      }

      let verdict: Verdict
      let recorded: Recorded
      if (asked.kind === 'timeout') {
        recorded = save(q, 'timeout', RATINGS.again, ms, asked.typed ? { text: plainText(asked.typed) } : {})
        verdict = {
          outcome: 'timeout',
          rating: RATINGS.again,
          now: now(),
          ...(recorded.due === undefined ? {} : { due: recorded.due }),
          ...(recorded.saved === false ? { unsaved: true } : {}),
        }
      } else {
        const graded = await grade(q, asked)
        const wrong = graded.outcome === 'wrong' ? wrongPicks(q, asked.value) : []
        recorded = save(q, graded.outcome, graded.rating, ms, {
          ...(asked.text ? { text: asked.text } : {}),
          ...(graded.override ? { override: true } : {}),
          ...(wrong.length ? { wrong } : {}),
        })
        verdict = {
          outcome: graded.outcome,
          rating: graded.rating,
          now: now(),
          self: graded.self,
          ...(graded.override ? { override: true } : {}),
          ...(recorded.due === undefined ? {} : { due: recorded.due }),
          ...(recorded.saved === false ? { unsaved: true } : {}),
        }
      }
      const entry: Given = { record: { question: q, outcome: verdict.outcome, rating: verdict.rating, ms }, recorded }
      given.push(entry)
      if (ui.leech && options.schedule) {
        const why = leechNotice(store, q, recorded)
        if (why) {
          const file = ui.editFile ? options.sourceFile?.(q) : undefined
          const choice = await ui.leech(why, style, file !== undefined)
          if (choice === 'edit' && file !== undefined && ui.editFile) {
            try {
              await ui.editFile(file)
              notice = style.dim(
                wrapPlain(`Edited ${escapeTerminal(file)}: the new text is used from the next session on (\`django-drill validate\` checks it).`, width).join('\n'),
              )
            } catch (error) {
              if (!(error instanceof EditorError)) throw error
              notice = style.yellow(error.message)
            }
          } else if (choice === 'read') {
            const text = [style.bold(q.title), '', renderExplanation(q, { width, style }, { keyPoints: true }), ...(q.references.length ? ['', ...q.references] : [])].join('\n')
            if (ui.pager) await ui.pager(text)
            else runtime.out(text)
          } else if (choice === 'pause') {
            const until = pauseLeech(store, q, now())
            notice = style.dim(`Paused ${q.id} until ${runtime.calendar.dayOf(until)}.`)
          }
        }
      }
      if (relearn && verdict.rating === RATINGS.again && recorded.due !== undefined) queue = relearnLater(queue, q, recorded.due)

      for (;;) {
        const canOverride = !verdict.self && verdict.outcome === 'wrong' // a timeout had no answer to defend
        const action = await feedback(q, verdict, asked, remaining(queue) === 0, canOverride)
        if (action === 'undo') {
          const back = undoLast()! // drops its relearning step from the queue first
          queue = askFirst(queue, back)
          continue session
        }
        if (action === 'override') {
          // "I was right": the miss is taken back and recorded as right, with the user's rating.
          const rating = await ui.rating(RATINGS.good, style, {
            message: 'Count it as right, rated:',
            allowed: [RATINGS.hard, RATINGS.good, RATINGS.easy],
            ...(options.schedule && entry.recorded?.entry.scheduled ? { intervals: ratingIntervals(entry.recorded.entry.before, runtime.now(), scheduler) } : {}),
          })
          if (entry.recorded) {
            takeBack(store, entry.recorded.entry)
            if (entry.recorded.entry.scheduled) cards.set(keyOf(q), entry.recorded.entry.before)
          }
          queue = forget(queue, q)
          const text = asked.kind === 'answer' ? asked.text : asked.kind === 'timeout' ? asked.typed : undefined
          const again = save(q, 'correct', rating, ms, { ...(text ? { text } : {}), override: true })
          entry.recorded = again
          entry.record = { question: q, outcome: 'correct', rating, ms }
          verdict = { outcome: 'correct', rating, now: now(), override: true, ...(again.due === undefined ? {} : { due: again.due }) }
          notice = style.dim(`Recorded as right (${RATING_NAMES[rating]}), as an override.`)
          continue
        }
        if (action === 'time') endedBy = 'time'
        else if (action === 'quit') endedBy = 'quit'
        break
      }
      if (endedBy !== 'done') break
    }
  } catch (error) {
    if (isPromptExit(error)) {
      store.flush() // answers a failed write kept in memory: saved now, or a StoreWriteError says so
      const n = given.filter((g) => g.record.outcome !== 'skipped').length
      throw new CancelledError(`Stopped. ${n === 1 ? '1 answer was' : `${n} answers were`} saved.`)
    }
    if (store.unsaved > 0) {
      try {
        store.flush()
      } catch {
        // the first error is the one to report
      }
    }
    throw error
  } finally {
    screen?.leave()
  }
  store.flush() // throws (exit 1, with the reason) if answers kept in memory still cannot be saved
  const records = given.map((g) => g.record)
  return {
    ...summarize(records, { endedBy, totalMs: now() - started, flagged: flaggedIds(), topicOrder: options.topicOrder }),
    ...(unanswered ? { unanswered } : {}),
    ...(nextDue === undefined ? {} : { nextDue }),
  }
}
