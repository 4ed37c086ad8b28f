// escapeTerminal against its rule written out: every code unit of the Basic Multilingual Plane, and
// the tag characters, is escaped exactly when it is a control (not tab or newline), DEL, C1, or one
// of the invisible and bidi code points; colour sequences pass with keepColour.
import { describe, expect, it } from 'vitest'
import { escapeTerminal } from '../src/core/sanitize.ts'

const INVISIBLE = [0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x3164, 0xfeff, 0xffa0]
const RANGES: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfff9, 0xfffb],
]
const unsafe = (u: number): boolean => INVISIBLE.includes(u) || RANGES.some(([a, b]) => u >= a && u <= b)

describe('escapeTerminal', () => {
  it('escapes exactly the unsafe code units of the BMP, alone and inside text', () => {
    const wrong: string[] = []
    for (let u = 0; u <= 0xffff; u++) {
      if (u >= 0xd800 && u <= 0xdfff) continue // surrogates: below
      const ch = String.fromCharCode(u)
      for (const text of [ch, `a${ch}b`]) {
        const changed = escapeTerminal(text) !== text
        if (changed !== unsafe(u)) wrong.push(u.toString(16))
      }
    }
    expect(wrong).toEqual([])
  })

  it('escapes tag characters (U+E0000 to U+E007F) and leaves other astral characters', () => {
    for (let c = 0xe0000; c <= 0xe007f; c++) expect(escapeTerminal(`x${String.fromCodePoint(c)}y`)).not.toContain(String.fromCodePoint(c))
    for (const c of [0x1f600, 0xe0080, 0x10000, 0x1d11e]) expect(escapeTerminal(`x${String.fromCodePoint(c)}y`)).toBe(`x${String.fromCodePoint(c)}y`)
  })

  it('keeps colour sequences only when asked, and escapes every other ESC', () => {
    const red = '\u001b[31mred\u001b[39m'
    expect(escapeTerminal(red, { keepColour: true })).toBe(red)
    expect(escapeTerminal(red)).toBe('\\x1b[31mred\\x1b[39m')
    expect(escapeTerminal(`${red}\u001b]52;c;eA==\u0007`, { keepColour: true })).toBe(`${red}\\x1b]52;c;eA==\\x07`)
  })
})
