// The terminal going away (its window closed, an ssh connection dropped):
// stdin ends and every terminal call fails with EIO. Without this, the
// prompt's readline turns that into an unhandled `setRawMode EIO` and Node
// then aborts restoring the terminal at exit. Instead the process ends as a
// hangup does: SIGHUP's listeners run (answers kept in memory are saved, see
// exit-flush.ts; the screen is restored), then SIGHUP's default action ends
// it, which a shell reports as 129. A plain end of input (Ctrl+D on a
// terminal that is still there) is left to the prompt.

/**
 * Whether the terminal behind `stdin` is gone. A hung-up terminal fails every
 * terminal call with EIO, so isatty() (a tcgetattr) says no; after Ctrl+D on a
 * terminal that is still there it says yes.
 */
// node:tty only when stdin ends (it loads the socket modules; see stdio.ts).
const terminalGone = (stdin: NodeJS.ReadStream & { fd?: number }): boolean => !process.getBuiltinModule('node:tty').isatty(stdin.fd ?? 0)

/** Ends the process as SIGHUP would, after running SIGHUP's listeners once. */
export function hangUp(): void {
  for (const listener of process.listeners('SIGHUP')) {
    try {
      listener('SIGHUP')
    } catch {
      // nobody left to tell
    }
  }
  // With no listener left, the default action: the process ends at once (no exit handler touches the dead terminal).
  process.removeAllListeners('SIGHUP')
  process.kill(process.pid, 'SIGHUP')
}

/** Watches a terminal stdin for a hangup; nothing when stdin is not a terminal. Call before any prompt opens. */
export function endOnHangup(stdin: NodeJS.ReadStream = process.stdin): void {
  if (!stdin.isTTY) return
  // Listeners run in order: this one before the one each prompt's readline adds later.
  stdin.on('end', () => {
    if (terminalGone(stdin)) hangUp()
  })
  stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EIO') hangUp()
    else throw error
  })
}
