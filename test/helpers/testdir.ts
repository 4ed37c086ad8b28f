import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { onTestFinished } from 'vitest'

/** Creates a temporary folder holding `files` (path → content) and removes it after the test. */
export function testdir(files: Record<string, string | Buffer> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'drill-test-'))
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path)
    mkdirSync(dirname(full), { recursive: true })
    writeFileSync(full, content)
  }
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  return root
}

export const MANIFEST = `id: sample
title: Sample bank
topics:
  - id: orm
    title: ORM
  - id: security
    title: Security
`

/** A valid question file; `fields` replaces or adds front-matter lines, `body` the markdown. */
export function questionFile(fields: Record<string, string | null> = {}, body?: string): string {
  const base: Record<string, string | null> = {
    id: 'orm-sample',
    title: 'A sample question',
    topic: 'orm',
    difficulty: 'beginner',
    type: 'open',
    summary: 'A one-line summary.',
    key_points: '\n  - first point\n  - second point',
    references: '\n  - https://docs.djangoproject.com/en/6.1/topics/db/queries/',
    ...fields,
  }
  const lines = Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}:${v!.startsWith('\n') ? '' : ' '}${v}`)
  return `---\n${lines.join('\n')}\n---\n\n${body ?? 'What is it?\n\n## Answer\n\nIt is a sample.\n'}`
}

/** Gives every file and folder below `dir`, `dir` too, a time `secondsAgo` in the past (folders last: writing a file changes its folder's time). */
export function ageTree(dir: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000)
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name)
      if (statSync(path).isDirectory()) walk(path)
      else utimesSync(path, when, when)
    }
    utimesSync(folder, when, when)
  }
  walk(dir)
}
