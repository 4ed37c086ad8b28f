// The settings a user can see and change with `config`: names, meanings,
// validation. Pure: a value in, a parsed value or a one-line reason out.
import { effectiveSettings, SETTING_DEFAULTS, type EffectiveSettings, type Settings } from './progress.ts'

export interface SettingSpec<K extends keyof EffectiveSettings = keyof EffectiveSettings> {
  /** The name on the command line. */
  key: string
  field: K
  description: string
  /** The valid values, in words, for help and errors. */
  range: string
  parse(value: string): EffectiveSettings[K] | undefined
  show(value: EffectiveSettings[K]): string
}

const STEP = /^(\d+)([mhd])$/

const spec = <K extends keyof EffectiveSettings>(s: SettingSpec<K>): SettingSpec<K> => s

export const SETTINGS: readonly SettingSpec[] = [
  spec({
    key: 'new-per-day',
    field: 'newPerDay',
    description: 'new questions `review` introduces per day',
    range: 'a whole number from 0 to 1000',
    parse: (v) => (/^\d+$/.test(v) && Number(v) <= 1000 ? Number(v) : undefined),
    show: String,
  }),
  spec({
    key: 'retention',
    field: 'retention',
    description: 'desired retention: the recall FSRS schedules for (higher means more reviews)',
    range: 'a number from 0.70 to 0.99',
    parse: (v) => (/^0?\.\d{1,4}$/.test(v) && Number(v) >= 0.7 && Number(v) <= 0.99 ? Number(v) : undefined),
    show: (n) => n.toFixed(2),
  }),
  spec({
    key: 'max-interval',
    field: 'maxInterval',
    description: 'the longest gap between reviews, in days',
    range: 'a whole number of days from 1 to 36500',
    parse: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 36500 ? Number(v) : undefined),
    show: (n) => `${n} days`,
  }),
  spec({
    key: 'learning-steps',
    field: 'learningSteps',
    description: 'the steps a new or missed question goes through before days-long intervals',
    range: 'one to ten steps such as 1m,10m or 10m,1h,1d (minutes, hours, days; each 1m to 30d)',
    parse: (v) => {
      const steps = v.split(',').map((s) => s.trim().toLowerCase())
      if (steps.length < 1 || steps.length > 10) return undefined
      for (const s of steps) {
        const m = STEP.exec(s)
        if (!m) return undefined
        const minutes = Number(m[1]) * (m[2] === 'm' ? 1 : m[2] === 'h' ? 60 : 1440)
        if (minutes < 1 || minutes > 30 * 1440) return undefined
      }
      return steps
    },
    show: (steps) => steps.join(','),
  }),
  spec({
    key: 'shuffle',
    field: 'shuffle',
    description: 'shuffle the options of choice and multi questions',
    range: 'true or false',
    parse: (v) => (/^(true|yes|on)$/i.test(v) ? true : /^(false|no|off)$/i.test(v) ? false : undefined),
    show: (b) => (b ? 'true' : 'false'),
  }),
] as SettingSpec[]

export class SettingError extends Error {
  override name = 'SettingError'
}

export const findSetting = (key: string): SettingSpec | undefined => SETTINGS.find((s) => s.key === key || s.field === key)

/** The new settings after `key = value`; throws SettingError naming the valid values. */
export function changeSetting(settings: Settings, key: string, value: string): Settings {
  const setting = findSetting(key)
  if (!setting) throw new SettingError(`Unknown setting "${key}". Settings: ${SETTINGS.map((s) => s.key).join(', ')}.`)
  const parsed = setting.parse(value.trim())
  if (parsed === undefined) throw new SettingError(`${setting.key} must be ${setting.range}; "${value}" is not. Nothing was changed.`)
  return { ...settings, [setting.field]: parsed }
}

/** Each setting with the value in effect and whether it is the default. */
export function listSettings(settings: Settings): { key: string; value: string; isDefault: boolean; description: string; range: string }[] {
  const effective = effectiveSettings(settings)
  return SETTINGS.map((s) => ({
    key: s.key,
    value: s.show(effective[s.field] as never),
    isDefault: JSON.stringify(effective[s.field]) === JSON.stringify(SETTING_DEFAULTS[s.field]),
    description: s.description,
    range: s.range,
  }))
}
