import type { Style } from './style.ts'

const PY_KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
)
const PY_CONSTANTS = new Set(['True', 'False', 'None', 'self', 'cls'])

// One alternation, tried left to right at each position.
const PY_TOKEN =
  /(#[^\n]*)|((?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))|(@[A-Za-z_][\w.]*)|(\b\d[\d_]*(?:\.\d+)?\b)|([A-Za-z_]\w*)/g

/** Colours Python source for the terminal. Unknown languages are returned unchanged. */
export function highlight(code: string, language: string, style: Style): string {
  const lang = language.toLowerCase()
  if (style.level === 0 || !['python', 'py', 'python3', 'pycon'].includes(lang)) return code
  let out = ''
  let last = 0
  let afterDef = false
  for (const match of code.matchAll(PY_TOKEN)) {
    const index = match.index ?? 0
    out += code.slice(last, index)
    last = index + match[0].length
    const [text, comment, string, decorator, number, word] = match
    if (comment) out += style.gray(text)
    else if (string) out += style.green(text)
    else if (decorator) out += style.magenta(text)
    else if (number) out += style.yellow(text)
    else if (word) {
      if (afterDef) out += style.blue(text)
      else if (PY_KEYWORDS.has(word)) out += style.magenta(text)
      else if (PY_CONSTANTS.has(word)) out += style.yellow(text)
      else out += text
      afterDef = word === 'def' || word === 'class'
      continue
    } else out += text
    afterDef = false
  }
  return out + code.slice(last)
}
