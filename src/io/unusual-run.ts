// A run whose compiled code is not worth keeping for the next (see load-bundle.ts): a bundle says
// so on `process`, which the loader in dist/main.cjs and every bundle share.

/** The event's name. */
export const UNUSUAL_RUN = 'django-drill:unusual-run'

/** Says that this run is unusual: the code cache is then written by a later one. */
export const markUnusualRun = (): void => void (process.emit as (event: string) => boolean)(UNUSUAL_RUN)
