import { describe, expect, it } from 'vitest'
import { normalise, parseManifest, parseQuestion } from '../src/core/parse.ts'
import { questionFile } from './helpers/testdir.ts'

const context = { bank: 'sample', topics: new Set(['orm', 'security']) }
const parse = (fields: Record<string, string | null> = {}, body?: string) => parseQuestion(questionFile(fields, body), 'q.md', context)
const errors = (result: ReturnType<typeof parse>) => result.problems.filter((p) => p.severity === 'error').map((p) => `${p.field}: ${p.reason}`)
const warnings = (result: ReturnType<typeof parse>) => result.problems.filter((p) => p.severity === 'warning').map((p) => `${p.field}: ${p.reason}`)

describe('parseQuestion: a valid file', () => {
  it('returns a typed open question with no problems', () => {
    const result = parse({ tags: '[queryset, performance]', covers: '[S31]', django: '">=5.2"', related: '[orm-other]' })
    expect(result.problems).toEqual([])
    expect(result.question).toMatchObject({
      bank: 'sample',
      id: 'orm-sample',
      type: 'open',
      topic: 'orm',
      difficulty: 'beginner',
      tags: ['queryset', 'performance'],
      keyPoints: ['first point', 'second point'],
      covers: ['S31'],
      django: '>=5.2',
      related: ['orm-other'],
      prompt: 'What is it?',
      explanation: 'It is a sample.',
      file: 'q.md',
    })
  })

  it('defaults type to open', () => {
    expect(parse({ type: null }).question?.type).toBe('open')
  })

  it('reads choice, multi and short questions', () => {
    const choice = parse({ type: 'choice', key_points: null, answer: '"right"', distractors: '\n  - "wrong one"\n  - "wrong two"' })
    expect(choice.question).toMatchObject({ type: 'choice', answer: 'right', distractors: ['wrong one', 'wrong two'] })
    const multi = parse({ type: 'multi', key_points: null, answer: '[a, b]', distractors: '[c]' })
    expect(multi.question).toMatchObject({ type: 'multi', answer: ['a', 'b'], distractors: ['c'] })
    const short = parse({ type: 'short', key_points: null, answer: 'collectstatic', accept: '["manage.py collectstatic"]' })
    expect(short.question).toMatchObject({ type: 'short', answer: 'collectstatic', accept: ['manage.py collectstatic'] })
  })

  it('accepts a ---yaml fence, CRLF line ends and a BOM', () => {
    const source =
      '\uFEFF' +
      questionFile()
        .replace(/^---\n/, '---yaml\n')
        .replace(/\n/g, '\r\n')
    const result = parseQuestion(source, 'q.md', context)
    expect(result.problems).toEqual([])
    expect(result.question?.explanation).toBe('It is a sample.')
  })
})

describe('parseQuestion: every rule of the contract', () => {
  // prettier-ignore
  const cases: [string, Record<string, string | null>, string][] = [
    ['missing id',                 { id: null },                           'id: is required'],
    ['id with capitals',           { id: 'ORM-Sample' },                   'id: "ORM-Sample" must be lowercase'],
    ['id with double hyphen',      { id: 'orm--sample' },                  'id: "orm--sample" must be lowercase'],
    ['id over 64 characters',      { id: 'a'.repeat(65) },                 'id: must be at most 64 characters, has 65'],
    ['id parsed as a number',      { id: '0123' },                         'id: must be a string, got number 83 (quote the value'],
    ['missing title',              { title: null },                        'title: is required'],
    ['empty title',                { title: '""' },                        'title: must not be empty'],
    ['missing topic',              { topic: null },                        'topic: is required'],
    ['topic not in bank.yml',      { topic: 'views' },                     'topic: "views" is not listed in bank.yml'],
    ['missing difficulty',         { difficulty: null },                   'difficulty: is required'],
    ['unknown difficulty',         { difficulty: 'expert' },               'difficulty: "expert" must be one of beginner, intermediate, advanced'],
    ['unknown type',               { type: 'essay' },                      'type: "essay" must be one of open, choice, multi, short'],
    ['missing summary',            { summary: null },                      'summary: is required'],
    ['summary over 200 chars',     { summary: 'x'.repeat(201) },           'summary: must be at most 200 characters, has 201'],
    ['summary parsed as a time',   { summary: '1:30' },                    'summary: must be a string, got number 90'],
    ['missing references',         { references: null },                   'references: is required'],
    ['empty references',           { references: '[]' },                   'references: must list at least one'],
    ['reference not https',        { references: '["http://example.com"]' }, 'references: "http://example.com" must be an https:// link'],
    ['reference not a list',       { references: 'https://x.org' },        'references: must be a list of strings'],
    ['open without key_points',    { key_points: null },                   'key_points: is required'],
    ['open with one key point',    { key_points: '[only]' },               'key_points: an open question needs 2 to 6 key points, has 1'],
    ['open with seven key points', { key_points: '[a, b, c, d, e, f, g]' }, 'key_points: an open question needs 2 to 6 key points, has 7'],
    ['tags not a list',            { tags: 'orm' },                        'tags: must be a list of strings'],
    ['tag that is a number',       { tags: '[1]' },                        'tags: item 1 must be a non-empty string'],
    ['choice without answer',      { type: 'choice', distractors: '[a, b]' }, 'answer: is required'],
    ['choice with one distractor', { type: 'choice', answer: 'a', distractors: '[b]' }, 'distractors: a choice question needs 2 to 5 distractors, has 1'],
    ['choice with six distractors', { type: 'choice', answer: 'a', distractors: '[b, c, d, e, f, g]' }, 'distractors: a choice question needs 2 to 5 distractors, has 6'],
    ['choice answer a list',       { type: 'choice', answer: '[a]', distractors: '[b, c]' }, 'answer: must be a string, got a list'],
    ['answer among distractors',   { type: 'choice', answer: 'Same', distractors: '[same, other]' }, 'distractors: "same" is also a correct answer'],
    ['multi with one answer',      { type: 'multi', answer: '[a]', distractors: '[b]' }, 'answer: a multi question needs at least 2 correct answers, has 1'],
    ['multi without distractors',  { type: 'multi', answer: '[a, b]' },    'distractors: is required'],
    ['multi answer among distractors', { type: 'multi', answer: '[a, b]', distractors: '[b]' }, 'distractors: "b" is also a correct answer'],
    ['short without answer',       { type: 'short' },                      'answer: is required'],
    ['short accept not a list',    { type: 'short', answer: 'a', accept: 'b' }, 'accept: must be a list of strings'],
    ['django not a string',        { django: '5.2' },                      'django: must be a string, got number 5.2'],
  ]
  it.each(cases)('%s', (_name, fields, expected) => {
    const result = parse(fields)
    expect(result.question).toBeUndefined()
    expect(errors(result).join('\n')).toContain(expected)
  })

  it('requires a ## Answer section', () => {
    const result = parse({}, 'Just a question, no answer.\n')
    expect(errors(result)).toEqual(['body: must contain a "## Answer" heading followed by the model answer'])
  })

  it('rejects an empty ## Answer section', () => {
    expect(errors(parse({}, 'Q?\n\n## Answer\n\n'))).toEqual(['body: the "## Answer" section is empty'])
  })

  it('gives the line of the field at fault', () => {
    const result = parse({ difficulty: 'expert' })
    // ---, id, title, topic, difficulty: line 5
    expect(result.problems[0]).toMatchObject({ file: 'q.md', line: 5, field: 'difficulty' })
  })

  it('gives the line of a YAML syntax error', () => {
    const result = parseQuestion('---\nid: a\ntitle: [unclosed\ntopic: orm\n---\n', 'q.md', context)
    expect(result.problems[0]).toMatchObject({ field: 'front matter', severity: 'error' })
    expect(result.problems[0]!.reason).toMatch(/^invalid YAML/)
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(3)
  })

  it('warns about unknown fields but keeps the question', () => {
    const result = parse({ author: 'me' })
    expect(result.question).toBeDefined()
    expect(warnings(result)).toEqual(['author: is not a known field and is ignored'])
  })

  it('warns about answer fields on an open question', () => {
    expect(warnings(parse({ answer: 'x' }))).toEqual(['answer: is ignored for open questions; put the model answer under "## Answer"'])
  })

  it('requires front matter', () => {
    expect(errors(parseQuestion('# Just markdown\n', 'q.md', context))).toEqual(['front matter: the file must start with a "---" line opening YAML front matter'])
  })

  it('requires the front matter to be closed', () => {
    expect(errors(parseQuestion('---\nid: a\n', 'q.md', context))).toEqual(['front matter: the front matter is never closed with a "---" line'])
  })

  it('requires the front matter to be a mapping', () => {
    expect(errors(parseQuestion('---\n- a\n- b\n---\nQ\n## Answer\nA\n', 'q.md', context))).toEqual(['front matter: the front matter must be a YAML mapping of fields'])
  })

  it.each(['js', 'javascript', 'coffee', 'json', 'toml', 'JS', 'anything'])('refuses a ---%s fence without evaluating it', (lang) => {
    const source = `---${lang}\n{ id: (globalThis.__drillPwned = 1, "x") }\n---\nQ\n## Answer\nA\n`
    const result = parseQuestion(source, 'q.md', context)
    expect(result.question).toBeUndefined()
    expect(errors(result)[0]).toContain('front matter must be YAML')
    expect((globalThis as Record<string, unknown>)['__drillPwned']).toBeUndefined()
  })

  it('does not let a failed parse poison a later one (no gray-matter cache)', () => {
    const bad = '---\nid: [\n---\nQ\n## Answer\nA\n'
    expect(parseQuestion(bad, 'a.md', context).question).toBeUndefined()
    expect(errors(parseQuestion(bad, 'b.md', context))[0]).toMatch(/invalid YAML/)
  })

  it('escapes a control character made by a YAML escape, even when the file itself has none', () => {
    const result = parse({ title: '"Evil \\e[2J title"', summary: '"Bidi \\u202e here"' })
    expect(result.question?.title).toBe('Evil \\x1b[2J title')
    expect(result.question?.summary).toBe('Bidi \\u202e here')
    expect(warnings(result)).toEqual(
      expect.arrayContaining(['title: contains control characters; they are shown escaped', expect.stringMatching(/^summary: contains invisible or bidi-control characters/)]),
    )
  })

  it('escapes control characters in every text it keeps, with a warning', () => {
    const result = parse({ title: '"Evil \\e[2J title"' }, 'Body \u001b]0;pwned\u0007 here\n\n## Answer\n\nAnswer \u009b31m text\n')
    expect(result.question?.title).toBe('Evil \\x1b[2J title')
    expect(result.question?.prompt).toBe('Body \\x1b]0;pwned\\x07 here')
    expect(result.question?.explanation).toBe('Answer \\x9b31m text')
    // eslint-disable-next-line no-control-regex
    expect(JSON.stringify(result.question)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(warnings(result)).toEqual(expect.arrayContaining(['title: contains control characters; they are shown escaped']))
  })

  it('keeps tabs and newlines', () => {
    const result = parse({}, 'Line one\n\tindented\n\n## Answer\n\nA\n')
    expect(result.question?.prompt).toBe('Line one\n\tindented')
  })

  it('accepts any topic when the manifest is unusable', () => {
    const result = parseQuestion(questionFile({ topic: 'anything' }), 'q.md', { bank: 'x' })
    expect(result.problems).toEqual([])
  })
})

describe('parseManifest', () => {
  it('reads id, title, targets and topics in order', () => {
    const result = parseManifest('id: django\ntitle: Django\ntargets: "6.1"\ntopics:\n  - id: orm\n    title: ORM\n  - id: views\n    title: Views\n', 'bank.yml')
    expect(result.problems).toEqual([])
    expect(result.manifest).toEqual({
      id: 'django',
      title: 'Django',
      targets: '6.1',
      topics: [
        { id: 'orm', title: 'ORM' },
        { id: 'views', title: 'Views' },
      ],
    })
  })

  // prettier-ignore
  const bad: [string, string, string][] = [
    ['no topics',         'id: a\ntitle: A\n',                                     'topics: must be a non-empty list'],
    ['bad bank id',       'id: Bad Id\ntitle: A\ntopics:\n  - id: x\n',           'id: "Bad Id" must be lowercase'],
    ['duplicate topic',   'id: a\ntitle: A\ntopics:\n  - id: x\n  - id: x\n',     'topics: topic "x" is listed twice'],
    ['topic without id',  'id: a\ntitle: A\ntopics:\n  - title: X\n',             'topics: item 1 needs an id'],
    ['invalid YAML',      'id: a\ntitle: [\n',                                     'bank.yml: invalid YAML'],
  ]
  it.each(bad)('%s', (_name, source, expected) => {
    const result = parseManifest(source, 'bank.yml')
    expect(result.manifest).toBeUndefined()
    expect(result.problems.map((p) => `${p.field}: ${p.reason}`).join('\n')).toContain(expected)
  })

  it('gives the line of the field at fault', () => {
    const result = parseManifest('title: A\nid: Bad\ntopics:\n  - id: x\n', 'bank.yml')
    expect(result.problems[0]).toMatchObject({ field: 'id', line: 2 })
  })
})

describe('normalise (typed answers)', () => {
  it.each([
    ['Select_For_Update', 'select for update'],
    ['  manage.py   collectstatic ', 'manage py collectstatic'],
    ['python -m django --version', 'python m django version'],
    ['“Quoted”!', 'quoted'],
  ])('%s → %s', (input, expected) => {
    expect(normalise(input)).toBe(expected)
  })
})
