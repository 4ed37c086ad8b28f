// The HTML cheat sheet in a real browser: Debian's chromium, headless.
// Locally the test is skipped when chromium is missing; in CI (.ci/run installs it) it must run.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cheatsheet } from '../src/commands/cheatsheet.ts'
import { loadBank } from '../src/io/bank.ts'
import { ROOT } from './helpers/bin.ts'
import { memoryRuntime } from './helpers/runtime.ts'
import { testdir } from './helpers/testdir.ts'

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
const BUNDLED = join(ROOT, 'questions')

if (!CHROMIUM && !process.env['CI']) {
  console.warn('cheatsheet-browser: skipped, chromium is not installed (apt-get install chromium); in CI this test runs.')
}

/** Runs headless chromium on `args` with a throwaway profile and no network chatter. */
function chromium(args: string[], profile: string) {
  if (!CHROMIUM) throw new Error('chromium is not installed: .ci/run installs it with apt-get (apt-get install --no-install-recommends chromium)')
  const result = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  )
  if (result.error) throw result.error
  return result
}

/** The bundled bank's cheat sheet written by the command itself, as a user would with --output. */
async function writeSheet(dir: string, args: { detail?: boolean } = {}): Promise<string> {
  const runtime = memoryRuntime({ cwd: dir, bundledBank: BUNDLED })
  await cheatsheet({ format: 'html', output: 'sheet.html', ...args }, runtime)
  return join(dir, 'sheet.html')
}

describe.skipIf(!CHROMIUM && !process.env['CI'])('the HTML cheat sheet in headless chromium', () => {
  const bank = loadBank(BUNDLED)

  it('renders every topic and every question of the bundled bank', { timeout: 120_000 }, async () => {
    const dir = testdir()
    const file = await writeSheet(dir, { detail: true })
    const result = chromium(['--dump-dom', pathToFileURL(file).href], join(dir, 'profile'))
    expect(result.status, result.stderr).toBe(0)
    const dom = result.stdout
    // The DOM as the browser built it: every topic a section with its heading, every question an entry.
    const headings = [...dom.matchAll(/<h2>([^<]*)<span class="n">/g)].map((m) => m[1]!.trim())
    expect(headings).toEqual(bank.manifest.topics.filter((t) => bank.questions.some((q) => q.topic === t.id)).map((t) => t.title.replace(/&/g, '&amp;')))
    expect(headings).toHaveLength(bank.manifest.topics.length)
    expect(dom.match(/<article class="entry">/g)).toHaveLength(bank.questions.length)
    // Nothing was added or run: no script element in the live DOM.
    expect(dom).not.toMatch(/<script/i)
  })

  it('prints to PDF as at least one page', { timeout: 120_000 }, async () => {
    const dir = testdir()
    const file = await writeSheet(dir)
    const pdf = join(dir, 'sheet.pdf')
    const result = chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(file).href], join(dir, 'profile'))
    expect(result.status, result.stderr).toBe(0)
    const bytes = readFileSync(pdf).toString('latin1')
    expect(bytes.startsWith('%PDF-')).toBe(true)
    // Page objects, not the /Pages tree node.
    const pages = bytes.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []
    expect(pages.length).toBeGreaterThanOrEqual(1)
    expect(readFileSync(file, 'utf8')).not.toMatch(/<script/i)
  })
  // The print layout (two columns, small type) shown on screen at A4 width, with a
  // script added to the copy that measures, in the browser's own layout, whether
  // any identifier in a code line is split across lines and whether every link
  // shows its whole address.
  it('on paper, code keeps identifiers whole and links are printed whole', { timeout: 120_000 }, async () => {
    const dir = testdir()
    const file = await writeSheet(dir, { detail: true })
    const probe = `<script>
addEventListener('load', () => {
  const split = []
  for (const line of document.querySelectorAll('pre .ln')) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        const range = document.createRange()
        range.setStart(node, m.index)
        range.setEnd(node, m.index + m[0].length)
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
        if (tops.size > 1) split.push(m[0])
      }
    }
  }
  const links = [...document.querySelectorAll('.refs a')]
  const cut = links.filter((a) => a.textContent !== a.getAttribute('href').replace(/^https?:\\/\\//, '')).map((a) => a.textContent)
  const out = document.createElement('pre')
  out.id = 'probe'
  out.textContent = JSON.stringify({ lines: document.querySelectorAll('pre .ln').length, links: links.length, split, cut })
  document.body.append(out)
})
</script>`
    const html = readFileSync(file, 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace('@media print{', '@media all{')
      .replace('</body>', `${probe}\n</body>`)
    const copy = join(dir, 'print.html')
    writeFileSync(copy, html)
    const result = chromium(['--window-size=794,1123', '--virtual-time-budget=10000', '--dump-dom', pathToFileURL(copy).href], join(dir, 'profile'))
    expect(result.status, result.stderr).toBe(0)
    const found = /<pre id="probe">([^<]*)<\/pre>/.exec(result.stdout)
    expect(found, 'the probe ran').not.toBeNull()
    const report = JSON.parse(
      found![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    ) as { lines: number; links: number; split: string[]; cut: string[] }
    expect(report.lines).toBeGreaterThan(100)
    expect(report.links).toBeGreaterThan(100)
    expect(report.split).toEqual([])
    expect(report.cut).toEqual([])
  })
})
