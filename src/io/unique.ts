// Names no other process or earlier call can have picked: for temporary files
// and lock tokens. Not node:crypto: loading it costs ~2 ms on every command
// that only might write, and these names must be unique and hard to guess in
// a folder of the user's own (the files are also created with O_EXCL), not
// secret.
let counter = 0

/**
 * [0-9a-zA-Z] only: the process id and a per-process counter (base 36, each
 * ended by an upper-case letter, so no two (pid, counter) pairs read alike),
 * then `random` random base-36 digits.
 */
export function uniqueName(random = 12): string {
  let digits = ''
  while (digits.length < random) digits += Math.random().toString(36).slice(2)
  return `${process.pid.toString(36)}P${(counter++).toString(36)}C${digits.slice(0, random)}`
}
