// The bash completion script, installed as a user would, completing real command lines.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, SANDBOX_ENV, drill } from './helpers/bin.ts'

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0
const hasBash = hasShell('bash')
const hasZsh = hasShell('zsh')
const hasFish = hasShell('fish')

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

/** A folder with a `django-drill` on PATH that runs this build, and the completion script for `shell`. */
function installed(shell: 'bash' | 'zsh' | 'fish'): { dir: string; script: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'drill-complete-'))
  for (const name of ['django-drill', 'djdrill']) {
    writeFileSync(join(dir, name), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`)
    chmodSync(join(dir, name), 0o755)
  }
  const script = join(dir, `completion.${shell}`)
  writeFileSync(script, drill(['completion', shell]).stdout)
  return { dir, script, env: { ...process.env, ...SANDBOX_ENV, PATH: `${dir}:${process.env['PATH']}`, HOME: dir } }
}

/**
 * COMPREPLY for a command line, completed at its end, with the script from
 * `completion bash`. The words are split as bash splits them for a
 * completion function (COMP_WORDBREAKS): at spaces, and `=` is a word of its own.
 */
function bashComplete(line: string): string[] {
  const { script, env } = installed('bash')
  const words = line.split(' ').flatMap((w) => w.split(/(=)/).filter((part, i, all) => part !== '' || all.length === 1))
  const source = `source ${quote(script)}
COMP_WORDS=(${words.map(quote).join(' ')})
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_django_drill
printf '%s\\n' "\${COMPREPLY[@]}"`
  const result = spawnSync('bash', ['-c', source], { encoding: 'utf8', env, timeout: 15_000 })
  expect(result.stderr).toBe('')
  return result.stdout.split('\n').filter(Boolean)
}

/**
 * What zsh's completion system is given for a command line: the script's
 * function run by zsh itself with `words` and `CURRENT` set as compsys sets
 * them; compadd and _files (which only work inside a completion widget)
 * print what they are called with.
 */
function zshComplete(line: string, how: 'eval' | 'fpath' = 'eval'): string[] {
  const { dir, script, env } = installed('zsh')
  const words = line.split(' ')
  // eval: the script run in .zshrc; fpath: the file _django-drill on $fpath, autoloaded at the first Tab.
  if (how === 'fpath') writeFileSync(join(dir, '_django-drill'), readFileSync(script, 'utf8'))
  const source = `compadd() { while [[ $1 == -* && $1 != -- ]]; do [[ $1 == -V ]] && shift; shift; done; [[ $1 == -- ]] && shift; print -l -- "$@"; }
_files() { print -- '<files>'; }
${how === 'eval' ? `eval "$(<${quote(script)})"` : `fpath=(${quote(dir)} $fpath); autoload -Uz _django-drill`}
words=(${words.map(quote).join(' ')})
CURRENT=\${#words[@]}
${how === 'eval' ? '_django_drill' : '_django-drill'}`
  const result = spawnSync('zsh', ['-f', '-c', source], { encoding: 'utf8', env, timeout: 15_000 })
  expect(result.stderr).toBe('')
  return result.stdout.split('\n').filter(Boolean)
}

/** What fish itself completes for a command line (`complete -C`), with the script from `completion fish`. */
function fishComplete(line: string): string[] {
  const { dir, script, env } = installed('fish')
  const result = spawnSync('fish', ['--no-config', '-c', `source ${quote(script)}; cd ${quote(dir)}; complete -C ${quote(line)}`], { encoding: 'utf8', env, timeout: 15_000 })
  expect(result.stderr).toBe('')
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]!)
}

describe.skipIf(!hasBash)('bash completion', () => {
  it('completes a command', () => {
    expect(bashComplete('django-drill rev')).toEqual(['review'])
  })

  it('completes a topic of the bundled bank', () => {
    expect(bashComplete('django-drill quiz --topic secu')).toEqual(['security'])
  })

  it('completes a question id of the bundled bank', () => {
    expect(bashComplete('django-drill show orm-select')).toEqual(['orm-select-related-vs-prefetch-related'])
  })

  it('completes question ids for quiz --ids, after a comma too', () => {
    expect(bashComplete('django-drill quiz --ids orm-n-plus-one-f')).toEqual(['orm-n-plus-one-fetch-modes'])
    expect(bashComplete('django-drill quiz --ids orm-n-plus-one-fetch-modes,orm-select-r')).toEqual(['orm-n-plus-one-fetch-modes,orm-select-related-vs-prefetch-related'])
  })

  it('completes the value after --option= (bash hands the = over as a word of its own)', () => {
    expect(bashComplete('django-drill quiz --topic=secu')).toEqual(['security'])
    expect(bashComplete('django-drill quiz --difficulty=')).toEqual(['beginner', 'intermediate', 'advanced'])
  })

  it('prints nothing, not even an error, when the bank cannot be read', () => {
    expect(bashComplete('django-drill --bank /nonexistent show orm-')).toEqual([])
  })
})

describe.skipIf(!hasZsh)('zsh completion', () => {
  it('offers commands, topics and question ids, as __complete gives them', () => {
    expect(zshComplete('django-drill rev')).toEqual(['review'])
    expect(zshComplete('django-drill quiz --topic secu')).toEqual(['security'])
    expect(zshComplete('djdrill show orm-select')).toEqual(['orm-select-related-vs-prefetch-related'])
    expect(zshComplete('django-drill quiz --difficulty ')).toEqual(['beginner', 'intermediate', 'advanced'])
  })

  it('falls back to file names when there is nothing to offer', () => {
    expect(zshComplete('django-drill progress import ./')).toEqual(['<files>'])
  })

  it('installed as _django-drill on $fpath, completes at the first Tab (the file is the completion function)', () => {
    expect(zshComplete('django-drill show orm-select', 'fpath')).toEqual(['orm-select-related-vs-prefetch-related'])
    expect(zshComplete('djdrill quiz --topic secu', 'fpath')).toEqual(['security'])
  })
})

describe.skipIf(!hasFish)('fish completion', () => {
  it('completes commands, topics and question ids', () => {
    expect(fishComplete('django-drill rev')).toEqual(['review'])
    expect(fishComplete('django-drill quiz --topic secu')).toEqual(['security'])
    expect(fishComplete('djdrill show orm-select')).toEqual(['orm-select-related-vs-prefetch-related'])
  })

  it('offers only the values, not file names beside them, and keeps their order', () => {
    expect(fishComplete('django-drill quiz --difficulty ')).toEqual(['beginner', 'intermediate', 'advanced'])
  })

  it('completes paths where a file is expected', () => {
    expect(fishComplete('django-drill progress import completion.f')).toEqual(['completion.fish'])
  })
})

describe('completion scripts', () => {
  it.each([['bash'], ['zsh'], ['fish']])('%s: a script that calls __complete', (shell) => {
    const r = drill(['completion', shell])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('__complete')
  })

  it('__complete never fails nor writes to stderr, even when the bank cannot be read', () => {
    const r = drill(['__complete', '--bank', '/nonexistent', 'show', 'orm-'])
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', ''])
  })

  it('an unknown shell is a usage error listing the valid ones', () => {
    const r = drill(['completion', 'tcsh'])
    expect([r.status, r.stderr.trim()]).toEqual([2, 'Unknown shell "tcsh". Valid values: bash, zsh, fish'])
  })

  it('zsh parses the script it is given', () => {
    const zsh = spawnSync('zsh', ['-n'], { input: drill(['completion', 'zsh']).stdout })
    if (zsh.error) return // no zsh here
    expect(zsh.status).toBe(0)
  })
})
