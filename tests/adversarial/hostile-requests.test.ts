// Thousands of malformed and hostile requests (fast-check, fixed seed) against every route of the site, the
// verifier and the embedded sandbox included, over raw HTTP. Every answer must be the documented one for its
// route (see documented.ts), never a 5xx; the server must answer a cheap request after each batch; memory must
// stay bounded. It prints how many requests of each kind it sent. Reproduce with ADVERSARIAL_SEED=<seed>.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { sealData } from 'iron-session'
import { defaults as ironDefaults, seal as ironSeal } from 'iron-webcrypto'
import { reloadConfig } from '../../lib/config'
import { SESSION_COOKIE } from '../../lib/session'
import { parseConsentForm } from '../helpers/sandbox'
import { startSite, type SiteServer } from '../helpers/site'
import { problemWith } from './documented'
import { sendRaw, type RawAnswer, type RawRequest } from './raw-http'

const SEED = Number(process.env.ADVERSARIAL_SEED ?? 20_260_705)
const SESSION_SECRET = 'adversarial-suite-session-secret-0123456789'
const SANDBOX_KEY = 'arcade-sandbox-key'
const CLOUD_ID = 'hostile-cloud'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

let site: SiteServer
let port: number
/** Set-up facts the generators draw from: real flows, real and forged cookies. */
const world = {
  ownerCookie: '',
  strangerCookie: '',
  forgedCookies: [] as string[],
  ownerFlows: [] as string[]
}

type Kind =
  | 'method'
  | 'content_type'
  | 'body_size'
  | 'json_body'
  | 'query'
  | 'path'
  | 'headers'
  | 'cookie'
  | 'foreign_flow'
  | 'parser_tricks'
  | 'get_body'

const sent = new Map<Kind, { requests: number; fiveXx: number; parserRefused: number }>()

// ---- set-up: a visitor with a pending and a completed flow, a stranger, forged cookies ----

function cookiePair(answer: Response): string {
  const line = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  assert.ok(line, 'a session cookie was minted')
  return line.split(';')[0]
}

async function mintSession(): Promise<string> {
  // Any route that needs the visitor mints the session; an unknown flow id makes it a cheap 404.
  return cookiePair(await fetch(`${site.origin}/api/playground/status?flowId=ac_mint_a_session`))
}

async function startFlow(cookie: string): Promise<{ flowId: string; url: string }> {
  const answer = await fetch(`${site.origin}/api/playground/start`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie },
    body: JSON.stringify({ scopes: ['read:jira-work'] })
  })
  assert.equal(answer.status, 200)
  return (await answer.json()) as { flowId: string; url: string }
}

/** The reader's popup: consent page, Accept, callback, the site's verifier (with the cookie), next_uri. */
async function consent(cookie: string, consentUrl: string): Promise<void> {
  const form = parseConsentForm(await (await fetch(new URL(consentUrl, site.origin))).text())
  let next: string | null = form.action
  let init: RequestInit = { method: 'POST', body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! }) }
  for (let hop = 0; next && hop < 6; hop++) {
    const answer: Response = await fetch(new URL(next, site.origin), { ...init, headers: { Cookie: cookie }, redirect: 'manual' })
    next = answer.headers.get('location')
    init = {}
  }
}

async function forgeCookies(owner: string): Promise<string[]> {
  const value = owner.slice(SESSION_COOKIE.length + 1)
  const middle = Math.floor(value.length / 2)
  const flipped = `${value.slice(0, middle)}${value[middle] === 'A' ? 'B' : 'A'}${value.slice(middle + 1)}`
  const otherSecret = await sealData({ visitorId: 'visitor-forged' }, { password: 'x'.repeat(40) })
  // Sealed with the right secret but two hours ago with a one-second lifetime: iron's own expiry check refuses it.
  const expiredSeal = await ironSeal(crypto as Parameters<typeof ironSeal>[0], { visitorId: 'visitor-expired' }, { id: '1', secret: SESSION_SECRET }, {
    ...ironDefaults,
    ttl: 1000,
    localtimeOffsetMsec: -2 * 3600_000
  })
  return [
    `${SESSION_COOKIE}=${flipped}`,
    `${SESSION_COOKIE}=${value.slice(0, middle)}`,
    `${SESSION_COOKIE}=${otherSecret}`,
    `${SESSION_COOKIE}=${expiredSeal}~2`,
    // Iron-shaped forgeries: iron-session shrugs off the first, but throws on a wrong prefix or a bad expiration.
    `${SESSION_COOKIE}=Fe26.2*1*c2FsdA*aXY*ZW5j*9999999999999*c2FsdA*aG1hYw~2`,
    `${SESSION_COOKIE}=Fe26.3*1*a*b*c*d*e*f~2`,
    `${SESSION_COOKIE}=Fe26.2*1*a*b*c*notanumber*e*f~2`,
    `${SESSION_COOKIE}=${'A'.repeat(3000)}`,
    `${SESSION_COOKIE}=%E0%A4%A; ${SESSION_COOKIE}=${value}`,
    `${SESSION_COOKIE}=`,
    // The owner's own seal labelled as the old v1 format: iron-session must not read a visitor out of it.
    `${SESSION_COOKIE}=${value.replace(/~2$/, '~1')}`
  ]
}

before(async () => {
  // Every request comes from 127.0.0.1: lift the rate limits, or most answers would be 429s and test nothing.
  Object.assign(process.env, { SESSION_SECRET, PLAYGROUND_LONGPOLL_SECONDS: '1', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_IP_PER_MINUTE: '1000000' })
  reloadConfig()
  site = await startSite()
  port = Number(new URL(site.origin).port)
  world.ownerCookie = await mintSession()
  world.strangerCookie = await mintSession()
  const pending = await startFlow(world.ownerCookie)
  const done = await startFlow(world.ownerCookie)
  await consent(world.ownerCookie, done.url)
  world.ownerFlows = [pending.flowId, done.flowId]
  world.forgedCookies = await forgeCookies(world.ownerCookie)
})

after(async () => {
  await site?.close()
  delete process.env.SESSION_SECRET
  delete process.env.PLAYGROUND_LONGPOLL_SECONDS
  delete process.env.RATE_LIMIT_PER_MINUTE
  delete process.env.RATE_LIMIT_PER_IP_PER_MINUTE
})

// ---- generators ----

/** A request plus a readable form for fast-check's counterexample report (long values shortened). */
type Hostile = RawRequest & { kind: Kind; /** An extra rule beyond "documented": */ mustNotSucceed?: boolean }

function short(text: string, max = 120): string {
  return text.length <= max ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, max))}…(${text.length} chars)`
}

function readable(request: Hostile): Hostile {
  return Object.defineProperty(request, fc.toStringMethod, {
    value: () =>
      `${request.kind}: ${request.method} ${short(request.target)} headers=[${request.headers.map(([n, v]) => `${n}: ${short(v, 80)}`).join('; ')}]` +
      (request.body ? ` body=${short(request.body.toString('utf8'))}${request.chunked ? ' (chunked)' : ''}` : '') +
      (request.omitHost ? ' (no Host)' : '')
  })
}

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json']

const PLAYGROUND = ['/api/playground/config', '/api/playground/start', '/api/playground/status', '/api/playground/jira', '/api/playground/verify', '/api/playground/reset', '/api/playground/consent', '/api/playground/flow', '/api/playground/settle-flow']
const SANDBOX = [
  '/api/sandbox/v1/health',
  '/api/sandbox/v1/auth/authorize',
  '/api/sandbox/v1/auth/status',
  '/api/sandbox/v1/auth/confirm_user',
  '/api/sandbox/api/v1/oauth/confirm_user',
  '/api/sandbox/api/v1/oauth/callback_success',
  '/api/sandbox/api/v1/oauth/atlassian/callback',
  '/api/sandbox/atlassian/authorize',
  '/api/sandbox/atlassian/oauth/token',
  '/api/sandbox/atlassian/oauth/token/accessible-resources',
  '/api/sandbox/atlassian/me',
  `/api/sandbox/atlassian/ex/jira/${CLOUD_ID}/rest/api/3/project/search`,
  `/api/sandbox/atlassian/ex/jira/${CLOUD_ID}/rest/api/3/myself`,
  '/api/sandbox/atlassian/avatars/user/someone.svg',
  '/api/sandbox/_sandbox/faults'
]
const ALL_TARGETS = [...PLAYGROUND, ...SANDBOX]
const POST_TARGETS = [
  '/api/playground/start',
  '/api/playground/jira',
  '/api/sandbox/v1/auth/authorize',
  '/api/sandbox/v1/auth/confirm_user',
  '/api/sandbox/atlassian/oauth/token',
  '/api/sandbox/atlassian/authorize'
]

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '../../../etc/passwd',
    '\u0000',
    '\r\nSet-Cookie: pwned=1',
    '🔥'.repeat(200),
    'ｒｅａｄ：ｍｅ',
    'read:me\u0000',
    'READ:JIRA-WORK',
    ' read:jira-work',
    '-1',
    '1e309',
    'NaN',
    'null',
    '[object Object]'
  ),
  fc.string({ minLength: 500, maxLength: 4000 })
)

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 })
)

const SCOPE = fc.constantFrom('read:jira-work', 'read:jira-user', 'read:me', 'write:jira-work', 'offline_access')
const FIELD = fc.constantFrom('scopes', 'providerId', 'flowId', 'cloudId', 'query', 'startAt', 'maxResults', 'userId', 'user_id', 'flow_id', 'auth_requirement', 'grant_type', 'client_id', 'code', 'refresh_token', 'next_uri')

/** JSON objects near the real shapes: wrong types, missing and extra fields, prototype keys (built after set-up: it uses real flow ids). */
const hostileObject = () =>
  fc
  .tuple(
    fc.dictionary(fc.oneof(FIELD, hostileString), hostileValue, { maxKeys: 6 }),
    fc.subarray(['__proto__', 'constructor', 'prototype']),
    fc.option(fc.array(SCOPE, { maxLength: 6 })),
    fc.option(fc.constantFrom(...world.ownerFlows, 'ac_missing', 'x'.repeat(201)))
  )
  .map(([fields, protoKeys, scopes, flowId]) => {
    const body: Record<string, unknown> = { ...fields }
    if (scopes) body.scopes = scopes
    if (flowId) body.flowId = flowId
    // Computed keys make own properties, so JSON.stringify writes them, as an attacker's raw JSON would.
    for (const key of protoKeys) Object.defineProperty(body, key, { value: { isAdmin: true, polluted: 'yes' }, enumerable: true })
    return body
  })

const jsonText = () =>
  fc.oneof(
  { weight: 4, arbitrary: hostileObject().map((o) => JSON.stringify(o)) },
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('{"scopes":["read:me"],"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}},"scopes":["read:me"]}', '{', '', 'null', '[]', '"scopes"', '{"scopes":["read:me"]}garbage', '\uFEFF{"scopes":["read:me"]}'),
  hostileString
)

const COOKIE_CHOICE = fc.constantFrom('owner', 'stranger', 'forged', 'none')

function cookieHeader(choice: string, forgedIndex: number): Array<[string, string]> {
  if (choice === 'owner') return [['Cookie', world.ownerCookie]]
  if (choice === 'stranger') return [['Cookie', world.strangerCookie]]
  if (choice === 'forged') return [['Cookie', world.forgedCookies[forgedIndex % world.forgedCookies.length]!]]
  return []
}

const queryPart = () =>
  fc
  .tuple(
    fc.oneof(fc.constantFrom('flowId', 'wait', 'flow_id', 'id', 'client_id', 'redirect_uri', 'state', 'code', 'startAt', 'maxResults', 'orderBy', 'query', 'response_type', 'scope', '__proto__', 'constructor', 'flowId[]', 'error'), hostileString),
    fc.oneof(hostileString, fc.constantFrom(...world.ownerFlows, '59', '-1', '0x10', '1.5', 'sandbox-client-atlassian', '/api/sandbox/api/v1/oauth/atlassian/callback', 'https://evil.example/callback', '//evil.example', '/api/sandbox/api/v1/oauth/atlassian/callback/../../../../evil', '%0d%0aLocation:%20https://evil.example', 'code'))
  )
  .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)

function arbitraryFor(kind: Kind): fc.Arbitrary<Hostile> {
  const build = (r: Omit<Hostile, 'kind'>) => readable({ kind, ...r })
  switch (kind) {
    case 'method':
      return fc
        .record({ target: fc.constantFrom(...ALL_TARGETS), method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'get', 'FOO') })
        .map(({ target, method }) => build({ method, target, headers: method === 'GET' || method === 'HEAD' ? [] : [JSON_TYPE], body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.from('{}') }))
    case 'content_type':
      return fc
        .record({
          target: fc.constantFrom(...POST_TARGETS),
          types: fc.array(
            fc.oneof(
              fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'application/json-patch+json', 'application/jsonp', 'application/json;;;', ' application/json ', 'application/x-json', '*/*', 'application/json, text/plain', ''),
              hostileString.filter((s) => !/[\r\n\u0000]/.test(s)).map((s) => s.replace(/[^\x20-\x7e]/g, ''))
            ),
            { minLength: 0, maxLength: 2 }
          )
        })
        .map(({ target, types }) => build({ method: 'POST', target, headers: types.map((t) => ['Content-Type', t] as [string, string]), body: Buffer.from('{"scopes":["read:jira-work"],"flowId":"ac_x"}') }))
    case 'body_size':
      return fc
        .record({ target: fc.constantFrom(...POST_TARGETS), size: fc.integer({ min: 16 * 1024 - 64, max: 300 * 1024 }), chunked: fc.boolean(), form: fc.boolean() })
        .map(({ target, size, chunked, form }) =>
          build({
            method: 'POST',
            target,
            headers: [form ? ['Content-Type', 'application/x-www-form-urlencoded'] : JSON_TYPE],
            body: Buffer.from(form ? `request=${'r'.repeat(size)}` : JSON.stringify({ scopes: ['read:me'], pad: 'p'.repeat(size) })),
            chunked
          })
        )
    case 'json_body':
      return fc
        .record({ target: fc.constantFrom(...POST_TARGETS.filter((t) => !t.endsWith('/atlassian/authorize'))), text: jsonText(), cookie: COOKIE_CHOICE, forged: fc.nat(), key: fc.boolean() })
        .map(({ target, text, cookie, forged, key }) =>
          build({ method: 'POST', target, headers: [JSON_TYPE, ...cookieHeader(cookie, forged), ...(key ? [['Authorization', SANDBOX_KEY] as [string, string]] : [])], body: Buffer.from(text) })
        )
    case 'query':
      return fc
        .record({
          target: fc.constantFrom('/api/playground/config', '/api/playground/status', '/api/playground/verify', '/api/sandbox/v1/auth/status', '/api/sandbox/atlassian/authorize', '/api/sandbox/api/v1/oauth/atlassian/callback', '/api/sandbox/api/v1/oauth/callback_success', `/api/sandbox/atlassian/ex/jira/${CLOUD_ID}/rest/api/3/project/search`),
          parts: fc.array(queryPart(), { maxLength: 6 }),
          cookie: COOKIE_CHOICE,
          forged: fc.nat()
        })
        .map(({ target, parts, cookie, forged }) => build({ method: 'GET', target: `${target}?${parts.join('&')}`, headers: [...cookieHeader(cookie, forged), ['Authorization', `Bearer ${SANDBOX_KEY}`]] }))
    case 'path':
      return fc
        .record({
          prefix: fc.constantFrom('/api/sandbox/', '/api/playground/', '/api/sandbox/atlassian/ex/jira/', '/api/sandbox/atlassian/avatars/user/', '/api/', '/'),
          pieces: fc.array(
            fc.oneof(
              fc.constantFrom('..', '%2e%2e', '..%2f', '%2f', '/', '//', '%00', '%E0%A4%A', '%ZZ', ';', '%0d%0a', '%5c', '\\', 'v1', 'auth', 'status', 'config', 'rest/api/3/myself', '.svg', '%F0%9F%94%A5', '~', '*', '@evil.example'),
              hostileString.map(encodeURIComponent),
              fc.integer({ min: 100, max: 9000 }).map((n) => 'a'.repeat(n))
            ),
            { minLength: 1, maxLength: 5 }
          ),
          method: fc.constantFrom('GET', 'POST')
        })
        .map(({ prefix, pieces, method }) => build({ method, target: prefix + pieces.join(''), headers: method === 'POST' ? [JSON_TYPE] : [], body: method === 'POST' ? Buffer.from('{}') : undefined }))
    case 'get_body':
      // Bodies on GET routes and unknown /api paths: Next's own body parser would answer these in plain text.
      return fc
        .record({
          target: fc.constantFrom('/api/playground/config', `/api/playground/status?flowId=ac_x`, '/api/playground/verify?flow_id=x', '/api/nothing-here', '/api/playground/nope', '/api/sandbox'),
          method: fc.constantFrom('GET', 'DELETE', 'OPTIONS', 'POST'),
          type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=latin1', ''),
          body: fc.oneof(
            fc.constantFrom('{not json', '{"a":', 'a=%ZZ&&=', '--x\r\nContent-Disposition: form-data\r\n\r\n', '\u0000\u0001', '[]', '{}'),
            fc.integer({ min: 1024 * 1024 - 16, max: 2 * 1024 * 1024 }).map((n) => `{"pad":"${'p'.repeat(n)}"}`)
          ),
          chunked: fc.boolean()
        })
        .map(({ target, method, type, body, chunked }) =>
          build({ method, target, headers: type ? [['Content-Type', type]] : [], body: Buffer.from(body), chunked })
        )
    case 'headers':
      return fc
        .record({
          target: fc.constantFrom(...ALL_TARGETS),
          extra: fc.array(
            fc.oneof(
              fc.constantFrom<[string, string]>(
                ['Origin', 'https://evil.example'],
                ['Origin', 'null'],
                ['Origin', 'http://127.0.0.1.evil.example'],
                ['Origin', 'http://localhost'],
                ['Origin', 'not a url'],
                ['X-Forwarded-Host', 'evil.example'],
                ['X-Forwarded-Proto', 'gopher'],
                ['X-Forwarded-For', '1.2.3.4, 5.6.7.8'],
                ['Host', 'evil.example'],
                ['Content-Type', 'application/json'],
                ['Content-Type', 'text/plain'],
                ['Authorization', `Bearer ${SANDBOX_KEY}`],
                ['Authorization', 'Basic %%%'],
                ['Authorization', `Basic ${Buffer.from('sandbox-client-atlassian:%E0%A4%A').toString('base64')}`],
                ['Authorization', 'Bearer sbx_at_forged_forged_forged_forged'],
                ['Accept', '*/*;q=xyz'],
                ['Content-Length', '5'],
                ['Transfer-Encoding', 'gzip'],
                ['Expect', '100-continue'],
                ['Range', 'bytes=0-1']
              ),
              fc.tuple(fc.constantFrom('Origin', 'Cookie', 'Authorization', 'Referer', 'User-Agent', 'X-Forwarded-Host', 'Accept-Language'), fc.string({ maxLength: 8000 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')))
            ),
            { minLength: 1, maxLength: 4 }
          ),
          method: fc.constantFrom('GET', 'POST')
        })
        .map(({ target, extra, method }) =>
          build({
            method,
            target,
            headers: [...(method === 'POST' && !extra.some(([n]) => n === 'Content-Type') ? [JSON_TYPE] : []), ...extra],
            // A Content-Length or Transfer-Encoding among the extras frames this body falsely (a smuggling attempt).
            body: method === 'POST' || extra.some(([n]) => n === 'Content-Length' || n === 'Transfer-Encoding') ? Buffer.from('{"scopes":["read:me"]}') : undefined
          })
        )
    case 'cookie':
      return fc
        .record({
          target: fc.constantFrom('/api/playground/config', '/api/playground/start', '/api/playground/status', '/api/playground/jira', '/api/playground/verify'),
          cookie: fc.oneof(
            fc.constantFrom(...world.forgedCookies),
            fc.string({ maxLength: 3000 }).map((s) => `${SESSION_COOKIE}=${s.replace(/[^\x21-\x7e]/g, '')}`),
            fc.array(fc.constantFrom(...world.forgedCookies, world.strangerCookie), { minLength: 2, maxLength: 3 }).map((c) => c.join('; '))
          ),
          flowId: fc.constantFrom(...world.ownerFlows, 'ac_unknown')
        })
        .map(({ target, cookie, flowId }) => {
          const post = target.endsWith('/start') || target.endsWith('/jira')
          const query = target.endsWith('/status') ? `?flowId=${flowId}` : target.endsWith('/verify') ? `?flow_id=${flowId}` : ''
          return build({
            method: post ? 'POST' : 'GET',
            target: target + query,
            headers: [['Cookie', cookie], ...(post ? [JSON_TYPE] : [])],
            body: post ? Buffer.from(JSON.stringify(target.endsWith('/jira') ? { flowId } : { scopes: ['read:me'] })) : undefined,
            // The owner's flows are theirs alone: a forged, stranger's or unreadable cookie must never see them.
            mustNotSucceed: world.ownerFlows.includes(flowId) && (target.endsWith('/status') || target.endsWith('/jira'))
          })
        })
    case 'foreign_flow':
      return fc
        .record({ target: fc.constantFrom('/api/playground/status', '/api/playground/jira'), flowId: fc.constantFrom(...world.ownerFlows), cookie: fc.constantFrom('stranger', 'forged', 'none'), forged: fc.nat(), wait: fc.integer({ min: 0, max: 59 }) })
        .map(({ target, flowId, cookie, forged, wait }) =>
          build({
            method: target.endsWith('/jira') ? 'POST' : 'GET',
            target: target.endsWith('/jira') ? target : `${target}?flowId=${flowId}&wait=${wait}`,
            headers: [...cookieHeader(cookie, forged), ...(target.endsWith('/jira') ? [JSON_TYPE] : [])],
            body: target.endsWith('/jira') ? Buffer.from(JSON.stringify({ flowId })) : undefined,
            mustNotSucceed: true
          })
        )
    case 'parser_tricks':
      return fc
        .record({
          target: fc.constantFrom(...PLAYGROUND, '/api/sandbox/v1/health'),
          trick: fc.constantFrom('crlf_target', 'lf_header', 'nul_header', 'no_host', 'huge_head', 'huge_url', 'space_target', 'obs_fold', 'two_hosts', 'bad_name')
        })
        .map(({ target, trick }) => {
          const request: Omit<Hostile, 'kind'> = { method: 'GET', target, headers: [] }
          if (trick === 'crlf_target') request.target = `${target}?flowId=a\r\nSet-Cookie: pwned=1\r\n`
          if (trick === 'lf_header') request.headers = [['X-Test', 'a\nSet-Cookie: pwned=1']]
          if (trick === 'nul_header') request.headers = [['X-Test', 'a\u0000b']]
          if (trick === 'no_host') request.omitHost = true
          if (trick === 'huge_head') request.headers = [['X-Pad', 'p'.repeat(20_000)]]
          if (trick === 'huge_url') request.target = `${target}?q=${'u'.repeat(20_000)}`
          if (trick === 'space_target') request.target = `${target}?a=b c`
          if (trick === 'obs_fold') request.headers = [['X-Test', 'a\r\n folded']]
          if (trick === 'two_hosts') request.headers = [['Host', 'a.example'], ['Host', 'b.example']]
          if (trick === 'bad_name') request.headers = [['Bad Name', 'x']]
          return build(request)
        })
  }
}

const RUNS: Record<Kind, number> = {
  method: 150,
  content_type: 150,
  body_size: 80,
  json_body: 400,
  query: 350,
  path: 250,
  headers: 250,
  cookie: 200,
  foreign_flow: 150,
  parser_tricks: 60,
  get_body: 120
}

function describeAnswer(answer: RawAnswer): string {
  return `${answer.status} ${answer.headers['content-type'] ?? '(no type)'} location=${answer.headers.location ?? '-'} body=${short(answer.body, 300)}`
}

async function sendAndCheck(request: Hostile): Promise<void> {
  const counts = sent.get(request.kind)!
  counts.requests++
  const answer = await sendRaw(port, request)
  if (answer.status >= 500) counts.fiveXx++
  if (answer.headers['content-type'] === undefined && answer.body === '' && (answer.status === 400 || answer.status === 431)) counts.parserRefused++
  const problem = problemWith(request.method, request.target, answer)
  assert.equal(problem, undefined, `${problem}: ${describeAnswer(answer)}`)
  if (request.mustNotSucceed) assert.notEqual(answer.status, 200, `another visitor's flow was served: ${describeAnswer(answer)}`)
  // Header splitting: nothing a request carries may become a header of the answer.
  assert.ok(!answer.setCookies.some((c) => c.startsWith('pwned')) && !('x-test' in answer.headers), `the request injected a header: ${describeAnswer(answer)}`)
}

async function assertStillUp(): Promise<void> {
  const started = performance.now()
  const answer = await fetch(`${site.origin}/api/playground/config`, { signal: AbortSignal.timeout(2000) })
  assert.equal(answer.status, 200, 'the server still answers a cheap request')
  await answer.body?.cancel()
  assert.ok(performance.now() - started < 2000)
}

function memory() {
  collectGarbage()
  const { heapUsed, rss } = process.memoryUsage()
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 }
}

test('hostile requests on every route get documented answers, never a 5xx, and the server stays up with bounded memory', { timeout: 120_000 }, async () => {
  console.log(`adversarial suite: seed ${SEED} (ADVERSARIAL_SEED=${SEED} reproduces it)`)
  // A warm-up batch first, so lazily built things (SDK clients, route modules) are not counted as growth.
  for (const target of ALL_TARGETS) await sendRaw(port, { method: 'GET', target, headers: [] })
  const before = memory()
  const started = performance.now()

  for (const kind of Object.keys(RUNS) as Kind[]) {
    sent.set(kind, { requests: 0, fiveXx: 0, parserRefused: 0 })
    await fc.assert(
      fc.asyncProperty(arbitraryFor(kind), (request) => sendAndCheck(request)),
      { seed: SEED, numRuns: RUNS[kind], includeErrorInReport: true }
    )
    await assertStillUp()
  }

  const afterRun = memory()
  const seconds = (performance.now() - started) / 1000
  const rows = [...sent].map(([kind, c]) => `  ${kind.padEnd(14)} ${String(c.requests).padStart(6)} ${String(c.fiveXx).padStart(5)} ${String(c.parserRefused).padStart(14)}`)
  const total = [...sent.values()].reduce((sum, c) => sum + c.requests, 0)
  const fiveXx = [...sent.values()].reduce((sum, c) => sum + c.fiveXx, 0)
  console.log(
    [
      '  kind           sent    5xx  node-refused',
      ...rows,
      `  ${'total'.padEnd(14)} ${String(total).padStart(6)} ${String(fiveXx).padStart(5)}`,
      `  ${seconds.toFixed(1)} s; heap after GC ${before.heapMb.toFixed(1)} -> ${afterRun.heapMb.toFixed(1)} MB, RSS ${before.rssMb.toFixed(1)} -> ${afterRun.rssMb.toFixed(1)} MB`
    ].join('\n')
  )
  assert.ok(total >= 2000, `at least 2,000 requests (sent ${total})`)
  assert.equal(fiveXx, 0)
  assert.ok(afterRun.heapMb - before.heapMb < 40, `heap grew by ${(afterRun.heapMb - before.heapMb).toFixed(1)} MB`)
  assert.ok(afterRun.rssMb - before.rssMb < 200, `RSS grew by ${(afterRun.rssMb - before.rssMb).toFixed(1)} MB`)
})
