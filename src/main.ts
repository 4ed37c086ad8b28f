// The entry point. It imports nothing up front, so that `--version` is
// answered before any module loads. Built (scripts/build.mjs), it loads the one
// bundle of dist/ that the command line names (see bundles.ts); run from
// source (tsx), it imports entry.ts.
import type { BundleMap } from './bundles.ts'

declare const __VERSION__: string | undefined
/** The bundle of each command word; defined by the build only. */
declare const __BUNDLES__: BundleMap
/** The build's digest of its sources (scripts/build.mjs). */
declare const __BUILD_ID__: string
/** True in dist/main.cjs; undeclared when run from source. */
declare const __BUILT__: boolean

const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'
const argv = process.argv.slice(2)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v')) {
  // Straight to the descriptor: making process.stdout would load Node's stream modules for one line.
  try {
    process.getBuiltinModule('node:fs').writeSync(1, `${version}\n`)
  } catch (error) {
    // A closed pipe needs nothing more; anything else (a non-blocking pipe that is full) goes through the stream.
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') process.stdout.write(`${version}\n`)
  }
} else if (typeof __BUILT__ !== 'undefined') {
  // dist/main.cjs: the bank sits beside dist/.
  const { join, sep } = require('node:path') as typeof import('node:path')
  // Node 22.1+ keeps V8's compiled code of the bundles (~10 ms of every start) beside them. Compiled
  // code is code: it stays in the package's own folder, with the package's owner, never in the user's
  // cache folder (whose contents are untrusted input). Where that folder is read-only it does nothing.
  // Before 22.1 node:module is not even loaded: on Node 20 it loads the ES module loader with it (~2% of `stats`).
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  const { enableCompileCache } = (major > 22 || (major === 22 && minor >= 1) ? require('node:module') : {}) as { enableCompileCache?: (dir: string) => unknown }
  enableCompileCache?.(join(__dirname, '.compile-cache'))
  const { bundleFor } = require('./bundles.ts') as typeof import('./bundles.ts')
  const bundle = join(__dirname, `${bundleFor(argv, __BUNDLES__)}.cjs`)
  // Older Node has no compile cache: the bundle is compiled with V8's code cache kept the same way (see load-bundle.ts).
  const { run } = (
    enableCompileCache ? require(bundle) : (require('./load-bundle.ts') as typeof import('./load-bundle.ts')).loadBundle(bundle, __BUILD_ID__, require)
  ) as typeof import('./entry.ts')
  void run(version, `${join(__dirname, '..', 'questions')}${sep}`)
} else {
  const bundledBank = decodeURIComponent(new URL('../questions/', import.meta.url).pathname)
  void import('./entry.ts').then(({ run }) => run(version, bundledBank))
}
