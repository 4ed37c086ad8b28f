// `npm run soak`: the kill and race loops of test/helpers/loops.ts for a few
// minutes (SOAK_SECONDS, default 180), then the counts. Not part of `npm test`.
// Exit 1 when any answer reported saved was lost or any store file was corrupt.
import { register } from 'tsx/esm/api'

register()
const { killLoop, staleLockRace } = await import('../test/helpers/loops.ts')

const seconds = Number(process.env.SOAK_SECONDS ?? 180)
const until = Date.now() + seconds * 1000
const total = { race: { rounds: 0, trials: 0, saved: 0, lost: 0, corrupt: 0, errors: 0, temps: 0 }, kill: { rounds: 0, kills: 0, saved: 0, lost: 0, corrupt: 0, temps: 0 } }
const add = (t, c, trials) => {
  t.rounds++
  t.saved += c.saved
  t.lost += c.lost
  t.corrupt += c.corrupt
  t.temps += c.leftoverTemps
  if ('errors' in t) t.errors += c.errors.length
  if ('trials' in t) t.trials += trials
  else t.kills += trials
}
let round = 0
while (Date.now() < until) {
  round++
  // Alternately a stale lock with a dead owner and one whose creator died before it wrote its owner.
  const race = await staleLockRace(6, 25, { ownerless: round % 2 === 0 })
  add(total.race, race, 25)
  const kill = await killLoop(8, 300)
  add(total.kill, kill, 8)
  const left = Math.max(0, Math.round((until - Date.now()) / 1000))
  console.log(
    `round ${round}: race ${race.saved} saved, ${race.lost} lost, ${race.corrupt} corrupt; kill ${kill.saved} saved, ${kill.lost} lost, ${kill.corrupt} corrupt (${left} s left)`,
  )
  for (const e of race.errors.slice(0, 3)) console.log(`  race error: ${e}`)
}
const r = total.race
const k = total.kill
console.log(
  `\nstale-lock race: ${r.rounds} rounds, ${r.trials} stale locks x 6 processes, ${r.saved} answers reported saved, ${r.lost} lost, ${r.corrupt} corrupt files, ${r.errors} errors, ${r.temps} leftover temp files`,
)
console.log(
  `kill mid-write:  ${k.rounds} rounds, ${k.kills} SIGKILLs, ${k.saved} answers reported saved, ${k.lost} lost, ${k.corrupt} corrupt files, ${k.temps} leftover temp files`,
)
process.exitCode = r.lost + r.corrupt + k.lost + k.corrupt > 0 ? 1 : 0
