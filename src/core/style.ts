import { Chalk, type ChalkInstance } from 'chalk'

export type Style = ChalkInstance

/** A style with colour (level 1+) or without (level 0: plain text). */
export const makeStyle = (level: 0 | 1 | 2 | 3): Style => new Chalk({ level })

/** Visible width of a string: ANSI escapes do not count. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g
export const visibleLength = (text: string): number => text.replace(ANSI, '').length
export const stripAnsi = (text: string): string => text.replace(ANSI, '')

/** Cuts plain text to `width` characters, ending with an ellipsis when cut. */
export const truncate = (text: string, width: number): string =>
  width <= 0 ? '' : text.length <= width ? text : width === 1 ? '…' : `${text.slice(0, width - 1)}…`

export const padEnd = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - visibleLength(text)))
