// string-width, exactly, without its emoji regex when a string holds only
// one-column characters. Inquirer wraps every line it draws with wrap-ansi,
// which measures each word with string-width: the build (scripts/build.mjs)
// gives wrap-ansi this function instead, so a session's first screen (its ⏱,
// its ❯) never compiles string-width's emoji regex (~2 ms).
import stringWidth from 'string-width'
import { NARROW } from './text.ts'

/**
 * An SGR colour sequence as string-width's strip-ansi (ansi-regex 5) removes it:
 * parameters of 1 to 4 digits, the first not empty. Anything else (another escape,
 * a longer parameter) is left for string-width itself.
 */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[(?:\d{1,4}(?:;\d{0,4})*)?m/g

/** Columns `text` takes, the same number string-width gives for every string. */
export function fastStringWidth(text: string): number {
  if (typeof text !== 'string') return stringWidth(text)
  // NARROW holds no escape, CSI or BEL: what is left once the colour codes are gone is plain text.
  const bare = text.includes('\u001b') ? text.replace(SGR, '') : text
  return NARROW.test(bare) ? bare.length : stringWidth(text)
}
