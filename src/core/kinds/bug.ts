// bug: which line of the code is wrong? `answer` is a line number (or a list)
// of the question's first code block, counting from 1; `fix` (optional) is the
// corrected line(s), shown after answering.
import type { QuestionBase } from '../types.ts'
import { aroundBlock, codeBlocks, numberedCode, renderWithBlock } from './code.ts'
import type { Kind } from './kind.ts'
import { cleanLines } from './shared.ts'
import { describe } from '../fields.ts'

export interface BugQuestion extends QuestionBase {
  type: 'bug'
  /** The buggy lines (1-based, in the first code block of the question). */
  answer: number[]
  fix?: string
}

/** Lines of the first code block, the code the line numbers count in. */
const firstBlock = (prompt: string) => codeBlocks(prompt)[0]

/** About half the code's lines (at least 3, never all of them when there are more), around `line`: where the bug is, not which line. */
export function bugWindow(line: number, lines: number): [number, number] {
  const size = Math.min(lines, Math.max(3, Math.ceil(lines / 2)))
  const lo = Math.max(1, Math.min(line - Math.floor(size / 2), lines - size + 1))
  return [lo, lo + size - 1]
}

/** A typed line number, or the reason it is not one. */
export function parseLine(text: string, lines: number): number | string {
  const t = text.trim().replace(/^(line|l)\s*/i, '')
  if (!/^\d+$/.test(t)) return `Type a line number from 1 to ${lines}.`
  const n = Number(t)
  if (n < 1 || n > lines) return `The code has lines 1 to ${lines}.`
  return n
}

export const bug: Kind<BugQuestion, number> = {
  type: 'bug',
  fields: ['answer', 'fix'],
  lazy: ['answer', 'fix'],
  auto: true,
  confirmRating: true,
  asked: 'the code with line numbers; type the number of the buggy line',
  parse({ f, prompt, lineAt, body }) {
    const raw = f.raw('answer')
    const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]
    let ok = true
    if (list.length === 0) {
      f.error('answer', "is required: the buggy line number (or a list of them) in the question's first code block, counting from 1")
      ok = false
    }
    const lines: number[] = []
    for (const item of list) {
      if (typeof item === 'number' && Number.isInteger(item) && item >= 1) lines.push(item)
      else {
        const hint = typeof item === 'string' && /^\s*\d+\s*$/.test(item) ? ` (unquote it: answer: ${item.trim()})` : ''
        f.error('answer', `must be a line number from 1 (or a list of them), got ${describe(item)}${hint}`)
        ok = false
      }
    }
    let fix: string | undefined
    const rawFix = f.raw('fix')
    if (rawFix !== undefined && rawFix !== null) {
      if (typeof rawFix !== 'string' || rawFix.trim() === '') {
        f.error('fix', `must be the corrected line(s) as text, got ${describe(rawFix)}`)
        ok = false
      } else fix = f.clean('fix', cleanLines(rawFix))
    }
    if (prompt === undefined) return undefined
    const block = firstBlock(prompt)
    if (!block) {
      body('a bug question needs a fenced code block in the question part; `answer` counts its lines from 1', lineAt(0))
      return undefined
    }
    for (const n of lines) {
      if (n > block.lines.length) {
        f.error('answer', `line ${n} is not in the first code block, which has ${block.lines.length} line${block.lines.length === 1 ? '' : 's'}`)
        ok = false
      }
    }
    if (!ok) return undefined
    return fix === undefined ? { answer: [...new Set(lines)].sort((a, b) => a - b) } : { answer: [...new Set(lines)].sort((a, b) => a - b), fix }
  },
  prompt(q, view) {
    const block = firstBlock(q.prompt)!
    return renderWithBlock(q.prompt, block, (lines) => numberedCode(lines, block.language, view), view)
  },
  ask(q) {
    const lines = firstBlock(q.prompt)?.lines.length ?? 1
    return {
      spec: {
        mode: 'typed',
        label: 'Line',
        placeholder: `the number of the buggy line (1-${lines})`,
        check: (text) => {
          const n = parseLine(text, lines)
          return typeof n === 'string' ? n : undefined
        },
      },
    }
  },
  read(value, _asked) {
    if (typeof value !== 'string') return undefined
    const n = parseLine(value, Number.MAX_SAFE_INTEGER)
    return typeof n === 'number' ? n : undefined
  },
  grade: (q, line) => ({ score: q.answer.includes(line) ? 1 : 0 }),
  feedback(q, line, grade, _asked, view) {
    const { style } = view
    const where = q.answer.length === 1 ? `line ${q.answer[0]}` : `lines ${q.answer.join(', ')}`
    const head =
      grade.score >= 1
        ? style.green.bold(`✔ Correct: the bug is on ${where}.`)
        : `${style.red.bold('✘ Not quite.')} ${line === undefined ? '' : `Line ${line} is fine; `}the bug is on ${style.bold(where)}.`
    return [head, '', this.solution(q, view)].join('\n')
  },
  solution(q, view) {
    const block = firstBlock(q.prompt)
    if (!block) return ''
    const marks = new Map<number, string | undefined>(q.answer.map((n, i) => [n, i === q.answer.length - 1 ? q.fix : undefined]))
    const head = view.style.bold(q.fix === undefined ? 'The bug' : 'The bug, and the fix under it')
    return [head, ...numberedCode(block.lines, block.language, view, marks)].join('\n')
  },
  hint(q) {
    const n = firstBlock(q.prompt)?.lines.length ?? 0
    const [lo, hi] = bugWindow(q.answer[0]!, n)
    return `The bug is on one of lines ${lo} to ${hi}.`
  },
  answerText: (q) => `line ${q.answer.join(', ')}${q.fix === undefined ? '' : `; fix: ${q.fix.split('\n')[0]}`}`,
  solved(q) {
    const block = firstBlock(q.prompt)
    if (!block) return undefined
    return { kind: 'code', language: block.language, code: block.lines.join('\n'), marks: q.answer, ...(q.fix === undefined ? {} : { note: q.fix }) }
  },
  card(q) {
    const block = firstBlock(q.prompt)
    if (!block) return { front: [{ kind: 'markdown', text: q.prompt }], answer: [{ kind: 'line', label: 'Answer', text: this.answerText(q)! }] }
    const { before, after } = aroundBlock(q.prompt, block)
    const where = q.answer.length === 1 ? `line ${q.answer[0]}` : `lines ${q.answer.join(', ')}`
    return {
      front: [
        { kind: 'markdown', text: before },
        { kind: 'code', language: block.language, lines: block.lines, numbered: true },
        { kind: 'markdown', text: after },
      ],
      answer: [
        { kind: 'line', label: 'The bug', text: where },
        { kind: 'code', language: block.language, lines: block.lines, numbered: true, marks: q.answer, ...(q.fix === undefined ? {} : { fix: q.fix }) },
      ],
    }
  },
}
