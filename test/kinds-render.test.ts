// show and the cheat sheet for the code-native kinds: never a raw [[1]], numbered bug code, the solved forms pinned.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildCheatsheet, renderCheatsheet } from '../src/core/cheatsheet.ts'
import { renderPrompt, renderQuestionPage } from '../src/core/render-question.ts'
import { makeStyle } from '../src/core/style.ts'
import { loadBank } from '../src/io/bank.ts'

const bank = loadBank(fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url)))
const q = (id: string) => bank.questions.find((x) => x.id === id)!
const view = { width: 80, style: makeStyle(0) }

describe('show', () => {
  it('the fixture bank loads without problems', () => {
    expect(bank.problems).toEqual([])
    expect(bank.questions.map((x) => x.type).sort()).toEqual(['bug', 'cloze', 'count', 'order', 'output'])
  })
  it('cloze: visible numbered blanks in the prompt, the filled code after, never the raw markers', () => {
    const page = renderQuestionPage(q('orm-cloze-filter'), 'ORM', view)
    expect(page).not.toContain('[[')
    expect(renderPrompt(q('orm-cloze-filter'), view)).toContain('    Book.objects.⟦1⟧(⟦2⟧="Ann")')
    expect(page).toContain('Filled in\n    Book.objects.filter(author__name="Ann")\nAlso accepted:\n  ⟦2⟧ author__name or author__name__exact')
  })
  it('bug: numbered lines, then the bug marked with its fix', () => {
    expect(renderPrompt(q('orm-bug-loop'), view)).toContain('    1 │ books = Book.objects.all()\n    2 │ for book in books:\n    3 │     print(book.author.name)')
    expect(renderQuestionPage(q('orm-bug-loop'), 'ORM', view)).toContain(
      '  › 1 │ books = Book.objects.all()\n      │ books = Book.objects.select_related("author")\n    2 │ for book in books:',
    )
  })
  it('order: the correct order; the follow-ups listed', () => {
    const page = renderQuestionPage(q('middleware-order'), 'Middleware', view)
    expect(page).toContain('Correct order\n  1. SecurityMiddleware.process_request\n  2. URL resolution\n  3. the view\n  4. SecurityMiddleware.process_response')
    expect(page).toContain('Follow-ups\n  1. orm-count-loop\n  2. And for an exception raised in the view?')
  })
  it('count and output: the answer', () => {
    expect(renderQuestionPage(q('orm-count-loop'), 'ORM', view)).toContain('  ✔ 4')
    expect(renderQuestionPage(q('orm-output-exists'), 'ORM', view)).toContain('It prints\n    │ False\n    │ 0')
  })
})

describe('the cheat sheet shows the solved forms', () => {
  const sheet = buildCheatsheet({ title: 'T', questions: bank.questions, topics: bank.manifest.topics, detail: false })
  it('terminal', () => {
    const text = renderCheatsheet(sheet, 'terminal', view)
    expect(text).toContain('  › │ books = Book.objects.all()\n  + │ books = Book.objects.select_related("author")\n    │ for book in books:\n    │     print(book.author.name)')
    expect(text).toContain('    │ Book.objects.filter(author__name="Ann")')
    expect(text).toContain('   1. SecurityMiddleware.process_request\n   2. URL resolution\n   3. the view\n   4. SecurityMiddleware.process_response')
    expect(text).toContain('  Answer: 4')
    expect(text).toContain('    │ False\n    │ 0')
    expect(text).not.toContain('[[')
  })
  it('markdown', () => {
    const text = renderCheatsheet(sheet, 'md', view)
    expect(text).toContain('```diff\n- books = Book.objects.all()\n+ books = Book.objects.select_related("author")\n  for book in books:\n      print(book.author.name)\n```')
    expect(text).toContain('```python\nBook.objects.filter(author__name="Ann")\n```')
    expect(text).toContain('1. SecurityMiddleware.process_request\n2. URL resolution\n3. the view\n4. SecurityMiddleware.process_response')
    expect(text).toContain('Answer: `4`')
    expect(text).toContain('```text\nFalse\n0\n```')
  })
  it('html', () => {
    const text = renderCheatsheet(sheet, 'html', view)
    expect(text).toContain(
      '<span class="ln bug">books = Book.objects.all()</span><span class="ln fix">books = Book.objects.select_related(&quot;author&quot;)</span><span class="ln">for book in books:</span>',
    )
    expect(text).toContain('<pre class="solved"><code class="language-python"><span class="ln">Book.objects.filter(author__name=&quot;Ann&quot;)</span></code></pre>')
    expect(text).toContain(
      '<ol class="solved"><li>SecurityMiddleware.process_request</li><li>URL resolution</li><li>the view</li><li>SecurityMiddleware.process_response</li></ol>',
    )
    expect(text).toContain('<p class="solved">Answer: <code>4</code></p>')
    expect(text).not.toContain('[[')
  })
})
