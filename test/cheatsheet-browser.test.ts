// The HTML cheat sheet in a real browser: Debian's chromium, headless.
// Locally the test is skipped when chromium is missing; in CI (.ci/run installs it) it must run.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
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
})
