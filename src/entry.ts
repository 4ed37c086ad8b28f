// Runs the CLI and exits: the one place that turns every error into a message
// and an exit code (through errors.ts's `explain`). main.ts loads it.
import { EXIT, explain } from './errors.ts'
import { writeErr } from './runtime.ts'
import { endOnHangup } from './io/hangup.ts'
import { flushStreams, isTerminal, stderrStream, stdoutStream, writeOut } from './io/stdio.ts'

/** Flush stdout and stderr, then exit: a natural exit first tears the whole heap down, tens of ms after a large bank. */
const exitNow = (code: number): void => flushStreams(() => process.exit(code))

export async function run(version: string, bundledBank: string): Promise<void> {
  // On a terminal, prompts write to process.stdout themselves: it gets its handlers for a closed
  // pipe and a terminal gone away now (io/stdio.ts). Anything else is written through io/stdio.ts.
  if (isTerminal(1)) stdoutStream()
  if (isTerminal(0)) endOnHangup(process.stdin)
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
    await buildProgram({ version, bundledBank, output: { writeOut, writeErr } }, exit).parseAsync(process.argv)
  } catch (error) {
    const outcome = explain(error)
    if (outcome.message !== undefined) {
      const message = await fitTerminal(outcome.message, 2)
      writeErr(outcome.exitCode === EXIT.cancelled ? `\n${message}` : message)
    }
    if (outcome.debug && process.env['DJANGO_DRILL_DEBUG']) writeErr(outcome.debug)
    exit.code = outcome.exitCode
  }
  exitNow(exit.code)
}

/** A message wrapped to the terminal it goes to (a long list of valid values breaks between values); unchanged when piped. */
async function fitTerminal(text: string, fd: 2): Promise<string> {
  const columns = isTerminal(fd) ? stderrStream().columns : undefined
  if (!columns || !text.split('\n').some((l) => l.length > columns)) return text
  const { wrap } = await import('./core/text.ts')
  return text
    .split('\n')
    .flatMap((l) => wrap(l, columns - 2).map((w, n) => (n === 0 ? w : `  ${w}`)))
    .join('\n')
}
