// Bundles the program into dist/ with esbuild, as CommonJS (Node compiles and
// links CommonJS faster than ES modules: ~6 ms per start here). esbuild cannot
// split CommonJS into shared chunks, so the program is bundled once per
// handler module of the command table (see src/bundles.ts): dist/list.cjs is
// the parser, the table and `list`, and nothing of the quiz. dist/main.cjs
// answers --version, then requires the one bundle the command line names.
import { build } from 'esbuild'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const ROOT = new URL('../', import.meta.url)
const { version } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'))

/** How many times each plugin matched what it patches: each must match, or the build fails (see the end). */
const matched = {}
const hit = (name) => (matched[name] = (matched[name] ?? 0) + 1)

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
    b.onResolve({ filter: new RegExp(`^${VENDOR}$`) }, () => (hit('lazy-vendor'), { path: VENDOR, namespace: 'lazy-vendor' }))
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
    b.onLoad(
      { filter: /[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ },
      () => (
        hit('no-esprima'),
        {
          contents: "var Type = require('../../type');\nmodule.exports = new Type('tag:yaml.org,2002:js/function', { kind: 'scalar', resolve: function () { return false; } });\n",
          loader: 'js',
        }
      ),
    )
  },
}

/**
 * A plugin that gives `importer`'s import of `module` the module `contents` instead (a stub,
 * or a getter that loads the real one on first use). Like every plugin here it records its
 * match, and the build fails if it never matched.
 */
function replaceImport(name, { module, importer, contents }) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter: module }, (args) => (importer.test(args.importer) ? (hit(name), { path: args.path, namespace: name }) : undefined))
      // Resolved from the project, for the contents that require a package or a file of it.
      b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, loader: 'js', resolveDir: ROOT.pathname }))
    },
  }
}

/**
 * commander requires node:child_process at start-up, for executable
 * subcommands this CLI does not have; loading it (with net and dgram) costs
 * ~6 ms on every run. Commander gets it on first use instead.
 */
const lazyChildProcessForCommander = replaceImport('lazy-child-process', {
  module: /^(node:)?child_process$/,
  importer: /[\\/]node_modules[\\/]commander[\\/]/,
  contents: "module.exports = { get spawn() { return require('node:child_process').spawn } }\n",
})

/**
 * The session UI (src/commands/session-ui.ts) runs $EDITOR and $PAGER with
 * node:child_process, which costs ~1 ms to load (with net and dgram) before the
 * first question, where neither is ever used. It gets it on first use instead.
 */
const lazyChildProcessForSessionUi = replaceImport('lazy-child-process-session-ui', {
  module: /^(node:)?child_process$/,
  importer: /[\\/]src[\\/]commands[\\/]session-ui\.ts$/,
  contents: "module.exports = { get spawnSync() { return require('node:child_process').spawnSync } }\n",
})

/**
 * conf imports `atomically` for its file write, and atomically imports
 * when-exit, which installs SIGINT/SIGTERM/SIGHUP handlers as soon as it is
 * loaded: handlers that cannot run while the main thread is busy, so a long
 * computation would ignore Ctrl+C. The store replaces conf's write with its
 * own complete, verified one (writeFileComplete in src/io/store.ts), so
 * atomically is not needed: it is replaced by a stub that fails loudly if
 * anything ever calls it. The build checks that the stub was used.
 */
const noAtomically = replaceImport('no-atomically', {
  module: /^atomically$/,
  importer: /[\\/]node_modules[\\/]conf[\\/]/,
  contents: "export function writeFileSync() { throw new Error('django-drill: conf tried to write through atomically; store writes must go through writeFileComplete') }\n",
})

/**
 * conf imports ajv (with ajv-formats and fast-uri, ~200 KB) and semver at
 * load, for JSON-schema validation and migrations; the store passes neither a
 * schema nor migrations, so none of it ever runs. Each is replaced by a stub
 * that fails loudly if conf ever calls it.
 */
const CONF_UNUSED = { 'ajv/dist/2020.js': 'Ajv2020', 'ajv-formats': 'default', semver: 'default' }
const noConfValidation = {
  name: 'no-conf-validation',
  setup(b) {
    const names = Object.keys(CONF_UNUSED).map((n) => n.replace(/[./]/g, '\\$&'))
    b.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => {
      if (!/[\\/]node_modules[\\/]conf[\\/]/.test(args.importer)) return undefined
      hit(`no-conf-validation:${args.path}`)
      return { path: args.path, namespace: 'no-conf-validation' }
    })
    b.onLoad({ filter: /.*/, namespace: 'no-conf-validation' }, (args) => {
      const fail = `function () { throw new Error('django-drill: conf used ${args.path}, which the build left out (scripts/build.mjs)') }`
      const contents =
        CONF_UNUSED[args.path] === 'default'
          ? `const stub = new Proxy(${fail}, { get: () => ${fail} })\nexport default stub\n`
          : `export const ${CONF_UNUSED[args.path]} = ${fail}\n`
      return { contents, loader: 'js' }
    })
  },
}

/**
 * The command table imports each handler lazily (`import('./commands/list.ts')`),
 * cli.ts the home menu and entry.ts completion. In one command's bundle every
 * other handler is a stub that fails loudly: main.cjs never sends a command to
 * a bundle without its handler (a test walks every example through bundleFor).
 */
const handlersOnly = (keep) => ({
  name: 'handlers-only',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.ts$/ }, (args) => {
      if (!/[\\/]src[\\/](command-table|cli|entry)\.ts$/.test(args.importer)) return undefined
      const name = /([\w-]+)\.ts$/.exec(args.path)[1]
      if (keep.includes(name)) return undefined
      hit('handlers-only')
      return { path: name, namespace: 'other-bundle' }
    })
    b.onLoad({ filter: /.*/, namespace: 'other-bundle' }, (args) => ({
      contents: `throw new Error('django-drill: commands/${args.path}.ts is not in this bundle (src/bundles.ts sent the command line to the wrong one)')\n`,
      loader: 'js',
    }))
  },
})

/**
 * chalk computes, as it loads, whether stdout and stderr support colour (its
 * vendored supports-color loads node:tty and node:os and reads the
 * environment), for its default instances. django-drill never uses those: its
 * styles are `new Chalk({ level })` at the level runtime.ts decides. The
 * detection is replaced by "no colour" for the unused defaults.
 */
const chalkWithoutDetection = replaceImport('chalk-without-detection', {
  module: /^#supports-color$/,
  importer: /[\\/]node_modules[\\/]chalk[\\/]/,
  contents: 'export default { stdout: false, stderr: false }\n',
})

/**
 * conf imports node:crypto (for encryption, which the store does not use) and
 * node:assert (for one comparison when it opens a file) as it loads; loading
 * them costs ~2 ms on commands that never open the store. conf gets each on
 * first use instead.
 */
const LAZY_FOR_CONF = ['node:crypto', 'node:assert']
const lazyBuiltinsForConf = {
  name: 'lazy-builtins-for-conf',
  setup(b) {
    b.onResolve({ filter: /^node:(crypto|assert)$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]conf[\\/]/.test(args.importer)) return undefined
      hit(`lazy-builtins-for-conf:${args.path}`)
      return { path: args.path, namespace: 'lazy-builtin' }
    })
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      // A function target, so that `assert(...)` itself works as well as `assert.deepEqual(...)`.
      contents: `let real\nconst load = () => (real ??= require('${args.path}'))\nmodule.exports = new Proxy(function () {}, { get: (_, key) => load()[key], apply: (_, self, args) => load().apply(self, args) })\n`,
      loader: 'js',
    }))
  },
}

/**
 * Inquirer wraps every line it draws with wrap-ansi, which measures each word
 * with string-width, and string-width compiles its emoji regex the first time
 * it meets a non-ASCII character (a session's ⏱ or ❯: ~2 ms before the first
 * question is on screen). wrap-ansi gets src/core/string-width-fast.ts instead:
 * the same widths (test/string-width-fast.test.ts), without the regex for text
 * of one-column characters.
 */
const FAST_WIDTH = new URL('src/core/string-width-fast.ts', ROOT).pathname
const fastWidthForWrapAnsi = replaceImport('fast-width-for-wrap-ansi', {
  module: /^string-width$/,
  importer: /[\\/]node_modules[\\/]wrap-ansi[\\/]/,
  contents: `module.exports = require(${JSON.stringify(FAST_WIDTH)}).fastStringWidth\n`,
})

/**
 * The quiz bundle holds packages its first question never runs: ts-fsrs (the
 * scheduler, first used when an answer is recorded) and emoji-regex (for the
 * width of text that is not all one-column characters, see
 * src/core/string-width-fast.ts). Each is bundled on its own, as dist/<name>.cjs,
 * and the quiz requires it the first time it uses one of its exports: V8 does
 * not parse ~40 KB before the first question (~1 ms without the code cache).
 * Every export of the real package gets a getter, so any import of it works.
 */
const requireHere = createRequire(import.meta.url)
const QUIZ_LAZY = ['ts-fsrs', 'emoji-regex']
const lazyPackagesForQuiz = {
  name: 'lazy-packages-for-quiz',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${QUIZ_LAZY.join('|')})$`) }, (args) => (hit(`lazy-packages-for-quiz:${args.path}`), { path: args.path, namespace: 'lazy-package' }))
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
      const real = requireHere(args.path)
      const load = `let real\nconst load = () => (real ??= require('./${args.path}.cjs'))\n`
      // A function (emoji-regex) stays callable; an object of exports (ts-fsrs) gets one getter per export.
      const body =
        typeof real === 'function'
          ? 'module.exports = function () { return load().apply(this, arguments) }\n'
          : Object.keys(real)
              .map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => load()[${JSON.stringify(key)}] })\n`)
              .join('')
      return { contents: load + body, loader: 'js' }
    })
    b.onResolve({ filter: /^\.\/.*\.cjs$/, namespace: 'lazy-package' }, (args) => ({ path: args.path, external: true }))
  },
}

/**
 * wrap-ansi's ansi-styles 4 requires color-convert only for its ansi256/rgb
 * helpers, which wrap-ansi never calls: it is left out (~16 KB), replaced by a
 * module that fails loudly if anything ever requires it.
 */
const noColorConvert = replaceImport('no-color-convert', {
  module: /^color-convert$/,
  importer: /[\\/]node_modules[\\/]ansi-styles[\\/]/,
  contents: "throw new Error('django-drill: ansi-styles used color-convert, which the build left out of the quiz (scripts/build.mjs)')\n",
})

/**
 * The store (src/io/store.ts) needs conf only to write, but importing it
 * runs conf and its dependencies (env-paths, uint8array-extras, ~0.5 ms) in
 * every command that only reads progress (stats, show, list --leeches) and
 * before a quiz's first question. store.ts gets a stand-in whose constructor
 * loads conf and returns the real instance, at the first write.
 */
const lazyConf = replaceImport('lazy-conf', {
  module: /^conf$/,
  importer: /[\\/]src[\\/]io[\\/]store\.ts$/,
  contents: "let real\nconst load = () => (real ??= require('conf').default)\nexport default class Conf {\n  constructor(...args) {\n    return new (load())(...args)\n  }\n}\n",
})

/**
 * Output without colour (piped, NO_COLOR) gets src/core/style.ts's plain style, not chalk's; but
 * importing chalk runs its module, which builds every style of ansi-styles as it loads (~0.4 ms
 * of every command). style.ts gets a Chalk whose constructor loads chalk on first use.
 */
const lazyChalk = replaceImport('lazy-chalk', {
  module: /^chalk$/,
  importer: /[\\/]src[\\/]core[\\/]style\.ts$/,
  contents: "let real\nconst load = () => (real ??= require('chalk'))\nexport class Chalk {\n  constructor(...args) {\n    return new (load().Chalk)(...args)\n  }\n}\n",
})

/** A digest of everything that shapes how a bank is parsed: the bank index cache trusts only an index of this build. */
function buildId() {
  const hash = createHash('sha256').update(version)
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else hash.update(path).update(readFileSync(path))
    }
  }
  walk(new URL('src', ROOT).pathname)
  hash.update(readFileSync(new URL('package-lock.json', ROOT)))
  return hash.digest('hex').slice(0, 16)
}

/** The command words and their bundles, read from the command table itself. */
async function commandBundles() {
  const table = await build({
    stdin: {
      contents:
        "import { COMMANDS, GLOBAL_OPTIONS } from './command-table.ts'\nimport { bundleMap } from './bundles.ts'\nexport const TABLE_BUNDLES = bundleMap(COMMANDS, GLOBAL_OPTIONS)\n",
      resolveDir: new URL('src', ROOT).pathname,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
    // The handlers stay imports in the functions' text: bundles.ts reads which module each run imports.
    plugins: [{ name: 'handlers-external', setup: (b) => b.onResolve({ filter: /^\.\/commands\// }, (args) => ({ path: args.path, external: true })) }],
  })
  // Inside the project, so that its packages (left external) resolve from node_modules.
  const file = new URL('dist/table.mjs', ROOT)
  mkdirSync(new URL('dist/', ROOT), { recursive: true })
  writeFileSync(file, table.outputFiles[0].text)
  try {
    return (await import(file.href)).TABLE_BUNDLES
  } finally {
    rmSync(file)
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whitespace and syntax only: smaller files compile faster, and names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
}

rmSync(new URL('dist/', ROOT), { recursive: true, force: true })
const map = await commandBundles()
const bundles = [...new Set([...Object.values(map.words), 'help', 'home'])].sort()
// import.meta.url has no meaning in CommonJS: the source uses it only where a build never goes (run from
// source), and an identifier nothing defines makes any new use fail loudly rather than quietly.
const define = { __VERSION__: JSON.stringify(version), __BUILD_ID__: JSON.stringify(buildId()), 'import.meta.url': '__import_meta_url_is_not_bundled' }
const META = process.argv.includes('--meta')

const [, ...built] = await Promise.all([
  build({ ...common, entryPoints: ['src/main.ts'], outfile: 'dist/main.cjs', define: { ...define, __BUILT__: 'true', __BUNDLES__: JSON.stringify(map) } }),
  ...bundles.map((name) =>
    build({
      ...common,
      entryPoints: ['src/entry.ts'],
      outfile: `dist/${name}.cjs`,
      define,
      metafile: META,
      plugins: [
        handlersOnly(name === 'help' ? [] : name.split('+')),
        lazyVendor,
        lazyChildProcessForCommander,
        lazyChildProcessForSessionUi,
        noAtomically,
        noConfValidation,
        chalkWithoutDetection,
        lazyBuiltinsForConf,
        fastWidthForWrapAnsi,
        ...(name === 'quiz' ? [lazyPackagesForQuiz, noColorConvert] : []),
        lazyConf,
        lazyChalk,
      ],
    }),
  ),
  build({ ...common, entryPoints: [VENDOR], outfile: `dist/${VENDOR}.cjs`, minifyWhitespace: false, minifySyntax: false, plugins: [noEsprima] }),
  ...QUIZ_LAZY.map((name) => build({ ...common, entryPoints: [name], outfile: `dist/${name}.cjs` })),
])
// `node scripts/build.mjs --meta`: what each bundle is made of, in KB per package or src/ folder.
if (META) {
  built.slice(0, bundles.length).forEach((result, i) => {
    const parts = new Map()
    for (const output of Object.values(result.metafile.outputs)) {
      for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
        const key = m ? m[1] : path.split('/').slice(0, 3).join('/')
        parts.set(key, (parts.get(key) ?? 0) + bytesInOutput)
      }
    }
    const top = [...parts].sort((a, b) => b[1] - a[1]).slice(0, 12)
    console.log(`${bundles[i]}: ${top.map(([k, v]) => `${k} ${Math.round(v / 1024)}`).join(', ')}`)
  })
}

const PLUGINS = [
  'lazy-vendor',
  'no-esprima',
  'lazy-child-process',
  'lazy-child-process-session-ui',
  'no-atomically',
  'handlers-only',
  'chalk-without-detection',
  'fast-width-for-wrap-ansi',
  ...QUIZ_LAZY.map((n) => `lazy-packages-for-quiz:${n}`),
  'no-color-convert',
  'lazy-conf',
  'lazy-chalk',
  ...Object.keys(CONF_UNUSED).map((n) => `no-conf-validation:${n}`),
  ...LAZY_FOR_CONF.map((n) => `lazy-builtins-for-conf:${n}`),
]
for (const plugin of PLUGINS) {
  if (!matched[plugin]) throw new Error(`build: the ${plugin} plugin matched nothing; check what it patches before removing it`)
}
for (const file of readdirSync(new URL('dist/', ROOT))) {
  const text = readFileSync(new URL(`dist/${file}`, ROOT), 'utf8')
  if (/class Interceptor\b/.test(text)) throw new Error(`build: dist/${file} still contains when-exit's signal handlers`)
  const chunk = [VENDOR, ...QUIZ_LAZY].some((name) => file === `${name}.cjs`)
  if (file !== 'main.cjs' && !chunk && text.includes('buildProgram') === false) throw new Error(`build: dist/${file} has no program`)
  // src/load-bundle.ts reads bundles as latin1 (a copy, where UTF-8 must be decoded): that is exact only for ASCII.
  const wide = /[^\t\n\r\x20-\x7e]/.exec(text)
  if (wide) throw new Error(`build: dist/${file} has a character outside printable ASCII (U+${wide[0].codePointAt(0).toString(16)}); write it as an escape in the source`)
}
if (readFileSync(new URL('dist/main.cjs', ROOT), 'utf8').length > 8_000) throw new Error('build: dist/main.cjs grew past 8 KB: it must stay the version answer and a dispatcher')
