// The standard streams, opened only when something needs them. Node builds
// process.stdout, process.stderr and process.stdin on first use, and building
// one loads Node's stream and socket modules: 1 to 3 ms of every start, for a
// command that prints a list into a pipe or a file. Output that does not go
// to a terminal is written to its descriptor directly, and the tty module
// loads only when a descriptor is a terminal (or might be one).
import { fstatSync, statSync, writeSync } from 'node:fs'
import { hangUp } from './hangup.ts'

type Fd = 0 | 1 | 2

let tty: typeof import('node:tty') | undefined
/** node:tty, loaded on first use (it loads the socket modules). */
const ttyModule = (): typeof import('node:tty') => (tty ??= process.getBuiltinModule('node:tty'))

let nullDevice: number | null | undefined
const terminals = new Map<Fd, boolean>()

/**
 * Whether the descriptor is a terminal. Only a character device can be one; /dev/null is the
 * common character device that is not (output thrown away, input empty), told apart without
 * loading node:tty.
 */
export function isTerminal(fd: Fd): boolean {
  let known = terminals.get(fd)
  if (known === undefined) terminals.set(fd, (known = checkTerminal(fd)))
  return known
}

function checkTerminal(fd: Fd): boolean {
  let rdev: number
  try {
    const stats = fstatSync(fd)
    if (!stats.isCharacterDevice()) return false
    rdev = stats.rdev
  } catch {
    return false
  }
  if (nullDevice === undefined) {
    try {
      nullDevice = statSync('/dev/null').rdev
    } catch {
      nullDevice = null
    }
  }
  return rdev !== nullDevice && ttyModule().isatty(fd)
}

let stdout: NodeJS.WriteStream | undefined
let stderr: NodeJS.WriteStream | undefined

/**
 * process.stdout, created now if it was not, with the handler every use of it needs: a closed
 * pipe (`django-drill list | head`) ends the command quietly, a terminal gone away ends it as a
 * hangup does (src/io/hangup.ts).
 */
export function stdoutStream(): NodeJS.WriteStream {
  if (stdout === undefined) {
    stdout = process.stdout
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return closedPipe()
      if (error.code === 'EIO') return hangUp()
      throw error
    })
  }
  return stdout
}

export const stderrStream = (): NodeJS.WriteStream => (stderr ??= process.stderr)

const closedPipe = (): never => process.exit(process.exitCode ?? 0)

/** Writes to stdout: straight to the descriptor unless it is a terminal (or a stream was already made). */
export function writeOut(text: string): void {
  if (stdout === undefined && !isTerminal(1)) {
    const rest = writeDirect(1, text)
    if (rest !== undefined) stdoutStream().write(rest)
  } else stdoutStream().write(text)
}

/** Writes to stderr, the same way. */
export function writeErrText(text: string): void {
  if (stderr === undefined && !isTerminal(2)) {
    const rest = writeDirect(2, text)
    if (rest !== undefined) stderrStream().write(rest)
  } else stderrStream().write(text)
}

/**
 * Writes all of `text` to `fd`, or returns what is left for the stream to write: after a
 * descriptor that would block (a non-blocking pipe that is full) or an unexpected error, which
 * the stream then reports through its handler. Once a stream has taken over, it writes the rest
 * of the output too, so the order holds.
 */
function writeDirect(fd: 1 | 2, text: string): string | Buffer | undefined {
  let written: number
  try {
    written = writeSync(fd, text)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EPIPE') closedPipe()
    if (code === 'EIO') hangUp()
    return text
  }
  if (written >= Buffer.byteLength(text)) return undefined
  // A short write: the rest, byte for byte (it may start inside a character), goes through the stream.
  return Buffer.from(text).subarray(written)
}

/** Calls `done` once what the streams made so far hold is handed to the system (only they can hold any). */
export function flushStreams(done: () => void): void {
  const outFlushed = (): void => {
    if (stderr) stderr.write('', done)
    else done()
  }
  if (stdout) stdout.write('', outFlushed)
  else outFlushed()
}
