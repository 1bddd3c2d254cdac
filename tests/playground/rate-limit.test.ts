// Rate limits on the site's routes, in memory (one instance): per visitor, per client address, the sandbox's own budget.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { reloadConfig } from '../../lib/config'
import { addressKey, clientAddress } from '../../lib/rate-limit'
import { INTERNAL_CALLER_HEADER } from '../../lib/sandbox/embedded'
import { consentInPopup, listProjects, startFlow, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

const LIMIT_VARIABLES = ['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_IP_PER_MINUTE', 'TRUST_PROXY'] as const

/** Fresh limiters with these settings (the limiters are rebuilt whenever the config object changes). */
function limits(settings: Partial<Record<(typeof LIMIT_VARIABLES)[number], number>>) {
  for (const name of LIMIT_VARIABLES) delete process.env[name]
  for (const [name, value] of Object.entries(settings)) process.env[name] = String(value)
  reloadConfig()
}
afterEach(() => limits({}))

async function assertRateLimited(response: Response, who: RegExp) {
  assert.equal(response.status, 429)
  const retryAfter = Number(response.headers.get('retry-after'))
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${response.headers.get('retry-after')}`)
  const body = await response.json()
  assert.equal(body.error.code, 'rate_limited')
  assert.equal(body.error.help, '/troubleshooting#rate-limited')
  assert.equal(body.error.retryAfterSeconds, retryAfter)
  assert.match(body.error.message, new RegExp(`wait ${retryAfter} s`))
  assert.match(body.error.message, who)
}

test('a visitor over the per-visitor budget gets 429 with Retry-After; another visitor is unaffected', async () => {
  limits({ RATE_LIMIT_PER_MINUTE: 3, RATE_LIMIT_PER_IP_PER_MINUTE: 1000 })
  const busy = new Visitor(site.origin)
  await busy.json('/api/playground/config') // no cookie yet: counted by address only
  await startFlow(busy) // mints the visitor cookie; this request had none, so only its address counted it
  for (let i = 0; i < 3; i++) assert.equal((await busy.request('/api/playground/config')).status, 200)
  await assertRateLimited(await busy.request('/api/playground/config'), /this browser/)
  // Every route counts, whatever the method or body.
  await assertRateLimited(await busy.request('/api/playground/start', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }), /this browser/)
  const verifier = await busy.request('/api/playground/verify?flow_id=5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c')
  assert.equal(verifier.status, 429, 'the verifier counts too, and answers a page')
  assert.ok(Number(verifier.headers.get('retry-after')) >= 1)
  assert.match(await verifier.text(), /Too many requests from this browser[\s\S]*troubleshooting#rate-limited/)

  const other = new Visitor(site.origin)
  assert.equal((await other.json('/api/playground/config')).status, 200)
})

test('requests from one address over the per-address budget get 429, whichever visitor sends them', async () => {
  limits({ RATE_LIMIT_PER_MINUTE: 1000, RATE_LIMIT_PER_IP_PER_MINUTE: 4 })
  for (let i = 0; i < 4; i++) assert.equal((await new Visitor(site.origin).request('/api/playground/config')).status, 200)
  await assertRateLimited(await new Visitor(site.origin).request('/api/playground/config'), /this network address/)
})

test('X-Forwarded-For is ignored unless TRUST_PROXY says how many proxies append to it', async () => {
  limits({ RATE_LIMIT_PER_IP_PER_MINUTE: 2 })
  const spoofed = (i: number) => ({ headers: { 'X-Forwarded-For': `203.0.113.${i}` } })
  for (let i = 0; i < 2; i++) assert.equal((await new Visitor(site.origin).request('/api/playground/config', spoofed(i))).status, 200)
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', spoofed(9))).status, 429, 'a client cannot pick its own address')

  limits({ RATE_LIMIT_PER_IP_PER_MINUTE: 2, TRUST_PROXY: 1 })
  for (let i = 0; i < 2; i++) assert.equal((await new Visitor(site.origin).request('/api/playground/config', spoofed(1))).status, 200)
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', spoofed(1))).status, 429)
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', spoofed(2))).status, 200, 'behind a proxy, each client has its own budget')
})

test('IPv6 clients are counted per /64: one host cannot take a fresh budget with each of its addresses', async () => {
  limits({ RATE_LIMIT_PER_IP_PER_MINUTE: 2, TRUST_PROXY: 1 })
  const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } })
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', from('2001:db8:1:2::1'))).status, 200)
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', from('2001:db8:1:2:ffff:ffff:ffff:fffe'))).status, 200)
  await assertRateLimited(await new Visitor(site.origin).request('/api/playground/config', from('2001:0db8:0001:0002::abcd')), /this network address/)
  assert.equal((await new Visitor(site.origin).request('/api/playground/config', from('2001:db8:1:3::1'))).status, 200, 'the next /64 is another subscriber')
})

test('addressKey: IPv4 as is (mapped or not), IPv6 by its /64 in one spelling, anything else bounded', () => {
  assert.equal(addressKey('198.51.100.7'), '198.51.100.7')
  assert.equal(addressKey('::ffff:198.51.100.7'), '198.51.100.7')
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64')
  assert.equal(addressKey('2001:0DB8:0000:0000:ffff::9'), '2001:db8:0:0::/64')
  assert.equal(addressKey('::1'), '0:0:0:0::/64')
  assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64')
  assert.equal(addressKey('x'.repeat(100)), 'x'.repeat(64))
})

test('clientAddress takes the address the N-th proxy saw, never an entry the client wrote', () => {
  const request = (forwardedFor: string | undefined, remoteAddress = '::ffff:10.0.0.5') =>
    ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage
  assert.equal(clientAddress(request('1.1.1.1'), 0), '10.0.0.5')
  assert.equal(clientAddress(request('6.6.6.6, 198.51.100.7'), 1), '198.51.100.7')
  assert.equal(clientAddress(request('6.6.6.6, 198.51.100.7, 10.0.0.4'), 2), '198.51.100.7')
  assert.equal(clientAddress(request(undefined), 1), '10.0.0.5', 'no header: the socket address')
  assert.equal(clientAddress(request('198.51.100.7'), 5), '198.51.100.7', 'fewer entries than hops: the farthest known')
})

test("the site's own calls to its embedded sandbox are not counted; the browser's are, under the sandbox budget", async () => {
  // Playground budget 5 per address, sandbox budget 10: a whole flow makes 5 playground requests (start, the
  // consent link, the verifier, status, jira) and 4 browser requests to the sandbox, plus about 8 of the server's
  // own calls to the sandbox, which must not count.
  limits({ RATE_LIMIT_PER_IP_PER_MINUTE: 5 })
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  await consentInPopup(visitor, started.url!)
  await waitForCompletion(visitor, started.flowId)
  await listProjects(visitor, started.flowId)
  await assertRateLimited(await visitor.request('/api/playground/config'), /this network address/)

  // The sandbox budget has 6 of its 10 left; a forged internal-call header is just another counted request
  // (and opens no server-only route: /v1/* answers the public 403).
  const forged = { headers: { [INTERNAL_CALLER_HEADER]: 'x'.repeat(43) } }
  assert.equal((await visitor.request('/api/sandbox/v1/health', forged)).status, 403)
  for (let i = 0; i < 5; i++) assert.equal((await visitor.request('/api/sandbox/atlassian/avatars/project/AB.svg', forged)).status, 200)
  await assertRateLimited(await visitor.request('/api/sandbox/atlassian/avatars/project/AB.svg'), /this network address/)
})
