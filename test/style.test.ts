// The style without colour is chalk at level 0, without loading chalk: the same text for every
// style, chain and argument list (src/core/style.ts).
import { backgroundColorNames, Chalk, foregroundColorNames, modifierNames } from 'chalk'
import { describe, expect, it } from 'vitest'
import { makeStyle, STYLE_NAMES, type Style } from '../src/core/style.ts'

const ARGUMENTS: unknown[][] = [['text'], [''], [5], [undefined], [null], ['a', 'b'], ['a', undefined, 3], [], [['x', 'y']]]
const NAMES = [...STYLE_NAMES, 'visible'] as const

const call = (f: unknown, args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args)
const member = (s: Style, name: string) => (s as unknown as Record<string, Style>)[name]!

describe('the plain style', () => {
  const plain = makeStyle(0)
  const chalk = new Chalk({ level: 0 })

  it('names every style chalk has', () => {
    expect([...STYLE_NAMES]).toEqual([...modifierNames, ...foregroundColorNames, ...backgroundColorNames])
  })

  it('gives what chalk at level 0 gives: the instance, each style, chains of two, and the colour models', () => {
    expect(plain.level).toBe(0)
    for (const args of ARGUMENTS) {
      expect(call(plain, args), JSON.stringify(args)).toBe(call(chalk, args))
      for (const a of NAMES) {
        expect(call(member(plain, a), args), `${a} ${JSON.stringify(args)}`).toBe(call(member(chalk, a), args))
        for (const b of NAMES) expect(call(member(member(plain, a), b), args), `${a}.${b}`).toBe(call(member(member(chalk, a), b), args))
        expect(call(member(plain, a).rgb(1, 2, 3).bold, args)).toBe(call(member(chalk, a).rgb(1, 2, 3).bold, args))
      }
      for (const model of ['hex', 'bgHex'] as const) expect(call(plain[model]('#fff').visible, args)).toBe(call(chalk[model]('#fff').visible, args))
      expect(call(plain.ansi256(4).underline.bgAnsi256(9), args)).toBe(call(chalk.ansi256(4).underline.bgAnsi256(9), args))
    }
  })

  it('is chalk itself with colour', () => {
    expect(makeStyle(1).red('x')).toBe(new Chalk({ level: 1 }).red('x'))
    expect(makeStyle(3).bold.cyan('x')).toBe(new Chalk({ level: 3 }).bold.cyan('x'))
  })
})
