// Pure renderers for one question, shared by `show` and the quiz screens.
import { kindOf } from './kinds/index.ts'
import { inlinePlain } from './kinds/shared.ts'
import { renderMarkdown, wrapInline } from './markdown.ts'
import type { Style } from './style.ts'
import type { Question } from './types.ts'

export { inlinePlain }

export interface View {
  width: number
  style: Style
}


const clampWidth = (width: number) => (Number.isFinite(width) ? Math.min(width, 100) : 100)

export const difficultyColor = (difficulty: string, style: Style): string =>
  difficulty === 'advanced' ? style.red(difficulty) : difficulty === 'intermediate' ? style.yellow(difficulty) : style.green(difficulty)

/** "orm · intermediate · choice · queryset, performance" */
export function renderMeta(q: Question, topicTitle: string, { style }: View): string {
  const parts = [style.cyan(q.id), topicTitle, difficultyColor(q.difficulty, style), q.type]
  if (q.tags.length) parts.push(style.dim(q.tags.map((t) => `#${t}`).join(' ')))
  return parts.join(style.dim(' · '))
}

export function renderPrompt(q: Question, view: View): string {
  const width = clampWidth(view.width)
  const title = view.style.bold(inlinePlain(q.title, view.style))
  const kind = kindOf(q)
  // A kind may draw its question in its own way (numbered code, visible blanks).
  const text = kind.prompt ? kind.prompt(q, { width, style: view.style }) : q.prompt ? renderMarkdown(q.prompt, { width, style: view.style }) : ''
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

export function renderReferences(q: Question, { style }: View): string {
  return [style.bold('References'), ...q.references.map((r) => `  ${style.underline(r)}`)].join('\n')
}

/** The model answer with everything a learner needs after answering. */
export function renderExplanation(q: Question, view: View, options: { keyPoints?: boolean } = {}): string {
  const width = clampWidth(view.width)
  const parts = [view.style.bold.underline('Answer'), renderMarkdown(q.explanation, { width, style: view.style })]
  const keyPoints = options.keyPoints === false ? '' : renderKeyPoints(q, view)
  if (keyPoints) parts.push(keyPoints)
  parts.push(renderReferences(q, view))
  if (q.related.length) parts.push(`${view.style.bold('Related')}  ${q.related.map((r) => view.style.cyan(r)).join(', ')}`)
  if (q.followUps?.length) parts.push(renderFollowUps(q.followUps, view))
  return parts.join('\n\n')
}

/** What an interviewer asks next: question ids in cyan, spoken prompts as written. */
export function renderFollowUps(followUps: readonly string[], { style }: View): string {
  return [style.bold('Follow-ups'), ...followUps.map((f, i) => `  ${style.dim(`${i + 1}.`)} ${ID.test(f) ? style.cyan(f) : inlinePlain(f, style)}`)].join('\n')
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** The solved form after the question: options marked, the order, the filled code, the bug and its fix. */
export function renderOptionsWithAnswers(q: Question, view: View): string {
  return kindOf(q).solution(q, { width: clampWidth(view.width), style: view.style })
}

/** Everything `show` prints for one question. */
export function renderQuestionPage(q: Question, topicTitle: string, view: View): string {
  const parts = [renderMeta(q, topicTitle, view), renderPrompt(q, view)]
  const options = renderOptionsWithAnswers(q, view)
  if (options) parts.push(options)
  parts.push(renderExplanation(q, view))
  return `${parts.join('\n\n')}\n`
}
