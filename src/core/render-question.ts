// Pure renderers for one question, shared by `show` and the quiz screens.
import { renderMarkdown, wrapInline } from './markdown.ts'
import type { Style } from './style.ts'
import type { Question } from './types.ts'

export interface View {
  width: number
  style: Style
}

/** A front-matter string (plain text with `code` spans) on one line. */
export const inlinePlain = (text: string, style: Style): string => wrapInline(text, Number.POSITIVE_INFINITY, style, true).join(' ')

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
  const body = q.prompt ? `\n\n${renderMarkdown(q.prompt, { width, style: view.style })}` : ''
  return `${title}${body}`
}

/** The correct answer of an auto-graded question, or undefined for open ones. */
export function correctAnswerText(q: Question): string | undefined {
  switch (q.type) {
    case 'choice':
    case 'short':
      return q.answer
    case 'multi':
      return q.answer.join('; ')
    case 'open':
      return undefined
  }
}

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
  return parts.join('\n\n')
}

/** Options of a choice or multi question in bank order, the correct ones marked. */
export function renderOptionsWithAnswers(q: Question, { style }: View): string {
  if (q.type === 'choice' || q.type === 'multi') {
    const correct = new Set(q.type === 'choice' ? [q.answer] : q.answer)
    const options = [...correct, ...q.distractors]
    return options.map((o) => (correct.has(o) ? `  ${style.green('✔')} ${inlinePlain(o, style)}` : `  ${style.dim('✘')} ${style.dim(inlinePlain(o, style))}`)).join('\n')
  }
  if (q.type === 'short') {
    const alts = q.accept.length ? style.dim(` (also accepted: ${q.accept.join(', ')})`) : ''
    return `  ${style.green('✔')} ${q.answer}${alts}`
  }
  return ''
}

/** Everything `show` prints for one question. */
export function renderQuestionPage(q: Question, topicTitle: string, view: View): string {
  const parts = [renderMeta(q, topicTitle, view), renderPrompt(q, view)]
  const options = renderOptionsWithAnswers(q, view)
  if (options) parts.push(options)
  parts.push(renderExplanation(q, view))
  return `${parts.join('\n\n')}\n`
}
