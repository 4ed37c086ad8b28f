// Reads the parts of a bank index file the way its trailer gives them (see the layout in src/io/cache.ts).
import fs from 'node:fs'

const TRAILER = 96

export interface IndexParts {
  light: [number, number]
  rows: [number, number]
  table: [number, number]
}

export function indexParts(bytes: Buffer): IndexParts {
  const [light, lightLength, rows, rowsLength, table, tableLength] = bytes
    .subarray(bytes.length - TRAILER)
    .toString('latin1')
    .trim()
    .split(/ +/)
    .map(Number) as [number, number, number, number, number, number]
  return { light: [light, lightLength], rows: [rows, rowsLength], table: [table, tableLength] }
}

/** One part of an index file's text (latin1: the light part and the table are ASCII). */
export function partText(path: string, part: keyof IndexParts): string {
  const bytes = fs.readFileSync(path)
  const [at, length] = indexParts(bytes)[part]
  return bytes.subarray(at, at + length).toString(part === 'rows' ? 'utf8' : 'latin1')
}

/** The light part of an index file, and a way to write the file back with another light part (its trailer fixed). */
export function lightPart(path: string): { light: string; rewrite: (light: string) => void } {
  const bytes = fs.readFileSync(path)
  const parts = indexParts(bytes)
  const [start, length] = parts.light
  const part = ([at, n]: [number, number]): string => `${String(at).padStart(15)} ${String(n).padStart(15)}`
  return {
    light: bytes.subarray(start, start + length).toString('latin1'),
    rewrite: (light) => {
      const trailer = `${part([start, light.length])} ${part(parts.rows)} ${part(parts.table)}\n`
      fs.writeFileSync(path, Buffer.concat([bytes.subarray(0, start), Buffer.from(light, 'latin1'), Buffer.from(trailer, 'latin1')]))
    },
  }
}

/** Writes an index file back with one part replaced, the parts after it moved and the trailer fixed. */
export function rewritePart(path: string, part: keyof IndexParts, bytes: Buffer): void {
  const file = fs.readFileSync(path)
  const parts = indexParts(file)
  // On disk: records, rows, table, light, trailer.
  const order: (keyof IndexParts)[] = ['rows', 'table', 'light']
  const pieces = order.map((p) => (p === part ? bytes : file.subarray(parts[p][0], parts[p][0] + parts[p][1])))
  let at = parts.rows[0]
  const moved = {} as IndexParts
  order.forEach((p, i) => {
    moved[p] = [at, pieces[i]!.length]
    at += pieces[i]!.length
  })
  const field = ([a, n]: [number, number]): string => `${String(a).padStart(15)} ${String(n).padStart(15)}`
  const trailer = `${field(moved.light)} ${field(moved.rows)} ${field(moved.table)}\n`
  fs.writeFileSync(path, Buffer.concat([file.subarray(0, parts.rows[0]), ...pieces, Buffer.from(trailer, 'latin1')]))
}
