// A long --json list is written a batch at a time, and is still exactly JSON.stringify's text.
import { describe, expect, it } from 'vitest'
import { printJson } from '../src/commands/common.ts'
import { memoryRuntime } from './helpers/runtime.ts'

const items = Array.from({ length: 1_234 }, (_, i) => ({ id: `q-${i}`, title: i % 7 ? `Title ${i}` : 'quotes " and \\ and \u00e9', tags: i % 3 ? [] : ['a', 'b'] }))

describe('printJson', () => {
  it('writes a long list in pieces whose join is JSON.stringify of the whole', () => {
    const pieces: string[] = []
    const runtime = memoryRuntime({ stdoutIsTTY: false, outPieces: (p) => void pieces.push(...p) })
    printJson(runtime, items)
    expect(pieces.length).toBeGreaterThan(2)
    expect(pieces.join('')).toBe(JSON.stringify(items))
    expect(JSON.parse(pieces.join(''))).toEqual(items)
  })

  it('without outPieces, and for short lists and terminals, prints one text as before', () => {
    const plain = memoryRuntime({ stdoutIsTTY: false })
    printJson(plain, items)
    expect(plain.stdout).toEqual([JSON.stringify(items)])
    const tty = memoryRuntime({ stdoutIsTTY: true })
    printJson(tty, items.slice(0, 3))
    expect(tty.stdout).toEqual([JSON.stringify(items.slice(0, 3), null, 2)])
  })

  it('with `each`, prints what value.map(each) would, in pieces and whole', () => {
    const each = (item: (typeof items)[number]) => ({ title: item.title, id: item.id })
    const pieces: string[] = []
    printJson(memoryRuntime({ stdoutIsTTY: false, outPieces: (p) => void pieces.push(...p) }), items, each)
    expect(pieces.length).toBeGreaterThan(2)
    expect(pieces.join('')).toBe(JSON.stringify(items.map(each)))
    const tty = memoryRuntime({ stdoutIsTTY: true })
    printJson(tty, items.slice(0, 3), each)
    expect(tty.stdout).toEqual([JSON.stringify(items.slice(0, 3).map(each), null, 2)])
  })
})
