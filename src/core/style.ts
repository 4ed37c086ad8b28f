import { Chalk, type ChalkInstance } from 'chalk'
import { displayWidth, padEnd, stripAnsi, truncate } from './text.ts'

export type Style = ChalkInstance

/** A style with colour (level 1+) or without (level 0: plain text). */
export const makeStyle = (level: 0 | 1 | 2 | 3): Style => new Chalk({ level })

/** Visible width of a string in terminal columns: ANSI escapes do not count, CJK and emoji count 2. */
export const visibleLength = displayWidth
export { padEnd, stripAnsi, truncate }
