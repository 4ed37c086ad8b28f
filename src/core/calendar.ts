// The one calendar: which local day a moment falls on, and where that day
// starts. Every "today", day boundary and streak comes from a Calendar that
// the runtime injects (the user's time zone); the core never asks the process.

/** A local calendar day, YYYY-MM-DD. */
export type DayKey = string

export interface Calendar {
  /** The local day a moment (epoch ms) falls on. */
  dayOf(t: number): DayKey
  /** The first millisecond (epoch ms) of a local day. */
  startOf(day: DayKey): number
}

const DAY_MS = 86_400_000
const pad = (n: number) => String(n).padStart(2, '0')
const parts = (key: DayKey): [number, number, number] => [Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10))]
const utcOf = (key: DayKey): number => Date.UTC(...parts(key))

/** The day `n` days after (or before) a day. */
export const addDays = (key: DayKey, n: number): DayKey => new Date(utcOf(key) + n * DAY_MS).toISOString().slice(0, 10)

/** 0 for Monday … 6 for Sunday. */
export const weekdayOf = (key: DayKey): number => (new Date(utcOf(key)).getUTCDay() + 6) % 7

/** Whole days from one day to another (negative when `to` is earlier). */
export const daysBetween = (from: DayKey, to: DayKey): number => Math.round((utcOf(to) - utcOf(from)) / DAY_MS)

/** The first millisecond of the day a moment falls on. */
export const startOfDay = (calendar: Calendar, t: number): number => calendar.startOf(calendar.dayOf(t))

/** The last millisecond of the day a moment falls on. */
export const endOfDay = (calendar: Calendar, t: number): number => calendar.startOf(addDays(calendar.dayOf(t), 1)) - 1

/** A calendar at a fixed offset (minutes, as Date#getTimezoneOffset: UTC+2 is -120). For tests and fixed zones. */
export function fixedOffsetCalendar(tzOffsetMinutes: number): Calendar {
  const shift = tzOffsetMinutes * 60_000
  return {
    dayOf: (t) => new Date(t - shift).toISOString().slice(0, 10),
    startOf: (day) => utcOf(day) + shift,
  }
}

/** The calendar of this process's time zone (TZ), daylight saving included. */
export const localCalendar: Calendar = {
  dayOf: (t) => {
    const d = new Date(t)
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  },
  startOf: (day) => new Date(...parts(day)).getTime(),
}

/**
 * A clock that reads `start` now and then runs in real time: what DJANGO_DRILL_NOW
 * gives (tests and demos that must not depend on the day they run, as faketime would).
 */
export function clockFrom(start: number, real: () => number): () => Date {
  const offset = start - real()
  return () => new Date(real() + offset)
}
