import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/django-drill.cjs', import.meta.url))
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Progress and the bank cache of every spawned CLI go to a folder of this
 * test process, never to the real home (a test may still name its own).
 */
const sandbox = mkdtempSync(join(tmpdir(), 'drill-home-'))
export const SANDBOX_ENV = { DJANGO_DRILL_HOME: join(sandbox, 'progress'), DJANGO_DRILL_CACHE: join(sandbox, 'cache') }

/** Runs the built CLI as a user would, without a terminal, colours off unless asked. */
export function drill(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {}): SpawnSyncReturns<string> & { status: number } {
  const env: Record<string, string | undefined> = { ...process.env, ...SANDBOX_ENV, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? ROOT,
    env: env,
    input: options.input ?? '',
    timeout: 15_000,
  })
  return { ...result, status: result.status ?? -1 }
}
