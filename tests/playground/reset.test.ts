// POST /api/playground/reset: a new visitor identity (new session cookie, new Arcade user_id), through real HTTP.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '../../lib/config'
import { SESSION_COOKIE } from '../../lib/session'
import { consentInPopup, startFlow, waitForCompletion } from '../helpers/flow'
import { startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { JiraResponse, ResetResponse, StatusResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

const SETTINGS = ['ARCADE_API_KEY', 'ARCADE_BASE_URL', 'ATLASSIAN_API_BASE', 'SESSION_SECRET', 'RATE_LIMIT_PER_MINUTE'] as const
afterEach(() => {
  for (const name of SETTINGS) delete process.env[name]
  reloadConfig()
})

function sessionCookieOf(response: { headers: Headers }): string | undefined {
  return response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0]
}

async function reset(visitor: Visitor, init: RequestInit = {}) {
  const response = await visitor.request('/api/playground/reset', { method: 'POST', ...init })
  return { status: response.status, headers: response.headers, body: await response.json() }
}

test('reset gives a new identity: a new cookie, old flows refused, a sandbox account with no grants', async () => {
  const visitor = new Visitor(site.origin)
  const first = await startFlow(visitor, site.origin, ['read:jira-work'])
  await consentInPopup(visitor, first.url!)
  await waitForCompletion(visitor, first.flowId)
  // Granted once: a second run for the same identity completes at once.
  assert.equal((await startFlow(visitor, site.origin, ['read:jira-work'])).status, 'completed')

  const before = await visitor.request('/api/playground/config')
  const answer = await reset(visitor)
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  const body = answer.body as ResetResponse
  assert.equal(body.mode, 'sandbox')
  assert.match(body.message, /new visitor/)
  assert.match(body.message, /no grants/)
  assert.equal(body.message.split(/[.!?](\s|$)/).filter((s) => s && s.trim()).length, 1, 'one plain sentence')
  const cookie = sessionCookieOf(answer)
  assert.ok(cookie, 'a new session cookie')
  assert.notEqual(cookie, sessionCookieOf(before))
  assert.equal(answer.headers.get('cache-control'), 'no-store')

  const old = await visitor.json(`/api/playground/status?flowId=${first.flowId}`)
  assert.equal(old.status, 404)
  assert.equal(old.body.error.code, 'flow_not_found')
  const oldJira = await visitor.json('/api/playground/jira', { flowId: first.flowId })
  assert.equal(oldJira.body.error.code, 'flow_not_found')

  // A new Arcade user_id: the sandbox has no grant for it, so consent is asked again.
  const fresh = await startFlow(visitor, site.origin, ['read:jira-work'])
  assert.equal(fresh.status, 'pending')
  assert.ok(fresh.url)
})

test('reset revokes the old identity: its cookie, replayed, no longer reads, lists or reuses anything', async () => {
  const visitor = new Visitor(site.origin)
  const minted = await visitor.request('/api/playground/start', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scopes: ['read:jira-work'] }) })
  const oldCookie = sessionCookieOf(minted)!
  const first = (await minted.json()) as { flowId: string; url: string }
  await consentInPopup(visitor, first.url)
  await waitForCompletion(visitor, first.flowId)
  // The old cookie, replayed by anyone who kept a copy.
  const replay = async (path: string, body?: unknown) => {
    const response = await fetch(new URL(path, site.origin), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { Cookie: oldCookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: response.status, body: await response.json() }
  }
  assert.equal((await replay(`/api/playground/status?flowId=${first.flowId}`)).body.status, 'completed', 'before the reset the copy works')

  assert.equal((await reset(visitor)).status, 200)
  const status = await replay(`/api/playground/status?flowId=${first.flowId}`)
  assert.equal(status.status, 404)
  assert.equal(status.body.error.code, 'flow_not_found')
  const jira = await replay('/api/playground/jira', { flowId: first.flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(jira.body.error.code, 'flow_not_found')
  // A start with the old cookie is a new visitor: no grant to reuse, consent is asked again.
  const again = await replay('/api/playground/start', { scopes: ['read:jira-work'] })
  assert.equal(again.status, 200)
  assert.equal(again.body.status, 'pending')
})

test('reset accepts an empty JSON object too, and refuses anything else as JSON errors', async () => {
  const visitor = new Visitor(site.origin)
  const withBody = await reset(visitor, { body: '{}', headers: { 'Content-Type': 'application/json' } })
  assert.equal(withBody.status, 200)
  const extra = await reset(visitor, { body: '{"visitorId":"someone"}', headers: { 'Content-Type': 'application/json' } })
  assert.equal(extra.status, 400)
  assert.equal(extra.body.error.code, 'invalid_request')
  const wrongMethod = await visitor.request('/api/playground/reset')
  assert.equal(wrongMethod.status, 405)
  assert.equal(wrongMethod.headers.get('allow'), 'POST')
  assert.equal((await wrongMethod.json()).error.code, 'method_not_allowed')
})

test('reset is origin-checked like every POST', async () => {
  const visitor = new Visitor(site.origin)
  await visitor.request('/api/playground/config')
  const answer = await reset(visitor, { headers: { Origin: 'https://evil.example' } })
  assert.equal(answer.status, 403)
  assert.equal(answer.body.error.code, 'forbidden_origin')
  assert.equal(sessionCookieOf(answer), undefined, 'a refused reset mints nothing')
})

test('resets have their own small budget per address (a twelfth of the per-visitor limit)', async () => {
  process.env.RATE_LIMIT_PER_MINUTE = '24'
  reloadConfig()
  const visitor = new Visitor(site.origin)
  assert.equal((await reset(visitor)).status, 200)
  assert.equal((await reset(visitor)).status, 200)
  // A new identity each time, yet the third reset within the minute is refused.
  const third = await reset(visitor)
  assert.equal(third.status, 429)
  assert.equal(third.body.error.code, 'rate_limited')
  assert.ok(Number(third.headers.get('retry-after')) >= 1)
})

test('in live mode the message says the old grants stay with Arcade', async () => {
  const sandbox: StartedSandbox = await startStandaloneSandbox({ apiKey: 'live-reset-test-key' })
  try {
    Object.assign(process.env, {
      ARCADE_API_KEY: 'live-reset-test-key',
      ARCADE_BASE_URL: sandbox.baseUrl,
      ATLASSIAN_API_BASE: sandbox.atlassianBase,
      SESSION_SECRET: 'reset-test-session-secret-'.padEnd(48, 'x')
    })
    reloadConfig()
    const answer = await reset(new Visitor(site.origin))
    assert.equal(answer.status, 200)
    assert.equal(answer.body.mode, 'live')
    assert.match(answer.body.message, /grants .* stay with Arcade/)
  } finally {
    await sandbox.close()
  }
})

test('status reports the scopes Arcade reports, and the Jira step calls /myself and /me from those alone', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor, site.origin, ['read:jira-work', 'read:me'])
  await consentInPopup(visitor, started.url!)
  const status: StatusResponse = await waitForCompletion(visitor, started.flowId)
  // The grant's scopes as Arcade reports them: what was asked for, plus the offline_access Arcade adds for refresh.
  assert.deepEqual([...status.scopes].sort(), ['offline_access', 'read:jira-work', 'read:me'])
  const jira = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId })
  assert.equal(jira.status, 200, JSON.stringify(jira.body))
  assert.ok(jira.body.profile?.name, '/me ran: read:me was granted')
  assert.equal(jira.body.myself, undefined)
  assert.ok(jira.body.notes.some((n) => /\/myself skipped: it needs read:jira-user/.test(n)))
  const called = jira.body.exchanges.map((e) => e.url)
  assert.ok(called.some((u) => u.endsWith('/me')))
  assert.ok(!called.some((u) => u.endsWith('/myself')))
})
