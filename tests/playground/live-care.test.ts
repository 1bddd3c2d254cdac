// Live mode, same care as sandbox mode: allowed provider ids, a config answer and HTTP traces that never name a
// self-hosted engine's private host and port, and a sandbox trace that shows site paths, not a loopback address.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '../../lib/config'
import { parseConsentForm, startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'
import { consentInPopup, startFlow, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { Exchange, JiraResponse, PlaygroundConfig, StartResponse, StatusResponse } from '../../contract/playground-api'

const KEY = 'live-care-test-key'
const SETTINGS = ['ARCADE_API_KEY', 'ARCADE_BASE_URL', 'ATLASSIAN_API_BASE', 'SESSION_SECRET', 'ARCADE_PROVIDER_ID', 'ARCADE_PROVIDER_IDS'] as const

let site: SiteServer
let engine: StartedSandbox
before(async () => {
  engine = await startStandaloneSandbox({ apiKey: KEY, verifierUrl: '/api/playground/verify' })
  site = await startSite()
})
after(async () => {
  await site.close()
  await engine.close()
})
afterEach(() => {
  for (const name of SETTINGS) delete process.env[name]
  reloadConfig()
})

function goLive(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    ARCADE_API_KEY: KEY,
    ARCADE_BASE_URL: engine.baseUrl,
    ATLASSIAN_API_BASE: engine.atlassianBase,
    SESSION_SECRET: 'live-care-session-secret-'.padEnd(48, 'x'),
    ...extra
  })
  reloadConfig()
}

const engineHost = () => new URL(engine.baseUrl).host

test('the config route answers the allowed provider ids and an engine label, never the engine host and port', async () => {
  goLive({ ARCADE_PROVIDER_IDS: 'atlassian,my-atlassian' })
  const answer = await new Visitor(site.origin).json<PlaygroundConfig>('/api/playground/config')
  assert.equal(answer.status, 200)
  assert.equal(answer.body.mode, 'live')
  assert.deepEqual(answer.body.providerIds, ['atlassian', 'my-atlassian'])
  assert.equal(answer.body.providerId, 'atlassian')
  assert.equal(answer.body.engineLabel, 'self-hosted engine')
  const text = JSON.stringify(answer.body)
  assert.ok(!text.includes(engineHost()), `the engine's host:port leaked: ${text}`)
  assert.ok(!text.includes(new URL(engine.baseUrl).port))

  for (const name of SETTINGS) delete process.env[name]
  reloadConfig()
  const sandbox = await new Visitor(site.origin).json<PlaygroundConfig>('/api/playground/config')
  assert.equal(sandbox.body.engineLabel, 'embedded sandbox')
  assert.deepEqual(sandbox.body.providerIds, ['atlassian', 'my-atlassian-provider'])
})

test('a provider id outside ARCADE_PROVIDER_IDS is refused with provider_not_allowed naming the allowed ids', async () => {
  goLive({ ARCADE_PROVIDER_IDS: 'atlassian,my-atlassian' })
  const visitor = new Visitor(site.origin)
  const refused = await visitor.json('/api/playground/start', { scopes: ['read:jira-work'], providerId: 'github' })
  assert.equal(refused.status, 403)
  assert.equal(refused.body.error.code, 'provider_not_allowed')
  assert.equal(refused.body.error.help, '/troubleshooting#provider-not-allowed')
  assert.equal(refused.body.error.field, 'providerId')
  assert.match(refused.body.error.message, /atlassian, my-atlassian/)
  assert.equal(refused.body.exchanges, undefined, 'refused before any call to Arcade')
  // An allowed id goes on to Arcade (this engine knows only "atlassian", so it answers provider_not_found).
  const allowed = await visitor.json('/api/playground/start', { scopes: ['read:jira-work'], providerId: 'my-atlassian' })
  assert.notEqual(allowed.body.error?.code, 'provider_not_allowed')
  assert.equal((await visitor.json('/api/playground/start', { scopes: ['read:jira-work'], providerId: 'atlassian' })).status, 200)
})

test('live mode starts only the read scopes the guide uses: a write or admin scope is refused before any call', async () => {
  goLive()
  const visitor = new Visitor(site.origin)
  const refused = await visitor.json('/api/playground/start', { scopes: ['read:jira-work', 'manage:jira-configuration'] })
  assert.equal(refused.status, 400)
  assert.equal(refused.body.error.code, 'invalid_request')
  assert.equal(refused.body.error.field, 'scopes')
  assert.match(refused.body.error.message, /manage:jira-configuration/)
  assert.equal(refused.body.exchanges, undefined, 'refused before any call to Arcade')
  assert.equal((await visitor.json('/api/playground/start', { scopes: ['write:jira-work'] })).status, 400)
  assert.equal((await visitor.json('/api/playground/start', { scopes: ['read:jira-work', 'read:me', 'offline_access'] })).status, 200)

  // The sandbox, which holds nothing real, still lets a reader try any scope.
  for (const name of SETTINGS) delete process.env[name]
  reloadConfig()
  assert.equal((await new Visitor(site.origin).json('/api/playground/start', { scopes: ['manage:jira-configuration'] })).status, 200)
})

function assertLabelled(exchanges: Exchange[], forbidden: string[], pattern: RegExp) {
  assert.ok(exchanges.length > 0)
  const text = JSON.stringify(exchanges)
  for (const value of forbidden) assert.ok(!text.includes(value), `${value} appears in the trace: ${text.slice(Math.max(0, text.indexOf(value) - 300), text.indexOf(value) + 100)}`)
  for (const e of exchanges) assert.match(e.url, pattern, `exchange url ${e.url}`)
}

test('a live flow against a self-hosted engine: the trace names it by a label, never by host and port', async () => {
  goLive()
  const visitor = new Visitor(site.origin)
  const started = await visitor.json<StartResponse>('/api/playground/start', { scopes: ['read:jira-work', 'read:jira-user', 'read:me'] })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  assert.equal(started.body.exchanges[0].url, 'https://<self-hosted engine>/v1/auth/authorize')

  // The reader's popup: the engine's consent page, Accept, callback, then the site's verifier.
  const form = parseConsentForm(await (await fetch(new URL(started.body.url!, site.origin))).text())
  const consent = await fetch(form.action, { method: 'POST', body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! }), redirect: 'manual' })
  const callback = await fetch(consent.headers.get('location')!, { redirect: 'manual' })
  const verifier = new URL(callback.headers.get('location')!, site.origin)
  await visitor.navigate(`${verifier.pathname}${verifier.search}`)

  const status = await visitor.json<StatusResponse>(`/api/playground/status?flowId=${started.body.flowId}&wait=5`)
  assert.equal(status.body.status, 'completed', JSON.stringify(status.body))
  const jira = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.body.flowId })
  assert.equal(jira.status, 200, JSON.stringify(jira.body))
  const forbidden = [engineHost(), engine.baseUrl, '127.0.0.1']
  assertLabelled(started.body.exchanges, forbidden, /^https:\/\/<self-hosted engine>\//)
  assertLabelled(status.body.exchanges, forbidden, /^https:\/\/<self-hosted engine>\/v1\/auth\/status\?/)
  assertLabelled(jira.body.exchanges, forbidden, /^https:\/\/<self-hosted engine>\/(v1\/auth\/status|atlassian\/)/)
  assert.ok(jira.body.exchanges.some((e) => e.url.startsWith('https://<self-hosted engine>/atlassian/ex/jira/')))
})

test('in sandbox mode the trace shows site-relative paths, never the embedded sandbox\'s loopback address', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  await consentInPopup(visitor, started.url!)
  const status = await waitForCompletion(visitor, started.flowId)
  const jira = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId })
  assert.equal(jira.status, 200)
  const loopback = new URL(site.origin).host
  for (const exchanges of [started.exchanges, status.exchanges, jira.body.exchanges]) {
    assertLabelled(exchanges, [loopback, 'http://'], /^\/api\/sandbox\//)
  }
  assert.equal(started.exchanges[0].url, '/api/sandbox/v1/auth/authorize')
})
