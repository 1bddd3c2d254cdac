// The error strings the troubleshooting page quotes, read from its MDX source (independently of the search's
// own section parser), so the search tests can paste each one and expect its entry first.
import { readFileSync } from 'node:fs'

export interface QuotedError {
  /** The entry's anchor on /troubleshooting. */
  anchor: string
  /** The string as the page quotes it (a code span). */
  quote: string
}

interface Entry {
  anchor: string
  level: number
  spans: string[]
}

const pageUrl = new URL('../../pages/troubleshooting.mdx', import.meta.url)

/**
 * Each entry's quoted strings: the code spans of its "What you see" paragraph before "Source:" (the
 * real-world entries), or of its "Code `x`." paragraph (the panel's codes).
 */
function entries(source: string): Entry[] {
  return source
    .split(/^(?=#{2,4} )/m)
    .filter((part) => /^#{2,4} .*\[#[a-z0-9-]+\]\s*$/m.test(part.split('\n')[0]))
    .map((part) => {
      const [heading, ...rest] = part.split('\n')
      const lede = rest.join('\n').trim().split(/\n\s*\n/)[0] ?? ''
      const quoting = lede.startsWith('**What you see:**') ? lede.split('Source:')[0] : lede.startsWith('Code `') ? lede : ''
      return {
        anchor: heading.match(/\[#([a-z0-9-]+)\]\s*$/)![1],
        level: heading.match(/^#+/)![0].length,
        spans: [...quoting.matchAll(/`([^`]+)`/g)].map((m) => m[1])
      }
    })
}

/**
 * The strings that name one entry's error. Left out: a string two entries quote (it names neither alone, e.g.
 * `pending`, `auth.start()`, `access_denied`), and a bare word (`code`, `failed`: a field or a state, not an error).
 */
export function quotedErrors(source = readFileSync(pageUrl, 'utf8')): { unique: QuotedError[]; shared: QuotedError[] } {
  const all = entries(source).flatMap((e) => [...new Set(e.spans)].map((quote) => ({ anchor: e.anchor, quote })))
  const count = new Map<string, Set<string>>()
  for (const { anchor, quote } of all) count.set(quote, (count.get(quote) ?? new Set()).add(anchor))
  const errorLike = all.filter((q) => !/^[A-Za-z]+$/.test(q.quote))
  return {
    unique: errorLike.filter((q) => count.get(q.quote)!.size === 1),
    shared: errorLike.filter((q) => count.get(q.quote)!.size > 1)
  }
}
