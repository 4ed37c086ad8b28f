import { describe, expect, it } from 'vitest'
import { npmBannerAbove } from '../src/commands/home.ts'

describe("npm's header above the home menu", () => {
  it.each([
    ['npm start on a terminal', { npm_lifecycle_event: 'start' }, true, true],
    ['npm start --silent prints no header', { npm_lifecycle_event: 'start', npm_config_loglevel: 'silent' }, true, false],
    ['another npm script', { npm_lifecycle_event: 'test' }, true, false],
    ['not through npm', {}, true, false],
    ['not a terminal', { npm_lifecycle_event: 'start' }, false, false],
    ['a dumb terminal cannot erase', { npm_lifecycle_event: 'start', TERM: 'dumb' }, true, false],
  ])('%s', (_what, env, stdoutIsTTY, erased) => {
    expect(npmBannerAbove({ env, stdoutIsTTY })).toBe(erased)
  })
})
