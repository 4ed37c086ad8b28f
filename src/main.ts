// The entry point. It imports nothing up front, so that `--version` is
// answered before any module loads; everything else starts in entry.ts.
declare const __VERSION__: string | undefined

const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev'
const argv = process.argv.slice(2)

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V' || argv[0] === '-v')) {
  process.stdout.write(`${version}\n`)
} else {
  const { run } = await import('./entry.ts')
  // The bundled bank sits beside dist/, where this file is built to.
  await run(version, decodeURIComponent(new URL('../questions/', import.meta.url).pathname))
}
