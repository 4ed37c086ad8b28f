export class DurationError extends Error {
  override name = 'DurationError'
}

const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000 }

/** Reads "90s", "2m", "1m30s", "1h" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const input = text.trim().toLowerCase()
  if (/^\d+$/.test(input)) {
    const ms = Number(input) * 1000
    if (ms > 0) return ms
  }
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(input)
  if (match && input !== '') {
    const [, h, m, s] = match
    const ms = Number(h ?? 0) * UNITS['h']! + Number(m ?? 0) * UNITS['m']! + Number(s ?? 0) * UNITS['s']!
    if (ms > 0) return ms
  }
  throw new DurationError(`"${text}" is not a duration; write it like 90s, 2m, 1m30s or 1h`)
}

/** "0:07", "1:30", "1:02:03" */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** "4.2s", "1m05s" */
export function formatSpent(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}
