// `django-drill` with no command, in a terminal: a small home menu.
import select from '@inquirer/select'
import { plainTerminal } from '../core/terminal.ts'
import { chooseLine } from '../io/line-prompts.ts'
import { reviewQueue } from '../core/select.ts'
import { openLibrary } from '../io/library.ts'
import { openStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import type { BankOptions } from './common.ts'
import { autoSync } from './sync.ts'

type Choice = 'review' | 'topic' | 'quick' | 'weak' | 'cheatsheet' | 'stats' | 'quit'

/**
 * \`npm start\` prints its own header above the menu ("> django-drill@0.1.0 start",
 * the command, and blank lines around them: four lines); the menu takes their place.
 */
export const npmBannerAbove = (runtime: Pick<Runtime, 'env' | 'stdoutIsTTY'>): boolean =>
  runtime.stdoutIsTTY && runtime.env['npm_lifecycle_event'] === 'start' && runtime.env['npm_config_loglevel'] !== 'silent' && runtime.env['TERM'] !== 'dumb'

/** A menu: Inquirer's select, or on a terminal that cannot move the cursor (TERM=dumb) a numbered list answered with a line. */
async function choose<T>(runtime: Runtime, message: string, choices: { name: string; value: T }[], pageSize?: number): Promise<T> {
  if (plainTerminal(runtime.env, process.platform)) {
    const { plainIo } = await import('./session-ui.ts')
    return chooseLine(message, choices, plainIo())
  }
  return select<T>({ message, choices, ...(pageSize ? { pageSize } : {}) })
}

export async function home(options: BankOptions, runtime: Runtime): Promise<void> {
  const { style } = runtime
  const library = openLibrary(runtime, options.bank)
  const store = openStore(runtime)
  autoSync(store, runtime, 'start')
  const bank = options.bank ? { bank: options.bank } : {}
  if (npmBannerAbove(runtime)) runtime.eraseAbove(4)
  runtime.out(`${style.bold('django-drill')} ${style.dim(`· ${library.questions.length} questions in ${library.topics.length} topics`)}`)
  for (;;) {
    const progress = store.read()
    const queue = reviewQueue(library.questions, progress, runtime.now(), progress.settings.newPerDay, runtime.calendar)
    let dueLabel = queue.due.length ? style.yellow(`${queue.due.length} due`) : style.green('nothing due')
    let freshLabel = style.dim(` · ${queue.fresh.length} new`)
    if (progress.plans?.length) {
      const { planStatus, countdown } = await import('./plan.ts')
      const status = planStatus(progress, library, runtime)
      if (status) {
        runtime.out(countdown(status, runtime))
        dueLabel = status.today.queue.length ? style.yellow(`${status.today.queue.length} planned today`) : style.green("today's plan done")
        freshLabel = style.dim(` · ${status.today.newCount} new`)
      }
    }
    const choice = await choose<Choice>(runtime, 'What would you like to do?', [
      { name: `Review          ${dueLabel}${freshLabel}`, value: 'review' },
      { name: 'Practise a topic', value: 'topic' },
      { name: 'Quick quiz      10 random questions', value: 'quick' },
      { name: 'Weak spots      the questions you miss most', value: 'weak' },
      { name: 'Cheat sheet', value: 'cheatsheet' },
      { name: 'Stats', value: 'stats' },
      { name: 'Quit', value: 'quit' },
    ])
    try {
      switch (choice) {
        case 'quit':
          return
        case 'review': {
          const { review } = await import('./quiz.ts')
          await review({ ...bank }, runtime, { store })
          break
        }
        case 'topic': {
          const topic = await choose<string>(
            runtime,
            'Which topic?',
            library.topics.map((t) => ({
              name: `${t.title} ${style.dim(`(${library.questions.filter((q) => q.topic === t.id).length})`)}`,
              value: t.id,
            })),
            12,
          )
          const { quiz } = await import('./quiz.ts')
          await quiz({ ...bank, topic: [topic] }, runtime, { store })
          break
        }
        case 'quick':
        case 'weak': {
          const { quiz } = await import('./quiz.ts')
          await quiz({ ...bank, ...(choice === 'weak' ? { weak: true } : {}) }, runtime, { store })
          break
        }
        case 'cheatsheet': {
          const { cheatsheet } = await import('./cheatsheet.ts')
          await cheatsheet({ ...bank, format: 'terminal' }, runtime)
          break
        }
        case 'stats': {
          const { stats } = await import('./stats.ts')
          await stats({ ...bank }, runtime)
          break
        }
      }
    } catch (error) {
      // A message for the user (nothing to review, no weak questions yet) returns to the menu.
      const name = (error as { name?: string } | null)?.name
      if (name !== 'DrillError' && name !== 'UsageError') throw error
      runtime.err(style.yellow((error as Error).message))
    }
    runtime.out('')
  }
}
