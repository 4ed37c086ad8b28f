// The only place that exits: runs the CLI and maps errors to exit codes.
import { fileURLToPath } from 'node:url'
import { CommanderError } from 'commander'
import { buildProgram } from './cli.ts'
import { escapeTerminal } from './core/sanitize.ts'

declare const __VERSION__: string | undefined

const bundledBank = fileURLToPath(new URL('../questions/', import.meta.url))
const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'

// A closed pipe (`django-drill list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const program = buildProgram({ version, bundledBank })

try {
  await program.parseAsync(process.argv)
} catch (error) {
  process.exitCode = exitCodeFor(error)
}
// Exit once stdout and stderr are flushed: a natural exit first tears the
// whole heap down, which takes tens of milliseconds after a large bank.
process.stdout.write('', () => process.stderr.write('', () => process.exit()))

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version or the usage error.
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return 0
    return 2
  }
  const name = (error as { name?: string } | null)?.name
  if (name === 'ExitPromptError' || name === 'CancelledError') {
    const message = name === 'CancelledError' ? (error as Error).message : 'Cancelled.'
    process.stderr.write(`\n${escapeTerminal(message)}\n`)
    return 130
  }
  const exitCode = (error as { exitCode?: unknown } | null)?.exitCode
  if (typeof exitCode === 'number' && error instanceof Error) {
    process.stderr.write(`${escapeTerminal(error.message, { keepColour: true })}\n`)
    return exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`Internal error: ${escapeTerminal(message)}\nThis is a bug in django-drill; please report it with the command you ran.\n`)
  if (process.env['DJANGO_DRILL_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`)
  return 70
}
