// Reading front-matter fields with type checks; every failure is reported
// with its field and line. Shared by the parser and every question kind.
import { escapeTerminal, hasControlChars, hasInvisibleChars, stripControl } from './sanitize.ts'

export interface FrontMatter {
  data: Record<string, unknown>
  body: string
  /** Line number (1-based) of each top-level key in the file. */
  lines: Map<string, number>
  /** Line (1-based) in the file where `body` starts, when known. */
  bodyLine?: number
  /**
   * No text in this file can hold a control or invisible character: the file
   * has none, and its YAML no escape that could make one. `clean` then has
   * nothing to look for.
   */
  plain?: boolean
}

export type Reporter = (field: string, reason: string, severity?: 'error' | 'warning', line?: number) => void

/** Reads fields with type checks, reporting each failure with its line. */
export class Fields {
  constructor(
    private readonly fm: FrontMatter,
    private readonly report: Reporter,
  ) {}

  line(field: string): number | undefined {
    return this.fm.lines.get(field)
  }

  /** The value as YAML gave it, for checks of their own. */
  raw(field: string): unknown {
    return this.fm.data[field]
  }

  has(field: string): boolean {
    const value = this.fm.data[field]
    return value !== undefined && value !== null
  }

  error(field: string, reason: string): void {
    this.report(field, reason, 'error', this.line(field))
  }

  warn(field: string, reason: string): void {
    this.report(field, reason, 'warning', this.line(field))
  }

  string(field: string, required: boolean): string | undefined {
    const value = this.fm.data[field]
    if (value === undefined || value === null) {
      if (required) this.error(field, 'is required')
      return undefined
    }
    if (typeof value !== 'string') {
      this.error(field, `must be a string, got ${describe(value)}${quoteHint(value)}`)
      return undefined
    }
    const text = value.trim()
    if (required && text === '') {
      this.error(field, 'must not be empty')
      return undefined
    }
    return this.clean(field, text)
  }

  strings(field: string, required: boolean): string[] | undefined {
    const value = this.fm.data[field]
    if (value === undefined || value === null) {
      if (required) this.error(field, 'is required')
      return undefined
    }
    if (!Array.isArray(value)) {
      this.error(field, `must be a list of strings, got ${describe(value)}`)
      return undefined
    }
    const out: string[] = []
    for (const [index, item] of value.entries()) {
      if (typeof item !== 'string' || item.trim() === '') {
        this.error(field, `item ${index + 1} must be a non-empty string, got ${describe(item)}${quoteHint(item)}`)
        return undefined
      }
      out.push(this.clean(field, item.trim()))
    }
    return out
  }

  clean(field: string, text: string): string {
    if (this.fm.plain) return text
    if (hasInvisibleChars(text)) {
      // Bidi overrides, zero-width and tag characters make text show as something else, or impossible to type.
      this.warn(field, 'contains invisible or bidi-control characters (zero-width, direction overrides, tags); they are shown escaped')
      return escapeTerminal(text)
    }
    if (!hasControlChars(text)) return text
    this.warn(field, 'contains control characters; they are shown escaped')
    return stripControl(text)
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string'
  return `${typeof value} ${String(value)}`
}

// js-yaml turns `0123` into 83, `1:30` into 90 and `2024-01-01` into a Date.
export const quoteHint = (value: unknown): string =>
  typeof value === 'number' || typeof value === 'boolean' || value instanceof Date ? ' (quote the value to keep it as text)' : ''
