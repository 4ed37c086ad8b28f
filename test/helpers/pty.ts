import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { BIN, ROOT, SANDBOX_ENV } from './bin.ts'
import { renderScreen } from './screen.ts'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]|\r/g

/** Where `name` is on this process's PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const file = join(dir || '.', name)
    try {
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // not here
    }
  }
  return undefined
}

/**
 * Python's pty module as a stand-in for `script`: runs argv in a new
 * pseudo-terminal, copies keys in and screen output out, and exits with the
 * child's code (128 + signal when it was killed, as a shell reports it).
 */
const PYTHON_PTY = 'import os,pty,sys\nc=os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:]))\nsys.exit(c if c>=0 else 128-c)'

let realPython: string | undefined

/**
 * The interpreter behind `python3` (pyenv and asdf put a shell-script shim
 * on PATH, which a test's narrowed PATH could not run).
 */
function interpreter(python3: string): string {
  try {
    return execFileSync(python3, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 10_000 }).trim() || python3
  } catch {
    return python3
  }
}

export type PtyBackend = 'script' | 'python'

/**
 * Which program provides the pseudo-terminal: DRILL_PTY=script or
 * DRILL_PTY=python forces one; otherwise util-linux `script` when it is on
 * PATH, else python3's pty module. Both are resolved on this process's PATH
 * (a test may give the CLI a narrower one).
 */
export function ptyBackend(): { backend: PtyBackend; program: string } {
  const forced = process.env['DRILL_PTY']
  if (forced !== undefined && forced !== '' && forced !== 'script' && forced !== 'python') throw new Error(`DRILL_PTY must be "script" or "python", not ${JSON.stringify(forced)}`)
  const script = forced === 'python' ? undefined : onPath('script')
  if (script) return { backend: 'script', program: script }
  if (forced === 'script') throw new Error('DRILL_PTY=script but `script` (util-linux) is not on PATH')
  const python = onPath('python3')
  if (python) return { backend: 'python', program: (realPython ??= interpreter(python)) }
  throw new Error('a pseudo-terminal test needs util-linux `script` or python3 on PATH')
}

/**
 * The built CLI in a real pseudo-terminal, driven by writing keys to it and
 * waiting for text on its screen output. The terminal comes from util-linux
 * `script -qfec CMD /dev/null`, or, where `script` is missing (macOS, BusyBox)
 * or DRILL_PTY=python is set, from `python3 -c <pty.spawn>` running the same
 * `sh -c 'stty cols C rows R; exec node ...'`; see ptyBackend(). Either way the
 * CLI gets a new session with the pseudo-terminal as its controlling terminal,
 * so Ctrl+C written as \u0003 becomes SIGINT, and the exit code is the CLI's.
 */
export class Pty {
  raw = ''
  readonly child: ChildProcess
  readonly exited: Promise<number>

  readonly cols: number
  readonly rows: number
  /** Which program gave the terminal (see ptyBackend). */
  readonly backend: PtyBackend

  constructor(args: string[], env: Record<string, string>, size: { cols?: number; rows?: number } = {}) {
    this.cols = size.cols ?? 100
    this.rows = size.rows ?? 40
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...SANDBOX_ENV, TERM: 'xterm-256color', ...env }
    delete fullEnv['NO_COLOR']
    delete fullEnv['CI']
    const command = `stty cols ${this.cols} rows ${this.rows}; exec ${quoted}`
    const { backend, program } = ptyBackend()
    this.backend = backend
    const argv = backend === 'script' ? ['-qfec', command, '/dev/null'] : ['-c', PYTHON_PTY, 'sh', '-c', command]
    this.child = spawn(program, argv, { cwd: ROOT, env: fullEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')))
    this.child.stderr!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')))
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))))
  }

  /** Screen output so far, without escape sequences. */
  get text(): string {
    return this.raw.replace(ANSI, '')
  }

  /** What the terminal shows now, line by line (a small emulator replays the output). */
  screen(): string[] {
    return renderScreen(this.raw.replace(/\r?\n/g, '\r\n').replace(/\r\r/g, '\r'), this.cols, this.rows)
  }

  /** Rows the terminal had to break because a line written was wider than it (so far). */
  overflowing(): string[] {
    const seen = { wrapped: [] as string[] }
    renderScreen(this.raw.replace(/\r?\n/g, '\r\n').replace(/\r\r/g, '\r'), this.cols, this.rows, seen)
    return seen.wrapped
  }

  /** Waits until the screen (not just the output) shows `pattern`, and returns it. */
  async waitForScreen(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = this.screen().join('\n')
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) {
        await new Promise((r) => setTimeout(r, 150)) // let the prompt finish drawing
        return this.screen().join('\n')
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)} on screen; it shows:\n${screen}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  write(keys: string): void {
    this.child.stdin!.write(keys)
  }

  /** Waits until `pattern` appears in the output after `from` characters. */
  async waitFor(pattern: string | RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<number> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000)
    for (;;) {
      const text = this.text.slice(options.from ?? 0)
      const index = typeof pattern === 'string' ? text.indexOf(pattern) : text.search(pattern)
      if (index >= 0) return (options.from ?? 0) + index
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; screen so far:\n${this.text.slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    try {
      process.kill(-this.child.pid!, signal)
    } catch {
      // already gone
    }
  }
}
