// The bash completion script, installed as a user would, completing real command lines.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, SANDBOX_ENV, drill } from './helpers/bin.ts'

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0

/** COMPREPLY for a command line, completed at its end, with the script from `completion bash`. */
function bashComplete(line: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'drill-complete-'))
  const wrapper = join(dir, 'django-drill')
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`)
  chmodSync(wrapper, 0o755)
  writeFileSync(join(dir, 'completion.bash'), drill(['completion', 'bash']).stdout)
  const script = `source '${join(dir, 'completion.bash')}'
read -ra COMP_WORDS <<< "$LINE"
case "$LINE" in *' ') COMP_WORDS+=('');; esac
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_django_drill
printf '%s\\n' "\${COMPREPLY[@]}"`
  const result = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, ...SANDBOX_ENV, PATH: `${dir}:${process.env['PATH']}`, LINE: line },
    timeout: 15_000,
  })
  expect(result.stderr).toBe('')
  return result.stdout.split('\n').filter(Boolean)
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

  it('prints nothing, not even an error, when the bank cannot be read', () => {
    expect(bashComplete('django-drill --bank /nonexistent show orm-')).toEqual([])
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
