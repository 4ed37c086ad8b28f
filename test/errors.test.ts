import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { CancelledError, DrillError, UsageError, explain } from '../src/errors.ts'

const fsError = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path })
const promptExit = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' })

describe('explain: every error to one message and exit code', () => {
  // prettier-ignore
  const cases: [string, unknown, number, RegExp | undefined][] = [
    ['a reported failure',            new DrillError('No question with id "x".'),                  1,   /^No question with id "x"\.$/],
    ['wrong usage',                   new UsageError('--count must be a whole number'),            2,   /^--count must be/],
    ['Ctrl+C in a session',           new CancelledError('Stopped. 3 answers were saved.'),        130, /^Stopped\. 3 answers/],
    ['Ctrl+C at a prompt',            promptExit,                                                   130, /^Cancelled\.$/],
    ['help Commander printed',        new CommanderError(0, 'commander.helpDisplayed', '(help)'),   0,   undefined],
    ['version Commander printed',     new CommanderError(0, 'commander.version', '1.0.0'),          0,   undefined],
    ['a usage error Commander printed', new CommanderError(1, 'commander.unknownOption', 'x'),     2,   undefined],
    ['DJANGO_DRILL_HOME is a file',   fsError('EEXIST', 'mkdir', '/home/u/p'),                      1,   /^Cannot create the folder \/home\/u\/p: a file is in the way/],
    ['a full disk',                   fsError('ENOSPC', 'write', '/home/u/p/progress.json'),        1,   /^Cannot write \/home\/u\/p\/progress\.json: no space left/],
    ['an unreadable folder',          fsError('EACCES', 'scandir', '/bank'),                        1,   /^Cannot list the folder \/bank: permission denied/],
    ['a bug',                         new TypeError("Cannot read properties of undefined (reading 'x')"), 70, /^Internal error: Cannot read properties/],
    ['something thrown that is not an Error', 'boom',                                            70,  /^Internal error: boom/],
  ]
  it.each(cases)('%s', (_what, error, exitCode, message) => {
    const outcome = explain(error)
    expect(outcome.exitCode).toBe(exitCode)
    if (message) expect(outcome.message).toMatch(message)
    else expect(outcome.message).toBeUndefined()
  })

  it('never calls a file-system fault a bug, and keeps the stack for DJANGO_DRILL_DEBUG', () => {
    const outcome = explain(fsError('EROFS', 'open', '/ro/progress.json'))
    expect(outcome.message).not.toMatch(/bug/)
    expect(outcome.debug).toContain('EROFS')
  })
})
