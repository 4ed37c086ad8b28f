import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addDays, daysBetween, endOfDay, fixedOffsetCalendar, localCalendar, startOfDay } from '../src/core/calendar.ts'
import { processClock } from '../src/runtime.ts'

describe('the local calendar (what the runtime injects)', () => {
  let saved: string | undefined
  beforeEach(() => {
    saved = process.env['TZ']
    process.env['TZ'] = 'Europe/Paris'
  })
  afterEach(() => {
    if (saved === undefined) delete process.env['TZ']
    else process.env['TZ'] = saved
  })

  it('follows TZ across a daylight-saving change, where one fixed offset cannot', () => {
    // 00:30 in Paris both nights: UTC+1 before the change on 29 March 2026, UTC+2 after.
    expect(localCalendar.dayOf(Date.parse('2026-03-28T23:30:00Z'))).toBe('2026-03-29')
    expect(localCalendar.dayOf(Date.parse('2026-03-29T22:30:00Z'))).toBe('2026-03-30')
    expect(fixedOffsetCalendar(-60).dayOf(Date.parse('2026-03-29T22:30:00Z'))).toBe('2026-03-29')
  })

  it('gives a 23-hour day on the spring change and midnight local time as its start', () => {
    expect(localCalendar.startOf('2026-03-29')).toBe(Date.parse('2026-03-28T23:00:00Z'))
    expect(localCalendar.startOf('2026-03-30')).toBe(Date.parse('2026-03-29T22:00:00Z'))
    const t = Date.parse('2026-03-29T12:00:00Z')
    expect(endOfDay(localCalendar, t) + 1 - startOfDay(localCalendar, t)).toBe(23 * 3_600_000)
  })
})

describe('fixed-offset calendars', () => {
  it.each([
    [0, '2026-11-25T23:59:59.999Z', '2026-11-25'],
    [300, '2026-11-26T04:59:59.999Z', '2026-11-25'], // New York, UTC-5
    [-780, '2026-11-25T11:00:00Z', '2026-11-26'], // UTC+13
  ])('offset %i: %s is on %s', (offset, iso, day) => {
    const calendar = fixedOffsetCalendar(offset)
    expect(calendar.dayOf(Date.parse(iso))).toBe(day)
    expect(calendar.dayOf(calendar.startOf(day))).toBe(day)
    expect(calendar.dayOf(calendar.startOf(day) - 1)).toBe(addDays(day, -1))
  })

  it('bounds a day from its first to its last millisecond', () => {
    const ny = fixedOffsetCalendar(300)
    const t = Date.parse('2026-11-25T15:00:00Z')
    expect(new Date(startOfDay(ny, t)).toISOString()).toBe('2026-11-25T05:00:00.000Z')
    expect(new Date(endOfDay(ny, t)).toISOString()).toBe('2026-11-26T04:59:59.999Z')
  })

  it('counts days between two keys across months and leap days', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7)
  })
})

describe('DJANGO_DRILL_NOW (the process clock)', () => {
  it('starts at the given instant and then runs with the real clock', () => {
    let real = 1_000_000
    const clock = processClock({ DJANGO_DRILL_NOW: '2026-12-15T10:00:00Z' }, () => real)
    expect(clock().toISOString()).toBe('2026-12-15T10:00:00.000Z')
    real += 90_000
    expect(clock().toISOString()).toBe('2026-12-15T10:01:30.000Z')
  })

  it('is the real clock when unset or empty, and a usage error (exit 2) when not a date', () => {
    expect(processClock({}, () => 42)().getTime()).toBe(42)
    expect(processClock({ DJANGO_DRILL_NOW: '' }, () => 42)().getTime()).toBe(42)
    for (const bad of ['tomorrow', '12/15/2026', '2026-13-45T00:00']) {
      expect(() => processClock({ DJANGO_DRILL_NOW: bad })).toThrow(expect.objectContaining({ name: 'UsageError', exitCode: 2, message: expect.stringContaining(`"${bad}"`) }))
    }
  })
})
