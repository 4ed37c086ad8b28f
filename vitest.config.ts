import { defineConfig } from 'vitest/config'

/** Tests that run the built CLI (dist/) as a process, in a pseudo-terminal or a browser: they need `npm run build` first. */
const END_TO_END = [
  'test/bin.test.ts',
  'test/e2e-*.test.ts',
  'test/*-pty.test.ts',
  'test/cheatsheet-browser.test.ts',
  'test/cache.test.ts',
  'test/progress-cmd.test.ts',
  'test/store.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Subprocess and pseudo-terminal tests are real processes; two cores here.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: END_TO_END } },
      { extends: true, test: { name: 'e2e', include: END_TO_END } },
    ],
  },
})
