// Runs the CLI and exits: the one place that turns every error into a message
// and an exit code (through errors.ts's `explain`). main.ts loads it.
import { EXIT, explain } from './errors.ts'
import { writeErr } from './runtime.ts'
import { isatty } from 'node:tty'
import { endOnHangup, hangUp } from './io/hangup.ts'

/** Flush stdout and stderr, then exit: a natural exit first tears the whole heap down, tens of ms after a large bank. */
const exitNow = (code: number): void => void process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))

export async function run(version: string, bundledBank: string): Promise<void> {
  // A closed pipe (`django-drill list | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok)
    // The terminal went away (window closed): end as a hangup does (src/io/hangup.ts).
    if (error.code === 'EIO') return hangUp()
    throw error
  })
  if (isatty(0)) endOnHangup(process.stdin)
  const exit = { code: EXIT.ok as number }
  if (process.argv[2] === '__complete') {
    // Shell completion: outside Commander (the words are not options of ours), and it never fails.
    const [{ completeWords }, { processRuntime }] = await Promise.all([import('./commands/completion.ts'), import('./runtime.ts')])
    await completeWords(process.argv.slice(3), processRuntime(bundledBank, false))
    return exitNow(EXIT.ok)
  }
  try {
    const { buildProgram } = await import('./cli.ts')
    // Commander's own errors repeat what was typed ("unknown command 'x'"): escaped like every other line on stderr.
    await buildProgram({ version, bundledBank, output: { writeErr } }, exit).parseAsync(process.argv)
  } catch (error) {
    const outcome = explain(error)
    if (outcome.message !== undefined) {
      const message = await fitTerminal(outcome.message, process.stderr)
      writeErr(outcome.exitCode === EXIT.cancelled ? `\n${message}` : message)
    }
    if (outcome.debug && process.env['DJANGO_DRILL_DEBUG']) writeErr(outcome.debug)
    exit.code = outcome.exitCode
  }
  exitNow(exit.code)
}

/** A message wrapped to the terminal it goes to (a long list of valid values breaks between values); unchanged when piped. */
async function fitTerminal(text: string, stream: NodeJS.WriteStream): Promise<string> {
  const columns = stream.isTTY ? stream.columns : undefined
  if (!columns || !text.split('\n').some((l) => l.length > columns)) return text
  const { wrap } = await import('./core/text.ts')
  return text
    .split('\n')
    .flatMap((l) => wrap(l, columns - 2).map((w, n) => (n === 0 ? w : `  ${w}`)))
    .join('\n')
}
