// `django-drill interview`: a mock interview in the terminal. The plan and the
// state machine are in src/core/interview.ts; this file asks (through the
// session's prompts and its ask/judge seams), records every answer in the
// progress store, runs the debrief and writes the transcript.
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import select from '@inquirer/select'
import { formatClock } from '../core/duration.ts'
import { renderMarkdown } from '../core/markdown.ts'
import type { FilterInput } from '../core/filter.ts'
import {
  defaultQuestionCount,
  LEVELS,
  PHASE_TITLES,
  planInterview,
  startInterview,
  step,
  timeLeft,
  type InterviewEvent,
  type InterviewState,
  type Level,
} from '../core/interview.ts'
import {
  buildTranscript,
  RUBRIC,
  transcriptMarkdown,
  transcriptName,
  transcriptProblem,
  type RubricScores,
  type Transcript,
  type TranscriptMeta,
} from '../core/interview-report.ts'
import { progressOf, RATINGS } from '../core/progress.ts'
import { wrongPicks } from '../core/leech.ts'
import { seededRandom } from '../core/random.ts'
import { hintOf } from '../core/kinds/index.ts'
import { correctAnswerText, difficultyColor, renderFollowUps, renderOptionsWithAnswers, renderPrompt } from '../core/render-question.ts'
import { padEnd, separator, truncate, wrap, wrapWithPrefix } from '../core/text.ts'
import { CancelledError, DrillError, UsageError } from '../errors.ts'
import { isHint, type AskResult } from '../io/prompts.ts'
import { openLibrary } from '../io/library.ts'
import { openStore, type ProgressStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { askConfig } from '../session/ask.ts'
import { plainText } from '../session/feedback.ts'
import { judge } from '../session/judge.ts'
import { recordAnswer } from '../session/record.ts'
import { plural, printJson, selectQuestions, type BankOptions } from './common.ts'
import { plainIo, plainUi, terminalUi, type SessionUi } from './session-ui.ts'
import { plainTerminal } from '../core/terminal.ts'
import { chooseLine } from '../io/line-prompts.ts'

export interface InterviewOptions extends FilterInput, BankOptions {
  questions?: number
  minutes?: number
  level?: string
  spoken?: boolean
  seed?: number
  interviewer?: boolean
  history?: boolean
  show?: string
  json?: boolean
}

/** The session's terminal UI plus a pick from numbered choices (the rubric). */
export interface InterviewUi extends SessionUi {
  /** Picks one of `choices` (shown numbered from 1); returns its index. */
  choose(message: string, choices: readonly string[]): Promise<number>
}

export interface InterviewDeps {
  ui?: InterviewUi
  store?: ProgressStore
  /** Calls `fn` after `ms`; returns a cancel function. */
  timer?: (ms: number, fn: () => void) => () => void
  tick?: number
}

const realTimer = (ms: number, fn: () => void) => {
  const handle = setTimeout(fn, ms)
  return () => clearTimeout(handle)
}

/** The session's UI with a chooser: line by line on a terminal that cannot move the cursor (TERM=dumb), as sessions are. */
export const interviewUi = (env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): InterviewUi =>
  plainTerminal(env, platform)
    ? {
        ...plainUi(env),
        choose: (message, choices) =>
          chooseLine(
            message,
            choices.map((name, i) => ({ name, value: i })),
            plainIo(),
          ),
      }
    : {
        ...terminalUi(env),
        choose: (message, choices) => select({ message, choices: choices.map((name, i) => ({ name: `${i + 1} ${name}`, value: i })), pageSize: 8 }),
      }

/** $DJANGO_DRILL_HOME/interviews, else $XDG_DATA_HOME/django-drill/interviews, else ~/.local/share/django-drill/interviews. */
export function interviewsDir(env: NodeJS.ProcessEnv): string {
  if (env['DJANGO_DRILL_HOME']) return join(env['DJANGO_DRILL_HOME'], 'interviews')
  const xdg = env['XDG_DATA_HOME']
  return join(xdg && xdg.startsWith('/') ? xdg : join(env['HOME'] || homedir(), '.local', 'share'), 'django-drill', 'interviews')
}

/** Transcripts larger than this are not read back. */
export const MAX_TRANSCRIPT_BYTES = 2_000_000

/** Writes `<name>.json` and `<name>.md` (numbered when taken); returns the markdown path. */
export function writeTranscript(dir: string, t: Transcript): string {
  mkdirSync(dir, { recursive: true })
  const base = transcriptName(Date.parse(t.startedAt))
  let name = base
  for (let n = 2; exists(join(dir, `${name}.json`)); n++) name = `${base}-${n}`
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(t, null, 2)}\n`, { mode: 0o600 })
  writeFileSync(join(dir, `${name}.md`), transcriptMarkdown(t), { mode: 0o600 })
  return join(dir, `${name}.md`)
}

const exists = (path: string) => {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/** Reads a transcript defensively: a regular file, at most MAX_TRANSCRIPT_BYTES, of the right shape. */
export function readTranscript(path: string): Transcript {
  let fd: number
  try {
    const st = lstatSync(path)
    if (!st.isFile()) throw new DrillError(`${path}: not a regular file`)
    fd = openSync(path, 'r')
  } catch (error) {
    if (error instanceof DrillError) throw error
    throw new DrillError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  let text: string
  try {
    const size = fstatSync(fd).size
    if (size > MAX_TRANSCRIPT_BYTES) throw new DrillError(`${path}: larger than ${MAX_TRANSCRIPT_BYTES / 1_000_000} MB, not a transcript this tool wrote`)
    const buffer = Buffer.alloc(size)
    let read = 0
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read)
      if (n === 0) break
      read += n
    }
    text = buffer.subarray(0, read).toString('utf8')
  } finally {
    closeSync(fd)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new DrillError(`${path}: not valid JSON`)
  }
  const problem = transcriptProblem(raw)
  if (problem) throw new DrillError(`${path}: ${problem}`)
  return raw as Transcript
}

/** The transcripts in `dir`, newest first; bad files are reported and left out. */
function listTranscripts(dir: string, warn: (line: string) => void): { path: string; t: Transcript }[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const out: { path: string; t: Transcript }[] = []
  for (const name of names
    .filter((n) => /^interview-.*\.json$/.test(n))
    .sort()
    .reverse()) {
    try {
      out.push({ path: join(dir, name), t: readTranscript(join(dir, name)) })
    } catch (error) {
      if (error instanceof DrillError) warn(error.message)
      else throw error
    }
  }
  return out
}

const topicsOf = (t: Transcript) => [...new Set(t.questions.map((q) => q.topic).filter(Boolean))]

function history(options: InterviewOptions, runtime: Runtime): number {
  const dir = interviewsDir(runtime.env)
  const list = listTranscripts(dir, (line) => runtime.err(runtime.errStyle.yellow(line)))
  if (options.json) {
    printJson(
      runtime,
      list.map(({ path, t }, i) => ({
        n: i + 1,
        file: path,
        startedAt: t.startedAt,
        endedBy: t.endedBy,
        level: t.level,
        questions: t.questions.length,
        band: t.band ?? null,
        score: t.score ?? null,
        topics: topicsOf(t),
      })),
    )
    return 0
  }
  if (list.length === 0) {
    runtime.out(`No mock interviews yet (looked in ${dir}). Start one with \`django-drill interview\`.`)
    return 0
  }
  const { style } = runtime
  const width = Number.isFinite(runtime.width) ? runtime.width : 100
  runtime.out(style.bold(`${padEnd('#', 3)} ${padEnd('date', 16)} ${padEnd('band', 15)} ${padEnd('score', 5)} topics`))
  for (const [i, { t }] of list.entries()) {
    const head = `${padEnd(String(i + 1), 3)} ${padEnd(t.startedAt.slice(0, 16).replace('T', ' '), 16)} ${padEnd(t.band ?? (t.endedBy === 'cancelled' ? '(stopped)' : '—'), 15)} ${padEnd(t.score === undefined ? '—' : String(t.score), 5)} `
    runtime.out(plainText(head + truncate(topicsOf(t).join(', '), Math.max(10, width - head.length))))
  }
  for (const line of wrap(`${plural(list.length, 'mock')} in ${dir} · \`interview --show <#>\` prints one`, width)) runtime.out(style.dim(line))
  return 0
}

function show(which: string, options: InterviewOptions, runtime: Runtime): number {
  let path: string
  if (/^\d+$/.test(which)) {
    const list = listTranscripts(interviewsDir(runtime.env), (line) => runtime.err(runtime.errStyle.yellow(line)))
    const n = Number(which)
    if (n < 1 || n > list.length)
      throw new UsageError(`--show ${which}: there ${list.length === 1 ? 'is 1 mock' : `are ${list.length} mocks`} in the history (see \`interview --history\`)`)
    path = list[n - 1]!.path
  } else {
    path = isAbsolute(which) ? which : resolve(runtime.cwd, which)
    if (path.endsWith('.md')) path = `${path.slice(0, -3)}.json`
  }
  const t = readTranscript(path)
  if (options.json) printJson(runtime, t)
  else {
    const text = plainText(transcriptMarkdown(t)).trimEnd()
    // On a terminal the markdown is drawn to its width; piped, it is the markdown file as written.
    runtime.out(runtime.stdoutIsTTY && Number.isFinite(runtime.width) ? renderMarkdown(text, { width: runtime.width, style: runtime.style }) : text)
  }
  return 0
}

function requireTerminal(runtime: Runtime): void {
  if (!runtime.stdinIsTTY || !runtime.stdoutIsTTY) throw new UsageError('`interview` is interactive and needs a terminal; `interview --history --json` is for scripts.')
}

const isAbort = (error: unknown) => (error as { name?: string } | null)?.name === 'AbortPromptError'
const isExit = (error: unknown) => (error as { name?: string } | null)?.name === 'ExitPromptError'

export async function interview(options: InterviewOptions, runtime: Runtime, deps: InterviewDeps = {}): Promise<number> {
  if (options.history) return history(options, runtime)
  if (options.show !== undefined) return show(options.show, options, runtime)
  const level = (options.level ?? 'mid').toLowerCase()
  if (!LEVELS.includes(level as Level)) throw new UsageError(`--level must be junior, mid or senior, not "${options.level}"`)
  if (options.questions !== undefined && (options.questions < 1 || options.questions > 50)) throw new UsageError('--questions must be between 1 and 50')
  if (options.minutes !== undefined && (options.minutes < 1 || options.minutes > 240)) throw new UsageError('--minutes must be between 1 and 240')
  if (!deps.ui) requireTerminal(runtime)
  const library = openLibrary(runtime, options.bank)
  const store = deps.store ?? openStore(runtime)
  const progress = store.read()
  const pool = selectQuestions(options, library).questions.filter((q) => !progressOf(progress, q.bank, q.id)?.suspended)
  if (pool.length === 0) throw new DrillError('Every question the filters match is suspended; `django-drill unsuspend <id>` lets them back.')
  const seed = options.seed ?? Math.floor(runtime.random() * 2 ** 32)
  const random = seededRandom(seed)
  const minutes = options.minutes ?? 30
  const count = options.questions ?? defaultQuestionCount(minutes)
  const now = () => runtime.now().getTime()
  const plan = planInterview(pool, progress, { count, level: level as Level, random, now: now() })
  const meta: TranscriptMeta = {
    level: level as Level,
    tracks: (options.track ?? [])
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter(Boolean),
    seed,
    spoken: Boolean(options.spoken),
    interviewer: Boolean(options.interviewer),
    minutes,
  }
  const titles = new Map(library.topics.map((t) => [t.id, t.title]))
  const topicTitle = (id: string) => titles.get(id) ?? id
  const ui = deps.ui ?? interviewUi(runtime.env)
  const ctx: Ctx = { runtime, ui, store, timer: deps.timer ?? realTimer, tick: deps.tick ?? 1000, topicTitle, options, random, planned: count }
  let state = startInterview(plan, { now: now(), durationMs: minutes * 60_000 })
  const dir = interviewsDir(runtime.env)
  const covered = new Map<number, number[]>()
  try {
    ui.screen?.enter()
    while (state.phase !== 'debrief') state = await turn(ctx, state, covered)
  } catch (error) {
    ui.screen?.leave()
    if (isExit(error)) {
      // Ctrl+C: what was answered is in the store already; keep what was said too.
      const path = writeTranscript(dir, buildTranscript(state, meta, { covered, cancelled: true, at: now(), topicTitle }))
      store.flush() // answers a failed write kept in memory: saved now, or a StoreWriteError says so
      const n = state.asked.filter((t) => t.q && !t.skipped).length
      throw new CancelledError(`Stopped. ${n === 1 ? '1 answer was' : `${n} answers were`} saved; partial transcript: ${path}`)
    }
    throw error
  }
  ui.screen?.leave()
  let rubric: RubricScores | undefined
  try {
    rubric = await debrief(ctx, state, covered)
  } catch (error) {
    if (isExit(error)) {
      const path = writeTranscript(dir, buildTranscript(state, meta, { covered, cancelled: true, at: now(), topicTitle }))
      store.flush()
      throw new CancelledError(`Stopped in the debrief; every answer was saved; partial transcript: ${path}`)
    }
    throw error
  }
  store.flush()
  const transcript = buildTranscript(state, meta, { covered, rubric, at: now(), topicTitle })
  const path = writeTranscript(dir, transcript)
  const { style } = runtime
  runtime.out('')
  runtime.out(style.bold(`Overall: ${transcript.band} (score ${transcript.score}/100)`))
  const width = Number.isFinite(runtime.width) ? runtime.width : 100
  for (const line of wrap(
    'score = 50 × (mean rubric − 1)/3 + 50 × share of key points and auto-graded answers right; 80+ strong hire, 60+ hire, 40+ no hire; any 1 caps it at no hire',
    width,
  ))
    runtime.out(style.dim(line))
  runtime.out(wrap(transcript.study.length ? `Study next: ${transcript.study.join(', ')}` : 'Study next: nothing stood out; try a harder level.', width).join('\n'))
  runtime.out(`Transcript: ${path}`)
  return 0
}

interface Ctx {
  runtime: Runtime
  ui: InterviewUi
  store: ProgressStore
  timer: (ms: number, fn: () => void) => () => void
  tick: number
  topicTitle: (id: string) => string
  options: InterviewOptions
  random: () => number
  planned: number
}

const SELF_RATING = 'How did that answer go?'

/** Asks the current question and returns the state after what the user did. */
async function turn(ctx: Ctx, state: InterviewState, covered: Map<number, number[]>): Promise<InterviewState> {
  const { runtime, ui } = ctx
  const { style } = runtime
  const cur = state.current!
  const width = Number.isFinite(runtime.width) ? runtime.width : 80
  const now = () => runtime.now().getTime()
  const n = state.asked.length + 1
  const status = () => {
    const t = now()
    const spent = t - cur.startedAt
    const over = spent > cur.budgetMs
    const clock =
      cur.phase === 'rapid'
        ? (cur.budgetMs - spent <= 10_000 ? style.red : style.yellow)(`⏱ ${formatClock(cur.budgetMs - spent)}`)
        : (over ? style.yellow : style.dim)(`⏱ ${formatClock(spent)}/${formatClock(cur.budgetMs)}`)
    const left = timeLeft(state, t)
    return [
      style.bold(cur.phase === 'closing' ? 'last' : `${n}/${ctx.planned}`),
      PHASE_TITLES[cur.phase],
      clock,
      (left <= 60_000 ? style.red : style.cyan)(`⌛ ${formatClock(left)} left`),
    ].join(style.dim(' · '))
  }
  ui.screen?.clear()
  const interviewer = Boolean(ctx.options.interviewer)
  // The question's prompt: the session's own, with /h read from a text answer.
  const q = cur.q
  const autoKind = q && !interviewer && q.type !== 'open'
  const spokenMode = Boolean(ctx.options.spoken) || interviewer
  let typed = ''
  // The mock's keys: /h a hint (once, while there is a key point to give), no flags, /q ends the interview.
  const hintSource = cur.q ?? cur.about
  const hintable = cur.phase !== 'closing' && cur.hints.length === 0 && Boolean(hintSource && hintOf(hintSource))
  const keys = { hint: hintable, flag: false, quitLabel: 'end' }
  const base =
    q && autoKind
      ? { ...askConfig(q, { status, flagged: false, style, tick: ctx.tick, width, random: ctx.random, shuffle: true, undo: false, onText: (t) => void (typed = t) }), ...keys }
      : undefined
  const kindAsked = base && 'asked' in base ? base.asked : undefined
  // What is on screen: the question (to read aloud, in peer mode) and nothing of the answer.
  if (cur.phase === 'closing') {
    runtime.out(style.bold('Do you have questions for us?'))
    const how = interviewer
      ? 'Let them ask; note what they asked (saved in the transcript, never graded).'
      : 'Ask what you would ask an interviewer; it is saved in the transcript, never graded.'
    for (const line of wrap(how, width)) runtime.out(style.dim(line))
  } else if (cur.spoken) {
    for (const line of wrap(`${interviewer ? 'Ask aloud' : 'The interviewer asks'}: “${plainText(cur.spoken)}”`, width)) runtime.out(style.bold(line))
    for (const line of wrap(`A follow-up on: ${plainText(cur.about?.title ?? '')}`, width)) runtime.out(style.dim(line))
  } else {
    const q = cur.q!
    runtime.out(style.dim(`${PHASE_TITLES[cur.phase]} · ${ctx.topicTitle(q.topic)} · `) + difficultyColor(q.difficulty, style))
    if (interviewer) runtime.out(style.dim('Read this aloud:'))
    // A prompt that draws the question itself (cloze, filled in place) is not printed first.
    if (!kindAsked?.screen) runtime.out(renderPrompt(q, { width, style }))
  }
  if (interviewer && cur.q) {
    runtime.out('')
    if (cur.q.keyPoints.length) runtime.out(style.bold('Listen for:'))
    for (const p of cur.q.keyPoints) runtime.out(wrapWithPrefix(p, Math.min(width, 100), '  • ').join('\n'))
    if (cur.q.type !== 'open') {
      // An auto-graded question in peer mode: the options with the right ones marked, or the answer.
      const solved = renderOptionsWithAnswers(cur.q, { width, style })
      const answerText = correctAnswerText(cur.q)
      if (solved) runtime.out(solved)
      else if (answerText) runtime.out(`${style.bold('The answer:')} ${answerText}`)
    }
    const hint = hintOf(cur.q)
    if (hint) for (const line of wrap(`Hint if they are stuck: ${hint}`, Math.min(width, 100))) runtime.out(style.dim(line))
    if (cur.q.followUps?.length) runtime.out(renderFollowUps(cur.q.followUps, { width, style }))
  }
  if (cur.hints.length) for (const line of wrap(`Hint: ${cur.hints.join('; ')} (this question is rated Hard at best)`, Math.min(width, 100))) runtime.out(style.yellow(line))
  runtime.out('')

  const config = base ?? {
    mode: 'text' as const,
    status,
    flagged: false,
    style,
    tick: ctx.tick,
    undo: false,
    width,
    editor: !spokenMode,
    ...keys,
    placeholder: interviewer
      ? 'press enter when they have answered'
      : spokenMode
        ? 'answer aloud, then press enter'
        : cur.phase === 'closing'
          ? 'type your questions, or press enter'
          : 'type your answer',
    onText: (t: string) => void (typed = t),
  }
  if (kindAsked?.intro) runtime.out(kindAsked.intro)
  const hard = cur.phase === 'rapid'
  const deadline = hard ? Math.min(state.endsAt, cur.startedAt + cur.budgetMs) : state.endsAt
  const controller = new AbortController()
  const cancel = ctx.timer(Math.max(0, deadline - now()), () => controller.abort())
  let result: AskResult
  try {
    result = await ui.ask(config, controller.signal)
  } catch (error) {
    if (!isAbort(error)) throw error
    const at = now()
    if (at >= state.endsAt) return record(ctx, state, step(state, { type: 'tick', at }))
    return record(ctx, state, step(state, { type: 'timeout', at, ...(typed ? { text: plainText(typed) } : {}) }))
  } finally {
    cancel()
  }
  const at = () => now()
  if (keys.hint && isHint(result)) return step(state, { type: 'hint', at: at() })
  switch (result.action) {
    case 'skip':
      return step(state, { type: 'skip', at: at() })
    case 'quit':
      return step(state, { type: 'quit', at: at() })
    case 'flag':
    case 'undo':
      return state
    case 'editor': {
      let text = ''
      try {
        text = plainText((await ui.editor(`\n\n<!-- ${q?.title ?? 'Your answer'} -->\n`)).replace(/<!--[\s\S]*?-->/g, '')).trim()
      } catch (error) {
        if ((error as { name?: string }).name !== 'EditorError') throw error
        runtime.out(style.yellow(`${(error as Error).message} Type your answer instead.`))
        return state
      }
      return answered(ctx, state, text, undefined, covered)
    }
    case 'answer': {
      if (q && autoKind) {
        const judgement = judge(q, result.value, kindAsked)
        const correct = judgement.kind === 'auto' ? judgement.correct : false
        const rating = judgement.kind === 'auto' && judgement.graded ? judgement.graded.suggested : correct ? RATINGS.good : RATINGS.again
        const text = typeof result.value === 'string' ? plainText(result.value) : result.value.join('; ')
        // The wrong options picked feed the confusions in `stats`, as in a session.
        return record(ctx, state, step(state, { type: 'answer', at: at(), text, rating, correct }), correct ? [] : wrongPicks(q, result.value))
      }
      return answered(ctx, state, plainText(String(result.value)), undefined, covered)
    }
  }
}

/** An open (or spoken, or closing) answer: the self-rating, or the interviewer's key points and rating. */
async function answered(ctx: Ctx, state: InterviewState, text: string, _unused: undefined, covered: Map<number, number[]>): Promise<InterviewState> {
  const cur = state.current!
  const at = ctx.runtime.now().getTime() // the time taken stops at the answer, not after the rating
  if (cur.phase === 'closing') return step(state, { type: 'answer', at, text })
  const { ui, runtime } = ctx
  if (ctx.options.interviewer) {
    if (cur.q && cur.q.keyPoints.length) runtime.out(runtime.style.dim('Interviewer: tick what they covered (the checklist below asks as if it were you).'))
    if (cur.q && cur.q.keyPoints.length) covered.set(state.asked.length + 1, await ui.keyPoints(cur.q.keyPoints, runtime.style))
  }
  // Nothing is revealed: the candidate (or the interviewer) rates the answer, which steers the deep dive; a hint caps it at Hard.
  const hinted = cur.hints.length > 0
  const rating = await ui.rating(hinted ? RATINGS.hard : RATINGS.good, runtime.style, {
    message: ctx.options.interviewer ? 'How did they do?' : SELF_RATING,
    ...(hinted ? { allowed: [RATINGS.again, RATINGS.hard] } : {}),
  })
  return record(ctx, state, step(state, { type: 'answer', at, ...(text ? { text } : {}), rating }))
}

/** Saves the turn just taken in the progress store (bank questions only; skips are in the transcript). */
function record(ctx: Ctx, before: InterviewState, after: InterviewState, wrong: string[] = []): InterviewState {
  const turn = after.asked.length > before.asked.length ? after.asked.at(-1) : undefined
  if (!turn || !turn.q || turn.skipped || turn.rating === undefined) return after
  const outcome = turn.timedOut ? 'timeout' : turn.rating === RATINGS.again ? 'wrong' : 'correct'
  recordAnswer(
    ctx.store,
    turn.q,
    { outcome, rating: turn.rating, ms: turn.ms, ...(turn.text ? { text: turn.text } : {}), ...(wrong.length ? { wrong } : {}), interview: true },
    ctx.runtime.now(),
    { schedule: true },
  )
  return after
}

/** Side by side when there is room, else one above the other. */
function beside(left: { title: string; text: string }, right: { title: string; text: string }, width: number, style: Runtime['style']): string[] {
  if (width >= 90) {
    const col = Math.floor((Math.min(width, 140) - 3) / 2)
    const a = [style.bold(left.title), ...wrap(plainText(left.text), col)]
    const b = [style.bold(right.title), ...wrap(plainText(right.text), col)]
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => `${padEnd(a[i] ?? '', col)} ${style.dim('│')} ${b[i] ?? ''}`)
  }
  const indented = (text: string) => wrap(plainText(text), width - 2).map((l) => `  ${l}`)
  return [style.bold(left.title), ...indented(left.text), style.bold(right.title), ...indented(right.text)]
}

/** Per question: the answer beside the model answer and the key-point checklist; then the rubric. */
async function debrief(ctx: Ctx, state: InterviewState, covered: Map<number, number[]>): Promise<RubricScores> {
  const { runtime, ui } = ctx
  const { style } = runtime
  const width = Number.isFinite(runtime.width) ? Math.max(40, runtime.width) : 100
  const reason = { done: 'The interview is over.', time: 'Time is up.', quit: 'You ended the interview early.' }[state.endedBy ?? 'done']
  runtime.out(style.bold(`${reason} Debrief of ${plural(state.asked.length, 'question')}.`))
  for (const t of state.asked) {
    runtime.out('')
    runtime.out(style.dim(separator(width)))
    const title = t.q ? t.q.title : `Follow-up: ${t.spoken}`
    for (const line of wrapWithPrefix(plainText(title), Math.min(width, 100), `${t.n}. `)) runtime.out(style.bold(line))
    runtime.out(
      style.dim(
        [
          PHASE_TITLES[t.phase],
          ctx.topicTitle((t.q ?? t.about)?.topic ?? ''),
          `${formatClock(t.ms)} taken`,
          ...(t.hints.length ? ['hint taken'] : []),
          ...(t.skipped ? ['skipped'] : []),
          ...(t.timedOut ? ['timed out'] : []),
        ].join(' · '),
      ),
    )
    const yours = t.skipped ? '(skipped)' : t.text ? t.text : ctx.options.spoken || ctx.options.interviewer ? '(answered aloud)' : '(nothing typed)'
    const model = t.q ? t.q.summary : 'A spoken follow-up: no model answer in the bank.'
    for (const line of beside({ title: 'Your answer', text: yours }, { title: 'Model answer', text: model }, width, style)) runtime.out(line)
    if (t.correct !== undefined)
      runtime.out(t.correct ? style.green('✔ Right (auto-graded)') : style.red(`✘ Wrong (auto-graded)${t.q ? `; see \`django-drill show ${t.q.id}\`` : ''}`))
    else if (t.q && t.q.keyPoints.length) {
      if (ctx.options.interviewer && covered.has(t.n)) {
        const got = covered.get(t.n)!
        for (const [i, p] of t.q.keyPoints.entries()) runtime.out(`  ${got.includes(i) ? style.green('✔') : style.red('✘')} ${p}`)
      } else if (t.skipped) {
        for (const p of t.q.keyPoints) runtime.out(`  ${style.red('✘')} ${p}`)
        covered.set(t.n, [])
      } else covered.set(t.n, await ui.keyPoints(t.q.keyPoints, style))
    }
  }
  runtime.out('')
  runtime.out(style.dim(separator(width)))
  runtime.out(style.bold(ctx.options.interviewer ? 'Interviewer: rate the candidate, 1 to 4.' : 'Rate yourself, 1 to 4, as an interviewer would.'))
  const scores: Partial<RubricScores> = {}
  for (const r of RUBRIC) {
    const picked = await ui.choose(r.title, r.bands)
    scores[r.id] = (Math.max(0, Math.min(3, picked)) + 1) as 1 | 2 | 3 | 4
  }
  return scores as RubricScores
}

export type { InterviewEvent }
