// Bundles src/main.ts into dist/ with esbuild. Each command stays its own chunk
// (code splitting), so `--version` never loads what only `quiz` needs.
import { build } from 'esbuild'
import { readdirSync, readFileSync, rmSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

/**
 * gray-matter (with js-yaml, ~110 KB) is bundled on its own, as
 * chunks/gray-matter.cjs, and the chunk that parses questions requires it the
 * first time it parses one. When every question comes from the parsed-bank
 * cache, it is neither compiled nor run (~10 ms saved on every start).
 */
const VENDOR = 'gray-matter'
const lazyVendor = {
  name: 'lazy-vendor',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${VENDOR}$`) }, () => ({ path: VENDOR, namespace: 'lazy-vendor' }))
    b.onResolve({ filter: /^\.\/.*\.cjs$/, namespace: 'lazy-vendor' }, (args) => ({ path: args.path, external: true }))
    b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, () => ({
      // `engines` too: the parser calls gray-matter's YAML engine (js-yaml's safeLoad) directly.
      contents: `let real\nconst load = () => (real ??= require('./${VENDOR}.cjs'))\nmodule.exports = function () { return load().apply(this, arguments) }\nObject.defineProperty(module.exports, 'engines', { get: () => load().engines })\n`,
      loader: 'js',
    }))
  },
}

/**
 * js-yaml 3 tries `require('esprima')` at start-up for its `!!js/function`
 * type, which only its unsafe `load` uses (gray-matter calls `safeLoad`).
 * Loading esprima from node_modules costs ~10 ms; the type is replaced by one
 * that never matches.
 */
const noEsprima = {
  name: 'no-esprima',
  setup(b) {
    b.onLoad({ filter: /[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ }, () => ({
      contents: "var Type = require('../../type');\nmodule.exports = new Type('tag:yaml.org,2002:js/function', { kind: 'scalar', resolve: function () { return false; } });\n",
      loader: 'js',
    }))
  },
}

/**
 * commander requires node:child_process at start-up, for executable
 * subcommands this CLI does not have; loading it (with net and dgram) costs
 * ~6 ms on every run. Commander gets it on first use instead.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { get spawn() { return require('node:child_process').spawn } }\n",
      loader: 'js',
    }))
  },
}

/**
 * conf imports `atomically` for its file write, and atomically imports
 * when-exit, which installs SIGINT/SIGTERM/SIGHUP handlers as soon as it is
 * loaded: handlers that cannot run while the main thread is busy, so a long
 * computation would ignore Ctrl+C. The store replaces conf's write with its
 * own complete, verified one (writeFileComplete in src/io/store.ts), so
 * atomically is not needed: it is replaced by a stub that fails loudly if
 * anything ever calls it. The build checks that the stub was used.
 */
let atomicallyStubbed = 0
const noAtomically = {
  name: 'no-atomically',
  setup(b) {
    b.onResolve({ filter: /^atomically$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]conf[\\/]/.test(args.importer)) return undefined
      atomicallyStubbed++
      return { path: 'atomically', namespace: 'no-atomically' }
    })
    b.onLoad({ filter: /.*/, namespace: 'no-atomically' }, () => ({
      contents: "export function writeFileSync() { throw new Error('django-drill: conf tried to write through atomically; store writes must go through writeFileComplete') }\n",
      loader: 'js',
    }))
  },
}

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true })
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Whitespace and syntax only: smaller files compile faster, and names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
  plugins: [lazyVendor, lazyChildProcessForCommander, noAtomically],
  // Bundled CommonJS (commander) and the stubs above expect `require`; give them one.
  banner: {
    js: "import { createRequire as __drillRequire } from 'node:module'; const require = __drillRequire(import.meta.url);",
  },
})

if (atomicallyStubbed === 0) throw new Error('build: conf no longer imports atomically; check how it writes before removing the no-atomically stub')
for (const file of readdirSync(new URL('../dist/chunks/', import.meta.url))) {
  if (/class Interceptor\b/.test(readFileSync(new URL(`../dist/chunks/${file}`, import.meta.url), 'utf8'))) {
    throw new Error(`build: dist/chunks/${file} still contains when-exit's signal handlers`)
  }
}

await build({
  entryPoints: [VENDOR],
  outfile: `dist/chunks/${VENDOR}.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [noEsprima],
})

// The stub requires the vendor file relative to its own chunk: it must not land in dist/main.js.
if (readFileSync(new URL('../dist/main.js', import.meta.url), 'utf8').includes(`${VENDOR}.cjs`)) {
  throw new Error(`build: the ${VENDOR} stub ended up in dist/main.js, where ./${VENDOR}.cjs does not resolve`)
}
