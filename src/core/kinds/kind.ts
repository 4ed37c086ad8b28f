// What a question kind is: one object per `type:` that knows its fields and
// their checks, how it is asked, how an answer is graded (pure), what is shown
// after answering, how it is rendered in `show` and the cheat sheet, and which
// of its fields are long enough for the cache to read lazily.
//
// Adding a type: one file in this folder exporting a Kind, listed once in
// ./index.ts. Nothing else names a type's fields.
import type { Fields } from '../fields.ts'
import type { Rating } from '../progress.ts'
import type { Style } from '../style.ts'
import type { QuestionBase } from '../types.ts'

export interface View {
  width: number
  style: Style
}

/** What a kind's parser gets besides the front-matter fields. */
export interface ParseInput {
  f: Fields
  /** The question part (before `## Answer`), trimmed; undefined when the body has no answer heading. */
  prompt: string | undefined
  /** Line in the file of a character offset within `prompt`, when known. */
  lineAt(offset: number): number | undefined
  /** Reports a problem in the body (field `body`). */
  body(reason: string, line?: number, severity?: 'error' | 'warning'): void
  /** The key points, as the common fields read them. */
  keyPoints: string[] | undefined
}

/**
 * How the session asks: a description the prompt layer (src/io) implements.
 * choice, multi and text are the original modes; typed is one line checked by
 * `check` (re-asked with its reason, never graded), lines a multi-line answer,
 * cloze one input per gap with the code drawn around them.
 */
export type AskSpec =
  | { mode: 'choice'; options: string[] }
  | { mode: 'multi'; options: string[] }
  | { mode: 'text'; placeholder: string; editor: boolean }
  | {
      mode: 'typed'
      placeholder: string
      label: string
      check: (text: string) => string | undefined
      /**
       * Items the answer puts in order (as shown, numbered from 1): the prompt draws them under
       * `question` and lets the user move them (↑↓ or j/k, space to pick up) as well as type their
       * numbers; either way the answer is the numbers in order ("3 1 4 2").
       */
      order?: { question: string; items: readonly string[] }
    }
  | { mode: 'lines'; placeholder: string; label: string }
  | { mode: 'cloze'; gaps: number; render: (values: readonly string[], current: number) => string }

export type AskMode = AskSpec['mode']

/** One question as asked: the prompt, what to print before it, and what the kind must remember (a shuffled order). */
export interface Asked {
  spec: AskSpec
  /** Printed after the question text, before the prompt (the shuffled items). */
  intro?: string
  /** The prompt draws the question itself (cloze fills it in place): the session does not print it first. */
  screen?: boolean
  /** Order of the items as shown (indexes into the canonical order). */
  shown?: number[]
}

/** A grade: 1 right, 0 wrong, in between partly right; `parts` per item when the kind has items. */
export interface Grade {
  score: number
  parts?: boolean[]
}

/** A solved form for the cheat sheet, in terms all three formats can draw. */
export type Solved =
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; language: string; code: string; /** 1-based lines to mark (the bug) */ marks?: number[]; note?: string }
  | { kind: 'answer'; text: string }

/**
 * One part of a question as a flash card (`export anki`), in terms any format
 * can draw: text is bank text (markdown, or plain text with `code` spans), never markup.
 */
export type CardPart =
  /** The question's (or answer's) markdown as written. */
  | { kind: 'markdown'; text: string }
  /** Markdown whose `[[n]]` gap markers are drawn as numbered blanks, or with `fills[n - 1]` in them. */
  | { kind: 'gaps'; text: string; fills?: readonly string[] }
  /** Code lines: `numbered` with line numbers, `marks` (1-based) struck out with `fix` under the last. */
  | { kind: 'code'; language: string; lines: readonly string[]; numbered?: boolean; marks?: readonly number[]; fix?: string; label?: string }
  /** Lettered options (A, B, …); with `correct`, each marked right or wrong. */
  | { kind: 'options'; items: readonly string[]; correct?: readonly boolean[] }
  /** Numbered items (the steps of an order question). */
  | { kind: 'steps'; items: readonly string[] }
  /** A short line: an instruction on the front, "Answer: …" on the back (`code`: the value is code). */
  | { kind: 'line'; label?: string; text: string; code?: boolean }

/** A question as a flash card: the front in prompt form, the answer before the model answer. */
export interface Card {
  front: CardPart[]
  answer: CardPart[]
}

/** The properties a kind adds to the common ones. */
export type KindFields<Q> = Omit<Q, keyof QuestionBase | 'type'>

export interface Kind<Q extends QuestionBase & { type: string } = QuestionBase & { type: string }, A = unknown> {
  readonly type: Q['type']
  /** Front-matter fields this kind reads (beyond the common ones). */
  readonly fields: readonly string[]
  /** Properties of the parsed question the cache keeps out of its light part. */
  readonly lazy: readonly string[]
  /** Graded by django-drill (false: self-graded, as open). */
  readonly auto: boolean
  /** After an auto grade, the user confirms or changes the suggested rating. */
  readonly confirmRating: boolean
  /** How it is asked, in a few words (help and the README). */
  readonly asked: string
  /** Reads and checks this kind's fields; the properties to add (checked against Q), or undefined after reporting errors. */
  parse(input: ParseInput): KindFields<Q> | undefined
  /** Reason a field of another kind is ignored here, when the usual one does not say enough. */
  ignored?(field: string): string | undefined
  /** How to ask it; `random` shuffles. */
  ask(q: Q, random: () => number, view: View): Asked
  /** The prompt's answer as this kind's answer; undefined when it cannot be read (it is then wrong). */
  read(value: string | string[], asked: Asked): A | undefined
  /** Pure: how right the answer is. */
  grade(q: Q, answer: A): Grade
  /** What was right and wrong, shown after answering (terminal text). */
  feedback(q: Q, answer: A | undefined, grade: Grade, asked: Asked, view: View): string
  /** The question text as shown (bug: numbered code; cloze: visible blanks); default: the markdown. */
  prompt?(q: Q, view: View): string
  /** The solved form in `show`, after the question; empty for none. */
  solution(q: Q, view: View): string
  /**
   * A nudge for the mock interview's `/h` when the question has no key points
   * (the first key point is the hint otherwise): narrows the answer, never gives it.
   */
  hint?(q: Q): string | undefined
  /** The correct answer in one line (time-outs, wrong answers), or undefined. */
  answerText(q: Q): string | undefined
  /** The solved form on the cheat sheet. */
  solved?(q: Q): Solved | undefined
  /**
   * The question as a flash card (`export anki`); `random` is seeded by the
   * question, so a card looks the same in every export. Default: the prompt
   * as markdown on the front, `answerText` on the back.
   */
  card?(q: Q, random: () => number): Card
}

/** Partly right suggests Hard, fully right Good, wrong Again. */
export const ratingForScore = (score: number): Rating => (score >= 1 ? 3 : score <= 0 ? 1 : 2)
