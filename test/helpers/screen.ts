// A tiny terminal emulator for pty tests: enough of VT100 (cursor moves,
// erase, alternate screen, wrapping, scrolling) to say what is on the screen
// at a given moment, rather than what was ever written.
export function renderScreen(raw: string, cols: number, rows: number, seen: { wrapped?: string[] } = {}): string[] {
  const blank = () => Array.from({ length: rows }, () => ' '.repeat(cols).split(''))
  const normal = blank()
  let grid = normal
  let alt: string[][] | undefined
  let x = 0
  let y = 0
  let saved: [number, number] = [0, 0]
  const scroll = () => {
    grid.shift()
    grid.push(' '.repeat(cols).split(''))
    y = rows - 1
  }
  const clamp = () => {
    x = Math.max(0, Math.min(cols - 1, x))
    y = Math.max(0, Math.min(rows - 1, y))
  }
  // eslint-disable-next-line no-control-regex
  const token = /\u001b\[([?]?)([0-9;]*)([A-Za-z@])|\u001b([78])|\u001b\][^\u0007]*\u0007|([\s\S])/gu
  let pendingWrap = false
  for (const m of raw.matchAll(token)) {
    const [, priv, params, cmd, esc, ch] = m
    if (esc) {
      if (esc === '7') saved = [x, y]
      else [x, y] = saved
      continue
    }
    if (cmd) {
      const nums = (params ?? '').split(';').map((p) => (p === '' ? undefined : Number(p)))
      const n = nums[0] ?? 1
      pendingWrap = false
      if (priv === '?') {
        if (params === '1049' && cmd === 'h') {
          alt = blank()
          grid = alt
          x = y = 0
        } else if (params === '1049' && cmd === 'l') grid = normal
        continue
      }
      switch (cmd) {
        case 'A':
          y -= n
          break
        case 'B':
          y += n
          break
        case 'C':
          x += n
          break
        case 'D':
          x -= n
          break
        case 'E':
          y += n
          x = 0
          break
        case 'F':
          y -= n
          x = 0
          break
        case 'G':
          x = (nums[0] ?? 1) - 1
          break
        case 'H':
        case 'f':
          y = (nums[0] ?? 1) - 1
          x = (nums[1] ?? 1) - 1
          break
        case 'J': {
          const mode = nums[0] ?? 0
          if (mode === 2 || mode === 3) for (const line of grid) line.fill(' ')
          else if (mode === 0) {
            grid[y]!.fill(' ', x)
            for (let r = y + 1; r < rows; r++) grid[r]!.fill(' ')
          }
          break
        }
        case 'K': {
          const mode = nums[0] ?? 0
          if (mode === 2) grid[y]!.fill(' ')
          else if (mode === 0) grid[y]!.fill(' ', x)
          else grid[y]!.fill(' ', 0, x + 1)
          break
        }
        default:
          break // colours and the rest do not move anything
      }
      clamp()
      continue
    }
    if (ch === undefined) continue
    if (ch === '\r') {
      x = 0
      pendingWrap = false
    } else if (ch === '\n') {
      pendingWrap = false
      if (y === rows - 1) scroll()
      else y++
    } else if (ch === '\b') x = Math.max(0, x - 1)
    else if (ch >= ' ') {
      if (pendingWrap) {
        // The terminal broke a line the tool wrote wider than itself: note the row it broke.
        seen.wrapped?.push(grid[y]!.join(''))
        pendingWrap = false
        x = 0
        if (y === rows - 1) scroll()
        else y++
      }
      grid[y]![x] = ch
      if (x === cols - 1) pendingWrap = true
      else x++
    }
  }
  return grid.map((line) => line.join('').trimEnd())
}
