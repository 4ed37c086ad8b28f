// The error types of django-drill and the one place that turns any error into
// what the user reads and the exit code (main.ts calls `explain`).

/** A failure the command reports (a filter that matches nothing, an unknown id): exit 1. */
export class DrillError extends Error {
  override name = 'DrillError'
  readonly exitCode: number = EXIT.failure
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
  }
}

/** Wrong usage: a bad option value, an unknown topic, an interactive command without a terminal. Exit 2. */
export class UsageError extends DrillError {
  override name = 'UsageError'
  override readonly exitCode: number = EXIT.usage
}

/** The user pressed Ctrl+C: the command ends quietly with exit 130. */
export class CancelledError extends DrillError {
  override name = 'CancelledError'
  override readonly exitCode: number = EXIT.cancelled
  constructor(message = 'Cancelled.') {
    super(message)
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70, cancelled: 130 } as const

/** What to print (nothing when Commander already printed it) and the exit code. */
export interface Outcome {
  message?: string
  exitCode: number
  /** The stack, shown only with DJANGO_DRILL_DEBUG. */
  debug?: string
}

/** Commander's codes for output it printed itself and that is not a failure. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help'])

/** `$EDITOR` could not be started or failed: a one-line reason, and the session goes back to the typed prompt. */
export class EditorError extends Error {
  override name = 'EditorError'
}

/**
 * Inquirer rejects with ExitPromptError on Ctrl+C, Ctrl+D or a closed stdin,
 * and with AbortPromptError when a prompt's signal fires (a timer ran out).
 * Two copies of @inquirer/core break `instanceof`, so these are the one place
 * that recognises them, by name.
 */
export const isPromptExit = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'ExitPromptError'
export const isPromptAbort = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'AbortPromptError'

const isCommanderError = (error: unknown): error is Error & { code: string } => {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && code.startsWith('commander.')
}

/** What a file-system error means to a user, by its code. */
const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'something is already there',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'the file is busy',
}

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'replace',
  unlink: 'delete',
  rmdir: 'remove the folder',
  scandir: 'list the folder',
  stat: 'look at',
  lstat: 'look at',
  copyfile: 'copy',
  fsync: 'write',
}

/** A file-system error a user can cause (a path that is a file, a full disk): one line naming the path. */
function fsMessage(error: NodeJS.ErrnoException): string | undefined {
  const reason = error.code === 'EEXIST' && error.syscall === 'mkdir' ? 'a file is in the way where a folder is needed' : error.code ? FS_REASONS[error.code] : undefined
  if (!reason) return undefined
  const verb = (error.syscall && VERBS[error.syscall]) ?? 'use'
  const where = error.path ? ` ${error.path}` : ''
  return `Cannot ${verb}${where}: ${reason}. Check the path and its permissions (DJANGO_DRILL_HOME and DJANGO_DRILL_CACHE choose where django-drill writes).`
}

/** Maps any error to what the user sees and the exit code. */
export function explain(error: unknown): Outcome {
  if (isCommanderError(error)) return { exitCode: COMMANDER_OK.has(error.code) ? EXIT.ok : EXIT.usage }
  if (isPromptExit(error)) return { message: 'Cancelled.', exitCode: EXIT.cancelled }
  if (error instanceof DrillError) return { message: error.message, exitCode: error.exitCode }
  const fs = error instanceof Error ? fsMessage(error) : undefined
  if (fs) return { message: fs, exitCode: EXIT.failure, ...debugOf(error) }
  const message = error instanceof Error ? error.message : String(error)
  return {
    message: `Internal error: ${message}\nThis is a bug in django-drill; please report it with the command you ran.`,
    exitCode: EXIT.internal,
    ...debugOf(error),
  }
}

const debugOf = (error: unknown): { debug?: string } => (error instanceof Error && error.stack ? { debug: error.stack } : {})
