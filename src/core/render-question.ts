// Pure renderers for one question, shared by `show` and the quiz screens.
import { kindOf } from './kinds/index.ts'
import { inlinePlain } from './kinds/shared.ts'
import { renderMarkdown, wrapInline } from './markdown.ts'
import type { Style } from './style.ts'
import { fitLines, READING_MEASURE, separator, wrap, wrapWithPrefix } from './text.ts'
import type { Question } from './types.ts'
import { renderHistory } from './history-render.ts'
import type { QuestionProgress } from './progress.ts'

export { inlinePlain }

export interface View {
  width: number
  style: Style
}

/** The columns prose is set in: the terminal's width, at most the 100-column reading measure, at least 20. */
const clampWidth = (width: number) => (Number.isFinite(width) ? Math.max(20, Math.min(Math.floor(width), READING_MEASURE)) : READING_MEASURE)

/** The rule between questions: as wide as the terminal, capped at the reading measure. */
export const questionSeparator = (width: number, style: Style): string => style.dim(separator(width))

export const difficultyColor = (difficulty: string, style: Style): string =>
  difficulty === 'advanced' ? style.red(difficulty) : difficulty === 'intermediate' ? style.yellow(difficulty) : style.green(difficulty)

/** "orm · intermediate · choice · queryset, performance" */
export function renderMeta(q: Question, topicTitle: string, view: View): string {
  const { style } = view
  // Each part stays whole: non-breaking spaces inside, breaks only between parts.
  const nb = (text: string) => text.replace(/ /g, '\u00a0')
  const parts = [style.cyan(q.id), nb(topicTitle), difficultyColor(q.difficulty, style), q.type]
  if (q.tags.length) parts.push(style.dim(q.tags.map((t) => `#${t}`).join(' ')))
  return wrap(parts.join(style.dim(' · ')), clampWidth(view.width))
    .map((l) => l.replace(/\u00a0/g, ' '))
    .join('\n')
}

export function renderPrompt(q: Question, view: View): string {
  const width = clampWidth(view.width)
  const title = wrap(view.style.bold(inlinePlain(q.title, view.style)), width).join('\n')
  const kind = kindOf(q)
  // A kind may draw its question in its own way (numbered code, visible blanks).
  const text = kind.prompt ? fitLines(kind.prompt(q, { width, style: view.style }), width) : q.prompt ? renderMarkdown(q.prompt, { width, style: view.style }) : ''
  const body = text ? `\n\n${text}` : ''
  return `${title}${body}`
}

/** The correct answer of an auto-graded question, or undefined for open ones. */
export const correctAnswerText = (q: Question): string | undefined => kindOf(q).answerText(q)

export function renderKeyPoints(q: Question, view: View): string {
  if (q.keyPoints.length === 0) return ''
  const width = clampWidth(view.width)
  // Key points are plain text with `code` spans, not markdown: `__init__` stays as written.
  const points = q.keyPoints.flatMap((k) => wrapInline(k, width - 4, view.style, true).map((line, n) => `${n === 0 ? '  • ' : '    '}${line}`))
  return [view.style.bold('Key points'), ...points].join('\n')
}

export function renderReferences(q: Question, view: View): string {
  const { style } = view
  // A URL is never cut with an ellipsis: wider than the terminal, it continues on the next line.
  return [style.bold('References'), ...q.references.flatMap((r) => wrap(style.underline(r), clampWidth(view.width) - 2).map((l) => `  ${l}`))].join('\n')
}

/** The model answer with everything a learner needs after answering. */
export function renderExplanation(q: Question, view: View, options: { keyPoints?: boolean } = {}): string {
  const width = clampWidth(view.width)
  const parts = [view.style.bold.underline('Answer'), renderMarkdown(q.explanation, { width, style: view.style })]
  const keyPoints = options.keyPoints === false ? '' : renderKeyPoints(q, view)
  if (keyPoints) parts.push(keyPoints)
  parts.push(renderReferences(q, view))
  if (q.related.length) parts.push(wrapWithPrefix(q.related.map((r) => view.style.cyan(r)).join(', '), width, `${view.style.bold('Related')}  `).join('\n'))
  if (q.followUps?.length) parts.push(renderFollowUps(q.followUps, view))
  return parts.join('\n\n')
}

/** What an interviewer asks next: question ids in cyan, spoken prompts as written. */
export function renderFollowUps(followUps: readonly string[], view: View): string {
  const { style } = view
  const width = clampWidth(view.width)
  return [style.bold('Follow-ups'), ...followUps.flatMap((f, i) => wrapWithPrefix(ID.test(f) ? style.cyan(f) : inlinePlain(f, style), width, `  ${style.dim(`${i + 1}.`)} `))].join(
    '\n',
  )
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** The solved form after the question: options marked, the order, the filled code, the bug and its fix. */
export function renderOptionsWithAnswers(q: Question, view: View): string {
  const width = clampWidth(view.width)
  // A kind lays out its solution; the text layer makes sure every line fits.
  return fitLines(kindOf(q).solution(q, { width, style: view.style }), width)
}

/** Everything `show` prints for one question. */
export function renderQuestionPage(q: Question, topicTitle: string, view: View): string {
  const parts = [renderMeta(q, topicTitle, view), renderPrompt(q, view)]
  const options = renderOptionsWithAnswers(q, view)
  if (options) parts.push(options)
  parts.push(renderExplanation(q, view))
  return `${parts.join('\n\n')}\n`
}

/** Everything `show <id>` prints: the question page, then your history with it. */
export function renderShowPage(q: Question, topicTitle: string, progress: QuestionProgress | undefined, view: View): string {
  return `${renderQuestionPage(q, topicTitle, view)}${renderHistory(progress, view)}\n`
}
