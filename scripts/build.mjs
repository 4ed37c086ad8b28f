// Bundles src/main.ts into dist/ with esbuild. Each command stays its own chunk
// (code splitting), so `--version` never loads what only `quiz` needs.
import { build } from 'esbuild'
import { readFileSync, rmSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true })
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
  // Bundled CommonJS (gray-matter, js-yaml) expects `require`; give it one.
  banner: {
    js: "import { createRequire as __drillRequire } from 'node:module'; const require = __drillRequire(import.meta.url);",
  },
})
