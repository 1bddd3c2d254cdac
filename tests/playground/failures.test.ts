// Each failure the playground explains, produced for real through the routes: the embedded sandbox's fault
// injection for upstream errors, and live-mode set-ups for an unreachable Arcade or a rejected key.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { reloadConfig } from '../../lib/config'
import { getEmbeddedSandbox } from '../../lib/sandbox/embedded'
import { parseConsentForm, startStandaloneSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { StartResponse } from '../../components/playground/api-types'

let site: SiteServer
before(async () => {
  site = await startSite()
})
afterEach(() => {
  getEmbeddedSandbox().faults.clear()
  for (const name of ['ARCADE_API_KEY', 'ARCADE_BASE_URL', 'ATLASSIAN_API_BASE', 'SESSION_SECRET']) delete process.env[name]
  reloadConfig()
})
after(async () => {
  await site.close()
})

async function authorized(scopes = ['read:jira-work', 'read:jira-user', 'read:me']) {
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes })).body
  const page = await visitor.request(started.url!)
  const form = parseConsentForm(await page.text())
  await visitor.navigate('/api/sandbox/atlassian/authorize', {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
  })
  const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=5`)
  assert.equal(status.body.status, 'completed')
  return { visitor, flowId: started.flowId }
}

function assertExplained(body: any, code: string, message: RegExp) {
  assert.equal(body.error.code, code, JSON.stringify(body))
  assert.match(body.error.message, message)
  assert.equal(body.error.help, `/troubleshooting#${code.replace(/_/g, '-')}`)
}

test('Jira 429 tells the reader how long to wait', async () => {
  const { visitor, flowId } = await authorized()
  getEmbeddedSandbox().faults.add({ endpoint: 'jira.project_search', kind: 'rate_limit', retryAfterSeconds: 7, times: 1 })
  const jira = await visitor.json('/api/playground/jira', { flowId })
  assert.equal(jira.status, 429)
  assert.equal(jira.headers.get('retry-after'), '7')
  assert.equal(jira.body.error.retryAfterSeconds, 7)
  assertExplained(jira.body, 'jira_rate_limited', /wait 7 s/)
})

test('Jira 5xx is explained as Atlassian trouble', async () => {
  const { visitor, flowId } = await authorized()
  getEmbeddedSandbox().faults.add({ endpoint: 'jira.project_search', kind: 'server_error', status: 503, times: 1 })
  const jira = await visitor.json('/api/playground/jira', { flowId })
  assert.equal(jira.status, 502)
  assertExplained(jira.body, 'jira_unavailable', /answered 503/)
})

test('a token that reaches no site gets no_accessible_site', async () => {
  const { visitor, flowId } = await authorized(['read:me'])
  const jira = await visitor.json('/api/playground/jira', { flowId })
  assert.equal(jira.status, 404)
  assertExplained(jira.body, 'no_accessible_site', /no Atlassian site/)
})

test('Arcade 5xx (after one bounded retry) and 429 are explained', async () => {
  const visitor = new Visitor(site.origin)
  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.authorize', kind: 'server_error', status: 500, times: 2 })
  const failed = await visitor.json('/api/playground/start', { scopes: ['read:jira-work'] })
  assert.equal(failed.status, 502)
  assertExplained(failed.body, 'arcade_error', /Arcade answered an error/)
  assert.equal(failed.body.exchanges.length, 2, 'one attempt and one retry, no more')

  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.authorize', kind: 'rate_limit', retryAfterSeconds: 0, times: 2 })
  const limited = await visitor.json('/api/playground/start', { scopes: ['read:jira-work'] })
  assert.equal(limited.status, 429)
  assertExplained(limited.body, 'arcade_rate_limited', /rate limiting/)
})

test('an unreachable Arcade is explained, quickly', async () => {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as { port: number }).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  Object.assign(process.env, { ARCADE_API_KEY: 'some-arcade-key', ARCADE_BASE_URL: `http://127.0.0.1:${port}`, SESSION_SECRET: 's'.repeat(40) })
  reloadConfig()
  const started = Date.now()
  const response = await new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] })
  assert.equal(response.status, 502)
  assertExplained(response.body, 'arcade_unreachable', /could not reach Arcade/)
  assert.ok(Date.now() - started < 5000)
})

test('Arcade rejecting the key is explained without showing the key', async () => {
  const standalone = await startStandaloneSandbox()
  try {
    Object.assign(process.env, { ARCADE_API_KEY: 'wrong-key-1234567890', ARCADE_BASE_URL: standalone.baseUrl, SESSION_SECRET: 's'.repeat(40) })
    reloadConfig()
    const response = await new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] })
    assert.equal(response.status, 502)
    assertExplained(response.body, 'arcade_rejected_key', /rejected this server's API key/)
    assert.doesNotMatch(JSON.stringify(response.body), /wrong-key-1234567890/)
  } finally {
    await standalone.close()
  }
})
