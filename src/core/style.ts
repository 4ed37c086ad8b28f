import { Chalk, type ChalkInstance } from 'chalk'
import { displayWidth, padEnd, stripAnsi, truncate } from './text.ts'

export type Style = ChalkInstance

/** chalk's style names (its modifierNames, foregroundColorNames and backgroundColorNames; test/style.test.ts checks). */
export const STYLE_NAMES = [
  ...['reset', 'bold', 'dim', 'italic', 'underline', 'overline', 'inverse', 'hidden', 'strikethrough'],
  ...['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'blackBright', 'gray', 'grey'],
  ...['redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright'],
  ...['bgBlack', 'bgRed', 'bgGreen', 'bgYellow', 'bgBlue', 'bgMagenta', 'bgCyan', 'bgWhite', 'bgBlackBright', 'bgGray', 'bgGrey'],
  ...['bgRedBright', 'bgGreenBright', 'bgYellowBright', 'bgBlueBright', 'bgMagentaBright', 'bgCyanBright', 'bgWhiteBright'],
] as const
const MODELS = ['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256'] as const

/**
 * What `new Chalk({ level: 0 })` is, without chalk: every style leaves the text as it is (and
 * `visible` hides it). Output without colour (piped, NO_COLOR) never loads chalk, whose module
 * builds every style as it loads (the build loads it on first use, scripts/build.mjs).
 */
function plainStyle(): Style {
  // chalk's own calls: the instance joins its arguments, a style coerces a single one.
  const styled = (hidden: boolean): Style => {
    const builder = ((...texts: unknown[]) => (hidden ? '' : texts.length === 1 ? `${texts[0] as string}` : texts.join(' '))) as unknown as Style
    return withStyles(builder, hidden)
  }
  const withStyles = (target: Style, hidden: boolean): Style => {
    const cache = new Map<string, Style>()
    const get = (name: string, make: () => Style) => () => cache.get(name) ?? cache.set(name, make()).get(name)
    const properties: PropertyDescriptorMap = { level: { get: () => 0 }, visible: { get: get('visible', () => styled(true)) } }
    for (const name of STYLE_NAMES) properties[name] = { get: get(name, () => styled(hidden)) }
    for (const name of MODELS) properties[name] = { value: () => styled(hidden) }
    return Object.defineProperties(target, properties)
  }
  return withStyles(((...texts: unknown[]) => texts.join(' ')) as unknown as Style, false)
}

let plain: Style | undefined

/** A style with colour (level 1+) or without (level 0: plain text). */
export const makeStyle = (level: 0 | 1 | 2 | 3): Style => (level === 0 ? (plain ??= plainStyle()) : new Chalk({ level }))

/** Visible width of a string in terminal columns: ANSI escapes do not count, CJK and emoji count 2. */
export const visibleLength = displayWidth
export { padEnd, stripAnsi, truncate }
