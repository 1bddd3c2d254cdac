// Exchanges keep the response headers the troubleshooting page tells support to look for (Retry-After,
// RateLimit-Reason, X-Failure-Category, WWW-Authenticate), with secrets still masked: the real Jira step through
// the routes and the embedded sandbox, and the trace itself against a local HTTP server.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpTrace } from '../../lib/http-trace'
import { ALL_SCOPES, consentInPopup, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { Exchange, StartResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

async function jiraWith(scenario: string) {
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes: ALL_SCOPES, scenario })).body
  await consentInPopup(visitor, started.url!)
  await waitForCompletion(visitor, started.flowId)
  const jira = await visitor.json('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })
  return (jira.body.exchanges as Exchange[]).find((e) => e.url.includes('/project/search'))!
}

test("Jira's 429 keeps Retry-After and RateLimit-Reason in the exchange", async () => {
  const search = await jiraWith('jira-rate-limited')
  assert.equal(search.status, 429)
  assert.equal(search.responseHeaders?.['retry-after'], '30')
  assert.equal(search.responseHeaders?.['ratelimit-reason'], 'jira-quota-based')
})

test("the gateway's scope refusal keeps X-Failure-Category in the exchange", async () => {
  const search = await jiraWith('scope-mismatch')
  assert.equal(search.status, 401)
  assert.equal(search.responseHeaders?.['x-failure-category'], 'FAILURE_CLIENT_SCOPE_CHECK')
})

test('only the named headers are kept, a secret in one is masked, and a plain answer keeps none', async () => {
  const secret = 'tok_0123456789abcdef'
  const server: Server = createServer((req, res) => {
    if (req.url === '/plain') return res.end('ok')
    res.writeHead(401, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="token ${secret} expired"`,
      'Set-Cookie': 'session=should-not-appear',
      'Content-Type': 'application/json'
    })
    res.end('{}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const trace = new HttpTrace(5_000)
    trace.addSecret(secret)
    await trace.fetch(`${origin}/refused`)
    await trace.fetch(`${origin}/plain`)
    const [refused, plain] = trace.redacted()
    assert.deepEqual(Object.keys(refused.responseHeaders ?? {}), ['www-authenticate'])
    assert.match(refused.responseHeaders!['www-authenticate'], /^Bearer error="invalid_token"/)
    assert.ok(!JSON.stringify(refused).includes(secret), 'the secret is masked in the header too')
    assert.equal(plain.responseHeaders, undefined)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
