import { describe, expect, it } from 'vitest'
import { COMMANDS, GLOBAL_OPTIONS, type CompletionKind } from '../src/command-table.ts'
import { complete } from '../src/core/complete.ts'

const VALUES: Partial<Record<CompletionKind, string[]>> = {
  topic: ['orm', 'security', 'sessions', 'views'],
  difficulty: ['beginner', 'intermediate', 'advanced'],
  tag: ['performance', 'queryset'],
  question: ['orm-n-plus-one', 'orm-select-related', 'views-cbv'],
  shell: ['bash', 'zsh', 'fish'],
}
const asked: CompletionKind[] = []
const source = (kind: CompletionKind) => (asked.push(kind), VALUES[kind] ?? [])
const words = (...typed: string[]) => complete(typed, { commands: COMMANDS, globals: GLOBAL_OPTIONS }, source).words

describe('complete', () => {
  it('offers commands first, and only those that start with the word', () => {
    expect(words('')).toEqual(expect.arrayContaining(['quiz', 'review', 'show', 'progress', 'help']))
    expect(words('st')).toEqual(['stats'])
  })

  it('offers subcommands after their parent, not after a positional argument', () => {
    expect(words('progress', '')).toEqual(['path', 'export', 'import', 'reset'])
    expect(words('show', 'orm-n-plus-one', '')).toEqual([])
  })

  it('offers question ids for show, and topics, tags and difficulties for the filters', () => {
    expect(words('show', 'orm-')).toEqual(['orm-n-plus-one', 'orm-select-related'])
    expect(words('quiz', '-t', 's')).toEqual(['security', 'sessions'])
    expect(words('list', '--tag', '')).toEqual(['performance', 'queryset'])
    expect(words('quiz', '-d', 'a')).toEqual(['advanced'])
    expect(words('quiz', '--topic=se')).toEqual(['--topic=security', '--topic=sessions'])
  })

  it('completes the last part of a comma-separated list, leaving out values already given', () => {
    expect(words('quiz', '--topic', 'orm,s')).toEqual(['orm,security', 'orm,sessions'])
    expect(words('quiz', '--topic', 'orm,')).not.toContain('orm,orm')
  })

  it("offers a command's own options and the global ones, and fixed choices", () => {
    const quiz = words('quiz', '--')
    expect(quiz).toEqual(expect.arrayContaining(['--count', '--seed', '--topic', '--per-question', '--bank', '--help']))
    expect(quiz).not.toContain('--json')
    expect(words('quiz', '--order', '')).toEqual(['random', 'bank'])
    expect(words('cheatsheet', '-f', '')).toEqual(['terminal', 'md', 'html'])
    expect(words('completion', '')).toEqual(['bash', 'zsh', 'fish'])
  })

  it('completes export anki: the subcommand, its options, filter values and a file for -o', () => {
    expect(words('export', '')).toEqual(['anki'])
    expect(words('export', 'anki', '--w')).toEqual(['--weak'])
    expect(words('export', 'anki', '--topic', 'se')).toEqual(['security', 'sessions'])
    expect(complete(['export', 'anki', '-o', ''], { commands: COMMANDS, globals: GLOBAL_OPTIONS }, source).files).toBe('file')
  })

  it('skips option values while finding the command, and leaves paths to the shell', () => {
    expect(words('--bank', 'show', 'quiz', '--c')).toEqual(['--count'])
    expect(complete(['--bank', ''], { commands: COMMANDS, globals: GLOBAL_OPTIONS }, source)).toEqual({ words: [], files: 'dir' })
    expect(complete(['progress', 'import', ''], { commands: COMMANDS, globals: GLOBAL_OPTIONS }, source).files).toBe('file')
  })

  it('reads the banks only for values that come from them', () => {
    asked.length = 0
    words('')
    words('quiz', '--')
    words('quiz', '--order', '')
    expect(asked).toEqual([])
  })
})
