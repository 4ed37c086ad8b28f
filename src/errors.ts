/** An error meant for the user: its message is printed as is, then the process exits with `exitCode`. */
export class DrillError extends Error {
  override name = 'DrillError'
  readonly exitCode: number
  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.exitCode = options.exitCode ?? 1
  }
}

/** Wrong usage: a bad option value, an unknown topic. Exit code 2. */
export class UsageError extends DrillError {
  override name = 'UsageError'
  constructor(message: string) {
    super(message, { exitCode: 2 })
  }
}

/** The user pressed Ctrl+C: the session ends quietly with exit code 130. */
export class CancelledError extends DrillError {
  override name = 'CancelledError'
  constructor(message = 'Cancelled.') {
    super(message, { exitCode: 130 })
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const
