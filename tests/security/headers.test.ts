// The security headers the site's server (lib/server/site-server.ts) puts on every answer, HSTS and the session
// cookie's Secure flag by the proxy-header rule (lib/proxy-headers.ts). tests/scale/early-refusal.test.ts checks
// them on the built site's real answers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { reloadConfig } from '../../lib/config'
import { servedOverHttps } from '../../lib/proxy-headers'
import { pageContentSecurityPolicy, securityHeaders } from '../../lib/security-headers'
import { startSite, type SiteServer } from '../helpers/site'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

function headersFor(path: string): Headers {
  return new Headers(securityHeaders(path, false))
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
}

test('pages get a strict policy: scripts by origin and hash only, no framing, nosniff and a referrer policy', () => {
  for (const path of ['/', '/auth-providers/atlassian', '/troubleshooting']) {
    const headers = headersFor(path)
    const policy = directives(headers.get('content-security-policy') ?? '')
    const scripts = policy.get('script-src') ?? []
    assert.ok(scripts.includes("'self'"))
    for (const source of scripts) assert.match(source, /^'(self|sha256-[A-Za-z0-9+/]+=*)'$/, `script source ${source} on ${path}`)
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"])
    assert.deepEqual(policy.get('object-src'), ["'none'"])
    assert.deepEqual(policy.get('base-uri'), ["'none'"])
    assert.equal(headers.get('x-content-type-options'), 'nosniff')
    assert.equal(headers.get('referrer-policy'), 'strict-origin-when-cross-origin')
  }
})

test('only the development policy allows eval', () => {
  assert.doesNotMatch(pageContentSecurityPolicy(false), /unsafe-eval|script-src[^;]*unsafe-inline/)
  assert.match(pageContentSecurityPolicy(true), /unsafe-eval/)
})

test('API answers get a policy that loads nothing', () => {
  const headers = headersFor('/api/playground/config')
  const policy = directives(headers.get('content-security-policy') ?? '')
  assert.deepEqual(policy.get('default-src'), ["'none'"])
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"])
  assert.equal(headers.get('x-content-type-options'), 'nosniff')
})

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('atlassian_playground='))
  assert.ok(cookie, 'the first call mints a session cookie')
  return cookie
}

function withTrustProxy<T>(hops: string | undefined, run: () => Promise<T>): Promise<T> {
  const before = process.env.TRUST_PROXY
  if (hops === undefined) delete process.env.TRUST_PROXY
  else process.env.TRUST_PROXY = hops
  reloadConfig()
  return run().finally(() => {
    if (before === undefined) delete process.env.TRUST_PROXY
    else process.env.TRUST_PROXY = before
    reloadConfig()
  })
}

// One rule with HSTS: X-Forwarded-Proto counts only from a trusted proxy (TRUST_PROXY=N, the N-th entry from the right).
test('the session cookie is Secure when served over HTTPS by the proxy-header rule, and HttpOnly and SameSite=Lax always', async () => {
  const plain = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost()))
  assert.match(plain, /HttpOnly/i)
  assert.match(plain, /SameSite=Lax/i)
  assert.doesNotMatch(plain, /;\s*Secure/i, 'plain HTTP (local development) must still work')
  const forged = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost({ 'X-Forwarded-Proto': 'https' })))
  assert.doesNotMatch(forged, /;\s*Secure/i, 'with TRUST_PROXY=0 a client-written X-Forwarded-Proto is not believed')
  await withTrustProxy('1', async () => {
    for (const proto of ['https', 'http, https', 'HTTPS']) {
      const secure = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost({ 'X-Forwarded-Proto': proto })))
      assert.match(secure, /;\s*Secure/i, `TRUST_PROXY=1, X-Forwarded-Proto: ${proto}`)
    }
    const clients = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost({ 'X-Forwarded-Proto': 'https, http' })))
    assert.doesNotMatch(clients, /;\s*Secure/i, "the client's own entry is not the proxy's")
  })
})

function jsonPost(headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify({ scopes: ['read:jira-work'] }), headers: { 'Content-Type': 'application/json', ...headers } }
}

function request(forwardedProto: string | undefined, encrypted = false): IncomingMessage {
  return { headers: forwardedProto === undefined ? {} : { 'x-forwarded-proto': forwardedProto }, socket: { encrypted } } as unknown as IncomingMessage
}

function hsts(https: boolean, path = '/'): string | undefined {
  return securityHeaders(path, false, https)['Strict-Transport-Security']
}

test('Strict-Transport-Security is sent over HTTPS (TLS, or a trusted proxy per TRUST_PROXY) and never over plain HTTP', () => {
  for (const path of ['/', '/auth-providers/atlassian', '/api/playground/config']) {
    assert.equal(hsts(servedOverHttps(request(undefined, true), 0), path), 'max-age=63072000; includeSubDomains', `TLS: ${path}`)
    assert.equal(hsts(servedOverHttps(request(undefined), 0), path), undefined, `plain HTTP: ${path}`)
  }
  // One proxy that terminates TLS and says so.
  assert.match(hsts(servedOverHttps(request('https'), 1)) ?? '', /max-age=63072000/)
  assert.match(hsts(servedOverHttps(request('http, https'), 1)) ?? '', /max-age/, 'the entry our one proxy appended counts')
  // The client's own entry is not the proxy's: the proxy in front saw plain HTTP.
  assert.equal(hsts(servedOverHttps(request('https, http'), 1)), undefined)
  assert.equal(hsts(servedOverHttps(request(undefined), 1)), undefined)
  // Two proxies: the entry the second from us wrote.
  assert.match(hsts(servedOverHttps(request('https, http'), 2)) ?? '', /max-age/)
  // With TRUST_PROXY=0 the header is not read; only the socket's TLS counts.
  assert.equal(hsts(servedOverHttps(request('https'), 0)), undefined)
})
