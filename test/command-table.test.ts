// The command table drives the program, its help and the README: each example
// must parse to its own command, and the README's reference must be current.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleFor, bundleMap, HELP_BUNDLE, HOME_BUNDLE, modulesOf } from '../src/bundles.ts'
import { buildProgram, exampleLines } from '../src/cli.ts'
import { withReference } from '../src/command-reference.ts'
import { COMMANDS, GLOBAL_OPTIONS, PROGRAM, commandNames, type CommandSpec } from '../src/command-table.ts'
import { loadBank } from '../src/io/bank.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const bundled = loadBank(fileURLToPath(new URL('../questions/', import.meta.url)))
const ids = new Set(bundled.questions.map((q) => q.id))

/** The words of an example's last command in a pipeline, without environment assignments, the program name and redirections. */
function words(line: string): string[] {
  const tokens = [
    ...line
      .split(' | ')
      .at(-1)!
      .matchAll(/"([^"]*)"|(\S+)/g),
  ].map((m) => m[1] ?? m[2]!)
  const stop = tokens.indexOf('>')
  const kept = stop < 0 ? tokens : tokens.slice(0, stop)
  while (kept[0]?.includes('=')) kept.shift()
  expect(kept[0]).toBe(PROGRAM.name)
  return kept.slice(1)
}

function walk(specs: readonly CommandSpec[], parent = ''): { path: string; spec: CommandSpec }[] {
  return specs.flatMap((spec) => [{ path: `${parent}${spec.name}`, spec }, ...walk(spec.subcommands ?? [], `${parent}${spec.name} `)])
}

/** Parses a command line with handlers replaced: what ran, what Commander printed, and what it threw (help, version, usage). */
async function parse(argv: string[]) {
  let ran: { spec: CommandSpec; args: unknown[]; options: Record<string, unknown> } | undefined
  let output = ''
  let error: unknown
  const program = buildProgram({
    version: '9.9.9',
    bundledBank: '/bundled',
    runtime: () => memoryRuntime(),
    output: { writeOut: (s) => void (output += s), writeErr: (s) => void (output += s) },
    dispatch: async (spec, args, options) => void (ran = { spec, args, options }),
  })
  await program.parseAsync(argv, { from: 'user' }).catch((e: unknown) => (error = e))
  return { ran, output, error }
}

const withExamples = walk(COMMANDS).filter((c) => c.spec.run)

describe('the command table', () => {
  it.each(withExamples.flatMap(({ path, spec }) => spec.examples.map((e) => [path, e, spec] as const)))('%s: `%s` parses to its own command', async (_path, example, spec) => {
    const { ran, error } = await parse(words(example))
    expect(error).toBeUndefined()
    expect(ran?.spec).toBe(spec)
  })

  it('names only questions that exist in the bundled bank in its examples', () => {
    const shown = [...PROGRAM.examples, ...walk(COMMANDS).flatMap((c) => c.spec.examples)].flatMap((e) => [...e.matchAll(/ show ([a-z0-9-]+)/g)].map((m) => m[1]!))
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.filter((id) => !ids.has(id))).toEqual([])
  })

  it('gives every command a summary and at least one example', () => {
    for (const { path, spec } of walk(COMMANDS)) {
      expect(spec.summary, path).toMatch(/\w/)
      expect(spec.examples.length, path).toBeGreaterThan(0)
    }
  })

  it.each(withExamples.map(({ path }) => [path]))("`help %s` prints that command's usage and examples", async (path) => {
    const { output: text } = await parse(['help', ...path.split(' ')])
    expect(text).toContain(`Usage: django-drill ${path}`)
    const spec = withExamples.find((c) => c.path === path)!.spec
    expect(text.replace(/ \\\n +/g, ' ')).toContain(`$ ${spec.examples[0]}`)
  })

  it.each([['-V'], ['-v'], ['--version']])('%s prints the version', async (flag) => {
    const { output, error } = await parse([flag])
    expect(error).toMatchObject({ code: 'commander.version' })
    expect(output).toBe('9.9.9\n')
  })

  it('lists every command and alias once', () => {
    const names = commandNames()
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(expect.arrayContaining(['quiz', 'list', 'ls', 'progress export']))
  })

  it("keeps the README's command reference current (run `npm run readme`)", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(withReference(readme)).toBe(readme)
  })
})

describe('one bundle per command (src/bundles.ts, what dist/main.cjs loads)', () => {
  const map = bundleMap(COMMANDS, GLOBAL_OPTIONS)
  const lines = [...PROGRAM.examples, ...withExamples.flatMap(({ spec }) => spec.examples)]

  it.each(lines.map((line) => [line]))('`%s` goes to the bundle that holds the handler Commander runs', async (line) => {
    const argv = words(line)
    const { ran } = await parse(argv)
    const bundle = bundleFor(argv, map)
    if (ran === undefined) expect(bundle, 'no command ran: help or the home menu').toMatch(/^(help|home)$/)
    else for (const module of modulesOf(ran.spec)) expect(bundle.split('+')).toContain(module)
  })

  it('reads global options before the command the way Commander does', () => {
    for (const argv of [
      ['--bank', 'quiz', 'list'],
      ['-b', 'quiz', 'list'],
      ['--bank=quiz', 'list'],
      ['-bquiz', 'list'],
      ['--no-color', 'list'],
      ['--', 'list'],
    ]) {
      expect(bundleFor(argv, map), argv.join(' ')).toBe('list')
    }
    expect(bundleFor(['--bank', 'x'], map)).toBe(HOME_BUNDLE)
    expect(bundleFor([], map)).toBe(HOME_BUNDLE)
    for (const argv of [['--help'], ['-h'], ['help', 'list'], ['nope'], ['--no-color', '--version']]) expect(bundleFor(argv, map), argv.join(' ')).toBe(HELP_BUNDLE)
    expect(bundleFor(['__complete', 'show', 'orm-'], map)).toBe('completion')
    expect(bundleFor(['ls'], map)).toBe('list')
  })

  it('finds each command handler module, and refuses a run that imports none or two', () => {
    expect(modulesOf(COMMANDS.find((c) => c.name === 'progress')!)).toEqual(['progress'])
    expect(() => modulesOf({ name: 'x', summary: '', examples: [], run: async () => {} })).toThrow(/exactly one/)
  })
})

describe('examples in help at a narrow width', () => {
  it.each([[40], [60]])('break between words with a trailing backslash, so that each still pastes as the same command (%i columns)', (width) => {
    for (const line of [...PROGRAM.examples, ...withExamples.flatMap(({ spec }) => spec.examples)]) {
      const shown = exampleLines(line, width)
      const pasted = shown
        .join('\n')
        .replace(/^ {2}\$ /, '')
        .replace(/ \\\n +/g, ' ')
      expect(pasted).toBe(line)
    }
    expect(exampleLines('django-drill plan --interview "2030-01-15 14:30" --minutes 30', 40)).toEqual([
      '  $ django-drill plan --interview \\',
      '    "2030-01-15 14:30" --minutes 30',
    ])
  })
})
