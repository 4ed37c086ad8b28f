import { spawn, type ChildProcess } from 'node:child_process'
import { BIN, ROOT, SANDBOX_ENV } from './bin.ts'

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

  constructor(args: string[], env: Record<string, string>, size: { cols?: number; rows?: number } = {}) {
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
    const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...SANDBOX_ENV, TERM: 'xterm-256color', ...env }
    delete fullEnv['NO_COLOR']
    delete fullEnv['CI']
    this.child = spawn('script', ['-qfec', `stty cols ${size.cols ?? 100} rows ${size.rows ?? 40}; exec ${quoted}`, '/dev/null'], { cwd: ROOT, env: fullEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')))
    this.child.stderr!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')))
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1))))
  }

  /** Screen output so far, without escape sequences. */
  get text(): string {
    return this.raw.replace(ANSI, '')
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
