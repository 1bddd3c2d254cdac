import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export { E2E_FAKE_ARCADE_KEY } from '../playwright.config'

/** Provider tokens as the sandbox issues them (access and refresh); never to be seen outside the server. */
export const PROVIDER_TOKEN = /sbx_(at|rt)_[A-Za-z0-9_-]{8,}/

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

/** Files among `files` whose text contains the needle or matches the pattern. */
export function filesContaining(files: string[], needle: string | RegExp): string[] {
  return files.filter((file) => {
    const text = readFileSync(file, 'latin1')
    return typeof needle === 'string' ? text.includes(needle) : needle.test(text)
  })
}
