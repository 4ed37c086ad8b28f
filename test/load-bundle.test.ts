import Module, { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadBundle, WRAPPER } from '../src/load-bundle.ts'
import { testdir } from './helpers/testdir.ts'

describe('loadBundle (Node before 22.1)', () => {
  it("wraps a bundle's code exactly as Module.wrap does", () => {
    expect(`${WRAPPER[0]}code()${WRAPPER[1]}`).toBe(Module.wrap('code()'))
  })

  it('runs a bundle as CommonJS with the require it is given: exports, its file and folder, a chunk beside it, a built-in', () => {
    const dir = testdir()
    writeFileSync(join(dir, 'chunk.cjs'), 'exports.twice = (n) => 2 * n\n')
    writeFileSync(
      join(dir, 'cmd.cjs'),
      "const { twice } = require('./chunk.cjs')\nconst { basename } = require('node:path')\nmodule.exports = { answer: twice(21), file: basename(__filename), dir: __dirname }\n",
    )
    // The require of a module in the bundle's folder, as main.cjs's is for dist/.
    const required = createRequire(join(dir, 'main.cjs'))
    expect(loadBundle(join(dir, 'cmd.cjs'), 'test', required)).toEqual({ answer: 42, file: 'cmd.cjs', dir })
  })
})
