// `npm run bench`: times each command as a whole process on this machine and
// compares it with the floor, a bare `node -e ''` measured in the same run.
// It makes its own 10,000- and 50,000-question banks in a temporary folder, prints a table
// and writes the figures as JSON (bench-results/) for later comparison.
//
//   node scripts/bench.mjs [--runs N] [--warmup N] [--big-runs N] [--out FILE] [--keep] [--only GROUPS]
//   node scripts/bench.mjs --make-bank DIR --size N    (only writes the generated bank, to try things on)
//
// --only start,quiz,big,record runs some groups of the table (a partial run
// never writes bench-results/, so the README's figures stay whole-run ones).
//
// Plain Node, no dependency beyond esbuild (already a dev dependency, used to
// bundle the in-process answer-recording probe).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs as parseCliArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BIN = join(ROOT, 'bin', 'django-drill.cjs')
const NODE = process.execPath

const GROUPS = ['start', 'quiz', 'big', 'record']
const args = parseArgs(process.argv.slice(2))
const RUNS = args.runs ?? 15
const WARMUP = args.warmup ?? 3
const BIG_RUNS = args.bigRuns ?? 7

// Every command, the floor included, runs with the same environment: no
// NODE_EXTRA_CA_CERTS (it adds ~90 ms to any Node start here), no colour, and
// progress and cache kept in the temporary folder, never the user's.
const work = mkdtempSync(join(tmpdir(), 'drill-bench-'))
const cacheDir = join(work, 'cache')
const env = { ...process.env, NO_COLOR: '1', DJANGO_DRILL_HOME: join(work, 'home'), DJANGO_DRILL_CACHE: cacheDir }
for (const key of ['NODE_EXTRA_CA_CERTS', 'FORCE_COLOR', 'NODE_OPTIONS']) delete env[key]

const TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p) && spawnSync(p, ['-f', '%M', 'true']).status === 0)

// Ratios to the floor (a bare `node -e ''`) on this kind of machine (floor ~19 ms), from issue 16.
const TARGETS = {
  version: 1.3,
  help: 1.5,
  list: 1.8,
  cheatsheet: 2,
  stats: 2,
  complete: 2.5,
  quiz: 2.5,
  bigListRepeat: 5,
  bigValidate: 25,
  record: 1,
  recordCold: 2.5,
}
const MEMORY_TARGET_MB = 200

const results = []
const FLOOR = [NODE, '-e', '']
/** Every floor sample of the run, for the summary line. */
const allFloors = []

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'main.cjs'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does).')
  // Each bundle's compiled-code cache is written by the first usual run after a build (src/load-bundle.ts):
  // left over from other runs (the tests, say), it would hold what they ran. Each command's check run below writes it.
  for (const cache of ['.v8-cache', '.compile-cache']) rmSync(join(ROOT, 'dist', cache), { recursive: true, force: true })
  console.log(`django-drill bench: node ${process.version}, ${cpus().length} cores, ${RUNS} runs (+${WARMUP} warm-up) per command, ${BIG_RUNS} on the 10k bank`)
  console.log('Each command is timed in rounds with the floor, and compared with the floor of its own rounds.\n')

  // 1. Start-up commands, round by round with the floor.
  if (wanted('start')) await measureStart()
  // 2. The first question of `quiz`, on screen in a pseudo-terminal.
  if (wanted('quiz')) await measureQuiz()
  // 3. The 10,000- and 50,000-question banks.
  if (wanted('big')) await measureBigBank()
  // 4. Recording one answer with a 10,000-question history, in process.
  if (wanted('record')) await measureRecord()

  report()
}

const wanted = (group) => args.only === undefined || args.only.includes(group)

async function measureStart() {
  await seedMonth()
  const quick = [
    { key: 'version', label: '--version', argv: [NODE, BIN, '--version'], expect: /\d+\.\d+\.\d+/ },
    { key: 'help', label: '--help', argv: [NODE, BIN, '--help'], expect: /Usage:/ },
    { key: 'list', label: 'list --json, bundled bank', argv: [NODE, BIN, 'list', '--json'], expect: /^\[/ },
    { key: 'cheatsheet', label: 'cheatsheet --format md, bundled bank', argv: [NODE, BIN, 'cheatsheet', '--format', 'md'], expect: /\S/ },
    { key: 'stats', label: 'stats, a month of history', argv: [NODE, BIN, 'stats'], expect: /Readiness/ },
    { key: 'complete', label: 'completing a question id (__complete)', argv: [NODE, BIN, '__complete', 'show', 'orm-'], expect: /orm-/ },
  ].filter((c) => check(c))
  const group = await rounds(
    quick.map((c) => ({ key: c.key, run: async () => ({ ms: timeProcess(c.argv) }) })),
    WARMUP,
    RUNS,
  )
  for (const c of quick) addResult(c.key, c.label, group, c.key)
}

async function measureBigBank() {
  const bank = join(work, 'bank-10k')
  const t0 = process.hrtime.bigint()
  const { files, bytes } = generateBank(bank, 10_000)
  console.log(`(generated ${files} question files, ${(bytes / 1024 / 1024).toFixed(1)} MB, in ${ms(t0).toFixed(0)} ms)`)
  const clearCache = () => rmSync(cacheDir, { recursive: true, force: true })
  const list = [NODE, BIN, '--bank', bank, 'list', '--json']
  const validate = [NODE, BIN, 'validate', bank]
  await measureBig('bigListFirst', 'list --json, 10k bank, first run', list, { before: clearCache, expect: /^\[/ })
  await measureBig('bigListRepeat', 'list --json, 10k bank, repeated', list, { expect: /^\[/ })
  // validate never uses the cache: its first run is any run; both are shown as the issue asks.
  await measureBig('bigValidateFirst', 'validate, 10k bank, first run', validate, { before: clearCache, expect: /No problems/ })
  await measureBig('bigValidate', 'validate, 10k bank, repeated', validate, { expect: /No problems/ })
  rmSync(bank, { recursive: true, force: true })

  // 50,000 questions: only the peak memory has a target (under 200 MB), so fewer runs.
  const huge = join(work, 'bank-50k')
  const t1 = process.hrtime.bigint()
  const generated = generateBank(huge, 50_000)
  console.log(`(generated ${generated.files} question files, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB, in ${ms(t1).toFixed(0)} ms)`)
  const hugeList = [NODE, BIN, '--bank', huge, 'list', '--json']
  const runs = Math.min(BIG_RUNS, 3)
  await measureBig('hugeListFirst', 'list --json, 50k bank, first run', hugeList, { before: clearCache, expect: /^\[/, runs })
  await measureBig('hugeListRepeat', 'list --json, 50k bank, repeated', hugeList, { expect: /^\[/, runs })
  rmSync(huge, { recursive: true, force: true })
}

/**
 * Runs the floor and then each command once per round; the first `warmup`
 * rounds are not kept. Returns every command's samples and the floor's.
 */
async function rounds(commands, warmup, runs, floorRun = async () => timeProcess(FLOOR)) {
  const out = { floor: [], samples: {}, peakMb: {} }
  for (const c of commands) {
    out.samples[c.key] = []
    out.peakMb[c.key] = 0
  }
  for (let round = 0; round < warmup + runs; round++) {
    // Slow commands get few rounds: the floor is cheap, so it is taken three times per round there.
    for (let i = 0; i < (runs < 10 ? 3 : 1); i++) {
      const floor = await floorRun()
      if (round >= warmup) out.floor.push(floor)
    }
    for (const c of round % 2 ? [...commands].reverse() : commands) {
      const r = await c.run()
      if (round < warmup) continue
      out.samples[c.key].push(...(Array.isArray(r.ms) ? r.ms : [r.ms]))
      if (r.cold !== undefined) (out.cold ??= []).push(r.cold)
      if (r.mb !== undefined) out.peakMb[c.key] = Math.max(out.peakMb[c.key], r.mb)
    }
  }
  allFloors.push(...out.floor)
  return out
}

// ---------------------------------------------------------------------------
// Measuring

/** Runs a command once with its output kept, to check it works before timing it. */
function check(c) {
  const r = spawnSync(c.argv[0], c.argv.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 })
  if (r.status === 0 && (!c.expect || c.expect.test(r.stdout))) return true
  const why = firstLine(r.stderr) || `exit ${r.status}`
  results.push({ key: c.key, label: c.label, status: 'n/a', note: why })
  console.log(`n/a  ${c.label}: ${why}`)
  return false
}

/** Wall time of one whole process, output discarded, in ms. */
function timeProcess(argv) {
  const start = process.hrtime.bigint()
  const r = spawnSync(argv[0], argv.slice(1), { env, stdio: 'ignore' })
  const elapsed = ms(start)
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`)
  return elapsed
}

/** Wall time and peak RSS (MB) of one process: under /usr/bin/time when there is one, else by polling /proc. */
async function timeWithMemory(argv) {
  const memFile = join(work, 'maxrss')
  const full = TIME ? [TIME, '-f', '%M', '-o', memFile, ...argv] : argv
  const start = process.hrtime.bigint()
  const child = spawn(full[0], full.slice(1), { env, stdio: 'ignore' })
  let peakKb = 0
  const poll = TIME
    ? undefined
    : setInterval(() => {
        const m = /VmHWM:\s+(\d+)/.exec(safeRead(`/proc/${child.pid}/status`))
        if (m) peakKb = Math.max(peakKb, Number(m[1]))
      }, 2)
  const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  const elapsed = ms(start)
  if (poll) clearInterval(poll)
  if (status !== 0) throw new Error(`${argv.join(' ')} exited ${status}`)
  if (TIME) peakKb = Number(readFileSync(memFile, 'utf8').trim().split('\n').pop())
  return { ms: elapsed, mb: peakKb / 1024 }
}

async function measureBig(key, label, argv, { before, expect, runs = BIG_RUNS }) {
  before?.()
  if (!check({ key, label, argv, expect })) return
  // The check run above was the warm-up (and, for repeated runs, filled the cache).
  const group = await rounds(
    [
      {
        key,
        run: async () => {
          before?.()
          return timeWithMemory(argv)
        },
      },
    ],
    0,
    runs,
    // Measured the same way as the command (under /usr/bin/time, when there is one).
    async () => (await timeWithMemory(FLOOR)).ms,
  )
  addResult(key, label, group, key)
}

/**
 * Time until the first question header ("1/N · …") of `quiz` is on screen,
 * with the CLI in a pseudo-terminal (util-linux `script`, else python3's pty;
 * the wrapper's own start-up is counted against the command).
 */
async function measureQuiz() {
  const label = 'quiz: first question on screen'
  const wrapper = ptyCommand([NODE, BIN, 'quiz'])
  if (!wrapper) {
    results.push({ key: 'quiz', label, status: 'n/a', note: 'no `script` nor python3 for a pseudo-terminal' })
    return
  }
  // This first run is stopped as a user stops a session (Ctrl+C), so that it exits normally and keeps
  // V8's code cache of its bundle, as every command's first run does (see src/load-bundle.ts); the
  // timed runs are then the start of a quiz after its first one, killed once the header is drawn.
  const first = await firstScreen(wrapper, { quit: true })
  if (typeof first !== 'number') {
    results.push({ key: 'quiz', label, status: 'n/a', note: first })
    console.log(`n/a  ${label}: ${first}`)
    return
  }
  const run = async () => {
    const r = await firstScreen(wrapper)
    if (typeof r !== 'number') throw new Error(`quiz stopped showing its first question: ${r}`)
    return { ms: r }
  }
  addResult('quiz', label, await rounds([{ key: 'quiz', run }], WARMUP, RUNS), 'quiz')
}

function ptyCommand(argv) {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  if (spawnSync('script', ['-qfec', 'true', '/dev/null'], { stdio: 'ignore' }).status === 0) return ['script', '-qfec', quoted, '/dev/null']
  if (spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0) {
    return ['python3', '-c', 'import pty, sys; pty.spawn(sys.argv[1:])', ...argv]
  }
  return undefined
}

/** Resolves with ms until the header appears, or with a reason string; with `quit`, once the quiz has exited after a Ctrl+C. */
function firstScreen(wrapper, { quit = false } = {}) {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint()
    const child = spawn(wrapper[0], wrapper.slice(1), { env: { ...env, TERM: 'xterm-256color', COLUMNS: '100', LINES: '40' }, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    let seen = ''
    let done = false
    let header
    const finish = (value) => {
      if (done) return
      done = true
      clearTimeout(timer)
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
      resolve(value)
    }
    const timer = setTimeout(
      () =>
        finish(
          header === undefined ? `no question header within 15 s; last output: ${firstLine(clean(seen).slice(-200)) || '(none)'}` : 'the quiz did not stop on Ctrl+C within 15 s',
        ),
      15_000,
    )
    const onData = (chunk) => {
      seen += chunk.toString('utf8')
      // The header of the first question: "1/N · topic · …".
      if (header !== undefined || !/(^|\s)1\/\d+\b.*·/m.test(clean(seen))) return
      header = ms(start)
      if (quit) child.stdin.write('\u0003')
      else finish(header)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', () => setTimeout(() => finish(header ?? `exited before the first question: ${firstLine(clean(seen)) || '(no output)'}`), 20))
  })
}

/**
 * Bundles a tiny probe from src/io/store.ts and src/core/progress.ts, seeds a
 * store with 10,000 questions' history, then, in rounds with the floor, has
 * the probe open the store and record answers as a quiz session does.
 */
/** Bundles scripts/bench/record-probe.ts once; undefined without esbuild. */
let probeFile
async function bundleProbe() {
  if (probeFile) return probeFile
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    return undefined
  }
  const dir = join(work, 'probe')
  mkdirSync(dir, { recursive: true })
  probeFile = join(dir, 'probe.mjs')
  esbuild.buildSync({
    entryPoints: [join(ROOT, 'scripts', 'bench', 'record-probe.ts')],
    outfile: probeFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    nodePaths: [join(ROOT, 'node_modules')],
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  })
  return probeFile
}

/** A month of history for the bundled bank in the bench's progress folder, for the `stats` row. */
async function seedMonth() {
  const probe = await bundleProbe()
  if (!probe) return
  const list = spawnSync(NODE, [BIN, 'list', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
  const ids = join(work, 'bundled-ids.json')
  writeFileSync(ids, list.stdout)
  const r = spawnSync(NODE, [probe, 'month', env.DJANGO_DRILL_HOME, ids], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`seeding a month of history failed: ${r.stderr}`)
}

async function measureRecord() {
  const label = 'record one answer (10k-question history)'
  const dir = join(work, 'record')
  mkdirSync(dir, { recursive: true })
  const out = await bundleProbe()
  if (!out) {
    results.push({ key: 'record', label, status: 'n/a', note: 'esbuild is not installed (npm install)' })
    return
  }
  const store = join(dir, 'store')
  const probe = (mode) => {
    const r = spawnSync(NODE, [out, mode, store], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
    if (r.status !== 0) throw new Error(`the recording probe failed: ${r.stderr}`)
    return JSON.parse(r.stdout)
  }
  const seeded = probe('seed')
  if (seeded.questions !== 10_000) throw new Error(`the recording probe kept ${seeded.questions} questions, not 10,000`)
  const note = `store file ${(seeded.bytes / 1024 / 1024).toFixed(2)} MB`
  const group = await rounds(
    [
      {
        key: 'record',
        run: async () => {
          const r = probe('measure')
          return { ms: r.warm, cold: r.cold }
        },
      },
    ],
    1,
    RUNS,
  )
  // The target is the answer as a session records it; opening the store (a
  // full read of the file) is paid once, before the first question.
  addResult('record', label, group, 'record', note)
  addResult('recordCold', 'record one answer, opening the store first', { ...group, samples: { cold: group.cold } }, 'cold', note)
}

function addResult(key, label, group, sampleKey, note) {
  const samples = group.samples[sampleKey]
  const peakMb = group.peakMb[sampleKey] || undefined
  const med = median(samples)
  const floor = median(group.floor)
  const ratio = med / floor
  const target = TARGETS[key]
  const memOk = peakMb === undefined || peakMb < MEMORY_TARGET_MB
  const status = target === undefined ? (memOk ? '' : 'MISS') : ratio <= target && memOk ? 'ok' : 'MISS'
  const row = {
    key,
    label,
    runs: samples.length,
    medianMs: round(med),
    minMs: round(Math.min(...samples)),
    maxMs: round(Math.max(...samples)),
    floorMs: round(floor),
    ratio: round(ratio, 2),
    ...(target === undefined ? {} : { target }),
    ...(peakMb === undefined ? {} : { peakMb: round(peakMb, 1) }),
    status,
    ...(note ? { note } : {}),
  }
  results.push(row)
  console.log(
    `${pad(label, 44)} ${pad(row.medianMs.toFixed(1), 8, true)} ms  ${pad(`${row.ratio.toFixed(2)}x`, 7, true)}  (floor ${row.floorMs.toFixed(1)} ms)${peakMb === undefined ? '' : `  ${row.peakMb} MB`}`,
  )
}

// ---------------------------------------------------------------------------
// Reporting

function report() {
  const outFile = args.out ?? join(ROOT, 'bench-results', 'latest.json')
  const previous = existsSync(outFile) ? safeJson(readFileSync(outFile, 'utf8')) : undefined
  const before = new Map((previous?.results ?? []).map((r) => [r.key, r]))
  const rows = results.map((r) => {
    const prev = before.get(r.key)
    return [
      r.label,
      r.status === 'n/a' ? 'n/a' : `${r.medianMs.toFixed(1)} ms`,
      r.status === 'n/a' ? '' : `${r.ratio.toFixed(2)}x`,
      r.target === undefined ? '' : `≤ ${r.target}x`,
      r.peakMb === undefined ? '' : `${r.peakMb} MB`,
      r.status === 'n/a' ? `n/a (${r.note})` : r.status,
      prev && prev.ratio !== undefined && r.ratio !== undefined ? `${prev.ratio.toFixed(2)}x` : '',
    ]
  })
  rows.unshift([`floor: node -e '' (${allFloors.length} runs)`, `${median(allFloors).toFixed(1)} ms`, '1.00x', '', '', '', ''])
  const header = ['command', 'median', 'vs floor', 'target', 'peak RSS', 'result', 'previous']
  console.log(`\n${table([header, ...rows])}`)
  console.log(`\nPeak memory target on the 10k and 50k banks: under ${MEMORY_TARGET_MB} MB.${TIME ? '' : ' (peak RSS sampled from /proc: /usr/bin/time is missing)'}`)
  const missed = results.filter((r) => r.status === 'MISS')
  const na = results.filter((r) => r.status === 'n/a')
  console.log(missed.length === 0 ? `Every measured target met${na.length ? ` (${na.length} n/a)` : ''}.` : `Missed: ${missed.map((r) => r.label).join('; ')}`)

  const json = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    runs: RUNS,
    warmup: WARMUP,
    bigRuns: BIG_RUNS,
    floorMs: round(median(allFloors)),
    memoryTargetMb: MEMORY_TARGET_MB,
    results,
  }
  if (args.only !== undefined && !args.out) {
    console.log('A partial run (--only): figures not written.')
  } else {
    mkdirSync(dirname(outFile), { recursive: true })
    if (previous && !args.out) writeFileSync(join(dirname(outFile), 'previous.json'), `${JSON.stringify(previous, null, 2)}\n`)
    writeFileSync(outFile, `${JSON.stringify(json, null, 2)}\n`)
    console.log(`Figures written to ${outFile}${previous && !args.out ? ' (the run before is in previous.json)' : ''}.`)
  }
  if (missed.length > 0) process.exitCode = 1
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r) =>
    r
      .map((cell, i) => (i === 0 || i === 5 ? pad(cell, widths[i]) : pad(cell, widths[i], true)))
      .join('  ')
      .trimEnd()
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}

// ---------------------------------------------------------------------------
// The generated bank: 10,000 valid questions of realistic size (~3 KB, like
// the bundled ones), all nine types, in topic folders, deterministic.

const TOPICS = ['orm', 'models', 'views', 'templates', 'forms', 'security', 'testing', 'caching', 'async', 'drf', 'admin', 'deployment']
const WORDS = `queryset model view template form middleware request response session cache signal migration field manager
transaction database index query join lookup filter annotate aggregate prefetch select related foreign key
serializer permission authentication token csrf cookie header redirect url pattern reverse namespace static media
test client fixture factory mock async await task worker celery channel websocket settings environment deploy
admin inline action list display search ordering pagination throttling versioning router viewset mixin generic`
  .split(/\s+/)
  .filter(Boolean)

function generateBank(dir, count) {
  const rng = mulberry32(42)
  const pick = (list) => list[Math.floor(rng() * list.length)]
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ')
  const sentence = (n) => {
    const s = words(n)
    return `${s[0].toUpperCase()}${s.slice(1)}.`
  }
  const paragraph = (sentences) => Array.from({ length: sentences }, () => sentence(8 + Math.floor(rng() * 10))).join(' ')
  const wrap = (text) => text.replace(/(.{1,78})(\s+|$)/g, '$1\n').trimEnd()
  const yamlList = (items) => items.map((i) => `  - ${JSON.stringify(i)}`).join('\n')
  const id = (i) => `gen-${String(i).padStart(5, '0')}`

  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'bank.yml'),
    `id: bench\ntitle: Generated benchmark bank\ntopics:\n${TOPICS.map((t) => `  - id: ${t}\n    title: ${t[0].toUpperCase()}${t.slice(1)}`).join('\n')}\n`,
  )
  for (const t of TOPICS) mkdirSync(join(dir, t))
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length]
    const type = ['open', 'open', 'choice', 'multi', 'short', 'order', 'cloze', 'bug', 'count', 'output'][i % 10]
    let code = ''
    const related = i > 0 && rng() < 0.4 ? `related: [${id(Math.floor(rng() * i))}]\n` : ''
    let fields = ''
    if (type === 'open') {
      fields = `key_points:\n${yamlList(Array.from({ length: 3 + Math.floor(rng() * 3) }, () => words(8 + Math.floor(rng() * 8))))}\n`
    } else if (type === 'choice') {
      fields = `answer: ${JSON.stringify(`${words(6)} (right)`)}\ndistractors:\n${yamlList([1, 2, 3].map((n) => `${words(6)} (wrong ${n})`))}\n`
    } else if (type === 'multi') {
      fields = `answer:\n${yamlList([1, 2].map((n) => `${words(5)} (right ${n})`))}\ndistractors:\n${yamlList([1, 2, 3].map((n) => `${words(5)} (wrong ${n})`))}\n`
    } else if (type === 'short') {
      const answer = pick(WORDS)
      fields = `answer: ${JSON.stringify(`${answer}_${i}`)}\naccept: [${JSON.stringify(`${answer} ${i}`)}]\n`
    } else if (type === 'order') {
      fields = `items:\n${yamlList([1, 2, 3, 4, 5].map((n) => `${words(5)} (step ${n})`))}\n`
    } else if (type === 'cloze') {
      code = `\n\n\`\`\`python\n${pick(WORDS)}s = Model.objects.[[1]](${pick(WORDS)}=True)\nfor item in ${pick(WORDS)}s.[[2]]("${pick(WORDS)}"):\n    print(item)\n\`\`\``
      fields = `gaps:\n  - filter\n  - [select_related, prefetch_related]\n`
    } else if (type === 'bug') {
      code = `\n\n\`\`\`python\n${pick(WORDS)}s = Model.objects.all()\nfor item in ${pick(WORDS)}s:\n    print(item.${pick(WORDS)}.name)\n\`\`\``
      fields = `answer: ${1 + (i % 3)}\nfix: ${JSON.stringify(`${pick(WORDS)}s = Model.objects.select_related("${pick(WORDS)}")`)}\n`
    } else if (type === 'count') {
      code = `\n\n\`\`\`python\nfor item in Model.objects.all():\n    print(item.${pick(WORDS)})\n\`\`\``
      fields = `answer: ${i % 50}\n`
    } else {
      code = `\n\n\`\`\`python\nprint(Model.objects.exists())\nprint(Model.objects.count())\n\`\`\``
      fields = `answer: |\n  False\n  ${i % 7}\n`
    }
    const text = `---
id: ${id(i)}
title: ${JSON.stringify(`${sentence(6 + Math.floor(rng() * 6)).slice(0, -1)}?`)}
topic: ${topic}
difficulty: ${['beginner', 'intermediate', 'advanced'][i % 3]}
type: ${type}
tags: [${[pick(WORDS), pick(WORDS)].join(', ')}]
summary: >-
  ${sentence(14).slice(0, 150)}
${fields}references:
  - https://docs.djangoproject.com/en/6.1/topics/${topic}/#${pick(WORDS)}
  - https://docs.djangoproject.com/en/6.1/ref/${pick(WORDS)}/
${related}---

${wrap(paragraph(3 + Math.floor(rng() * 3)))}${code}

## Answer

${wrap(paragraph(4 + Math.floor(rng() * 4)))}

\`\`\`python
class ${pick(WORDS)[0].toUpperCase()}View${i}(View):
    def get(self, request, *args, **kwargs):
        ${pick(WORDS)}s = Model.objects.filter(${pick(WORDS)}=True).select_related("${pick(WORDS)}")
        return render(request, "${topic}/${pick(WORDS)}.html", {"items": ${pick(WORDS)}s})
\`\`\`

${wrap(paragraph(4 + Math.floor(rng() * 5)))}

**Common mistake:** ${wrap(paragraph(2))}
`
    bytes += Buffer.byteLength(text)
    writeFileSync(join(dir, topic, `${id(i)}.md`), text)
  }
  return { files: count, bytes }
}

// ---------------------------------------------------------------------------
// Small helpers

function mulberry32(seed) {
  let a = seed
  return () => {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function parseArgs(argv) {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      'big-runs': { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      'make-bank': { type: 'string' },
      size: { type: 'string' },
    },
  })
  if (values.help) {
    console.log(`usage: node scripts/bench.mjs [--runs N] [--warmup N] [--big-runs N] [--out FILE] [--keep] [--only ${GROUPS.join(',')}]`)
    console.log('       node scripts/bench.mjs --make-bank DIR --size N')
    process.exit(0)
  }
  const count = (name) => {
    const v = values[name]
    if (v === undefined) return undefined
    if (!/^\d+$/.test(v)) throw new Error(`--${name} takes a whole number`)
    return Number(v)
  }
  const only = values.only?.split(',').map((g) => g.trim())
  const unknown = only?.filter((g) => !GROUPS.includes(g)) ?? []
  if (unknown.length) throw new Error(`--only takes groups from ${GROUPS.join(', ')}; not ${unknown.join(', ')}`)
  return { runs: count('runs'), warmup: count('warmup'), bigRuns: count('big-runs'), out: values.out, keep: values.keep, only, makeBank: values['make-bank'], size: count('size') }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits
const pad = (s, w, right = false) => (right ? String(s).padStart(w) : String(s).padEnd(w))
const firstLine = (s) =>
  (s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? ''
const clean = (s) =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\][^\u0007]*\u0007/g, '')
    .replace(/\r/g, '')
const safeRead = (p) => {
  try {
    return readFileSync(p, 'utf8')
  } catch {
    return ''
  }
}
const safeJson = (s) => {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}

// Run last: the helpers above are `const`s and must be initialised first.
try {
  if (args.makeBank !== undefined) {
    const { files, bytes } = generateBank(args.makeBank, args.size ?? 10_000)
    console.log(`${args.makeBank}: ${files} question files, ${(bytes / 1024 / 1024).toFixed(1)} MB`)
  } else await main()
} catch (error) {
  console.error(error instanceof Error ? error.stack : error)
  process.exitCode = 1
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true })
  else console.log(`kept ${work}`)
}
