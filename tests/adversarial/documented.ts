/**
 * What counts as a documented answer, per route family. `problemWith` returns why an answer is not one
 * (or undefined when it is). Shared rules: never a 5xx; never a <script> in an HTML answer (inputs are
 * never reflected unescaped); a redirect only to the places listed for its family.
 *
 * - Playground JSON routes (config, start, status, jira, reset, doctor, flow, settle-flow): `application/json` with either the route's success
 *   shape or `{error:{code,message,help}}` where code is in ERROR_CODES and help is its troubleshooting anchor,
 *   whatever body, content type or size a request carries (a GET route refuses any body with JSON 400);
 *   405 carries `Allow`; 429 (the rate limiter's `rate_limited`, or an upstream's) carries `Retry-After`.
 * - The verifier (`/api/playground/verify`) and the consent link (`/api/playground/consent`): a 303 to the
 *   embedded sandbox (the configured Arcade), or the
 *   verifier's HTML page naming an error code from ERROR_CODES with its troubleshooting link (or "confirmed").
 * - The sandbox (`/api/sandbox/...`): the emulated service's own dialect: Arcade `{name,message}` (or its
 *   confirm_user refusal `{code,msg}`), OAuth `{error,error_description}`, the Atlassian gateway
 *   `{code,message}` / `{errorMessages,errors}`, a 2xx JSON answer, an SVG avatar, an HTML page with the
 *   sandbox's own `frame-ancestors 'none'` policy, or a redirect to a registered redirect URI or the verifier.
 * - /api and any other path under it: JSON 404 `not_found` (the catch-all route), whatever the method and body.
 * - No route (a path nothing serves outside /api): Next's 404, or 400 for a request-target it cannot parse.
 * - Node's HTTP parser: a request it cannot parse (raw CR/LF, no Host, an oversized head) is refused by Node
 *   itself, before any route, with 400/431 and no body (the harness's plain server; `npm start`'s server answers
 *   these in JSON with the security headers, tests/scale/early-refusal.test.ts).
 */
import { ERROR_CODES } from '../../contract/playground-api'
import type { RawAnswer } from './raw-http'

export type Family = 'playground' | 'verifier' | 'sandbox' | 'unknown_api' | 'none'

const PLAYGROUND_ROUTES: Record<string, 'GET' | 'POST'> = {
  '/api/playground/config': 'GET',
  '/api/playground/start': 'POST',
  '/api/playground/status': 'GET',
  '/api/playground/jira': 'POST',
  '/api/playground/reset': 'POST',
  '/api/playground/doctor': 'GET',
  '/api/playground/flow': 'GET',
  '/api/playground/settle-flow': 'POST'
}

/** Which route the harness (and Next) dispatches a request-target to. */
export function familyOf(target: string): { family: Family; pathname: string } {
  let pathname: string
  try {
    pathname = new URL(target, 'http://site.invalid').pathname
  } catch {
    return { family: 'none', pathname: target }
  }
  if (pathname in PLAYGROUND_ROUTES) return { family: 'playground', pathname }
  // The consent link is a browser navigation too, answered like the verifier: a 303 on, or a page.
  if (pathname === '/api/playground/verify' || pathname === '/api/playground/consent') return { family: 'verifier', pathname }
  if (pathname.startsWith('/api/sandbox/')) return { family: 'sandbox', pathname }
  if (pathname === '/api' || pathname.startsWith('/api/')) return { family: 'unknown_api', pathname }
  return { family: 'none', pathname }
}

const SUCCESS_SHAPE: Record<string, (body: any) => boolean> = {
  '/api/playground/config': (b) => typeof b.mode === 'string' && typeof b.longPollSeconds === 'number',
  '/api/playground/start': (b) => typeof b.flowId === 'string' && Array.isArray(b.exchanges),
  '/api/playground/status': (b) => typeof b.flowId === 'string' && typeof b.status === 'string',
  '/api/playground/jira': (b) => Array.isArray(b.sites) && typeof b.projects === 'object',
  '/api/playground/reset': (b) => typeof b.mode === 'string' && typeof b.message === 'string',
  '/api/playground/doctor': (b) => typeof b.mode === 'string' && Array.isArray(b.checks),
  '/api/playground/flow': (b) => 'flow' in b,
  '/api/playground/settle-flow': (b) => typeof b.settled === 'string'
}

const isParserRefusal = (a: RawAnswer) => (a.status === 400 || a.status === 431) && a.headers['content-type'] === undefined && a.body === ''

function parseJson(answer: RawAnswer): { ok: true; body: any } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(answer.body) }
  } catch {
    return { ok: false }
  }
}

function playgroundError(body: any): string | undefined {
  const error = body?.error
  if (!error || typeof error !== 'object') return 'no error object'
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return `undocumented code ${JSON.stringify(error.code)}`
  if (typeof error.message !== 'string' || error.message.length === 0) return 'no message'
  if (error.help !== `/troubleshooting#${String(error.code).replace(/_/g, '-')}`) return `help ${JSON.stringify(error.help)} is not the code's anchor`
  return undefined
}

function playgroundProblem(pathname: string, method: string, answer: RawAnswer): string | undefined {
  if (answer.status === 405 && answer.headers.allow !== PLAYGROUND_ROUTES[pathname]) return `405 without Allow: ${PLAYGROUND_ROUTES[pathname]}`
  if (method === 'HEAD') return [200, 400, 403, 404, 405, 429].includes(answer.status) ? undefined : `HEAD answered ${answer.status}`
  if (!/^application\/json/.test(answer.headers['content-type'] ?? '')) return `content-type ${answer.headers['content-type']}`
  const parsed = parseJson(answer)
  if (!parsed.ok) return 'body is not JSON'
  if (answer.status === 200) return SUCCESS_SHAPE[pathname]!(parsed.body) ? undefined : 'a 200 without the route\'s success shape'
  if (answer.status === 429 && !answer.headers['retry-after'] && parsed.body?.error?.code === 'rate_limited') return '429 without Retry-After'
  return playgroundError(parsed.body)
}

function verifierProblem(method: string, answer: RawAnswer): string | undefined {
  if (answer.status === 303) {
    const location = answer.headers.location ?? ''
    return location.startsWith('/api/sandbox/') && !location.startsWith('//') ? undefined : `redirect to ${JSON.stringify(location)}`
  }
  if (answer.status === 429 && /^application\/json/.test(answer.headers['content-type'] ?? '')) {
    const parsed = parseJson(answer)
    return parsed.ok ? playgroundError(parsed.body) : 'body is not JSON'
  }
  if (answer.status === 405 && answer.headers.allow !== 'GET') return '405 without Allow: GET'
  if (method === 'HEAD') return undefined
  if (!/^text\/html/.test(answer.headers['content-type'] ?? '')) return `content-type ${answer.headers['content-type']}`
  if (answer.status === 200 && /Authorization confirmed/.test(answer.body)) return undefined
  const code = /Error code <code>([a-z_]+)<\/code>/.exec(answer.body)?.[1]
  if (!code || !(ERROR_CODES as readonly string[]).includes(code)) return `page names no documented error code (${code})`
  if (!answer.body.includes(`href="/troubleshooting#${code.replace(/_/g, '-')}"`)) return 'page has no troubleshooting link'
  return undefined
}

const SANDBOX_REDIRECTS = ['/api/sandbox/api/v1/oauth/', '/api/playground/verify?']

function sandboxJsonShape(status: number, body: any): boolean {
  if (status < 300) return body !== null && typeof body === 'object'
  if (typeof body?.name === 'string' && typeof body?.message === 'string') return true // Arcade
  if (body?.code === 400 && typeof body?.msg === 'string') return true // Arcade confirm_user refusal
  if (typeof body?.error === 'string' && typeof body?.error_description === 'string') return true // OAuth
  if (typeof body?.code === 'number' && typeof body?.message === 'string') return true // gateway
  return Array.isArray(body?.errorMessages) && typeof body?.errors === 'object' // Jira
}

function sandboxProblem(method: string, answer: RawAnswer): string | undefined {
  if (answer.status === 302 || answer.status === 303) {
    const location = answer.headers.location ?? ''
    return SANDBOX_REDIRECTS.some((prefix) => location.startsWith(prefix)) ? undefined : `redirect to ${JSON.stringify(location)}`
  }
  if (method === 'HEAD') return answer.status === 405 && !answer.headers.allow ? '405 without Allow' : undefined
  const type = answer.headers['content-type'] ?? ''
  if (/^application\/json/.test(type)) {
    const parsed = parseJson(answer)
    if (!parsed.ok) return 'body is not JSON'
    if (answer.status === 405 && !answer.headers.allow) return '405 without Allow'
    return sandboxJsonShape(answer.status, parsed.body) ? undefined : `JSON in no documented dialect: ${answer.body.slice(0, 120)}`
  }
  if (/^image\/svg\+xml/.test(type)) return answer.status === 200 ? undefined : `svg with ${answer.status}`
  if (/^text\/html/.test(type)) return /frame-ancestors 'none'/.test(answer.headers['content-security-policy'] ?? '') ? undefined : 'HTML without its own CSP'
  return `content-type ${type}`
}

function unknownApiProblem(method: string, answer: RawAnswer): string | undefined {
  if (answer.status !== 404) return `an unknown /api path answered ${answer.status}`
  if (!/^application\/json/.test(answer.headers['content-type'] ?? '')) return `content-type ${answer.headers['content-type']}`
  if (method === 'HEAD') return undefined
  const parsed = parseJson(answer)
  if (!parsed.ok) return 'body is not JSON'
  return parsed.body?.error?.code === 'not_found' ? playgroundError(parsed.body) : `code ${JSON.stringify(parsed.body?.error?.code)}, not not_found`
}

/** Why this answer is not the documented one for its request, or undefined when it is. */
export function problemWith(method: string, target: string, answer: RawAnswer): string | undefined {
  if (answer.status >= 500) return `a ${answer.status}`
  if (isParserRefusal(answer)) return undefined
  if (/<script/i.test(answer.body) && !/^application\/json/.test(answer.headers['content-type'] ?? '')) return 'a <script> in an HTML answer'
  const { family, pathname } = familyOf(target)
  if (family === 'playground') return playgroundProblem(pathname, method, answer)
  if (family === 'verifier') return verifierProblem(method, answer)
  if (family === 'sandbox') return sandboxProblem(method, answer)
  if (family === 'unknown_api') return unknownApiProblem(method, answer)
  return answer.status === 404 || answer.status === 400 ? undefined : `a path no route serves answered ${answer.status}`
}
