// Whether the terminal can redraw a prompt in place, decided from the
// environment as data. Pure: the session picks its prompts from the answer.

/**
 * True when the session must print plain lines: TERM=dumb says the terminal cannot
 * move the cursor, and so does no TERM at all on a Unix terminal (Windows consoles
 * leave TERM unset and can).
 */
export function plainTerminal(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  const term = (env['TERM'] ?? '').trim().toLowerCase()
  if (term === 'dumb') return true
  return term === '' && platform !== 'win32'
}
