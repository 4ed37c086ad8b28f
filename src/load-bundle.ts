// Loads one CommonJS bundle of dist/ the way require() does, with V8's code
// cache: Node before 22.1 has no compile cache, and compiling the bundle's
// code is most of a command's start-up. The cache is written once, when the
// first process that ran the bundle as it usually runs exits (so it holds the
// functions such a run compiles: not a usage error's, nor those of a run that
// parsed a whole bank for want of its index), beside the bundle in the package's own folder: compiled
// code is code and stays with the code's owner, never in the user's cache
// folder, whose contents are untrusted input. Its name carries the build's
// digest, Node's version and the architecture; V8 rejects a cache of another
// V8, and then the bundle is compiled as usual. Where the folder is read-only
// nothing is written and nothing fails.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'
import { UNUSUAL_RUN } from './io/unusual-run.ts'

/** What Module.wrap puts around a CommonJS module's code (the same text, so a code cache of either fits). */
export const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const

/**
 * Runs the bundle at `file` as CommonJS, given the `require` of a module in its folder (main.cjs's:
 * the bundles sit beside it, so relative requires of chunks resolve the same). Neither Module.wrap
 * nor createRequire is used: node:module, on Node 20, loads the ES module loader with it.
 */
export function loadBundle(file: string, build: string, require: NodeJS.Require): unknown {
  const folder = join(dirname(file), '.v8-cache')
  const cacheFile = join(folder, `${basename(file, '.cjs')}-${build}-${process.version}-${process.arch}.bin`)
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // none yet, or unreadable: compiled as usual
  }
  // The build keeps bundles pure ASCII (scripts/build.mjs checks), so latin1 reads them exactly, and faster than UTF-8 decodes.
  const script = new Script(`${WRAPPER[0]}${readFileSync(file, 'latin1')}${WRAPPER[1]}`, { filename: file, ...(cachedData ? { cachedData } : {}) })
  if (cachedData === undefined || script.cachedDataRejected) {
    let unusual = false
    process.once(UNUSUAL_RUN, () => (unusual = true))
    process.once('exit', (code) => {
      // A finished run, or a session ended with Ctrl+C (130); not an error or a usage error.
      if ((code !== 0 && code !== 130) || unusual) return
      try {
        mkdirSync(folder, { recursive: true, mode: 0o755 })
        const temp = `${cacheFile}.${process.pid}.tmp`
        writeFileSync(temp, script.createCachedData(), { flag: 'wx', mode: 0o644 })
        renameSync(temp, cacheFile)
      } catch {
        rmSync(`${cacheFile}.${process.pid}.tmp`, { force: true })
      }
    })
  }
  const module = { exports: {} as unknown }
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void
  wrapper(module.exports, require, module, file, dirname(file))
  return module.exports
}
