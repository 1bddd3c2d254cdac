// Per-visitor isolation across two built instances sharing one real Redis: each visitor's account, grant,
// site choice and failure scenario follow them from instance to instance and never reach the other visitor;
// and the public is refused on server-only sandbox routes on both instances.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { parseConsentForm } from '../helpers/sandbox'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startSiteInstance, type SiteInstance } from '../helpers/site-instance'
import { Visitor } from '../helpers/site'
import { waitForCompletion } from '../helpers/flow'
import type { JiraResponse, StartResponse } from '../../contract/playground-api'

const SCOPES = ['read:jira-work', 'read:jira-user', 'read:me']

let redis: RedisServer
let a: SiteInstance
let b: SiteInstance

before(async () => {
  redis = await startRedisServer()
  const settings = { REDIS_URL: redis.url, SESSION_SECRET: randomBytes(32).toString('hex') }
  ;[a, b] = await Promise.all([startSiteInstance(settings), startSiteInstance(settings)])
})

after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

/** Start on one instance (optionally arming a scenario), consent choosing a site on the other, finish there. */
async function run(visitor: Visitor, startOn: SiteInstance, consentOn: SiteInstance, siteIndex: number, scenario?: string) {
  const started = await visitor.json<StartResponse>(`${startOn.origin}/api/playground/start`, { scopes: SCOPES, ...(scenario ? { scenario } : {}) })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  // The site's consent link, then Arcade's consent URL, then the consent page.
  const opened = await visitor.navigate(new URL(started.body.url!, consentOn.origin).href)
  const form = parseConsentForm(opened[opened.length - 1]!.body)
  await visitor.navigate(`${consentOn.origin}/api/sandbox/atlassian/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[siteIndex]! })
  })
  await waitForCompletion(visitor, started.body.flowId, consentOn.origin)
  return visitor.json<JiraResponse>(`${startOn.origin}/api/playground/jira`, { flowId: started.body.flowId, query: '', startAt: 0, maxResults: 10 })
}

test('two visitors across two instances: own account, own site, and a scenario armed on one instance reaches only its visitor on the other', async () => {
  const north = new Visitor(a.origin)
  const limited = new Visitor(b.origin)
  const [northJira, limitedJira] = await Promise.all([run(north, a, b, 1), run(limited, b, a, 0, 'jira-rate-limited')])
  assert.equal(northJira.status, 200, JSON.stringify(northJira.body))
  assert.deepEqual(northJira.body.sites!.map((s) => s.name), ['northwind-studio'])
  assert.equal(northJira.body.projects.total, 5)
  assert.equal(limitedJira.status, 429, JSON.stringify(limitedJira.body))

  // The rate-limited visitor's scenario, armed through B, is seen by A too; the other visitor is untouched on both.
  const again = await north.json<JiraResponse>(`${b.origin}/api/playground/jira`, { flowId: (await north.json<StartResponse>(`${b.origin}/api/playground/start`, { scopes: SCOPES })).body.flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(again.status, 200, JSON.stringify(again.body))
  assert.equal(again.body.site.name, 'northwind-studio')
  assert.equal(again.body.profile!.account_id, northJira.body.profile!.account_id, 'the same account on the other instance')
})

test('a public caller with the published key is refused on server-only routes of both instances', async () => {
  for (const instance of [a, b]) {
    const answer = await fetch(`${instance.origin}/api/sandbox/v1/auth/authorize`, {
      method: 'POST',
      headers: { Authorization: 'Bearer arcade-sandbox-key', 'Content-Type': 'application/json', 'X-Forwarded-For': '127.0.0.1' },
      body: JSON.stringify({ user_id: 'public', auth_requirement: { provider_id: 'atlassian' } })
    })
    assert.equal(answer.status, 403)
    assert.equal(((await answer.json()) as { name: string }).name, 'sandbox_internal_only')
  }
})
