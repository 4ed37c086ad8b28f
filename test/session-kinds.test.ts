// The session loop with the new kinds: the kind says how to ask, the grade suggests a rating the user may change.
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { runSession } from '../src/commands/session.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import type { Rating } from '../src/core/progress.ts'
import { seededRandom } from '../src/core/random.ts'
import type { AskResult } from '../src/io/prompts.ts'
import { loadBank } from '../src/io/bank.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const bank = loadBank(fileURLToPath(new URL('./fixtures/kinds-bank', import.meta.url)))
const byId = (id: string) => bank.questions.find((q) => q.id === id)!

function run(ids: string[], answers: ((config: Parameters<SessionUi['ask']>[0], screen: string) => AskResult)[], rating: (suggested: Rating) => Rating = (s) => s) {
  const runtime = memoryRuntime({ random: seededRandom(9) })
  const store = createMemoryStore()
  const suggested: Rating[] = []
  const modes: string[] = []
  const ui: SessionUi = {
    ask: async (config) => {
      modes.push(config.mode)
      return answers.shift()!(config, runtime.stdout.join('\n'))
    },
    next: async () => 'next',
    keyPoints: async () => [],
    rating: async (s) => {
      suggested.push(s)
      return rating(s)
    },
    editor: async () => '',
  }
  const options = { schedule: true, topicTitle: (id: string) => id, topicOrder: ['orm', 'middleware'] }
  return { done: runSession(ids.map(byId), options, { ui, store, runtime, tick: 0 }), runtime, store, suggested, modes }
}

it('asks each kind in its own mode; partial credit suggests Hard and the user may change it', async () => {
  const r = run(
    ['orm-cloze-filter', 'orm-bug-loop', 'orm-count-loop', 'orm-output-exists'],
    [
      () => ({ action: 'answer', value: ['filter', 'wrong'] }),
      () => ({ action: 'answer', value: '2' }),
      () => ({ action: 'answer', value: '4' }),
      () => ({ action: 'answer', value: 'False\n0' }),
    ],
    (s) => (s === 2 ? 1 : s), // the user marks the half-right cloze as Again
  )
  const summary = await r.done
  expect(r.modes).toEqual(['cloze', 'typed', 'typed', 'lines'])
  expect(r.suggested).toEqual([2, 1, 3, 3]) // cloze half right → Hard; bug wrong → Again; count and output right → Good
  const history = (id: string) => r.store.read().banks['kinds']![id]!.history.map((a) => [a.r, a.ok])
  expect(history('orm-cloze-filter')).toEqual([[1, 0]])
  expect(history('orm-bug-loop')).toEqual([[1, 0]])
  expect(history('orm-count-loop')).toEqual([[3, 1]])
  expect(history('orm-output-exists')).toEqual([[3, 1]])
  expect(summary.answered).toBe(4)
  const out = r.runtime.stdout.join('\n')
  expect(out).toContain('✘ ⟦2⟧ wrong  answer: author__name')
  expect(out).toContain('Line 2 is fine; the bug is on line 1.')
  expect(out).not.toContain('[[')
})

it('order: the prompt draws the shuffled items (the session prints nothing of its own) and the typed numbers are read against them', async () => {
  let shown: readonly string[] = []
  let printed = ''
  const r = run(
    ['middleware-order'],
    [
      (config, screen) => {
        printed = screen
        shown = config.mode === 'typed' ? config.order!.items : []
        const number = (item: string) => String(shown.indexOf(item) + 1)
        return { action: 'answer', value: ['SecurityMiddleware.process_request', 'URL resolution', 'the view', 'SecurityMiddleware.process_response'].map(number).join(' ') }
      },
    ],
  )
  await r.done
  expect([...shown].sort()).toEqual(['SecurityMiddleware.process_request', 'SecurityMiddleware.process_response', 'URL resolution', 'the view'].sort())
  expect(printed).not.toContain('URL resolution') // drawn by the prompt only, never twice
  expect(r.suggested).toEqual([3])
  expect(r.runtime.stdout.join('\n')).toContain('✔ Correct: every step in place.')
})
