/** Keys whose values are secrets wherever they appear in a JSON body. */
const SECRET_KEY = /(^|_)(token|access_token|refresh_token|id_token|client_secret|secret|password|api_?key|authorization)$/i

/** Shows enough of a secret to tell two apart, never enough to use it. */
export function maskSecret(value: string): string {
  if (value.length <= 8) return '••••'
  return `••••${value.slice(-4)}`
}

/** A deep copy of a JSON value with every secret-looking field masked. */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[too deep]'
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && typeof v === 'string' ? maskSecret(v) : redactJson(v, depth + 1)
    }
    return out
  }
  return value
}

/** Masks every occurrence of the given secrets inside a string (URLs, HTML, free text). */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(maskSecret(secret))
  }
  return out
}
