// The security headers middleware.ts puts on pages and API answers, and the session cookie's Secure flag.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { NextRequest } from 'next/server'
import { middleware } from '../../middleware'
import { pageContentSecurityPolicy } from '../../lib/security-headers'
import { startSite, type SiteServer } from '../helpers/site'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

function headersFor(path: string): Headers {
  return middleware(new NextRequest(new URL(path, 'http://127.0.0.1:3140'))).headers
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

// X-Forwarded-Proto can only add Secure: a forged "https" over plain HTTP just makes the forger's own browser
// drop the cookie, while a TLS-terminating proxy needs it to mark cookies Secure at all.
test('the session cookie is Secure when served over HTTPS (per the proxy), and HttpOnly and SameSite=Lax always', async () => {
  const plain = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost()))
  assert.match(plain, /HttpOnly/i)
  assert.match(plain, /SameSite=Lax/i)
  assert.doesNotMatch(plain, /;\s*Secure/i, 'plain HTTP (local development) must still work')
  for (const proto of ['https', 'https, http', 'HTTPS']) {
    const secure = sessionCookie(await fetch(`${site.origin}/api/playground/start`, jsonPost({ 'X-Forwarded-Proto': proto })))
    assert.match(secure, /;\s*Secure/i, `X-Forwarded-Proto: ${proto}`)
  }
})

function jsonPost(headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: JSON.stringify({ scopes: ['read:jira-work'] }), headers: { 'Content-Type': 'application/json', ...headers } }
}

function hstsFor(url: string, forwardedProto?: string, trustProxy?: string): string | null {
  const before = process.env.TRUST_PROXY
  if (trustProxy === undefined) delete process.env.TRUST_PROXY
  else process.env.TRUST_PROXY = trustProxy
  try {
    const headers = forwardedProto === undefined ? undefined : { 'x-forwarded-proto': forwardedProto }
    return middleware(new NextRequest(url, { headers })).headers.get('strict-transport-security')
  } finally {
    if (before === undefined) delete process.env.TRUST_PROXY
    else process.env.TRUST_PROXY = before
  }
}

test('Strict-Transport-Security is sent over HTTPS (TLS, or a trusted proxy per TRUST_PROXY) and never over plain HTTP', () => {
  for (const path of ['/', '/auth-providers/atlassian', '/api/playground/config']) {
    assert.equal(hstsFor(`https://docs.example${path}`), 'max-age=63072000; includeSubDomains', `TLS: ${path}`)
    assert.equal(hstsFor(`http://127.0.0.1:3000${path}`), null, `plain HTTP: ${path}`)
  }
  // One proxy that terminates TLS and says so.
  assert.match(hstsFor('http://127.0.0.1:3000/', 'https', '1') ?? '', /max-age=63072000/)
  assert.match(hstsFor('http://127.0.0.1:3000/', 'http, https', '1') ?? '', /max-age/, 'the entry our one proxy appended counts')
  // The client's own entry is not the proxy's: the proxy in front saw plain HTTP.
  assert.equal(hstsFor('http://127.0.0.1:3000/', 'https, http', '1'), null)
  assert.equal(hstsFor('http://127.0.0.1:3000/', undefined, '1'), null)
  // Two proxies: the entry the second from us wrote.
  assert.match(hstsFor('http://127.0.0.1:3000/', 'https, http', '2') ?? '', /max-age/)
  // With TRUST_PROXY=0 the header is not read; only the request's own protocol counts.
  assert.equal(hstsFor('http://127.0.0.1:3000/', 'https', '0'), null)
})
