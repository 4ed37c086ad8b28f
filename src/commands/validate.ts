import { join, relative } from 'node:path'
import { wrap } from '../core/text.ts'
import { escapeTerminal } from '../core/sanitize.ts'
import type { Problem } from '../core/types.ts'
import { loadBank } from '../io/bank.ts'
import { bankDirs, combine } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { plural, printJson, type BankOptions } from './common.ts'

export interface ValidateOptions extends BankOptions {
  json?: boolean
  /** Warnings fail the run too. */
  strict?: boolean
}

export interface ValidateReport {
  ok: boolean
  banks: { dir: string; id: string; questions: number }[]
  errors: number
  warnings: number
  problems: (Problem & { path: string })[]
}

/** Sort key: file, then line, so the report reads top to bottom. */
const byPlace = (a: Problem & { path: string }, b: Problem & { path: string }) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0)

export async function validate(dirs: string[], options: ValidateOptions, runtime: Runtime): Promise<number> {
  const targets = bankDirs(runtime, dirs.length > 0 ? dirs : options.bank)
  const showProgress = runtime.stderrIsTTY && !options.json
  const banks = targets.map((dir) =>
    loadBank(dir, {
      ...(showProgress && {
        onFile: (done: number, total: number) => {
          if (total >= 500 && (done % 250 === 0 || done === total)) {
            runtime.status(`\rChecking ${escapeTerminal(relative(runtime.cwd, dir) || '.')}: ${done}/${total} files${done === total ? '\x1b[K\r' : ''}`)
          }
        },
      }),
    }),
  )
  const library = combine(banks)
  const problems = library.problems
    .map((p) => ({ ...p, path: relative(runtime.cwd, join(p.dir, p.file)) || p.file }))
    .map(({ dir: _dir, ...rest }) => rest)
    .sort(byPlace)
  const errors = problems.filter((p) => p.severity === 'error').length
  const warnings = problems.length - errors
  const ok = errors === 0 && (!options.strict || warnings === 0)
  const report: ValidateReport = {
    ok,
    banks: banks.map((b) => ({ dir: b.dir, id: b.manifest.id, questions: b.questions.length })),
    errors,
    warnings,
    problems,
  }
  if (options.json) {
    printJson(runtime, report)
    return ok ? 0 : 1
  }
  const { style } = runtime
  for (const p of problems) {
    const where = p.line === undefined ? p.path : `${p.path}:${p.line}`
    const tag = p.severity === 'error' ? style.red('error') : style.yellow('warning')
    const line = `${style.bold(where)}  ${style.cyan(p.field)}  ${p.reason}  ${style.dim('(')}${tag}${style.dim(')')}`
    // On a terminal a long reason wraps under itself; piped, one problem stays one line (for grep).
    runtime.out(
      Number.isFinite(runtime.width)
        ? wrap(line, runtime.width - 2)
            .map((l, n) => (n === 0 ? l : `  ${l}`))
            .join('\n')
        : line,
    )
  }
  const checked = plural(library.questions.length, 'valid question')
  if (problems.length === 0) {
    runtime.out(wrap(style.green(`✔ No problems: ${checked} in ${plural(banks.length, 'bank')}.`), runtime.width).join('\n'))
  } else {
    const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
    runtime.out(wrap(`${ok ? style.yellow('!') : style.red('✘')} ${counts}; ${checked} in ${plural(banks.length, 'bank')}.`, runtime.width).join('\n'))
  }
  return ok ? 0 : 1
}
