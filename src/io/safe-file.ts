// Reading a file that may be hostile: only a regular file, never more than a
// limit, through one file descriptor (the type and size are checked on the
// descriptor that is then read, so nothing can be swapped in between).
// A FIFO is opened non-blocking, so even opening one never waits.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs'

export class UnsafeFileError extends Error {
  override name = 'UnsafeFileError'
  /** ENOTREG (not a regular file), E2BIG (over the limit), ECHANGED (changed while read) or an errno code. */
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

const kind = (s: Stats): string =>
  s.isDirectory()
    ? 'a folder'
    : s.isFIFO()
      ? 'a FIFO (named pipe)'
      : s.isCharacterDevice()
        ? 'a character device'
        : s.isBlockDevice()
          ? 'a block device'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file'

const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`

/** A one-line reason for a failed read, for "<file> <reason>". */
export function unreadableReason(error: unknown): string {
  if (error instanceof UnsafeFileError) return error.message
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'does not exist'
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read: permission denied (${code})`
  if (code === 'EISDIR') return 'is a folder, not a file'
  if (code === 'ELOOP') return 'is a symbolic link loop'
  return `cannot be read (${code ?? (error as Error).message})`
}

/**
 * The bytes of the regular file at `path`, at most `limit` of them. Throws
 * UnsafeFileError for anything that is not a regular file within the limit,
 * and the errno error of the open (ENOENT, EACCES, ...) otherwise.
 * A file that changes while it is read is read again once, then refused.
 */
export function readRegularFile(path: string | number, limit: number): Buffer {
  return readStamped(path, limit).bytes
}

/** readRegularFile's bytes with the size and modification time of the file they were read from (from its descriptor). */
export function readStamped(path: string | number, limit: number): { bytes: Buffer; size: number; mtimeMs: number } {
  const fd = typeof path === 'number' ? path : openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
  try {
    for (let attempt = 0; ; attempt++) {
      const before = fstatSync(fd)
      if (!before.isFile()) throw new UnsafeFileError('ENOTREG', `is ${kind(before)}; only regular files are read`)
      if (before.size > limit) throw new UnsafeFileError('E2BIG', `is ${kib(before.size)}; files over ${kib(limit)} are refused`)
      // Read up to limit + 1 bytes: a file growing past the size fstat gave is noticed.
      const buffer = Buffer.allocUnsafe(Math.min(limit, before.size) + 1)
      let length = 0
      while (length < buffer.length) {
        const wanted = buffer.length - length
        const n = readSync(fd, buffer, length, wanted, length)
        length += n
        // A regular file gives fewer bytes than asked for only at its end: no second read to find it.
        if (n < wanted) break
      }
      if (length > limit) throw new UnsafeFileError('E2BIG', `is over ${kib(limit)}; larger files are refused`)
      const after = fstatSync(fd)
      if (after.size === length && after.mtimeMs === before.mtimeMs && after.size === before.size)
        return { bytes: buffer.subarray(0, length), size: length, mtimeMs: after.mtimeMs }
      if (attempt >= 1) throw new UnsafeFileError('ECHANGED', 'changed while it was being read; try again once nothing is writing it')
    }
  } finally {
    if (typeof path !== 'number') closeSync(fd)
  }
}

/** The type and size of `path` through a non-blocking open (no read): for files that something else reads. */
export function checkRegularFile(path: string, limit: number): Stats | undefined {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const s = fstatSync(fd)
    if (!s.isFile()) throw new UnsafeFileError('ENOTREG', `is ${kind(s)}; only regular files are read`)
    if (s.size > limit) throw new UnsafeFileError('E2BIG', `is ${kib(s.size)}; files over ${kib(limit)} are refused`)
    return s
  } finally {
    closeSync(fd)
  }
}
