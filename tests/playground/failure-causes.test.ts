// Every failure names its own cause, with a scenario armed and without one: real HTTP through the site's routes,
// the real SDK and the embedded sandbox. The verifier's refusal ends the owner's long-poll within two seconds.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { SCENARIOS, type ScenarioName } from '../../contract/scenarios'
import { helpLink } from '../../lib/api/errors'
import { parseConsentForm } from '../helpers/sandbox'
import { ALL_SCOPES, consentInPopup, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { ErrorCode, StartResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

async function start(visitor: Visitor, scenario?: ScenarioName): Promise<StartResponse> {
  const started = await visitor.json<StartResponse>('/api/playground/start', { scopes: ALL_SCOPES, ...(scenario ? { scenario } : {}) })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  return started.body
}

/** Opens the consent link in `who`'s browser and presses `decision`; returns the hops after the form. */
async function decide(who: Visitor, consentLink: string, decision: 'accept' | 'deny') {
  const form = parseConsentForm((await who.navigate(consentLink)).at(-1)!.body)
  return who.navigate('/api/sandbox/atlassian/authorize', { method: 'POST', body: new URLSearchParams({ request: form.requestId, decision, site: form.siteIds[0] }) })
}

function assertCause(body: any, code: ErrorCode, message: RegExp) {
  assert.equal(body.error.code, code, JSON.stringify(body.error))
  assert.equal(body.error.help, helpLink(code))
  assert.match(body.error.message, message)
}

/** A status long-poll held while `act` runs; returns its answer and how long after `act` finished it came. */
async function heldWhile(owner: Visitor, flowId: string, act: () => Promise<unknown>) {
  const answer = owner.json(`/api/playground/status?flowId=${flowId}&wait=20`)
  // Let the long-poll reach Arcade before the consent happens, as in the panel.
  await new Promise((resolve) => setTimeout(resolve, 300))
  await act()
  const acted = performance.now()
  const status = await answer
  return { status, afterActMs: performance.now() - acted }
}

describe('an armed scenario names its own cause', () => {
  for (const scenario of SCENARIOS.filter((s) => s.stage === 'consent-screen')) {
    test(`${scenario.name}: the status answers ${scenario.code} at once, saying what Atlassian's page shows`, async () => {
      const visitor = new Visitor(site.origin)
      const started = await start(visitor, scenario.name)
      const asked = performance.now()
      const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=20`)
      assert.ok(performance.now() - asked < 2_000, 'no long-poll for a flow that can never come back')
      assert.equal(status.status, 409)
      assertCause(status.body, scenario.code!, new RegExp(`Atlassian's own error page, which shows "${scenario.symptom}"`))
      assert.ok(status.body.exchanges.some((e: { url: string }) => e.url.includes('/v1/auth/status')), 'the quick status check is shown')
    })
  }

  test("wrong-client-secret: the token endpoint's 401, not a denied consent", async () => {
    const visitor = new Visitor(site.origin)
    const started = await start(visitor, 'wrong-client-secret')
    await decide(visitor, started.url!, 'accept')
    const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`)
    assert.equal(status.status, 409)
    assertCause(status.body, 'token_exchange_refused', /token endpoint refused Arcade's code exchange.*401/)
  })

  test('consent-denied: the declined consent', async () => {
    const visitor = new Visitor(site.origin)
    const started = await start(visitor, 'consent-denied')
    await decide(visitor, started.url!, 'accept')
    const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`)
    assertCause(status.body, 'consent_denied', /error=access_denied/)
  })

  test('user-mismatch: the verifier is named, and the held long-poll answers within two seconds of Accept', async () => {
    const owner = new Visitor(site.origin)
    const started = await start(owner, 'user-mismatch')
    const { status, afterActMs } = await heldWhile(owner, started.flowId, () => decide(owner, started.url!, 'accept'))
    assert.ok(afterActMs < 2_000, `answered ${Math.round(afterActMs)} ms after Accept`)
    assert.equal(status.status, 409)
    assertCause(status.body, 'user_mismatch', /custom user verifier called confirm_user and Arcade answered user_mismatch/)
    assert.doesNotMatch(status.body.error.message, /another browser/, 'the scenario is the verifier confirming another id, not another browser')
  })
})

describe('the same failures met without a scenario', () => {
  test('Deny: the status says the authorization failed and names the causes the window tells apart, not one guess', async () => {
    const visitor = new Visitor(site.origin)
    const started = await start(visitor)
    const hops = await decide(visitor, started.url!, 'deny')
    assert.match(hops.at(-1)!.body, /access_denied/, "Arcade's page in the consent window names the cause")
    const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`)
    assert.equal(status.status, 409)
    assertCause(status.body, 'authorization_failed', /does not say why.*error=access_denied.*token endpoint/)
  })

  test("a consent by another visitor wakes the owner's held long-poll within two seconds", async () => {
    const owner = new Visitor(site.origin)
    const started = await start(owner)
    const stranger = new Visitor(site.origin)
    await stranger.json('/api/playground/config')
    await stranger.json('/api/playground/status?flowId=ac_mint_a_session')
    const { status, afterActMs } = await heldWhile(owner, started.flowId, () => decide(stranger, started.url!, 'accept'))
    assert.ok(afterActMs < 2_000, `answered ${Math.round(afterActMs)} ms after the stranger's Accept`)
    assertCause(status.body, 'user_mismatch', /verifier called confirm_user.*another browser or by another visitor/)
  })

  test("a shared link's site= the recipient's account lacks: site_not_reachable, not invalid_request", async () => {
    const visitor = new Visitor(site.origin)
    const started = await start(visitor)
    await consentInPopup(visitor, started.url!)
    await waitForCompletion(visitor, started.flowId)
    const jira = await visitor.json('/api/playground/jira', { flowId: started.flowId, site: 'someone-elses-site', query: '', startAt: 0, maxResults: 10 })
    assert.equal(jira.status, 404)
    assertCause(jira.body, 'site_not_reachable', /"someone-elses-site" is not one this token reaches/)
    assert.equal(jira.body.error.field, 'site')
  })

  test('an unknown cloud id: cloud_id_unknown, on a first run and on a page turn (the gateway 404)', async () => {
    const visitor = new Visitor(site.origin)
    const started = await start(visitor)
    await consentInPopup(visitor, started.url!)
    await waitForCompletion(visitor, started.flowId)
    const cloudId = '00000000-0000-4000-8000-000000000000'
    const first = await visitor.json('/api/playground/jira', { flowId: started.flowId, cloudId, query: '', startAt: 0, maxResults: 10 })
    assert.equal(first.status, 404)
    assertCause(first.body, 'cloud_id_unknown', /is not the id of any site this token reaches/)
    const turn = await visitor.json('/api/playground/jira', { flowId: started.flowId, cloudId, query: '', startAt: 10, maxResults: 10, parts: ['projects'] })
    assert.equal(turn.status, 404)
    assertCause(turn.body, 'cloud_id_unknown', /404 "Site temporarily unavailable"/)
  })
})
