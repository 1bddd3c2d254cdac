// One rule for what a request says about itself (lib/proxy-headers.ts): the Origin check and the crawler files'
// absolute links follow it like HSTS and the cookies (tests/security/headers.test.ts), over real HTTP.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '../../lib/config'
import { sendRaw, type RawAnswer } from '../adversarial/raw-http'
import { startSite, type SiteServer } from '../helpers/site'

let site: SiteServer
let port: number
before(async () => {
  site = await startSite()
  port = Number(new URL(site.origin).port)
})
after(async () => {
  await site.close()
})

function settings(values: Record<string, string>) {
  for (const name of ['TRUST_PROXY', 'SITE_URL']) delete process.env[name]
  Object.assign(process.env, values)
  reloadConfig()
}
afterEach(() => settings({}))

function start(headers: Array<[string, string]>): Promise<RawAnswer> {
  return sendRaw(port, {
    method: 'POST',
    target: '/api/playground/start',
    headers: [['Content-Type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify({ scopes: ['read:jira-work'] }))
  })
}

test('the Origin check compares scheme, host and port, and believes X-Forwarded-Host only from a trusted proxy', async () => {
  const own = `http://127.0.0.1:${port}`
  assert.equal((await start([['Origin', own]])).status, 200, 'the site itself')
  const forgedHost = await start([['Origin', 'http://evil.example'], ['X-Forwarded-Host', 'evil.example']])
  assert.equal(forgedHost.status, 403, 'TRUST_PROXY=0: a client-written X-Forwarded-Host is not the host')
  assert.equal(JSON.parse(forgedHost.body).error.code, 'forbidden_origin')
  assert.equal((await start([['Origin', `https://127.0.0.1:${port}`]])).status, 403, 'another scheme is another origin')

  settings({ TRUST_PROXY: '1' })
  const proxied: Array<[string, string]> = [['X-Forwarded-Host', 'docs.example.com'], ['X-Forwarded-Proto', 'https']]
  assert.equal((await start([['Origin', 'https://docs.example.com'], ...proxied])).status, 200, 'the origin the proxy says the visitor used')
  assert.equal((await start([['Origin', 'https://docs.example.com:443'], ...proxied])).status, 200, 'the default port is the same origin')
  assert.equal((await start([['Origin', 'http://docs.example.com'], ...proxied])).status, 403, 'plain HTTP to an HTTPS site is another origin')
  assert.equal((await start([['Origin', own], ...proxied])).status, 403, 'behind the proxy, the local address is not the site')
})

test('crawler files: SITE_URL is the origin and may be cached; without it the host is echoed, never cached and Vary-ed', async () => {
  const forged: Array<[string, string]> = [['Host', 'evil.example'], ['X-Forwarded-Proto', 'https'], ['X-Forwarded-Host', 'other.example']]
  for (const path of ['/api/docs/robots', '/api/docs/sitemap', '/api/docs/llms']) {
    const echoed = await sendRaw(port, { method: 'GET', target: path, headers: forged })
    assert.equal(echoed.status, 200, path)
    assert.match(echoed.body, /http:\/\/evil\.example\//, `${path}: TRUST_PROXY=0 reads Host and the socket's scheme`)
    assert.doesNotMatch(echoed.body, /https:|other\.example/, path)
    assert.equal(echoed.headers['cache-control'], 'no-store', path)
    assert.equal(echoed.headers.vary, 'Host, X-Forwarded-Host, X-Forwarded-Proto', path)
  }

  settings({ TRUST_PROXY: '1' })
  const proxied = await sendRaw(port, { method: 'GET', target: '/api/docs/robots', headers: forged })
  assert.match(proxied.body, /Sitemap: https:\/\/other\.example\/sitemap\.xml/, 'behind a trusted proxy, its scheme and host')

  settings({ SITE_URL: 'https://docs.example.com' })
  for (const path of ['/api/docs/robots', '/api/docs/sitemap', '/api/docs/llms']) {
    const fixed = await sendRaw(port, { method: 'GET', target: path, headers: forged })
    assert.match(fixed.body, /https:\/\/docs\.example\.com\//, path)
    assert.doesNotMatch(fixed.body, /evil\.example|other\.example/, path)
    assert.equal(fixed.headers['cache-control'], 'public, max-age=300', path)
    assert.equal(fixed.headers.vary, undefined, path)
  }
})
