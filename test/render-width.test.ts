// Property: whatever the bank holds, nothing rendered for the terminal is wider than the width it was given.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCheatsheet, renderCheatsheetTerminal } from '../src/core/cheatsheet.ts'
import type { QuestionProgress } from '../src/core/progress.ts'
import { correctAnswerText, questionSeparator, renderShowPage } from '../src/core/render-question.ts'
import { feedbackHead, type Verdict } from '../src/session/feedback.ts'
import { makeStyle } from '../src/core/style.ts'
import { displayWidth, stripAnsi } from '../src/core/text.ts'
import { loadBank } from '../src/io/bank.ts'
import { ROOT } from './helpers/bin.ts'

const bank = loadBank(join(ROOT, 'questions'))
const style = makeStyle(1)
const WIDTHS = [40, 60, 80, 100, 140]

// A history with everything `show` prints under the question: a due date, lapses, the flag and
// suspension, and typed answers with long words, wide characters, tabs and control characters.
const T = Date.UTC(2026, 11, 15, 10)
const history: QuestionProgress = {
  card: { due: T + 86_400_000, stability: 1, difficulty: 7, elapsed_days: 0, scheduled_days: 1, learning_steps: 0, reps: 20, lapses: 12, state: 3, last_review: T },
  flagged: true,
  suspended: true,
  history: [
    { t: T, r: 1, ok: 0, ms: 61_000, a: `${'日本語の答え、'.repeat(15)}😀😀😀👩‍👩‍👧 end-of-answer` },
    { t: T, r: 3, ok: 1, ms: 4_000, ov: 1, a: `def f():\n\treturn Book.objects.select_related('author__profile__address__country__region__continent')\u001b[2J` },
    { t: T, r: 1, ok: 0, ms: 30_000, to: 1, a: 'https://docs.djangoproject.com/en/6.1/ref/models/querysets/#django.db.models.query.QuerySet.select_related' },
  ],
}

const overflowing = (text: string, width: number) =>
  text
    .split('\n')
    .filter((l) => displayWidth(l) > width)
    .map(stripAnsi)

describe('every bundled question fits the terminal', () => {
  it('the bank is the bundled one', () => {
    expect(bank.questions.length).toBeGreaterThan(100)
  })

  it.each(WIDTHS)('show at %i columns, your history included: no line wider, no markdown syntax left in prose', (width) => {
    const bad: string[] = []
    for (const q of bank.questions) {
      const page = renderShowPage(q, q.topic, history, { width, style })
      // Past answers are wrapped, not cut: the end of each is on screen, and no control character.
      for (const end of ['end-of-answer', '👩‍👩‍👧', 'region__continent', '.select_related']) expect(stripAnsi(page), q.id).toContain(end)
      expect(page).not.toContain('\u001b[2J')
      for (const line of overflowing(page, width)) bad.push(`${q.id}: ${line}`)
      // Prose lines (code blocks are indented by 4) show no ** or backtick pairs.
      for (const line of stripAnsi(page).split('\n'))
        if (!line.startsWith('    ') && /\*\*\S.*\*\*|`[^`]+`/.test(line) && !/^ {2}[•✔✘]/.test(line)) bad.push(`${q.id}: markup: ${line}`)
    }
    expect(bad).toEqual([])
  })

  it.each(WIDTHS)('the feedback head (verdict, the answer, yours) and the separator at %i columns', (width) => {
    const at = Date.UTC(2026, 11, 15, 10)
    const verdicts: Verdict[] = [
      { outcome: 'wrong', rating: 1, now: at },
      { outcome: 'timeout', rating: 1, now: at },
      { outcome: 'correct', rating: 3, now: at, override: true },
    ]
    // A long typed answer with wide characters: the "Your answer" column is measured in terminal columns.
    const typed = `${'日本語の答え、'.repeat(12)} 😀😀😀 select_related('author__profile').prefetch_related('tags')`
    let withAnswer = 0
    for (const q of bank.questions) {
      const answer = correctAnswerText(q)
      if (answer === undefined) continue
      for (const verdict of verdicts) {
        const given = q.type === 'multi' ? [...q.distractors] : typed
        const head = feedbackHead({ q, verdict, given, width, style })
        if (head.join('\n').includes('The answer:')) withAnswer++
        expect(overflowing(head.join('\n'), width), `${q.id} ${verdict.outcome}`).toEqual([])
      }
    }
    expect(withAnswer).toBeGreaterThan(100)
    expect(displayWidth(questionSeparator(width, style))).toBe(Math.min(width, 100))
  })

  it.each(WIDTHS)('the cheat sheet at %i columns', (width) => {
    const sheet = buildCheatsheet({ title: 'Bank', questions: bank.questions, topics: bank.manifest.topics, detail: true })
    expect(overflowing(renderCheatsheetTerminal(sheet, { width, style }), Math.max(width, 30))).toEqual([])
  })
})
