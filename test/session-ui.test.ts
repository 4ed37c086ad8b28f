import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { terminalUi } from '../src/commands/session-ui.ts'
import { testdir } from './helpers/testdir.ts'

describe('the $EDITOR answer', () => {
  it('opens $VISUAL/$EDITOR on a temp file and returns what was saved', async () => {
    const dir = testdir({ 'ed.sh': '#!/bin/sh\nprintf "my long answer\\n" >> "$1"\n' })
    const editor = join(dir, 'ed.sh')
    chmodSync(editor, 0o755)
    await expect(terminalUi({ EDITOR: editor }).editor('start\n')).resolves.toBe('start\nmy long answer\n')
    await expect(terminalUi({ VISUAL: editor, EDITOR: 'false' }).editor('')).resolves.toBe('my long answer\n')
  })

  it('an editor that cannot be started, or fails, is an EditorError with a one-line reason', async () => {
    await expect(terminalUi({ EDITOR: '/no/such/editor' }).editor('')).rejects.toMatchObject({ name: 'EditorError', message: 'Editor "/no/such/editor" not found (ENOENT).' })
    await expect(terminalUi({ EDITOR: 'false' }).editor('')).rejects.toMatchObject({ name: 'EditorError', message: 'Editor "false" exited with status 1; nothing taken from it.' })
  })
})
