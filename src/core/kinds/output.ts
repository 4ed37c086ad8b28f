// output: what does this code print? `answer` is the printed text (a block
// scalar for several lines), `accept` optional alternatives. Compared after
// trimming each line's trailing spaces and the leading and trailing blank
// lines; case-sensitive.
import type { QuestionBase } from '../types.ts'
import { stripControl } from '../sanitize.ts'
import { codeBlocks } from './code.ts'
import type { Kind } from './kind.ts'
import { cleanLines, startOf, tick } from './shared.ts'

export interface OutputQuestion extends QuestionBase {
  type: 'output'
  answer: string
  accept: string[]
}

/** How printed output compares. */
export const normaliseOutput = cleanLines

export const outputRight = (q: Pick<OutputQuestion, 'answer' | 'accept'>, typed: string): boolean => {
  const given = normaliseOutput(typed)
  return [q.answer, ...q.accept].some((a) => normaliseOutput(a) === given)
}

export const output: Kind<OutputQuestion, string> = {
  type: 'output',
  fields: ['answer', 'accept'],
  lazy: ['answer', 'accept'],
  auto: true,
  confirmRating: true,
  asked: 'the printed output, one or more lines (an empty line ends it; /e opens $EDITOR)',
  parse({ f, prompt, lineAt, body }) {
    const raw = f.raw('answer')
    let ok = true
    let answer: string | undefined
    if (typeof raw === 'string' && raw.trim() !== '') answer = f.clean('answer', normaliseOutput(raw))
    else {
      // f.string words the usual errors (required, not a string, quote the number).
      f.string('answer', true)
      ok = false
    }
    const rawAccept = f.raw('accept')
    let accept: string[] = []
    if (rawAccept !== undefined && rawAccept !== null) {
      if (!Array.isArray(rawAccept) || rawAccept.some((a) => typeof a !== 'string' || a.trim() === '')) {
        f.strings('accept', false)
        ok = false
      } else accept = (rawAccept as string[]).map((a) => f.clean('accept', normaliseOutput(a)))
    }
    if (prompt !== undefined && codeBlocks(prompt).length === 0) {
      body('an output question needs a fenced code block in the question part: the code whose output is asked', lineAt(0))
      ok = false
    }
    return ok && answer !== undefined && prompt !== undefined ? { answer, accept } : undefined
  },
  ask: () => ({ spec: { mode: 'lines', label: 'Output', placeholder: 'what it prints; an empty line ends, /e opens $EDITOR' } }),
  read: (value) => (typeof value === 'string' ? value : value.join('\n')),
  grade: (q, typed) => ({ score: outputRight(q, typed) ? 1 : 0 }),
  feedback(q, typed, grade, _asked, { style }) {
    if (grade.score >= 1) return style.green.bold('✔ Correct.')
    const want = q.answer.split('\n')
    // What was typed is shown back: never a raw control sequence on the terminal.
    const got = stripControl(normaliseOutput(typed ?? '')).split('\n')
    const rows = Math.max(want.length, got.length)
    const lines: string[] = [style.red.bold('✘ Not quite. It prints:')]
    for (let i = 0; i < rows; i++) {
      const ok = want[i] === got[i]
      lines.push(
        `  ${tick(ok, style)} ${style.dim('│')} ${want[i] ?? style.dim('(nothing)')}${ok ? '' : `   ${style.dim('you:')} ${got[i] === undefined || got[i] === '' ? style.dim('(nothing)') : style.red(got[i]!)}`}`,
      )
    }
    return lines.join('\n')
  },
  solution: (q, { style }) =>
    [
      style.bold('It prints'),
      ...q.answer.split('\n').map((l) => `    ${style.dim('│')} ${l}`.trimEnd()),
      ...(q.accept.length ? [style.dim(`Also accepted: ${q.accept.map((a) => a.split('\n').join(' ⏎ ')).join(', ')}`)] : []),
    ].join('\n'),
  hint: (q) => {
    const lines = q.answer.split('\n')
    return `It prints ${lines.length === 1 ? '1 line' : `${lines.length} lines`}; the first starts with "${startOf(lines[0]!.trimStart() || ' ')}".`
  },
  answerText: (q) => q.answer.split('\n').join(' ⏎ '),
  solved: (q) => ({ kind: 'code', language: 'text', code: q.answer }),
  card: (q) => ({
    front: [{ kind: 'markdown', text: q.prompt }],
    answer: [
      { kind: 'code', language: 'text', lines: q.answer.split('\n'), label: 'It prints' },
      ...q.accept.map((a) => ({ kind: 'code' as const, language: 'text', lines: a.split('\n'), label: 'Also accepted' })),
    ],
  }),
}
