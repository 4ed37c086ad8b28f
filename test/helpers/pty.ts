import { spawn, type ChildProcess } from 'node:child_process'
import { BIN, ROOT, SANDBOX_ENV } from './bin.ts'
import { renderScreen } from './screen.ts'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]|\r/g

/**
 * The built CLI in a real pseudo-terminal (util-linux `script`), driven by
 * writing keys to it and waiting for text on its screen output.
 */
export class Pty {
  raw = ''
  readonly child: ChildProcess
  readonly exited: Promise<number>

  readonly cols: number
  readonly rows: number

  constructor(args: string[], env: Record<string, string>, size: { cols?: number; rows?: number } = {}) {
    this.cols = size.cols ?? 100
    this.rows = size.rows ?? 40
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...SANDBOX_ENV, TERM: 'xterm-256color', ...env }
    delete fullEnv['NO_COLOR']
    delete fullEnv['CI']
    this.child = spawn('script', ['-qfec', `stty cols ${this.cols} rows ${this.rows}; exec ${quoted}`, '/dev/null'], { cwd: ROOT, env: fullEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
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
