// Every validate rule of the five code-native types (contract, "Version 2 additions"), one row each.
import { describe, expect, it } from 'vitest'
import { parseQuestion } from '../src/core/parse.ts'
import { questionFile } from './helpers/testdir.ts'

const context = { bank: 'sample', topics: new Set(['orm']) }
const CODE = '```python\nbooks = Book.objects.all()\nfor book in books:\n    print(book.author.name)\n```'
const ASK = (code = CODE) => `How many queries?\n\n${code}\n\n## Answer\n\nIt depends.\n`
const typed = (type: string, fields: Record<string, string | null>, body = ASK()) => parseQuestion(questionFile({ type, key_points: null, ...fields }, body), 'q.md', context)
const problems = (r: ReturnType<typeof typed>, severity = 'error') => r.problems.filter((p) => p.severity === severity).map((p) => `${p.line ?? '-'} ${p.field}: ${p.reason}`)

describe('order', () => {
  it('parses items in the correct order', () => {
    const r = typed('order', { items: '\n  - request middleware\n  - URL resolution\n  - the view\n  - response middleware' })
    expect(r.problems).toEqual([])
    expect(r.question).toMatchObject({ type: 'order', items: ['request middleware', 'URL resolution', 'the view', 'response middleware'] })
  })
  // prettier-ignore
  const cases: [string, Record<string, string | null>, string][] = [
    ['no items',            { items: null },                      '- items: is required'],
    ['two items',           { items: '[a, b]' },                  '10 items: an order question needs 3 to 10 items, has 2'],
    ['eleven items',        { items: `[${'abcdefghijk'.split('').join(', ')}]` }, '10 items: an order question needs 3 to 10 items, has 11'],
    ['duplicate items',     { items: '[a, b, A]' },               '10 items: items 1 and 3 are the same ("A"); each step must be distinct'],
    ['items not a list',    { items: 'a b c' },                   '10 items: must be a list of strings, got a string'],
    ['an item not a string', { items: '[a, 2, c]' },              '10 items: item 2 must be a non-empty string, got number 2 (quote the value'],
  ]
  it.each(cases)('%s', (_name, fields, expected) => {
    expect(problems(typed('order', fields)).join('\n')).toContain(expected)
    expect(typed('order', fields).question).toBeUndefined()
  })
})

describe('cloze', () => {
  const GAPPED = '```python\nBook.objects.[[1]](author__name=[[2]])\n```'
  it('parses gaps: a string or a list of accepted strings', () => {
    const r = typed('cloze', { gaps: '\n  - filter\n  - ["\'Ann\'", \'"Ann"\']' }, ASK(GAPPED))
    expect(r.problems).toEqual([])
    expect(r.question).toMatchObject({ type: 'cloze', gaps: [['filter'], ["'Ann'", '"Ann"']] })
  })
  // gaps is on line 10; the body starts on line 12, the code line is 16.
  // prettier-ignore
  const cases: [string, Record<string, string | null>, string, string][] = [
    ['no gaps',                 { gaps: null },              GAPPED, '- gaps: is required'],
    ['gaps not a list',         { gaps: 'filter' },          GAPPED, '10 gaps: must be a list with one entry per [[n]] marker, got a string'],
    ['a gap that is a number',  { gaps: '[filter, 2]' },     GAPPED, '10 gaps: gap 2 must be a non-empty string or a list of them, got number 2 (quote the value'],
    ['an empty list as a gap',  { gaps: '[filter, []]' },    GAPPED, '10 gaps: gap 2 must be a non-empty string or a list of them, got an empty list'],
    ['a marker outside code',   { gaps: '[a, b, c]' },       `${GAPPED}\n\nAnd [[3]] here.`, '19 body: marker [[3]] is outside fenced code'],
    ['a marker twice',          { gaps: '[a, b]' },          '```python\nx = [[1]] + [[1]] + [[2]]\n```', '16 body: marker [[1]] appears more than once'],
    ['an extra marker',         { gaps: '[a]' },             GAPPED, '16 body: marker [[2]] has no entry in gaps (gaps lists 1'],
    ['a missing marker',        { gaps: '[a, b, c]' },       GAPPED, '10 gaps: marker [[3]] is missing from the question\'s code (gaps lists 3 entries)'],
    ['marker zero',             { gaps: '[a, b]' },          '```python\nx = [[0]] + [[1]] + [[2]]\n```', '16 body: marker [[0]] has no entry in gaps'],
    ['no code at all',          { gaps: '[a]' },             'Fill [[1]].', '15 body: marker [[1]] is outside fenced code'],
  ]
  it.each(cases)('%s', (_name, fields, code, expected) => {
    const r = typed('cloze', fields, ASK(code))
    expect(problems(r).join('\n')).toContain(expected)
    expect(r.question).toBeUndefined()
  })
  it('a literal nested list written [ [1] ] is not a marker', () => {
    const r = typed('cloze', { gaps: '[a]' }, ASK('```python\nx = [ [1] ] + [[1]]\n```'))
    expect(r.problems).toEqual([])
  })
})

describe('bug', () => {
  it('parses a line or a list of lines, and the fix', () => {
    const one = typed('bug', { answer: '3', fix: '"    print(book.author_id)"' })
    expect(one.problems).toEqual([])
    expect(one.question).toMatchObject({ type: 'bug', answer: [3], fix: '    print(book.author_id)' })
    expect(typed('bug', { answer: '[3, 1]' }).question).toMatchObject({ answer: [1, 3] })
  })
  // prettier-ignore
  const cases: [string, Record<string, string | null>, string, string][] = [
    ['no answer',                { answer: null },        CODE, "- answer: is required: the buggy line number"],
    ['answer a quoted number',   { answer: '"3"' },       CODE, '10 answer: must be a line number from 1 (or a list of them), got a string (unquote it: answer: 3)'],
    ['answer zero',              { answer: '0' },         CODE, '10 answer: must be a line number from 1 (or a list of them), got number 0'],
    ['answer past the code',     { answer: '4' },         CODE, '10 answer: line 4 is not in the first code block, which has 3 lines'],
    ['a list with a bad line',   { answer: '[1, 9]' },    CODE, '10 answer: line 9 is not in the first code block, which has 3 lines'],
    ['only the second block counts', { answer: '4' },     `${CODE}\n\n\`\`\`python\na\nb\nc\nd\n\`\`\``, '10 answer: line 4 is not in the first code block'],
    ['no code block',            { answer: '1' },         'Which line?', "13 body: a bug question needs a fenced code block in the question part"],
    ['fix not text',             { answer: '1', fix: '[a]' }, CODE, '11 fix: must be the corrected line(s) as text, got a list'],
  ]
  it.each(cases)('%s', (_name, fields, code, expected) => {
    const r = typed('bug', fields, ASK(code))
    expect(problems(r).join('\n')).toContain(expected)
    expect(r.question).toBeUndefined()
  })
})

describe('count', () => {
  it('parses a whole number, 0 included', () => {
    expect(typed('count', { answer: '4' }).question).toMatchObject({ type: 'count', answer: 4 })
    expect(typed('count', { answer: '0' }).question).toMatchObject({ answer: 0 })
    expect(typed('count', { answer: '10000' }).question).toMatchObject({ answer: 10000 })
  })
  // prettier-ignore
  const cases: [string, string | null, string][] = [
    ['no answer',        null,      '- answer: is required: a whole number from 0 to 10000'],
    ['a quoted number',  '"4"',     '10 answer: must be a number, not the text "4": unquote it (answer: 4)'],
    ['a fraction',       '2.5',     '10 answer: must be a whole number from 0 to 10000, got number 2.5'],
    ['negative',         '-1',      '10 answer: must be a whole number from 0 to 10000, got number -1'],
    ['too large',        '10001',   '10 answer: must be a whole number from 0 to 10000, got number 10001'],
    ['words',            'four',    '10 answer: must be a whole number from 0 to 10000, got a string'],
    ['a list',           '[4]',     '10 answer: must be a whole number from 0 to 10000, got a list'],
  ]
  it.each(cases)('%s', (_name, answer, expected) => {
    const r = typed('count', { answer })
    expect(problems(r).join('\n')).toContain(expected)
    expect(r.question).toBeUndefined()
  })
})

describe('output', () => {
  it("parses a block scalar answer, keeping the first line's indentation, and accept", () => {
    const r = typed('output', { answer: '|2\n    indented\n  second\n', accept: '["  indented\\nsecond  "]' })
    expect(r.problems).toEqual([])
    expect(r.question).toMatchObject({ type: 'output', answer: '  indented\nsecond', accept: ['  indented\nsecond'] })
  })
  // prettier-ignore
  const cases: [string, Record<string, string | null>, string, string][] = [
    ['no answer',          { answer: null },              CODE,         '- answer: is required'],
    ['answer a number',    { answer: '4' },               CODE,         '10 answer: must be a string, got number 4 (quote the value'],
    ['accept not a list',  { answer: 'x', accept: 'y' },  CODE,         '11 accept: must be a list of strings'],
    ['no code block',      { answer: 'x' },               'What prints?', '13 body: an output question needs a fenced code block in the question part'],
  ]
  it.each(cases)('%s', (_name, fields, code, expected) => {
    const r = typed('output', fields, ASK(code))
    expect(problems(r).join('\n')).toContain(expected)
    expect(r.question).toBeUndefined()
  })
})

describe('fields of other types', () => {
  it('are warnings naming the type, and the file still loads', () => {
    const r = typed('count', { answer: '2', items: '[a, b, c]', gaps: '[x]' })
    expect(problems(r, 'warning')).toEqual(['11 items: is ignored for count questions', '12 gaps: is ignored for count questions'])
    expect(r.question).toMatchObject({ type: 'count', answer: 2 })
  })
  it('an unknown type lists all nine', () => {
    expect(problems(typed('essay', {})).join('\n')).toContain('type: "essay" must be one of open, choice, multi, short, order, cloze, bug, count, output')
  })
})
