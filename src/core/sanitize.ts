// Control characters from a question must never reach a terminal raw: an ESC
// could move the cursor, recolour the screen or set the window title.
// C0 (except tab and newline), DEL and C1 are replaced by a visible marker.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

export const hasControlChars = (text: string): boolean => {
  CONTROL.lastIndex = 0
  return CONTROL.test(text)
}

/** Replaces each control character by its caret-free code, like `\x1b`. */
export const stripControl = (text: string): string =>
  text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
