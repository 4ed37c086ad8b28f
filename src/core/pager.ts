// Whether long output goes through a pager, decided from the outside world
// as data (as gh and git do). Pure: the io layer runs what this chooses.

export interface PagerInput {
  env: NodeJS.ProcessEnv
  /** Whether stdout is a terminal. */
  stdoutIsTTY: boolean
  /** Rows of the terminal; undefined when unknown. */
  rows: number | undefined
  /** Lines the output takes. */
  height: number
  /** --no-pager */
  disabled?: boolean
  /** Whether `less` is on the PATH. */
  lessExists: boolean
}

/** The pager command line to run, or undefined to print straight to stdout. */
export function choosePager(input: PagerInput): string | undefined {
  if (input.disabled || !input.stdoutIsTTY) return undefined
  // Output that fits the screen is printed: a pager would only clear it away.
  if (input.rows !== undefined && input.rows > 0 && input.height < input.rows) return undefined
  for (const name of ['DJANGO_DRILL_PAGER', 'PAGER']) {
    const value = input.env[name]
    if (value === undefined) continue
    const command = value.trim()
    // An empty value or `cat` asks for no pager.
    if (command === '' || command === 'cat') return undefined
    return command
  }
  if (input.env['TERM'] === 'dumb') return undefined
  return input.lessExists ? 'less -FRX' : undefined
}

/** Splits a pager command line into program and arguments: spaces separate, single or double quotes group. */
export function splitCommand(command: string): string[] {
  const out: string[] = []
  let current = ''
  let quote: string | undefined
  let any = false
  for (const c of command) {
    if (quote) {
      if (c === quote) quote = undefined
      else current += c
    } else if (c === '"' || c === "'") {
      quote = c
      any = true
    } else if (c === ' ' || c === '\t') {
      if (current !== '' || any) out.push(current)
      current = ''
      any = false
    } else current += c
  }
  if (current !== '' || any) out.push(current)
  return out
}
