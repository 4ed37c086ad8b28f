import { CommanderError } from 'commander'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { buildProgram } from '../src/cli.ts'
import { list } from '../src/commands/list.ts'
import { quiz, review } from '../src/commands/quiz.ts'
import { show } from '../src/commands/show.ts'
import { topics } from '../src/commands/topics.ts'
import { validate } from '../src/commands/validate.ts'
import { memoryRuntime } from './helpers/runtime.ts'

vi.mock('../src/commands/list.ts')
vi.mock('../src/commands/quiz.ts')
vi.mock('../src/commands/show.ts')
vi.mock('../src/commands/topics.ts')
vi.mock('../src/commands/validate.ts')

let colors: (boolean | undefined)[] = []
let output = ''

function program() {
  colors = []
  output = ''
  return buildProgram({
    version: '1.2.3',
    bundledBank: '/bundled',
    runtime: (color) => {
      colors.push(color)
      return memoryRuntime()
    },
    output: { writeOut: (s) => void (output += s), writeErr: (s) => void (output += s) },
  })
}

const run = (argv: string[]) => program().parseAsync(argv, { from: 'user' })

async function failure(argv: string[]): Promise<CommanderError> {
  try {
    await run(argv)
  } catch (error) {
    return error as CommanderError
  }
  throw new Error('expected a CommanderError')
}

beforeEach(() => {
  vi.mocked(validate).mockResolvedValue(0)
})

describe('argv → options', () => {
  // prettier-ignore
  const cases: [string[], Record<string, unknown>][] = [
    [['list'],                                        {}],
    [['list', '--json'],                              { json: true }],
    [['list', '-t', 'orm', '--topic', 'views,urls'],  { topic: ['orm', 'views,urls'] }],
    [['list', '-d', 'advanced', '--type', 'choice'],  { difficulty: ['advanced'], type: ['choice'] }],
    [['list', '--tag', 'a', '--tag', 'b'],            { tag: ['a', 'b'] }],
    [['list', '-s', 'select related'],                { search: 'select related' }],
    [['--bank', 'x', '--bank', 'y', 'list'],          { bank: ['x', 'y'] }],
    [['ls', '-b', 'x'],                               { bank: ['x'] }],
  ]
  it.each(cases)('%j', async (argv, expected) => {
    await run(argv)
    expect(list).toHaveBeenCalledWith(expected, expect.anything())
  })

  // prettier-ignore
  const quizCases: [string[], Record<string, unknown>][] = [
    [['quiz'],                                                   { order: 'random', schedule: true, relearn: true }],
    [['quiz', '-n', '5', '--seed', '42', '--order', 'bank'],     { count: 5, seed: 42, order: 'bank', schedule: true, relearn: true }],
    [['quiz', '--per-question', '90s', '--time-limit', '10m'],   { perQuestion: '90s', timeLimit: '10m', order: 'random', schedule: true, relearn: true }],
    [['quiz', '--weak', '--flagged', '--no-schedule', '-t', 'orm'], { weak: true, flagged: true, schedule: false, topic: ['orm'], order: 'random', relearn: true }],
    [['quiz', '--no-relearn'],                                   { order: 'random', schedule: true, relearn: false }],
  ]
  it.each(quizCases)('%j', async (argv, expected) => {
    await run(argv)
    expect(quiz).toHaveBeenCalledWith(expected, expect.anything())
  })

  it('review --new and timers', async () => {
    await run(['review', '--new', '20', '--time-limit', '15m', '-d', 'advanced'])
    expect(review).toHaveBeenCalledWith({ new: 20, timeLimit: '15m', difficulty: ['advanced'], relearn: true }, expect.anything())
  })

  it.each([
    ['quiz', '-n', 'ten'],
    ['quiz', '--order', 'shuffled'],
    ['review', '--new', '-1'],
  ])('%j is a usage error', async (...argv) => {
    const error = await failure(argv)
    expect(error.exitCode).not.toBe(0)
    expect(['commander.invalidArgument', 'commander.unknownOption', 'commander.optionMissingArgument']).toContain(error.code)
  })

  it('show passes the id', async () => {
    await run(['show', 'orm-n-plus-one', '--json'])
    expect(show).toHaveBeenCalledWith('orm-n-plus-one', { json: true, pager: true }, expect.anything())
  })

  it('show --no-pager turns the pager off', async () => {
    await run(['show', 'orm-n-plus-one', '--no-pager'])
    expect(show).toHaveBeenCalledWith('orm-n-plus-one', { pager: false }, expect.anything())
  })

  it('topics', async () => {
    await run(['topics', '--json'])
    expect(topics).toHaveBeenCalledWith({ json: true }, expect.anything())
  })

  it('validate takes folders and flags', async () => {
    await run(['validate', 'a', 'b', '--strict'])
    expect(validate).toHaveBeenCalledWith(['a', 'b'], { strict: true }, expect.anything())
  })

  it('--no-color reaches the runtime, before or after the command', async () => {
    await run(['--no-color', 'list'])
    expect(colors).toEqual([false])
    await run(['list'])
    expect(colors).toEqual([true])
  })
})

describe('usage errors', () => {
  it('an unknown option is a commander error', async () => {
    const error = await failure(['list', '--nope'])
    expect(error.code).toBe('commander.unknownOption')
    expect(output).toContain("unknown option '--nope'")
    expect(output).toContain('run with --help')
  })

  it('an unknown command', async () => {
    expect((await failure(['lst'])).code).toBe('commander.unknownCommand')
    expect(output).toMatch(/Did you mean.*list/)
  })

  it('show without an id', async () => {
    expect((await failure(['show'])).code).toBe('commander.missingArgument')
  })

  it('--version prints the version', async () => {
    expect((await failure(['--version'])).code).toBe('commander.version')
    expect(output).toBe('1.2.3\n')
  })

  it.each([['list'], ['show'], ['topics'], ['validate']])('%s --help has examples', async (command) => {
    expect((await failure([command, '--help'])).code).toBe('commander.helpDisplayed')
    expect(output).toMatch(/Examples:\n {2}\$ django-drill/)
  })
})
