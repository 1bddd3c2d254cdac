// What each HTTP call of a run is, in words a reader scanning the inspector knows, named from the call itself
// (method and path), not from the step that made it: the Jira step's GET /v1/auth/status is a status check
// that hands the server the token, not a separate "token" call.
import type { Exchange } from '../../contract/playground-api'

const CALLS: Array<{ method: string; path: RegExp; name: (query: URLSearchParams) => string }> = [
  { method: 'POST', path: /\/v1\/auth\/authorize$/, name: () => 'Arcade authorize' },
  { method: 'GET', path: /\/v1\/auth\/status$/, name: (query) => (Number(query.get('wait')) > 0 ? 'Arcade status (long-poll)' : 'Arcade status') },
  { method: 'GET', path: /\/oauth\/token\/accessible-resources$/, name: () => 'accessible-resources' },
  { method: 'GET', path: /\/rest\/api\/3\/project\/search$/, name: () => 'Jira project search' },
  { method: 'GET', path: /\/rest\/api\/3\/myself$/, name: () => 'Jira myself' },
  { method: 'GET', path: /\/me$/, name: () => 'Atlassian profile (/me)' }
]

/** The reader's name for one exchange; its method and path when it is none of the calls a run makes. */
export function callName(exchange: Pick<Exchange, 'method' | 'url'>): string {
  // Shown URLs may name a host as a label (`https://<self-hosted engine>/…`), which URL() refuses: split by hand.
  const [path, query = ''] = exchange.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split('?')
  const call = CALLS.find((c) => c.method === exchange.method && c.path.test(path))
  return call ? call.name(new URLSearchParams(query.split('#')[0])) : `${exchange.method} ${path}`
}

/** Every call of a group, in order of first appearance, with a count when repeated: they add up to the total. */
export function callSummary(exchanges: Array<Pick<Exchange, 'method' | 'url'>>): string {
  const counts = new Map<string, number>()
  for (const e of exchanges) counts.set(callName(e), (counts.get(callName(e)) ?? 0) + 1)
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')
}
