// npm run readme: rewrites the README's command reference from the command table.
import { readFileSync, writeFileSync } from 'node:fs'
import { withReference } from '../src/command-reference.ts'

const path = new URL('../README.md', import.meta.url)
const before = readFileSync(path, 'utf8')
const after = withReference(before)
if (after !== before) writeFileSync(path, after)
console.log(after === before ? 'README.md: command reference already current' : 'README.md: command reference rewritten')
