// Each failure scenario, armed for one visitor through the start route and played by the embedded sandbox over
// real HTTP through the real SDK: the armed visitor meets the symptom, while a second visitor running the whole
// flow at the same time is unaffected.
import { after, afterEach, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Arcade, { BadRequestError } from '@arcadeai/arcadejs'
import { reloadConfig } from '../../lib/config'
import { internalCallerHeaders, SANDBOX_API_KEY } from '../../lib/sandbox/embedded'
import { SCENARIO_NAMES, type ScenarioName } from '../../contract/scenarios'
import { parseConsentForm } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import { ALL_SCOPES, consentInPopup, listProjects, waitForCompletion } from '../helpers/flow'
import type { StartResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
afterEach(() => {
  delete process.env.ARCADE_API_KEY
  delete process.env.SESSION_SECRET
  reloadConfig()
})
after(async () => {
  await site.close()
})

/** HTML text with the sandbox's escapes undone, so symptoms can be matched as the reader reads them. */
const text = (html: string) => html.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))

async function start(visitor: Visitor, scenario?: ScenarioName, scopes = ALL_SCOPES): Promise<StartResponse> {
  const started = await visitor.json<StartResponse>('/api/playground/start', { scopes, ...(scenario ? { scenario } : {}) })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  return started.body
}

/** A second visitor's whole flow, run alongside the armed one: it must end with projects listed. */
async function bystander(): Promise<void> {
  const visitor = new Visitor(site.origin)
  const started = await start(visitor)
  await consentInPopup(visitor, started.url!)
  const status = await waitForCompletion(visitor, started.flowId)
  assert.ok(status.scopes.includes('read:jira-work'))
  const jira = await listProjects(visitor, started.flowId)
  assert.ok((jira.projects.total ?? 0) > 0)
}

/** What the consent window shows: the site's consent link followed to the page it lands on. */
async function openConsent(visitor: Visitor, url: string) {
  const hops = await visitor.navigate(url)
  const last = hops[hops.length - 1]!
  return { status: last.status, headers: last.headers, text: async () => last.body }
}

/** Open the consent page and press Accept; returns the hops after the form (callback, verifier, next_uri). */
async function acceptConsent(visitor: Visitor, url: string) {
  const page = await openConsent(visitor, url)
  assert.equal(page.status, 200)
  const form = parseConsentForm(await page.text())
  return visitor.navigate('/api/sandbox/atlassian/authorize', {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! })
  })
}

async function fullFlow(visitor: Visitor, scenario: ScenarioName) {
  const started = await start(visitor, scenario)
  await consentInPopup(visitor, started.url!)
  await waitForCompletion(visitor, started.flowId)
  return visitor.json('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })
}

/** Each scenario's check for the armed visitor. */
const SYMPTOMS: Record<ScenarioName, (visitor: Visitor) => Promise<void>> = {
  async 'redirect-mismatch'(visitor) {
    const started = await start(visitor, 'redirect-mismatch')
    const page = await openConsent(visitor, started.url!)
    assert.equal(page.status, 400)
    assert.equal(page.headers.get('location'), null, 'Atlassian never redirects to an unregistered URI')
    assert.match(text(await page.text()), /error=unauthorized_client error_description=redirect_uri is not registered for client: \/api\/sandbox\/api\/v1\/oauth\/my-atlassian-provider-unregistered\/callback/)
  },
  async 'app-not-shared'(visitor) {
    const started = await start(visitor, 'app-not-shared')
    const page = await openConsent(visitor, started.url!)
    assert.equal(page.status, 403)
    assert.equal(page.headers.get('location'), null)
    assert.match(text(await page.text()), /You don't have access to this app/)
  },
  async 'scope-not-in-app'(visitor) {
    const started = await start(visitor, 'scope-not-in-app')
    const page = await openConsent(visitor, started.url!)
    assert.equal(page.status, 400)
    assert.equal(page.headers.get('location'), null)
    assert.match(text(await page.text()), /error=invalid_scope/)
  },
  async 'consent-denied'(visitor) {
    const started = await start(visitor, 'consent-denied')
    const hops = await acceptConsent(visitor, started.url!)
    // hops[0] is the form post; hops[1] is where Atlassian sent the browser back (Arcade's callback).
    const back = new URL(hops[1]!.url)
    assert.equal(back.searchParams.get('error'), 'access_denied')
    assert.equal(back.searchParams.get('error_description'), 'User did not authorize the request')
    assert.match(text(hops.at(-1)!.body), /error=access_denied/)
    const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`)
    assert.equal(status.status, 409)
    assert.equal(status.body.error.code, 'consent_denied')
  },
  async 'user-mismatch'(visitor) {
    const started = await start(visitor, 'user-mismatch')
    const hops = await acceptConsent(visitor, started.url!)
    const verifier = hops.find((h) => h.url.includes('/api/playground/verify?flow_id='))
    assert.ok(verifier, 'the site verifier was reached')
    assert.equal(verifier.status, 403)
    assert.match(text(verifier.body), /belongs to someone else/)
    // What confirm_user itself answered, asked again the way the site's server asks it (same user id).
    const arcade = new Arcade({ apiKey: SANDBOX_API_KEY, baseURL: `${site.origin}/api/sandbox`, maxRetries: 0, defaultHeaders: internalCallerHeaders() })
    const flowId = new URL(verifier.url).searchParams.get('flow_id')!
    const visitorId = await visitorIdOf(visitor)
    const refused = await arcade.auth.confirmUser({ flow_id: flowId, user_id: visitorId }).catch((error: unknown) => error)
    assert.ok(refused instanceof BadRequestError)
    assert.deepEqual(refused.error, { code: 400, error: 'user_mismatch', msg: 'An error occurred during verification' })
  },
  async 'wrong-client-secret'(visitor) {
    const started = await start(visitor, 'wrong-client-secret')
    const hops = await acceptConsent(visitor, started.url!)
    const callback = hops.at(-1)!
    assert.match(callback.url, /\/api\/sandbox\/api\/v1\/oauth\/my-atlassian-provider\/callback\?/)
    assert.equal(callback.status, 502)
    assert.match(text(callback.body), /answered 401 \{"error":"access_denied","error_description":"Unauthorized"\}/)
    const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=2`)
    assert.equal(status.status, 409)
    assert.equal(status.body.error.code, 'token_exchange_refused')
  },
  async 'refresh-revoked'(visitor) {
    const started = await start(visitor, 'refresh-revoked')
    assert.equal(started.status, 'pending', 'Arcade asks for consent again')
    const page = text(await (await openConsent(visitor, started.url!)).text())
    assert.match(page, /Why you see this again/)
    assert.match(page, /403 \{"error":"invalid_grant","error_description":"Unknown or invalid refresh token\."\}/)
  },
  async 'scope-mismatch'(visitor) {
    const jira = await fullFlow(visitor, 'scope-mismatch')
    assert.equal(jira.status, 403)
    assert.equal(jira.body.error.code, 'scope_mismatch')
    const search = jira.body.exchanges.find((e: { url: string }) => e.url.includes('/project/search'))
    assert.equal(search.status, 401)
    assert.equal(search.responseBody.message, 'Unauthorized; scope does not match')
  },
  async 'no-jira-site'(visitor) {
    const jira = await fullFlow(visitor, 'no-jira-site')
    assert.equal(jira.status, 404)
    assert.equal(jira.body.error.code, 'no_accessible_site')
    const sites = jira.body.exchanges.find((e: { url: string }) => e.url.includes('accessible-resources'))
    assert.equal(sites.status, 200)
    assert.deepEqual(sites.responseBody, [])
  },
  async 'jira-rate-limited'(visitor) {
    const jira = await fullFlow(visitor, 'jira-rate-limited')
    assert.equal(jira.status, 429)
    assert.equal(jira.body.error.code, 'jira_rate_limited')
    assert.equal(jira.body.error.retryAfterSeconds, 30)
  }
}

/** The visitor's user id (the site never shows it): start one more flow and ask Arcade whose it is, as the server can. */
async function visitorIdOf(visitor: Visitor): Promise<string> {
  const started = await start(visitor, 'user-mismatch')
  const arcade = new Arcade({ apiKey: SANDBOX_API_KEY, baseURL: `${site.origin}/api/sandbox`, maxRetries: 0, defaultHeaders: internalCallerHeaders() })
  return (await arcade.auth.status({ id: started.flowId })).user_id!
}

describe('each scenario reaches the armed visitor only', () => {
  for (const name of SCENARIO_NAMES) {
    test(name, async () => {
      const armed = new Visitor(site.origin)
      await Promise.all([SYMPTOMS[name](armed), bystander()])
    })
  }
})

test('a start without a scenario disarms it: the same visitor then completes normally', async () => {
  const visitor = new Visitor(site.origin)
  await SYMPTOMS['jira-rate-limited'](visitor)
  const started = await start(visitor)
  if (started.status !== 'completed') {
    await consentInPopup(visitor, started.url!)
    await waitForCompletion(visitor, started.flowId)
  }
  await listProjects(visitor, started.flowId)
})

test('the start route refuses an unknown scenario, and any scenario in live mode, with a 400 naming the field', async () => {
  const visitor = new Visitor(site.origin)
  const unknown = await visitor.json('/api/playground/start', { scopes: ALL_SCOPES, scenario: 'meteor-strike' })
  assert.equal(unknown.status, 400)
  assert.equal(unknown.body.error.field, 'scenario')
  assert.match(unknown.body.error.message, /scenario must be one of: redirect-mismatch/)

  Object.assign(process.env, { ARCADE_API_KEY: 'arc_live_key_for_this_test_only', SESSION_SECRET: 'scenario-test-session-secret-0123456789abcdef' })
  reloadConfig()
  const live = await visitor.json('/api/playground/start', { scopes: ALL_SCOPES, scenario: 'consent-denied' })
  assert.equal(live.status, 400)
  assert.equal(live.body.error.code, 'invalid_request')
  assert.equal(live.body.error.field, 'scenario')
  assert.match(live.body.error.message, /only in the sandbox/)
})
