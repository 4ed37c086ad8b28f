// `django-drill sync`: merges this machine's progress with a folder the user
// already syncs (Syncthing, Dropbox, iCloud, a git repository), and the quiet
// sync sessions run at their start and end once a folder is remembered.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { effectiveSettings, type ProgressData } from '../core/progress.ts'
import { stripControl } from '../core/sanitize.ts'
import { deviceId, serializeReplica, syncStep, type Replica, type SyncSummary } from '../core/sync.ts'
import { DrillError, UsageError } from '../errors.ts'
import { openStore, type ProgressStore } from '../io/store.ts'
import { listSyncFiles, ownFileName, readSyncFile, writeSyncFile } from '../io/sync-folder.ts'
import type { Runtime } from '../runtime.ts'
import { plural } from './common.ts'

export interface SyncOptions {
  dir?: string
  /** Sessions (quiz, review, home) sync with this folder at their start and end. */
  remember?: boolean
  /** Sessions stop syncing. */
  forget?: boolean
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message

function checkFolder(dir: string): void {
  let isDir: boolean
  try {
    isDir = statSync(dir).isDirectory()
  } catch (error) {
    throw new DrillError(
      `Cannot use the sync folder ${stripControl(dir)} (${code(error) === 'ENOENT' ? 'it does not exist' : code(error)}). Create it, or point --dir at the folder your sync tool shares.`,
    )
  }
  if (!isDir) throw new DrillError(`The sync folder ${stripControl(dir)} is not a folder.`)
}

/**
 * One sync, under the progress lock (two processes on this machine never
 * interleave; other machines write only their own files): read the folder,
 * merge, write the progress and this machine's file.
 */
export function syncWith(store: ProgressStore, dir: string, runtime: Pick<Runtime, 'now'>, options: { remember?: boolean } = {}): SyncSummary {
  checkFolder(dir)
  return store.update((data) => {
    // Web Crypto's generator: node:crypto would be loaded by every session that only might sync (~2 ms).
    const device = data.sync?.device ?? deviceId(globalThis.crypto.getRandomValues(new Uint8Array(8)))
    const own = ownFileName(device)
    let listing: ReturnType<typeof listSyncFiles>
    try {
      listing = listSyncFiles(dir)
    } catch (error) {
      throw new DrillError(`Cannot list the sync folder ${stripControl(dir)} (${code(error)}); nothing was changed.`)
    }
    const skipped: string[] = []
    const others: Replica[] = []
    let base: Replica | undefined
    for (const name of listing.names) {
      const read = readSyncFile(dir, name)
      if ('skipped' in read) {
        if (read.missing) continue
        if (name === own && read.newer) {
          throw new DrillError(
            `This machine's sync file ${stripControl(name)} in ${stripControl(dir)} was written by a newer django-drill; it is left alone and nothing was changed. Upgrade django-drill here.`,
          )
        }
        skipped.push(`${stripControl(name)}: ${stripControl(read.skipped)}`)
        continue
      }
      if (name === own) base = read.replica
      else others.push(read.replica)
    }
    if (listing.more > 0) skipped.push(`${listing.more} more files in the folder were not read (at most ${listing.names.length})`)
    const now = runtime.now().getTime()
    const settings = effectiveSettings(data.settings)
    const { replica, report } = syncStep(data, {
      device,
      now,
      ...(base ? { base } : {}),
      others,
      settings: { retention: settings.retention, maxInterval: settings.maxInterval, learningSteps: settings.learningSteps },
    })
    let wrote: boolean
    try {
      wrote = writeSyncFile(dir, own, serializeReplica(replica))
    } catch (error) {
      throw new DrillError(`Cannot write ${stripControl(own)} in the sync folder ${stripControl(dir)} (${code(error)}); nothing was changed.`)
    }
    const devices = [...new Set([...(base ? [device] : []), ...others.map((r) => r.device)])].sort()
    const summary: SyncSummary = { at: now, dir, files: others.length + (base ? 1 : 0), devices, ...report, skipped, wrote }
    const dirKept = options.remember ? dir : data.sync?.dir
    data.sync = { device, ...(dirKept ? { dir: dirKept } : {}), last: summary }
    return summary
  })
}

const when = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

/** "3 answers in, 1 undone elsewhere, …" or "nothing new". */
export function describeMerge(s: SyncSummary): string {
  const parts = [
    s.answersIn > 0 ? `${plural(s.answersIn, 'answer')} in` : '',
    s.undoneIn > 0 ? `${plural(s.undoneIn, 'answer')} undone elsewhere` : '',
    s.marksIn > 0 ? `${plural(s.marksIn, 'flag or suspension', 'flags or suspensions')} changed` : '',
    s.schedules > 0 ? `${plural(s.schedules, 'schedule')} replayed` : '',
    s.heldBack > 0 ? `${plural(s.heldBack, 'answer')} dated in the future held back` : '',
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'nothing new here'
}

const printSkipped = (s: SyncSummary, runtime: Runtime) => {
  for (const line of s.skipped) runtime.err(`Skipped ${line}.`)
}

export async function sync(options: SyncOptions, runtime: Runtime): Promise<number> {
  const store = openStore(runtime)
  if (options.forget) {
    if (options.dir || options.remember) throw new UsageError('--forget takes no --dir or --remember.')
    const had = store.update((data) => {
      const dir = data.sync?.dir
      if (data.sync) delete data.sync.dir
      return dir
    })
    runtime.out(had ? `Sessions no longer sync with ${stripControl(had)}. Its files are left as they are.` : 'No sync folder was remembered.')
    return 0
  }
  const remembered = store.read().sync?.dir
  if (!options.dir && !remembered) throw new UsageError('Which folder? `django-drill sync --dir <folder>` (add --remember to sync every session with it).')
  const dir = options.dir ? resolve(runtime.cwd, options.dir) : remembered!
  const s = syncWith(store, dir, runtime, { remember: Boolean(options.remember) })
  const { style } = runtime
  const devices = s.devices.filter((d) => d !== store.read().sync?.device)
  const read = s.files === 0 ? 'no files from other machines yet' : `${plural(s.files, 'file')}${devices.length ? ` (${plural(devices.length, 'other machine')})` : ''}`
  runtime.out(`Synced with ${style.cyan(stripControl(dir))}: ${read}; ${describeMerge(s)}.`)
  runtime.out(
    style.dim(
      s.wrote ? `Wrote this machine's file ${ownFileName(store.read().sync!.device)}.` : `This machine's file ${ownFileName(store.read().sync!.device)} was already up to date.`,
    ),
  )
  if (options.remember) runtime.out(`Sessions (quiz, review, the home menu) now sync with this folder at their start and end. \`django-drill sync --forget\` stops that.`)
  printSkipped(s, runtime)
  return 0
}

export async function syncStatus(runtime: Runtime): Promise<number> {
  const data: ProgressData = openStore(runtime).read()
  const state = data.sync
  const { style } = runtime
  if (!state) {
    runtime.out('Never synced. `django-drill sync --dir <folder>` merges your progress with a folder you sync (Syncthing, Dropbox, iCloud, git).')
    return 0
  }
  runtime.out(`This machine: ${style.cyan(state.device)} (its file: ${ownFileName(state.device)})`)
  runtime.out(state.dir ? `Sessions sync with ${stripControl(state.dir)} at their start and end.` : 'Sessions do not sync (`sync --dir <folder> --remember` makes them).')
  const s = state.last
  if (!s) return 0
  const others = s.devices.filter((d) => d !== state.device)
  runtime.out(
    `Last sync: ${when(s.at)} with ${stripControl(s.dir)}: ${plural(s.files, 'file')} read${others.length ? ` (from ${others.map(stripControl).join(', ')})` : ''}; ${describeMerge(s)}.`,
  )
  for (const line of s.skipped) runtime.out(style.dim(`  skipped ${line}`))
  return 0
}

/**
 * The sync a session runs at its start and end when a folder is remembered.
 * Never fails the session: a problem is one line on stderr. `progress` is the
 * store's data if the caller has just read it (reading it again costs a copy).
 * Returns whether a sync was tried: the store's data may have changed.
 */
export function autoSync(store: ProgressStore, runtime: Runtime, moment: 'start' | 'end', progress?: ProgressData): boolean {
  let dir: string | undefined
  try {
    dir = (progress ?? store.read()).sync?.dir
    if (!dir) return false
    const s = syncWith(store, dir, runtime)
    const news = s.answersIn + s.undoneIn + s.marksIn > 0
    if (news || moment === 'end') runtime.err(runtime.errStyle.dim(`Synced with ${stripControl(dir)}: ${describeMerge(s)}.`))
    for (const line of s.skipped) runtime.err(runtime.errStyle.dim(`Sync skipped ${line}.`))
  } catch (error) {
    const what = error instanceof DrillError ? error.message : `${(error as Error).message}`
    runtime.err(`Sync ${dir ? `with ${stripControl(dir)} ` : ''}did not run: ${stripControl(what)} Your progress here is saved; \`django-drill sync\` tries again.`)
  }
  return dir !== undefined
}
