// The fast front-matter reader must mean exactly what js-yaml means, or step
// aside (undefined) so that js-yaml reads the file.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import matter from 'gray-matter'
import { describe, expect, it } from 'vitest'
import { readPlainYaml } from '../src/core/yaml-lite.ts'

const jsYaml = (text: string): unknown => (matter as unknown as { engines: { yaml: { parse(t: string): unknown } } }).engines.yaml.parse(text)

/** What js-yaml gives, or the error it throws. */
const reference = (yaml: string): { value: unknown } | { error: string } => {
  try {
    return { value: jsYaml(yaml) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** Reads `yaml` both ways: when the fast reader gives a value, it is js-yaml's, keys in the same order. */
function agree(yaml: string): boolean {
  const lite = readPlainYaml(yaml)
  if (lite === undefined) return false
  const ref = reference(yaml)
  expect(ref, `js-yaml refuses what the fast reader accepted:\n${yaml}`).toHaveProperty('value')
  const value = (ref as { value: Record<string, unknown> }).value
  expect(lite, JSON.stringify(yaml)).toStrictEqual(value)
  expect(Object.keys(lite)).toEqual(Object.keys(value))
  return true
}

/** The front matter of a question file as the parser hands it over: from the newline after the opening fence. */
const frontMatter = (text: string): string => {
  const start = text.indexOf('\n')
  return text.slice(start, text.indexOf('\n---', start))
}

function questionFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...questionFiles(path))
    else if (name.endsWith('.md') && name !== 'README.md') out.push(path)
  }
  return out
}

const bundled = questionFiles(join(import.meta.dirname, '..', 'questions')).map((path) => frontMatter(readFileSync(path, 'utf8').replace(/\r\n?/g, '\n')))

describe('readPlainYaml', () => {
  it('reads the plain shapes question files use, as js-yaml does', () => {
    const cases = [
      '\nid: orm-n-plus-one\ntitle: What is the N+1 problem?\ntopic: orm',
      "\ntitle: \"Quoted: with a colon # and a hash\"\nsummary: 'It''s single-quoted'",
      '\ntags: [orm, performance, "quoted", \'single\']\nempty: []\ncovers: [ S1 ]',
      '\nkey_points:\n  - first point\n  - "second: quoted"\n  - third, with a comma\nreferences:\n  - https://docs.djangoproject.com/en/5.2/ref/models/querysets/#select-related',
      '\nsummary: >-\n  Folded over\n  two lines.\n\n  A new paragraph.\nnext: x',
      '\nanswer: |\n  False\n  3\n\n  after a blank line\n\n\nnext: 1',
      '\nsummary: >\n  clipped\n  fold\n# a comment line\nanswer: 42\nnothing:\n',
      '\nnote: a plain value with "quotes" and [brackets] inside\nurl: https://example.com/a:b',
      '\nfix: "x = Model.objects.get(name=\\"a\\\\b\\")"\ngaps:\n  - filter\n  - [select_related, prefetch_related]',
    ]
    for (const yaml of cases) expect(agree(yaml), yaml).toBe(true)
  })

  it('steps aside for everything else, which js-yaml then reads or refuses', () => {
    const cases = [
      '\nn: 0123', // octal in js-yaml 3
      '\nt: 1:30', // sexagesimal
      '\nd: 2024-01-01',
      '\nb: true',
      '\nz: null',
      '\nf: 1.5',
      '\nneg: -1',
      '\na: &x value\nb: *x',
      '\ns: !!str 12',
      '\ne: "escaped \\x1b"',
      '\nm:\n  nested: mapping',
      '\np: plain\n  continued',
      '\nq: "two\n  lines"',
      '\ndup: 1\ndup: 2',
      '\n__proto__: x',
      '\nk: v # comment',
      '\nbad: a: b',
      '\ntab:\tx',
      '\nkeep: |+\n  x\n',
      '\nmore: >\n  a\n    indented\n  b',
      '\nlead: |\n\n  x',
      '\nlead: |-\n    \n\n      x', // a first line of spaces only: js-yaml takes the indent from the first line with text
      '\nlist:\n- at indent zero',
      '\nlist:\n  - a\n  # comment\n  - b',
      '\nflow: [a, [b]]',
      '\nflow: ["quoted, with a comma"]',
      '\nflow: [a,\n  b]',
      '\n  indented: key',
      '\nkey : spaced',
      '\n"quoted": key',
      '\n? complex',
      '\nctl: "\u0007"',
    ]
    for (const yaml of cases) expect(readPlainYaml(yaml), yaml).toBeUndefined()
  })

  it('agrees with js-yaml on every bundled question, and reads most of them itself', () => {
    let read = 0
    for (const yaml of bundled) if (agree(yaml)) read++
    expect(bundled.length).toBeGreaterThan(100)
    expect(read / bundled.length).toBeGreaterThan(0.5)
  })

  it('agrees with js-yaml on mutated front matter, or steps aside', () => {
    // Deterministic: the same mutations every run.
    let seed = 7
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
    const pieces = [
      ':',
      ': ',
      ' #',
      '#',
      '"',
      "'",
      "''",
      '-',
      '- ',
      '[',
      ']',
      ',',
      '\n',
      '\n  ',
      '\n\n',
      '|',
      '>',
      '>-',
      '0',
      '12',
      'null',
      'true',
      '&a',
      '*a',
      '!',
      '{',
      '}',
      ' ',
      '  ',
      '\\',
      'é',
      '~',
      '?',
      '%',
      '@',
      '`',
      '.5',
      '1e3',
      '0x1',
      '2024-01-01',
    ]
    let read = 0
    let total = 0
    for (const yaml of bundled.slice(0, 120)) {
      for (let n = 0; n < 25; n++) {
        let text = yaml
        for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
          const at = Math.floor(random() * text.length)
          const piece = pieces[Math.floor(random() * pieces.length)]!
          text = random() < 0.2 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4)) : text.slice(0, at) + piece + text.slice(at)
        }
        total++
        if (agree(text)) read++
      }
    }
    // Many mutations keep the plain shape: the comparison above has real cases to check.
    expect(read).toBeGreaterThan(total / 5)
  })
})
