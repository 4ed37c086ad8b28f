// The real terminal UI of a session: Inquirer prompts and $EDITOR.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkbox, select } from '@inquirer/prompts'
import { RATING_NAMES, type Rating } from '../core/progress.ts'
import type { Style } from '../core/style.ts'
import { askPrompt, nextPrompt, type AskConfig, type AskResult, type NextAction, type NextConfig } from '../io/prompts.ts'
import { isKindAsk, kindPrompt, type KindAskConfig } from '../io/prompts-kinds.ts'

/** What the session loop needs from a terminal; tests pass a scripted one. */
export interface SessionUi {
  ask(config: AskConfig | KindAskConfig, signal?: AbortSignal): Promise<AskResult>
  next(config: NextConfig, signal?: AbortSignal): Promise<NextAction>
  keyPoints(points: string[], style: Style): Promise<number[]>
  rating(suggested: Rating, style: Style): Promise<Rating>
  /** Opens $VISUAL/$EDITOR on `initial` and returns what was saved. */
  editor(initial: string): Promise<string>
}

export const terminalUi = (env: NodeJS.ProcessEnv): SessionUi => ({
  ask: (config, signal) => {
    const options = signal ? { signal, clearPromptOnDone: false } : {}
    return isKindAsk(config) ? kindPrompt(config, options) : askPrompt(config, options)
  },
  next: (config, signal) => nextPrompt(config, signal ? { signal, clearPromptOnDone: true } : { clearPromptOnDone: true }),
  keyPoints: async (points) => {
    if (points.length === 0) return []
    return checkbox({
      message: 'Which key points did your answer cover?',
      choices: points.map((p, i) => ({ name: p, value: i })),
      pageSize: 8,
      instructions: ' (space to tick, enter when done)',
    })
  },
  rating: async (suggested) =>
    select<Rating>({
      message: 'How well did you know it?',
      default: suggested,
      choices: ([1, 2, 3, 4] as Rating[]).map((r) => ({
        name: `${RATING_NAMES[r]}${r === suggested ? ' (suggested)' : ''}`,
        value: r,
      })),
    }),
  editor: async (initial) => {
    const dir = mkdtempSync(join(tmpdir(), 'django-drill-'))
    const file = join(dir, 'answer.md')
    try {
      writeFileSync(file, initial)
      const editor = env['VISUAL'] || env['EDITOR'] || 'vi'
      const [command, ...args] = editor.split(' ').filter(Boolean)
      const result = spawnSync(command!, [...args, file], { stdio: 'inherit' })
      if (result.error) throw result.error
      return readFileSync(file, 'utf8')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
})
