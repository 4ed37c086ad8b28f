import { renderTable } from '../core/table.ts'
import { wrapItems } from '../core/text.ts'
import { trackRows } from '../core/tracks.ts'
import { openLibrary } from '../io/library.ts'
import type { Runtime } from '../runtime.ts'
import { plural, printJson, type BankOptions } from './common.ts'

export interface TracksOptions extends BankOptions {
  json?: boolean
}

/** Each track of the banks in use: its questions, how many you have seen and how many you know now. */
export async function tracks(options: TracksOptions, runtime: Runtime): Promise<void> {
  const library = openLibrary(runtime, options.bank, { light: true })
  // conf is slow to import; only this command pays for it here.
  const { openStore } = await import('../io/store.ts')
  const rows = trackRows(library.tracks, library.questions, openStore(runtime).read(), runtime.now())
  if (options.json) {
    printJson(runtime, rows)
    return
  }
  const { style } = runtime
  if (rows.length === 0) {
    runtime.out('No tracks: a bank declares them under `tracks:` in its bank.yml (see the README).')
    return
  }
  const multiBank = library.banks.length > 1
  runtime.out(
    renderTable(
      [
        { header: 'TRACK', color: (s, st) => st.cyan(s) },
        { header: 'TITLE', shrink: 1, min: 12 },
        { header: 'QUESTIONS', align: 'right' },
        { header: 'SEEN', align: 'right' },
        { header: 'KNOWN', align: 'right' },
      ],
      rows.map((r) => [multiBank ? `${r.bank}/${r.id}` : r.id, r.title, String(r.questions), String(r.seen), String(r.known)]),
      runtime.width,
      style,
    ),
  )
  const hint = [plural(rows.length, 'track'), `drill one with \`django-drill review --track ${rows[0]!.id}\``]
  runtime.out(
    wrapItems(hint, Math.min(runtime.width, 100))
      .map((l) => style.dim(l))
      .join('\n'),
  )
}
