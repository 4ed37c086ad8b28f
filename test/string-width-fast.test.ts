import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import { fastStringWidth } from '../src/core/string-width-fast.ts'
import { makeStyle } from '../src/core/style.ts'
import { seededRandom } from '../src/core/random.ts'

const color = makeStyle(3)

describe('the string width wrap-ansi is built with', () => {
  it('gives string-width’s width for every character of the Basic Multilingual Plane, alone and between letters', () => {
    const disagree: string[] = []
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c)
      if (fastStringWidth(ch) !== stringWidth(ch) || fastStringWidth(`a${ch}b`) !== stringWidth(`a${ch}b`)) disagree.push(c.toString(16))
    }
    expect(disagree).toEqual([])
  })

  it('gives string-width’s width for what a session draws, coloured or not', () => {
    const lines = [
      '1/10 · Models and the ORM · intermediate · ⏱ 0:05 ⚑ flagged',
      '❯ 1. `select_related` follows foreign keys in one query',
      '  2. ◉ prefetch_related › ⏎ ✔ ✘ ⟦gap⟧ ≈ ⚠ ◆ ○ ◯ ◐ ● …',
      '',
      ' ',
      'emoji 😀 and 日本語 and e\u0301 and ✅',
    ]
    for (const line of lines) {
      expect(fastStringWidth(line), line).toBe(stringWidth(line))
      for (const styled of [color.cyan(line), color.bold.dim(line), color.hex('#336699')(line), color.bgRed.yellow(line)])
        expect(fastStringWidth(styled), styled).toBe(stringWidth(styled))
    }
  })

  it('agrees with string-width on escapes it does not take for colour codes', () => {
    const odd = [
      '\u001b[12345m',
      '\u001b[;1mx',
      '\u001b[\u001b[31m31m',
      '\u001b]8;;http://x\u0007link\u001b]8;;\u0007',
      '\u009b31mx',
      '\u001b[2Kx',
      '\u001bx',
      'a\u0007b',
      '\u001b[1;12345mz',
    ]
    for (const text of odd) expect(fastStringWidth(text), JSON.stringify(text)).toBe(stringWidth(text))
  })

  it('agrees with string-width on random mixes of text, symbols, wide characters and escapes', () => {
    const random = seededRandom(16)
    const pieces = [
      'a',
      ' ',
      '·',
      '⏱',
      '❯',
      '›',
      '—',
      '日',
      '😀',
      '\u0301',
      '\ufe0f',
      '\u200d',
      '\u001b[31m',
      '\u001b[39m',
      '\u001b[1;2m',
      '\u001b[38;5;208m',
      '\u001b[m',
      '\u001b',
      '[',
      'm',
      '9',
      ';',
      '\u0007',
    ]
    for (let n = 0; n < 3000; n++) {
      let text = ''
      const length = Math.floor(random() * 12)
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)]
      expect(fastStringWidth(text), JSON.stringify(text)).toBe(stringWidth(text))
    }
  })
})
