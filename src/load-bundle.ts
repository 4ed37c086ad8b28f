// Loads one CommonJS bundle of dist/ the way require() does, with V8's code
// cache: Node before 22.1 has no compile cache, and compiling the bundle's
// code is most of a command's start-up. The cache is written once, when the
// first process that ran the bundle exits (so it holds the functions that
// process compiled), beside the bundle in the package's own folder: compiled
// code is code and stays with the code's owner, never in the user's cache
// folder, whose contents are untrusted input. Its name carries the build's
// digest, Node's version and the architecture; V8 rejects a cache of another
// V8, and then the bundle is compiled as usual. Where the folder is read-only
// nothing is written and nothing fails.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import Module from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'

export function loadBundle(file: string, build: string): unknown {
  const folder = join(dirname(file), '.v8-cache')
  const cacheFile = join(folder, `${basename(file, '.cjs')}-${build}-${process.version}-${process.arch}.bin`)
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // none yet, or unreadable: compiled as usual
  }
  // The build keeps bundles pure ASCII (scripts/build.mjs checks), so latin1 reads them exactly, and faster than UTF-8 decodes.
  const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, ...(cachedData ? { cachedData } : {}) })
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
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
  wrapper(module.exports, Module.createRequire(file), module, file, dirname(file))
  return module.exports
}
