// The in-process probe of `npm run bench` for recording answers: `seed <dir>`
// writes a 10,000-question history through the real store; `measure <dir>`
// records four answers into it and prints how long the first (which opens the
// store) and the next three took. Bundled by scripts/bench.mjs; type-checked by tsc.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { emptyProgress, recordAttempt, recordWithJournal, type ProgressData, type Rating } from '../../src/core/progress.ts'
import { createConfStore, type ProgressStore } from '../../src/io/store.ts'

const [mode, dir, idsFile] = process.argv.slice(2)
if ((mode !== 'seed' && mode !== 'measure' && mode !== 'month') || !dir) throw new Error('usage: record-probe seed|measure|month <dir> [ids.json]')

const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6
const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 25, 12)
const TOPICS = ['orm', 'views', 'security', 'testing', 'models', 'caching', 'forms', 'admin']
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const
const idOf = (i: number) => `gen-${String(i).padStart(5, '0')}`

/** A reproducible history: 1 to 5 answers for each of 10,000 questions, cards as src/core/schedule.ts stores them. */
function history(): ProgressData {
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const round6 = (n: number) => Math.round(n * 1e6) / 1e6
  const data = emptyProgress()
  for (let i = 0; i < 10_000; i++) {
    const n = 1 + Math.floor(rnd() * 5)
    for (let k = 0; k < n; k++) {
      const t = NOW - (n - k) * 3 * DAY - Math.floor(rnd() * DAY)
      recordAttempt(data, {
        bank: 'big',
        id: idOf(i),
        topic: TOPICS[i % TOPICS.length]!,
        difficulty: LEVELS[i % 3]!,
        attempt: { t, r: (1 + Math.floor(rnd() * 4)) as Rating, ok: rnd() < 0.7 ? 1 : 0, ms: 2000 + Math.floor(rnd() * 60_000) },
        card: {
          due: t + 4 * DAY,
          stability: round6(1 + rnd() * 40),
          difficulty: round6(1 + rnd() * 9),
          elapsed_days: 3,
          scheduled_days: 4,
          learning_steps: 0,
          reps: n,
          lapses: Math.floor(rnd() * 2),
          state: 2,
          last_review: t,
        },
      })
    }
  }
  return data
}

/** One answer as a session records it (src/session/record.ts): through `record`, with its journal entry. */
const answer = (store: ProgressStore, i: number): void => {
  const saved = store.record((d) => {
    recordWithJournal(d, {
      bank: 'big',
      id: idOf((i * 37) % 10_000),
      topic: 'orm',
      difficulty: 'advanced',
      attempt: { t: NOW + i * 1000, r: 3, ok: 1, ms: 12_345 },
      card: {
        due: NOW + 9 * DAY,
        stability: 9.5,
        difficulty: 5.25,
        elapsed_days: 3,
        scheduled_days: 9,
        learning_steps: 0,
        reps: 4,
        lapses: 0,
        state: 2,
        last_review: NOW + i * 1000,
      },
    })
  })
  if (!saved) throw new Error(`the answer was not saved: ${store.lastFailure}`)
}

/** A month of practice on the bundled bank: about 20 answers a day over 30 days, for `stats`. */
function month(questions: { id: string; topic: string; difficulty: (typeof LEVELS)[number] }[]): ProgressData {
  let seed = 11
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const data = emptyProgress()
  for (let day = 30; day >= 1; day--) {
    for (let k = 0; k < 20; k++) {
      const q = questions[Math.floor(rnd() * questions.length)]!
      const t = NOW - day * DAY + k * 90_000
      const ok = rnd() < 0.7 ? 1 : 0
      recordAttempt(data, {
        bank: 'django',
        id: q.id,
        topic: q.topic,
        difficulty: q.difficulty,
        attempt: { t, r: ok ? 3 : 1, ok, ms: 5000 + Math.floor(rnd() * 60_000) },
        card: {
          due: t + (ok ? 5 : 1) * DAY,
          stability: ok ? 5 : 0.5,
          difficulty: 5,
          elapsed_days: 1,
          scheduled_days: ok ? 5 : 1,
          learning_steps: 0,
          reps: 1,
          lapses: ok ? 0 : 1,
          state: 2,
          last_review: t,
        },
      })
    }
  }
  return data
}

if (mode === 'month') {
  if (!idsFile) throw new Error('month needs the questions as JSON (list --json)')
  createConfStore({ dir }).replace(month(JSON.parse(readFileSync(idsFile, 'utf8')) as Parameters<typeof month>[0]))
  process.stdout.write(JSON.stringify({ bytes: statSync(join(dir, 'progress.json')).size }))
} else if (mode === 'seed') {
  const store = createConfStore({ dir })
  store.replace(history())
  const check = createConfStore({ dir }).read()
  // Past a megabyte the progress is kept in parts: the size is theirs together.
  const bytes = store.files.reduce((n, file) => n + (existsSync(file) ? statSync(file).size : 0), 0)
  process.stdout.write(JSON.stringify({ bytes, questions: Object.keys(check.banks['big'] ?? {}).length }))
} else {
  const store = createConfStore({ dir })
  // The first answer opens the store (a full read); a session pays it once.
  let t = process.hrtime.bigint()
  answer(store, process.pid)
  const cold = ms(t)
  const warm: number[] = []
  for (let i = 1; i <= 3; i++) {
    t = process.hrtime.bigint()
    answer(store, process.pid + i)
    warm.push(ms(t))
  }
  process.stdout.write(JSON.stringify({ cold, warm }))
}
