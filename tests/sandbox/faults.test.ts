import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Arcade, { InternalServerError, RateLimitError } from '@arcadeai/arcadejs'
import { authorizeOverHttp, startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'

describe('fault injection', () => {
  let s: StartedSandbox
  let token: string
  let cloudId: string
  before(async () => {
    s = await startStandaloneSandbox({ allowFaultInjection: true })
    cloudId = s.sandbox.world.sites[0]!.cloudId
    token = (await authorizeOverHttp(s, { userId: 'faulty', scopes: ['read:jira-work'] })).token
  })
  after(() => s.close())

  const faultsApi = (method: string, body?: unknown, key = s.apiKey) =>
    fetch(`${s.baseUrl}/_sandbox/faults`, {
      method,
      headers: { Authorization: key, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
  const search = () => fetch(`${s.atlassianBase}/ex/jira/${cloudId}/rest/api/3/project/search`, { headers: { Authorization: `Bearer ${token}` } })

  test('is off by default', async () => {
    const plain = await startStandaloneSandbox()
    try {
      const res = await fetch(`${plain.baseUrl}/_sandbox/faults`, { headers: { Authorization: plain.apiKey } })
      assert.equal(res.status, 404)
    } finally {
      await plain.close()
    }
  })

  test('the HTTP API needs the API key and validates rules', async () => {
    assert.equal((await faultsApi('GET', undefined, 'wrong')).status, 401)
    const bad = await faultsApi('POST', { endpoint: 'jira.nothing', kind: 'latency' })
    assert.equal(bad.status, 400)
    assert.match((await bad.json()).message, /endpoint/)
  })

  test('a Jira 429 carries Retry-After and the X-RateLimit headers, for N requests only', async () => {
    const created = await faultsApi('POST', { endpoint: 'jira.project_search', kind: 'rate_limit', retryAfterSeconds: 7, times: 2 })
    assert.equal(created.status, 201)
    assert.equal((await (await faultsApi('GET')).json()).faults.length, 1)
    for (let i = 0; i < 2; i++) {
      const res = await search()
      assert.equal(res.status, 429)
      assert.equal(res.headers.get('retry-after'), '7')
      assert.equal(res.headers.get('x-ratelimit-remaining'), '0')
      assert.match(res.headers.get('x-ratelimit-reset')!, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/)
      assert.ok(res.headers.get('x-ratelimit-limit'))
      assert.ok(Array.isArray((await res.json()).errorMessages))
    }
    assert.equal((await search()).status, 200)
    assert.equal((await (await faultsApi('GET')).json()).faults.length, 0)
  })

  test('latency delays a request, then it is answered normally', async () => {
    s.sandbox.faults.add({ endpoint: 'jira.project_search', kind: 'latency', latencyMs: 300, times: 1 })
    const t0 = Date.now()
    assert.equal((await search()).status, 200)
    assert.ok(Date.now() - t0 >= 290)
  })

  test('5xx and 429 on Arcade endpoints reach the SDK as its error classes (after its retries)', async () => {
    s.sandbox.faults.add({ endpoint: 'arcade.authorize', kind: 'server_error', status: 502 })
    await assert.rejects(s.arcade.auth.start('faulty', 'atlassian', { scopes: ['read:me'] }), (err: unknown) => {
      assert.ok(err instanceof InternalServerError)
      assert.equal(err.status, 502)
      return true
    })
    assert.equal((await faultsApi('DELETE')).status, 200)
    assert.deepEqual(s.sandbox.faults.list(), [])

    // One 429 with Retry-After 0: the SDK retries by itself and succeeds.
    s.sandbox.faults.add({ endpoint: 'arcade.health', kind: 'rate_limit', retryAfterSeconds: 0, times: 1 })
    const retrying = new Arcade({ apiKey: s.apiKey, baseURL: s.baseUrl, maxRetries: 2 })
    assert.deepEqual(await retrying.health.check(), { healthy: true })
    s.sandbox.faults.add({ endpoint: 'arcade.health', kind: 'rate_limit', retryAfterSeconds: 0, times: 1 })
    await assert.rejects(s.arcade.health.check(), RateLimitError)
  })
})
