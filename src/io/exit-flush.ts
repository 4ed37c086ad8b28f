// While answers wait in memory (their write failed: a full disk, a busy
// lock), whatever ends the process first tries once more to save them:
// "retried at exit" holds for SIGTERM, SIGHUP, a SIGINT from outside, an
// exit on an error (a closed terminal makes the prompt's stream fail) as much
// as for a normal end. Nothing is installed while nothing waits, so a busy
// main thread never delays a signal for nothing.
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const

export interface ExitFlush {
  /** Answers wait in memory: a signal tries to save them first. */
  arm(): void
  /** Nothing waits any more. */
  disarm(): void
}

export function flushOnSignal(flush: () => void, notice: (message: string) => void): ExitFlush {
  let armed = false
  const onSignal = (signal: NodeJS.Signals) => {
    disarm()
    try {
      flush()
    } catch (error) {
      notice((error as Error).message)
    }
    // Other listeners (a session restoring the screen, a prompt) go on to end
    // the process; with none left, the signal does what it would have done.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  // Any other exit: the failure was reported already (or there is no one left to tell).
  const onExit = () => {
    disarm()
    try {
      flush()
    } catch {
      // still failing: said before
    }
  }
  const disarm = () => {
    if (!armed) return
    armed = false
    for (const s of SIGNALS) process.off(s, onSignal)
    process.off('exit', onExit)
  }
  return {
    arm() {
      if (armed) return
      armed = true
      // First, before a listener that exits at once (a prompt closing on SIGINT).
      for (const s of SIGNALS) process.prependListener(s, onSignal)
      process.on('exit', onExit)
    },
    disarm,
  }
}
