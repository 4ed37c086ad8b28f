// A leech announced in the session: the 8th lapse asks what to do; pausing keeps it out until before the interview.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { terminalUi } from '../src/commands/session-ui.ts'
import { leechChoices, userBankFile } from '../src/session/leech.ts'
import { runSession } from '../src/commands/session.ts'
import type { SessionUi } from '../src/commands/session-ui.ts'
import { emptyProgress, type StoredCard } from '../src/core/progress.ts'
import { reviewQueue } from '../src/core/select.ts'
import type { ChoiceQuestion } from '../src/core/types.ts'
import { createMemoryStore } from '../src/io/store.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const NOW = Date.parse('2026-11-25T10:00:00Z')
const DAY = 86_400_000
const q: ChoiceQuestion = {
  bank: 'b',
  id: 'c1',
  title: 'c1',
  tags: [],
  summary: 's',
  keyPoints: [],
  references: ['https://docs.djangoproject.com/x'],
  covers: [],
  related: [],
  prompt: 'Q?',
  explanation: 'The model answer.',
  file: 'f.md',
  difficulty: 'beginner',
  topic: 'orm',
  type: 'choice',
  answer: 'right',
  distractors: ['wrong', 'other'],
}

function setup(lapses: number, choice: 'read' | 'pause' | 'edit' | 'keep', file?: string) {
  const data = emptyProgress()
  const card: StoredCard = {
    due: NOW - DAY,
    stability: 3,
    difficulty: 8,
    elapsed_days: 3,
    scheduled_days: 3,
    learning_steps: 0,
    reps: 20,
    lapses,
    state: 2,
    last_review: NOW - 4 * DAY,
  }
  data.banks['b'] = { c1: { history: [{ t: NOW - 4 * DAY, r: 3, ok: 1, ms: 5000 }], card } }
  data.plans = [{ at: NOW + 10 * DAY, created: NOW, minutes: 20, target: 0.9 }]
  const store = createMemoryStore(data)
  const announced: string[] = []
  const paged: string[] = []
  const offered: boolean[] = []
  const edited: string[] = []
  const runtime = memoryRuntime({ now: () => new Date(NOW) })
  const ui: SessionUi = {
    ask: async () => ({ action: 'answer', value: 'wrong' }),
    next: async () => 'next',
    keyPoints: async () => [],
    rating: async (s) => s,
    editor: async () => '',
    leech: async (why, _style, editable = false) => (announced.push(why), offered.push(editable), choice),
    pager: async (text) => void paged.push(text),
    editFile: async (path) => void edited.push(path),
  }
  const options = { schedule: true, relearn: false, topicTitle: (t: string) => t, topicOrder: ['orm'], ...(file ? { sourceFile: () => file } : {}) }
  return { store, announced, paged, offered, edited, runtime, run: () => runSession([q], options, { ui, store, runtime, tick: 0 }) }
}

describe('leeches in a session', () => {
  it('the 8th lapse is announced; pausing keeps it out of review until 3 days before the interview', async () => {
    const s = setup(7, 'pause')
    await s.run()
    expect(s.announced).toEqual(['This question is a leech: 8 lapses.'])
    const p = s.store.read().banks['b']!['c1']!
    expect(p.pausedUntil).toBe(NOW + 7 * DAY)
    expect(p.history.at(-1)).toMatchObject({ ok: 0, w: ['wrong'] })
    const later = NOW + 2 * DAY
    expect(
      reviewQueue([q], s.store.read(), new Date(later), 10, { dayOf: (t) => new Date(t).toISOString().slice(0, 10), startOf: (d) => Date.parse(`${d}T00:00:00Z`) }).queue,
    ).toEqual([])
  })

  it('reading shows the model answer and its docs links; the 9th lapse is not announced again', async () => {
    const s = setup(7, 'read')
    await s.run()
    expect(s.paged.join('\n')).toMatch(/The model answer\.[\s\S]*https:\/\/docs\.djangoproject\.com\/x/)
    const again = setup(8, 'keep')
    await again.run()
    expect(again.announced).toEqual([])
    expect(again.store.read().banks['b']!['c1']!.pausedUntil).toBeUndefined()
  })
})

describe('a leech from a bank of your own', () => {
  it('offers to open its file in $EDITOR, and opens exactly that file', async () => {
    const s = setup(7, 'edit', '/banks/mine/orm/c1.md')
    await s.run()
    expect(s.offered).toEqual([true])
    expect(s.edited).toEqual(['/banks/mine/orm/c1.md'])
    expect(s.store.read().banks['b']!['c1']!.pausedUntil).toBeUndefined()
  })

  it('does not offer it for the bundled bank', async () => {
    const s = setup(7, 'keep')
    await s.run()
    expect(s.offered).toEqual([false])
    expect(s.edited).toEqual([])
  })

  it('the choices name the editor only when the file can be edited', () => {
    expect(leechChoices(true).map((c) => c.value)).toEqual(['read', 'pause', 'edit', 'keep'])
    expect(leechChoices(false).map((c) => c.value)).toEqual(['read', 'pause', 'keep'])
  })

  it('a user bank question has its file; a bundled one has none', () => {
    const file = userBankFile(
      [
        { dir: '/app/questions', manifest: { id: 'django', title: 'Django', topics: [] } },
        { dir: '/home/me/bank', manifest: { id: 'mine', title: 'Mine', topics: [] } },
      ],
      '/app/questions/',
    )
    expect(file({ ...q, bank: 'mine', file: 'orm/c1.md' })).toBe(join('/home/me/bank', 'orm/c1.md'))
    expect(file({ ...q, bank: 'django', file: 'orm/c1.md' })).toBeUndefined()
    expect(file({ ...q, bank: 'gone', file: 'orm/c1.md' })).toBeUndefined()
  })

  it('the terminal opens $EDITOR on the file itself and waits for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drill-leech-'))
    const editor = join(dir, 'editor.sh')
    writeFileSync(editor, '#!/bin/sh\necho "edited" >> "$1"\n')
    chmodSync(editor, 0o755)
    const file = join(dir, 'c1.md')
    writeFileSync(file, 'before\n')
    await terminalUi({ EDITOR: editor }, undefined).editFile!(file)
    expect(readFileSync(file, 'utf8')).toBe('before\nedited\n')
    await expect(terminalUi({ EDITOR: join(dir, 'missing-editor') }, undefined).editFile!(file)).rejects.toThrow(/not found/)
  })
})
