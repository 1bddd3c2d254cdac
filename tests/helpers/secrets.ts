/**
 * Finds credentials in captured output (server logs, pages, JSON): the Arcade key it is told about, and every
 * token shape the sandbox issues. Masked forms (`••••abcd`) are not findings. Reusable for the e2e log check:
 *
 *   const leaks = findSecrets(serverLog, { key: 'fake_arcade_key_…' })
 *   assert.deepEqual(leaks, [])
 */

export type SecretKind = 'arcade_key' | 'access_token' | 'refresh_token' | 'authorization_code' | 'known_secret'

export interface SecretFinding {
  kind: SecretKind
  /** Where it was found, with the secret itself shortened so the report does not leak it again. */
  at: number
  excerpt: string
}

/** The sandbox's opaque credentials: `sbx_at_…`, `sbx_rt_…`, `sbx_code_…` (24 random bytes, base64url). */
const ISSUED = [
  { kind: 'access_token', pattern: /sbx_at_[A-Za-z0-9_-]{16,}/g },
  { kind: 'refresh_token', pattern: /sbx_rt_[A-Za-z0-9_-]{16,}/g },
  { kind: 'authorization_code', pattern: /sbx_code_[A-Za-z0-9_-]{16,}/g }
] as const

function shorten(secret: string): string {
  return `${secret.slice(0, 10)}…(${secret.length} chars)`
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = []
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at)
  return found
}

export function findSecrets(text: string, { key, others = [] }: { key?: string; others?: string[] } = {}): SecretFinding[] {
  const findings: SecretFinding[] = []
  if (key) for (const at of occurrences(text, key)) findings.push({ kind: 'arcade_key', at, excerpt: shorten(key) })
  for (const secret of others.filter((s) => s.length >= 8)) {
    for (const at of occurrences(text, secret)) findings.push({ kind: 'known_secret', at, excerpt: shorten(secret) })
  }
  for (const { kind, pattern } of ISSUED) {
    for (const match of text.matchAll(pattern)) findings.push({ kind, at: match.index ?? 0, excerpt: shorten(match[0]) })
  }
  return findings.sort((a, b) => a.at - b.at)
}
