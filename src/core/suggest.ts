/** Edit distance between two strings (insertions, deletions, substitutions). */
export function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]!
}

/** The candidates closest to `input`: those containing it first, then by edit distance. */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase()
  const scored = candidates.map((c) => {
    const containsAll = needle
      .split(/[-\s]+/)
      .filter(Boolean)
      .every((part) => c.includes(part))
    return { c, score: (containsAll ? 0 : 1000) + distance(needle, c) }
  })
  const maxDistance = Math.max(3, Math.floor(needle.length / 2))
  return scored
    .filter((s) => s.score < 1000 || s.score - 1000 <= maxDistance)
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c)
}
