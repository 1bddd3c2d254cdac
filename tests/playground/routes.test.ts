// The playground's API routes in sandbox mode: real SDK, real HTTP, the embedded emulator as the upstream.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseConsentForm } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { JiraResponse, StartResponse, StatusResponse } from '../../contract/playground-api'

const TOKEN_PATTERN = /sbx_(at|rt|code)_/

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

/** The reader's part in the popup: open the consent page, press Accept or Deny, follow every redirect. */
async function consent(visitor: Visitor, consentUrl: string, decision: 'accept' | 'deny' = 'accept') {
  const page = (await visitor.navigate(consentUrl)).at(-1)!
  assert.equal(page.status, 200)
  const form = parseConsentForm(page.body)
  const body = new URLSearchParams({ request: form.requestId, decision, site: form.siteIds[0] })
  return visitor.navigate('/api/sandbox/atlassian/authorize', { method: 'POST', body })
}

async function startFlow(visitor: Visitor, scopes = ['read:jira-work', 'read:jira-user', 'read:me']) {
  const started = await visitor.json<StartResponse>('/api/playground/start', { scopes })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  return started.body
}

test('the full flow: start, consent, the verifier hop, status completed, then Jira projects', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  assert.equal(started.status, 'pending')
  assert.equal(started.url, `/api/playground/consent?flowId=${started.flowId}`)
  assert.equal(started.exchanges[0].method, 'POST')
  assert.match(started.exchanges[0].url, /\/v1\/auth\/authorize$/)

  const hops = await consent(visitor, started.url!)
  const verifierHop = hops.find((h) => h.url.includes('/api/playground/verify?flow_id='))
  assert.ok(verifierHop, `the consent must pass through the site's verifier: ${hops.map((h) => h.url).join(' -> ')}`)
  assert.equal(verifierHop.status, 303)
  assert.equal(hops.at(-1)!.status, 200)

  const status = await visitor.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}&wait=5`)
  assert.equal(status.status, 200)
  assert.equal(status.body.status, 'completed')
  assert.match(status.body.maskedToken ?? '', /^••••.{4}$/)
  // A completed authorization reports the grant's scopes, including the offline_access Arcade adds.
  assert.deepEqual([...status.body.scopes].sort(), ['offline_access', 'read:jira-user', 'read:jira-work', 'read:me'])

  const jira = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(jira.status, 200, JSON.stringify(jira.body))
  assert.ok(jira.body.sites!.length >= 1)
  assert.equal(jira.body.projects.values.length, 10)
  assert.ok((jira.body.projects.total ?? 0) > 10)
  assert.equal(jira.body.projects.isLast, false)
  assert.ok(jira.body.myself?.displayName)
  assert.ok(jira.body.profile?.name)
  const steps = new Set(jira.body.exchanges.map((e) => e.step))
  for (const step of ['completed', 'sites', 'projects', 'profile']) assert.ok(steps.has(step), `exchanges for ${step}`)
  for (const body of [JSON.stringify(started), JSON.stringify(status.body), JSON.stringify(jira.body)]) {
    assert.doesNotMatch(body, TOKEN_PATTERN, 'no provider token may reach the browser')
  }

  const next = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 10, maxResults: 10 })
  assert.equal(next.body.projects.startAt, 10)
  assert.notDeepEqual(next.body.projects.values.map((p) => p.key), jira.body.projects.values.map((p) => p.key))
})

test('a flow id presented by another visitor is refused everywhere, exactly as an unknown one', async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const stranger = new Visitor(site.origin)
  await stranger.json('/api/playground/config')
  const status = await stranger.json(`/api/playground/status?flowId=${started.flowId}`)
  assert.equal(status.status, 404)
  assert.equal(status.body.error.code, 'flow_not_found')
  // Same status, same body: the answer does not tell whether someone else's flow exists.
  const unknown = await stranger.json(`/api/playground/status?flowId=ac_${'x'.repeat(24)}`)
  assert.deepEqual([unknown.status, unknown.body], [status.status, status.body])
  const jira = await stranger.json('/api/playground/jira', { flowId: started.flowId })
  const unknownJira = await stranger.json('/api/playground/jira', { flowId: `ac_${'x'.repeat(24)}` })
  assert.equal(jira.body.error.code, 'flow_not_found')
  assert.deepEqual([jira.status, jira.body], [unknownJira.status, unknownJira.body])

  // The stranger consents in their own browser: the verifier confirms *their* id, which Arcade refuses.
  const hops = await consent(stranger, started.url!)
  const last = hops.at(-1)!
  assert.equal(last.status, 403)
  assert.match(last.body, /belongs to someone else/)
  assert.doesNotMatch(last.body, /at \w+ \(|Error:/, 'a clear page, not a stack trace')
})

test('the verifier without a session answers a page that says what to do', async () => {
  const anonymous = new Visitor(site.origin)
  const [hop] = await anonymous.navigate('/api/playground/verify?flow_id=5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c')
  assert.equal(hop.status, 401)
  assert.match(hop.body, /no playground session/)
  const [missing] = await anonymous.navigate('/api/playground/verify')
  assert.equal(missing.status, 400)
  assert.match(missing.body, /flow_id is required/)
})

// Arcade's status says only `failed` (no reason), so without an armed scenario the site names no single cause.
test('Deny on the consent page ends in an explained authorization_failed failure', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  await consent(visitor, started.url!, 'deny')
  const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=5`)
  assert.equal(status.status, 409)
  assert.equal(status.body.error.code, 'authorization_failed')
  assert.equal(status.body.error.help, '/troubleshooting#authorization-failed')
})

test('a token without read:jira-work gets the scope-mismatch explanation', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor, ['read:jira-user', 'read:me'])
  await consent(visitor, started.url!)
  const status = await visitor.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}&wait=5`)
  assert.equal(status.body.status, 'completed')
  const jira = await visitor.json('/api/playground/jira', { flowId: started.flowId })
  assert.equal(jira.status, 403)
  assert.equal(jira.body.error.code, 'scope_mismatch')
  assert.equal(jira.body.error.help, '/troubleshooting#scope-mismatch')
  const projects = jira.body.exchanges.find((e: { step: string }) => e.step === 'projects')
  assert.equal(projects.status, 401)
})

test('a second run for a visitor who already granted the scopes completes at once', async () => {
  const visitor = new Visitor(site.origin)
  const first = await startFlow(visitor, ['read:jira-work'])
  await consent(visitor, first.url!)
  await visitor.json(`/api/playground/status?flowId=${first.flowId}&wait=5`)
  const second = await startFlow(visitor, ['read:jira-work'])
  assert.equal(second.status, 'completed')
  assert.equal(second.url, undefined)
})

test('input validation: every bad input is a JSON error with a stable code naming the field', async () => {
  const visitor = new Visitor(site.origin)
  const cases: Array<[string, RequestInit, number, string, RegExp?]> = [
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: ['admin:everything'] }), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /scopes\.0/],
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: [] }), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /scopes/],
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: ['read:me'], providerId: '../x' }), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /providerId/],
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: ['read:me'], userId: 'someone-else' }), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /userId/],
    ['/api/playground/start', { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /not valid JSON/],
    ['/api/playground/start', { method: 'POST', body: 'scopes=read:me', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: ['read:me'], pad: 'x'.repeat(20_000) }), headers: { 'Content-Type': 'application/json' } }, 413, 'payload_too_large'],
    ['/api/playground/start', { method: 'GET' }, 405, 'method_not_allowed'],
    ['/api/playground/start', { method: 'POST', body: JSON.stringify({ scopes: ['read:me'] }), headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' } }, 403, 'forbidden_origin'],
    ['/api/playground/status', {}, 400, 'invalid_request', /flowId/],
    ['/api/playground/status?flowId=abc&wait=600', {}, 400, 'invalid_request', /wait/],
    ['/api/playground/status?flowId=unknown-flow', {}, 404, 'flow_not_found'],
    ['/api/playground/jira', { method: 'POST', body: JSON.stringify({ flowId: 'x', maxResults: 1000 }), headers: { 'Content-Type': 'application/json' } }, 400, 'invalid_request', /maxResults/]
  ]
  for (const [path, init, status, code, message] of cases) {
    const response = await visitor.request(path, init)
    assert.equal(response.status, status, `${init.method ?? 'GET'} ${path}`)
    assert.match(response.headers.get('content-type') ?? '', /application\/json/)
    const body = await response.json()
    assert.equal(body.error.code, code, `${path}: ${JSON.stringify(body)}`)
    assert.equal(typeof body.error.message, 'string')
    if (message) assert.match(body.error.message, message)
  }
  const wrongMethod = await visitor.request('/api/playground/start', { method: 'GET' })
  assert.equal(wrongMethod.headers.get('allow'), 'POST')
})
