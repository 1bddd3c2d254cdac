// The built site behind `npm start`'s server (lib/server/site-server.ts), over raw sockets: requests are judged on
// their heads before a byte of body is read, slow senders are cut, one address holds a bounded number of
// connections, and every answer (early refusals, Node's parser errors, Next's own 308, 404 and static files)
// carries the security headers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { headersOf, holdRequest, residentBytes, statusOf } from '../helpers/held-requests'
import { startSiteInstance, type SiteInstance } from '../helpers/site-instance'
import { REQUEST_TIMEOUT_MS } from '../../lib/server/site-server'

const CONNECTIONS_PER_ADDRESS = 80
const MB = 1024 * 1024

let site: SiteInstance
before(async () => {
  site = await startSiteInstance({ SESSION_SECRET: randomBytes(32).toString('hex'), CONNECTIONS_PER_ADDRESS: String(CONNECTIONS_PER_ADDRESS) })
})
after(async () => {
  await site?.stop()
})

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`

function assertSecurityHeaders(headers: Record<string, string>, what: string) {
  assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, `${what}: Content-Security-Policy`)
  assert.equal(headers['x-content-type-options'], 'nosniff', `${what}: X-Content-Type-Options`)
  assert.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`)
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin', `${what}: Referrer-Policy`)
  assert.equal(headers['x-powered-by'], undefined, `${what}: X-Powered-By`)
}

function assertJsonError(answer: { head?: string; body: string }, status: number, code: string, what: string) {
  assert.equal(statusOf(answer.head), status, `${what}: ${answer.head}`)
  const headers = headersOf(answer.head!)
  assert.match(headers['content-type'] ?? '', /^application\/json/, what)
  assertSecurityHeaders(headers, what)
  const body = JSON.parse(answer.body)
  assert.equal(body.error.code, code, what)
  assert.equal(body.error.help, `/troubleshooting#${code.replace(/_/g, '-')}`, what)
  return headers
}

test('60 unfinished 9.5 MB POSTs are answered at once and leave the memory where it was', { timeout: 60_000 }, async (t) => {
  const before = await residentBytes(site.pid())
  const held = Array.from({ length: 60 }, () =>
    holdRequest(
      site.port,
      head(['POST /api/playground/start HTTP/1.1', `Host: 127.0.0.1:${site.port}`, 'Content-Type: application/json', 'Content-Length: 9961572']),
      // The first 256 KB of the promised body; the rest never comes.
      Buffer.alloc(256 * 1024, 0x20)
    )
  )
  const answers = await Promise.all(held.map((request) => request.settled))
  const during = await residentBytes(site.pid())
  for (const [i, answer] of answers.entries()) {
    assertJsonError(answer, 413, 'payload_too_large', `POST ${i}`)
    assert.ok(answer.ms < 5_000, `POST ${i} answered and closed after ${answer.ms.toFixed(0)} ms`)
  }
  const slowest = Math.max(...answers.map((answer) => answer.ms))
  t.diagnostic(`RSS ${(before / MB).toFixed(1)} -> ${(during / MB).toFixed(1)} MB; all 60 answered 413 and closed, the slowest after ${slowest.toFixed(0)} ms`)
  assert.ok(during - before < 50 * MB, `RSS ${(before / MB).toFixed(0)} -> ${(during / MB).toFixed(0)} MB`)
})

test('a trickling body is cut with a JSON 408 once the request takes longer than the server allows', { timeout: 30_000 }, async (t) => {
  const trickle = holdRequest(site.port, head(['POST /api/playground/start HTTP/1.1', `Host: 127.0.0.1:${site.port}`, 'Content-Type: application/json', 'Content-Length: 2000']))
  let sent = 0
  const timer = setInterval(() => {
    if (sent++ < 100) trickle.socket.write(' ')
  }, 250)
  try {
    const answer = await trickle.settled
    assertJsonError(answer, 408, 'invalid_request', 'trickle')
    t.diagnostic(`the trickle was cut after ${answer.ms.toFixed(0)} ms`)
    assert.ok(answer.ms >= REQUEST_TIMEOUT_MS - 500 && answer.ms < REQUEST_TIMEOUT_MS + 3_000, `cut after ${answer.ms.toFixed(0)} ms`)
  } finally {
    clearInterval(timer)
    trickle.socket.destroy()
  }
})

test('one address holds a bounded number of open connections; the extra ones get a JSON 429 and are closed', { timeout: 30_000 }, async () => {
  const extra = 20
  const sockets = Array.from({ length: CONNECTIONS_PER_ADDRESS + extra }, () => holdRequest(site.port, ''))
  try {
    // Bounded: the refused ones are answered at once; the admitted ones stay open until the headers timeout.
    const refused = await Promise.race([Promise.all(sockets.slice(-extra).map((s) => s.settled)), sleep(3_000).then(() => undefined)])
    assert.ok(refused, 'the connections over the bound were not closed within 3 s')
    for (const answer of refused) assertJsonError(answer, 429, 'rate_limited', 'a connection over the bound')
    const stillOpen = sockets.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open').length
    assert.equal(stillOpen, CONNECTIONS_PER_ADDRESS, 'the admitted connections stay open')
  } finally {
    for (const s of sockets) s.socket.destroy()
  }
  await sleep(200)
  const after = await fetch(`${site.origin}/api/playground/config`)
  assert.equal(after.status, 200, 'once they close, the address is served again')
})

const EARLY: Array<{ what: string; head: string[]; status: number; code: string; allow?: string }> = [
  { what: 'a 9.5 MB body to the start route', head: ['POST /api/playground/start HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 9961572'], status: 413, code: 'payload_too_large' },
  { what: 'a 9.5 MB body that waits for 100 Continue', head: ['POST /api/playground/start HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 9961572', 'Expect: 100-continue'], status: 413, code: 'payload_too_large' },
  { what: 'a text/plain start', head: ['POST /api/playground/start HTTP/1.1', 'Content-Type: text/plain', 'Content-Length: 100'], status: 415, code: 'unsupported_media_type' },
  { what: 'a body to a GET route', head: ['GET /api/playground/status?flowId=x HTTP/1.1', 'Content-Length: 5000'], status: 400, code: 'invalid_request' },
  { what: 'a chunked body to a GET route', head: ['GET /api/playground/config HTTP/1.1', 'Transfer-Encoding: chunked'], status: 400, code: 'invalid_request' },
  { what: 'a POST to a GET route', head: ['POST /api/playground/config HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 5000'], status: 405, code: 'method_not_allowed', allow: 'GET' },
  { what: 'a body to the server-only sandbox token route beyond its bound', head: ['POST /api/sandbox/atlassian/oauth/token HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 9961572'], status: 413, code: 'payload_too_large' },
  { what: 'a body to a path no API route serves', head: ['POST /api/nothing/here HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 9961572'], status: 404, code: 'not_found' },
  { what: 'a POST with a body to a page', head: ['POST /auth-providers/atlassian HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 9961572'], status: 405, code: 'method_not_allowed', allow: 'GET, HEAD' },
  { what: 'TRACE on a page', head: ['TRACE / HTTP/1.1'], status: 405, code: 'method_not_allowed', allow: 'GET, HEAD' },
  { what: 'TRACE on an API route', head: ['TRACE /api/playground/config HTTP/1.1'], status: 405, code: 'method_not_allowed', allow: 'GET' },
  { what: 'a malformed escape under /api', head: ['GET /api/%E0%A4%A HTTP/1.1'], status: 400, code: 'invalid_request' }
]

test('early refusals are JSON with the security headers, sent before any of the body, and close the connection', { timeout: 30_000 }, async () => {
  for (const { what, head: lines, status, code, allow } of EARLY) {
    const [requestLine, ...rest] = lines
    const answer = await holdRequest(site.port, head([requestLine!, `Host: 127.0.0.1:${site.port}`, ...rest])).settled
    const headers = assertJsonError(answer, status, code, what)
    assert.equal(headers.connection, 'close', what)
    assert.ok(answer.closed && answer.ms < 5_000, `${what}: closed after ${answer.ms.toFixed(0)} ms`)
    if (allow) assert.equal(headers.allow, allow, what)
  }
})

test("Node's and Next's own answers carry the security headers: 308, 404, static files, 400, 431, and no X-Powered-By", { timeout: 30_000 }, async () => {
  const chunk = readdirSync(fileURLToPath(new URL('../../.next/static/chunks', import.meta.url))).find((name) => name.endsWith('.js'))!
  const plain: Array<{ what: string; target: string; status: number }> = [
    { what: 'a page', target: '/auth-providers/atlassian', status: 200 },
    { what: "Next's trailing-slash fix", target: '/auth-providers/atlassian/', status: 308 },
    { what: 'a static file', target: `/_next/static/chunks/${chunk}`, status: 200 },
    { what: 'a missing static file', target: '/_next/static/chunks/no-such-chunk.js', status: 404 },
    { what: 'a missing page', target: '/no-such-page', status: 404 },
    { what: 'robots.txt', target: '/robots.txt', status: 200 },
    // Served by the site's server straight to the sandbox, without Next (lib/server/site-server.ts).
    { what: "the sandbox's answer for an unknown avatar", target: '/api/sandbox/atlassian/avatars/user/a.svg', status: 404 },
    { what: 'a server-only sandbox route, from a browser', target: '/api/sandbox/v1/health', status: 403 },
    // Not a path Next serves unchanged: it still goes through Next.
    { what: "Next's trailing-slash fix under the sandbox", target: '/api/sandbox/atlassian/avatars/user/a.svg/', status: 308 }
  ]
  for (const { what, target, status } of plain) {
    const answer = await fetch(`${site.origin}${target}`, { redirect: 'manual' })
    await answer.arrayBuffer()
    assert.equal(answer.status, status, what)
    assertSecurityHeaders(Object.fromEntries(answer.headers), what)
  }
  const huge = await holdRequest(site.port, head(['GET / HTTP/1.1', `Host: 127.0.0.1:${site.port}`, `X-Padding: ${'a'.repeat(20_000)}`])).settled
  assertJsonError(huge, 431, 'invalid_request', 'headers over Node\'s limit')
  const broken = await holdRequest(site.port, head(['GET / HTTP/1.1', `Host: 127.0.0.1:${site.port}`, 'Not a header line'])).settled
  assertJsonError(broken, 400, 'invalid_request', 'a head Node cannot parse')
})

test('early refusals count against the address\'s rate limit', { timeout: 60_000 }, async () => {
  const limited = await startSiteInstance({ SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_PER_IP_PER_MINUTE: '3' })
  try {
    const trace = () => holdRequest(limited.port, head(['TRACE /api/playground/config HTTP/1.1', `Host: 127.0.0.1:${limited.port}`])).settled
    for (let i = 0; i < 3; i++) assertJsonError(await trace(), 405, 'method_not_allowed', `TRACE ${i + 1}`)
    const spent = await trace()
    const headers = assertJsonError(spent, 429, 'rate_limited', 'the fourth TRACE')
    assert.ok(Number(headers['retry-after']) >= 1)
    assert.equal((await fetch(`${limited.origin}/api/playground/config`)).status, 429, 'and the routes see the same budget spent')
  } finally {
    await limited.stop()
  }
})

test('a route that answers before reading the whole body says Connection: close, so no next request goes down a closing connection', { timeout: 30_000 }, async () => {
  const chunk = Buffer.alloc(20 * 1024, 0x20)
  const answer = await holdRequest(
    site.port,
    head(['POST /api/playground/start HTTP/1.1', `Host: 127.0.0.1:${site.port}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked']),
    // One 20 KB chunk (over the route's 16 KB) and no last chunk: the route's reader stops at its bound.
    Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
  ).settled
  const headers = assertJsonError(answer, 413, 'payload_too_large', 'a chunked body over the bound')
  assert.equal(headers.connection, 'close')
  assert.ok(answer.closed && answer.ms < 5_000, `closed after ${answer.ms.toFixed(0)} ms`)
})
