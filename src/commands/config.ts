// `django-drill config` and `config set <key> <value>`: the settings a user can see and change.
import { effectiveSettings } from '../core/progress.ts'
import { changeSetting, listSettings, SettingError } from '../core/settings.ts'
import { padEnd } from '../core/style.ts'
import { READING_MEASURE, wrap, wrapWithPrefix } from '../core/text.ts'
import { UsageError } from '../errors.ts'
import { openStore } from '../io/store.ts'
import type { Runtime } from '../runtime.ts'
import { printJson } from './common.ts'

export interface ConfigOptions {
  json?: boolean
}

export async function showConfig(options: ConfigOptions, runtime: Runtime): Promise<number> {
  const settings = openStore(runtime).read().settings
  if (options.json) {
    printJson(runtime, effectiveSettings(settings))
    return 0
  }
  const { style } = runtime
  const rows = listSettings(settings)
  const keyWidth = Math.max(...rows.map((r) => r.key.length))
  const valueWidth = Math.max(...rows.map((r) => r.value.length))
  // The description wraps in its own column; on a narrow terminal it goes under the key instead.
  const width = Number.isFinite(runtime.width) ? Math.min(runtime.width, READING_MEASURE) : Number.POSITIVE_INFINITY
  const lead = keyWidth + valueWidth + 4
  const beside = width - lead >= 24
  for (const r of rows) {
    const head = `${style.cyan(padEnd(r.key, keyWidth))}  ${style.bold(padEnd(r.value, valueWidth))}  `
    const description = style.dim(r.isDefault ? `${r.description} (default)` : r.description)
    if (beside) runtime.out(wrapWithPrefix(description, width, head, ' '.repeat(lead)).join('\n'))
    else runtime.out([head.trimEnd(), ...wrap(description, width - 4).map((l) => `    ${l}`)].join('\n'))
  }
  runtime.out(['', ...wrap(style.dim('Change one with `django-drill config set <key> <value>`, e.g. `config set retention 0.85`.'), width)].join('\n'))
  return 0
}

export async function setConfig(key: string, value: string, runtime: Runtime): Promise<number> {
  const store = openStore(runtime)
  // Validate before the store is touched: a bad value changes nothing.
  let next
  try {
    next = changeSetting(store.read().settings, key, value)
  } catch (error) {
    if (error instanceof SettingError) throw new UsageError(error.message)
    throw error
  }
  store.update((data) => {
    data.settings = changeSetting(data.settings, key, value)
  })
  const row = listSettings(next).find((r) => r.key === key || r.key === key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))
  runtime.out(`${runtime.style.cyan(row?.key ?? key)} is now ${runtime.style.bold(row?.value ?? value)}.`)
  return 0
}
