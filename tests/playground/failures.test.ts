// Each failure the playground explains, produced for real through the routes: the embedded sandbox's fault
// injection for upstream errors, and live-mode set-ups for an unreachable, stopped or forgetful Arcade or a
// rejected key. Every test also bounds how long the reader waited for the explanation.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { reloadConfig } from '../../lib/config'
import { getEmbeddedSandbox } from '../../lib/sandbox/embedded'
import { parseConsentForm, startStandaloneSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { StartResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
afterEach(() => {
  getEmbeddedSandbox().faults.clear()
  for (const name of ['ARCADE_API_KEY', 'ARCADE_BASE_URL', 'ATLASSIAN_API_BASE', 'SESSION_SECRET', 'PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS']) {
    delete process.env[name]
  }
  reloadConfig()
})
after(async () => {
  await site.close()
})

async function authorized(scopes = ['read:jira-work', 'read:jira-user', 'read:me']) {
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes })).body
  const form = parseConsentForm((await visitor.navigate(started.url!)).at(-1)!.body)
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

/** Runs a request and returns its answer with how long the reader waited for it. */
async function timed<T>(request: () => Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now()
  const answer = await request()
  return { ...answer, ms: performance.now() - started }
}

function assertWithin(ms: number, atMostMs: number, what: string) {
  assert.ok(ms <= atMostMs, `${what} took ${Math.round(ms)} ms, more than its bound of ${atMostMs} ms`)
}

function attempts(body: any, urlPart: string): number {
  return body.exchanges.filter((e: { url: string }) => e.url.includes(urlPart)).length
}

/** Live mode against a standalone sandbox (its own TTLs), with a short upstream timeout where asked. */
function useLiveArcade(baseUrl: string, apiKey: string, extra: Record<string, string> = {}) {
  Object.assign(process.env, { ARCADE_API_KEY: apiKey, ARCADE_BASE_URL: baseUrl, SESSION_SECRET: 's'.repeat(40), ...extra })
  reloadConfig()
}

async function freePortNobodyListensOn(): Promise<number> {
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as { port: number }).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  return port
}

test('Jira 429 tells the reader how long to wait', async () => {
  const { visitor, flowId } = await authorized()
  getEmbeddedSandbox().faults.add({ endpoint: 'jira.project_search', kind: 'rate_limit', retryAfterSeconds: 7, times: 1 })
  const jira = await timed(() => visitor.json('/api/playground/jira', { flowId }))
  assert.equal(jira.status, 429)
  assert.equal(jira.headers.get('retry-after'), '7')
  assert.equal(jira.body.error.retryAfterSeconds, 7)
  assertExplained(jira.body, 'jira_rate_limited', /wait 7 s/)
  assert.equal(attempts(jira.body, '/project/search'), 1, 'the server does not sit out the 7 s itself')
  assertWithin(jira.ms, 2000, 'a rate-limited Jira search')
})

test('Jira 5xx is explained as Atlassian trouble', async () => {
  const { visitor, flowId } = await authorized()
  getEmbeddedSandbox().faults.add({ endpoint: 'jira.project_search', kind: 'server_error', status: 503, times: 1 })
  const jira = await timed(() => visitor.json('/api/playground/jira', { flowId }))
  assert.equal(jira.status, 502)
  assertExplained(jira.body, 'jira_unavailable', /answered 503/)
  assert.equal(attempts(jira.body, '/project/search'), 1)
  assertWithin(jira.ms, 2000, 'a failing Jira search')
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
  const failed = await timed(() => visitor.json('/api/playground/start', { scopes: ['read:jira-work'] }))
  assert.equal(failed.status, 502)
  assertExplained(failed.body, 'arcade_error', /Arcade answered an error/)
  assert.equal(attempts(failed.body, '/v1/auth/authorize'), 2, 'one attempt and one retry, no more')
  assertWithin(failed.ms, 3000, 'two attempts and one back-off')

  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.authorize', kind: 'rate_limit', retryAfterSeconds: 0, times: 2 })
  const limited = await timed(() => visitor.json('/api/playground/start', { scopes: ['read:jira-work'] }))
  assert.equal(limited.status, 429)
  assertExplained(limited.body, 'arcade_rate_limited', /rate limiting/)
  assert.equal(attempts(limited.body, '/v1/auth/authorize'), 2)
  assertWithin(limited.ms, 3000, 'two rate-limited attempts')
})

test('an Arcade 429 asking for a long wait is passed to the reader at once, not slept through', async () => {
  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.authorize', kind: 'rate_limit', retryAfterSeconds: 30, times: 2 })
  const limited = await timed(() => new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] }))
  assert.equal(limited.status, 429)
  assertExplained(limited.body, 'arcade_rate_limited', /try again in 30 s/)
  assert.equal(limited.body.error.retryAfterSeconds, 30)
  assert.equal(limited.headers.get('retry-after'), '30')
  assert.equal(attempts(limited.body, '/v1/auth/authorize'), 1, 'no retry after a 30 s Retry-After')
  assertWithin(limited.ms, 2000, 'a long Retry-After')
})

test('an Arcade slower than the upstream timeout is explained once the bounded attempts are spent', async () => {
  process.env.PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS = '1'
  reloadConfig()
  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.authorize', kind: 'latency', latencyMs: 4000, times: 2 })
  const slow = await timed(() => new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] }))
  assert.equal(slow.status, 504)
  assertExplained(slow.body, 'arcade_unreachable', /did not answer in time/)
  assert.equal(attempts(slow.body, '/v1/auth/authorize'), 2, 'one attempt and one retry')
  // Two 1 s timeouts and one back-off of at most 0.5 s.
  assert.ok(slow.ms >= 1900, `gave up after ${Math.round(slow.ms)} ms, before the timeout`)
  assertWithin(slow.ms, 3500, 'a slow Arcade')
})

test('a long-poll against a slow Arcade ends at its wait plus the upstream timeout', async () => {
  process.env.PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS = '1'
  reloadConfig()
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes: ['read:jira-work'] })).body
  getEmbeddedSandbox().faults.add({ endpoint: 'arcade.status', kind: 'latency', latencyMs: 6000, times: 1 })
  const poll = await timed(() => visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`))
  assert.equal(poll.status, 504)
  assertExplained(poll.body, 'arcade_unreachable', /did not answer in time/)
  assert.equal(attempts(poll.body, '/v1/auth/status'), 1, 'a long-poll is never retried')
  assert.ok(poll.ms >= 2900, `gave up after ${Math.round(poll.ms)} ms, before wait + timeout`)
  assertWithin(poll.ms, 4000, 'a long-poll of 2 s with a 1 s upstream timeout')
})

test('a flow that expires at Arcade tells the reader to start again', async () => {
  const standalone = await startStandaloneSandbox({ ttl: { flowSeconds: 1 } })
  try {
    useLiveArcade(standalone.baseUrl, standalone.apiKey)
    const visitor = new Visitor(site.origin)
    const started = await visitor.json<StartResponse>('/api/playground/start', { scopes: ['read:jira-work'] })
    assert.equal(started.body.status, 'pending')
    await new Promise((resolve) => setTimeout(resolve, 1300))
    const poll = await timed(() => visitor.json(`/api/playground/status?flowId=${started.body.flowId}&wait=5`))
    assert.equal(poll.status, 404)
    assertExplained(poll.body, 'flow_not_found', /expired.*Start again/)
    assertWithin(poll.ms, 2000, 'a poll of an expired flow')
  } finally {
    await standalone.close()
  }
})

test('an Arcade that stops mid-flow is explained as unreachable, quickly', async () => {
  const standalone = await startStandaloneSandbox()
  useLiveArcade(standalone.baseUrl, standalone.apiKey)
  const visitor = new Visitor(site.origin)
  const started = await visitor.json<StartResponse>('/api/playground/start', { scopes: ['read:jira-work'] })
  assert.equal(started.body.status, 'pending')
  await standalone.close()
  const poll = await timed(() => visitor.json(`/api/playground/status?flowId=${started.body.flowId}&wait=5`))
  assert.equal(poll.status, 502)
  assertExplained(poll.body, 'arcade_unreachable', /could not reach Arcade/)
  assertWithin(poll.ms, 2000, 'a poll of a stopped Arcade')
})

test('an unreachable Arcade is explained, quickly', async () => {
  useLiveArcade(`http://127.0.0.1:${await freePortNobodyListensOn()}`, 'some-arcade-key')
  const response = await timed(() => new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] }))
  assert.equal(response.status, 502)
  assertExplained(response.body, 'arcade_unreachable', /could not reach Arcade/)
  assert.equal(attempts(response.body, '/v1/auth/authorize'), 2, 'one attempt and one retry')
  assertWithin(response.ms, 3000, 'an unreachable Arcade')
})

test('Arcade rejecting the key is explained without showing the key', async () => {
  const standalone = await startStandaloneSandbox()
  try {
    useLiveArcade(standalone.baseUrl, 'wrong-key-1234567890')
    const response = await new Visitor(site.origin).json('/api/playground/start', { scopes: ['read:jira-work'] })
    assert.equal(response.status, 502)
    assertExplained(response.body, 'arcade_rejected_key', /rejected this server's API key/)
    assert.doesNotMatch(JSON.stringify(response.body), /wrong-key-1234567890/)
  } finally {
    await standalone.close()
  }
})
