import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { E2E_FAKE_ARCADE_KEY } from '../playwright.config'
import { findSecrets } from '../tests/helpers/secrets'

export { E2E_FAKE_ARCADE_KEY }

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

/**
 * The Arcade key or provider tokens in a text. OAuth authorization codes travel through the browser by design
 * (in redirect URLs), so only server-side texts such as logs are also checked for them.
 */
export function secretsIn(text: string, { codesToo = false } = {}) {
  return findSecrets(text, { key: E2E_FAKE_ARCADE_KEY }).filter((f) => codesToo || f.kind !== 'authorization_code')
}

/** Files whose text holds a secret, with what was found (shortened). */
export function filesWithSecrets(files: string[], options: { codesToo?: boolean } = {}) {
  return files
    .map((file) => ({ file, found: secretsIn(readFileSync(file, 'latin1'), options).map((f) => `${f.kind} ${f.excerpt}`) }))
    .filter((r) => r.found.length > 0)
}
