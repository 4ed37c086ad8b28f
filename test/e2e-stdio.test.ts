// Output that does not go to a terminal is written to the descriptor itself
// (src/io/stdio.ts), not through process.stdout: these are the cases where a
// descriptor behaves unlike a plain blocking pipe, and every byte must still
// arrive, in order, with the documented exit code.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, drill, ROOT, SANDBOX_ENV } from './helpers/bin.ts'

const env = { ...process.env, ...SANDBOX_ENV, NO_COLOR: '1' }
const hasPython = spawnSync('python3', ['-c', 'import os, fcntl'], { stdio: 'ignore' }).status === 0

describe('output into pipes and files', () => {
  const whole = drill(['list', '--json'])

  it('the bundled list is larger than a pipe holds (so the cases below fill one)', () => {
    expect(whole.status).toBe(0)
    expect(Buffer.byteLength(whole.stdout)).toBeGreaterThan(128 * 1024)
    expect(() => JSON.parse(whole.stdout)).not.toThrow()
  })

  it('a reader that stops early (| head) ends the command quietly, with exit 0', () => {
    const err = join(mkdtempSync(join(tmpdir(), 'drill-stdio-')), 'err')
    const r = spawnSync('bash', ['-c', `node '${BIN}' list --json 2>'${err}' | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8', cwd: ROOT, env })
    expect(r.stdout.trim()).toBe('0')
    expect(readFileSync(err, 'utf8')).toBe('')
  })

  it('into a file: the same bytes as into a pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drill-stdio-'))
    const out = join(dir, 'out.json')
    const r = spawnSync('bash', ['-c', `node '${BIN}' list --json >'${out}'`], { cwd: ROOT, env })
    expect(r.status).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(whole.stdout)
  })

  // A pipe whose writing end is non-blocking (another process set O_NONBLOCK on it) takes part
  // of a write once nearly full, and refuses a write once full (EAGAIN): the rest must go out
  // through Node's stream, which waits. `before` bytes are in the pipe before the command starts.
  const throughFullPipe = (before: number) => {
    const script = [
      'import os, fcntl, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'before = int(sys.argv[3])',
      'put = 0',
      'while put < before:',
      '    try: put += os.write(w, b"x" * min(4096, before - put))',
      '    except BlockingIOError: break',
      'p = subprocess.Popen([sys.argv[1], sys.argv[2], "list", "--json"], stdout=w, stderr=subprocess.PIPE)',
      'os.close(w)',
      'time.sleep(0.5)',
      'data = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk: break',
      '    data += chunk',
      'err = p.stderr.read()',
      'code = p.wait()',
      'sys.stdout.buffer.write(data[put:])',
      'sys.stderr.write("exit %d %s" % (code, err.decode()))',
    ].join('\n')
    return spawnSync('python3', ['-c', script, process.execPath, BIN, String(before)], { encoding: 'utf8', cwd: ROOT, env, maxBuffer: 1 << 26, timeout: 30_000 })
  }

  it.skipIf(!hasPython)('into a non-blocking pipe that fills up: every byte arrives, in order', () => {
    const r = throughFullPipe(0)
    expect(r.stderr).toBe('exit 0 ')
    expect(r.stdout).toBe(whole.stdout)
  })

  it.skipIf(!hasPython)('into a non-blocking pipe already full: every byte arrives, in order', () => {
    const r = throughFullPipe(1 << 20)
    expect(r.stderr).toBe('exit 0 ')
    expect(r.stdout).toBe(whole.stdout)
  })

  it('an error still reaches stderr, with its exit code, when nothing is a terminal', () => {
    const r = drill(['show', 'no-such-question'])
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/no-such-question/)
  })

  it('--version into a pipe and into /dev/null', () => {
    expect(drill(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
    const r = spawnSync(process.execPath, [BIN, '--version'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
  })
})
