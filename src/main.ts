// The only place that exits: runs the CLI, and turns every error into a message
// and an exit code through errors.ts's `explain`.
import { fileURLToPath } from 'node:url'
import { EXIT, explain } from './errors.ts'
import { writeErr } from './runtime.ts'

declare const __VERSION__: string | undefined

const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'
const argv = process.argv.slice(2)

/** Flush stdout and stderr, then exit: a natural exit first tears the whole heap down, tens of ms after a large bank. */
const exitNow = (code: number): void => void process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v')) {
  // Answered before anything else is loaded.
  process.stdout.write(`${version}\n`)
  exitNow(EXIT.ok)
} else {
  // A closed pipe (`django-drill list | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok)
    throw error
  })
  const exit = { code: EXIT.ok as number }
  try {
    const { buildProgram } = await import('./cli.ts')
    const bundledBank = fileURLToPath(new URL('../questions/', import.meta.url))
    await buildProgram({ version, bundledBank }, exit).parseAsync(process.argv)
  } catch (error) {
    const outcome = explain(error)
    if (outcome.message !== undefined) writeErr(outcome.exitCode === EXIT.cancelled ? `\n${outcome.message}` : outcome.message)
    if (outcome.debug && process.env['DJANGO_DRILL_DEBUG']) writeErr(outcome.debug)
    exit.code = outcome.exitCode
  }
  exitNow(exit.code)
}
