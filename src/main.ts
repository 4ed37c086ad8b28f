// The only place that exits: runs the CLI and maps errors to exit codes.
import { fileURLToPath } from 'node:url'
import { CommanderError } from 'commander'
import { buildProgram } from './cli.ts'

declare const __VERSION__: string | undefined

const bundledBank = fileURLToPath(new URL('../questions/', import.meta.url))
const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'

// A closed pipe (`django-drill list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const program = buildProgram({ version, bundledBank })

/** Wraps a message to the terminal on stderr (a long list of valid values breaks between values, not inside one). */
let fitStderr = (text: string): string => text

try {
  await program.parseAsync(process.argv)
} catch (error) {
  const columns = process.stderr.isTTY ? process.stderr.columns : undefined
  if (columns && (error as Error | null)?.message?.split('\n').some((l) => l.length > columns)) {
    const { wrap } = await import('./core/text.ts')
    fitStderr = (text) => text.split('\n').flatMap((l) => wrap(l, columns - 2).map((w, n) => (n === 0 ? w : `  ${w}`))).join('\n')
  }
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
    process.stderr.write(`\n${message}\n`)
    return 130
  }
  const exitCode = (error as { exitCode?: unknown } | null)?.exitCode
  if (typeof exitCode === 'number' && error instanceof Error) {
    process.stderr.write(`${fitStderr(error.message)}\n`)
    return exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`Internal error: ${message}\nThis is a bug in django-drill; please report it with the command you ran.\n`)
  if (process.env['DJANGO_DRILL_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`)
  return 70
}
