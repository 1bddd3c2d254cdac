// The run report built from a real failed run (the site's routes, the real SDK, the embedded sandbox): it carries
// the headers support reads for the 429 and the scope failure, masks the visitor's user id and the OAuth state
// unless chosen, and stays short.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { runReport } from '../../components/playground/run-report'
import { findScenario, type ScenarioName } from '../../contract/scenarios'
import { ALL_SCOPES, consentInPopup } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { Exchange, JiraResponse, StartResponse, StatusResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

/** A whole run with the scenario armed, as the panel would record it: its exchanges and its error. */
async function failedRun(scenario: ScenarioName) {
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes: ALL_SCOPES, scenario })).body
  await consentInPopup(visitor, started.url!)
  const status = (await visitor.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}&wait=5`)).body
  const jira = await visitor.json('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10, action: 'run' })
  assert.ok(jira.status >= 400, 'the scenario fails the Jira step')
  const exchanges: Exchange[] = [...started.exchanges, ...status.exchanges, ...jira.body.exchanges]
  const report = (includePersonalData = false) =>
    runReport({
      config: { mode: 'sandbox', version: '0.1.0', engineLabel: 'embedded sandbox' },
      panelId: 'run-app-code',
      inputs: { scopes: ALL_SCOPES, providerId: 'atlassian', query: '', site: '', scenario },
      link: `${site.origin}/auth-providers/atlassian?scenario=${scenario}#run-app-code`,
      state: 'failed',
      steps: [{ title: 'Jira projects', status: 'failed', code: jira.body.error.code }],
      groups: [{ number: 1, action: 'run', label: 'Run', exchanges }],
      error: { ...jira.body.error, step: 'projects' },
      scenario: findScenario(scenario),
      at: new Date().toISOString(),
      origin: site.origin,
      includePersonalData
    })
  const userId = (exchanges[0].requestBody as { user_id: string }).user_id
  return { report, userId }
}

test("the 429's report carries Retry-After and RateLimit-Reason, and stays short", async () => {
  const { report, userId } = await failedRun('jira-rate-limited')
  const masked = report()
  assert.match(masked, /response header retry-after: `30`/)
  assert.match(masked, /response header ratelimit-reason: `jira-quota-based`/)
  assert.ok(!masked.includes(userId), 'the user id is masked')
  const lines = masked.split('\n').length
  assert.ok(lines < 150, `${lines} lines for one failure`)
})

test("a completed run's report masks the user id, account id, name, email and OAuth state its bodies carry, unless chosen", async () => {
  const visitor = new Visitor(site.origin)
  const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes: ALL_SCOPES })).body
  await consentInPopup(visitor, started.url!)
  const status = (await visitor.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}&wait=5`)).body
  const jira = (await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })).body
  const exchanges: Exchange[] = [...started.exchanges, ...status.exchanges, ...jira.exchanges]
  const consentUrl = (started.exchanges[0].responseBody as { url: string }).url
  const personal = {
    'user id': (started.exchanges[0].requestBody as { user_id: string }).user_id,
    'OAuth state': new URL(consentUrl, site.origin).searchParams.get('state')!,
    'account id': jira.myself!.accountId,
    name: jira.myself!.displayName,
    email: jira.profile!.email!
  }
  const report = (includePersonalData: boolean) =>
    runReport({
      config: { mode: 'sandbox', version: '0.1.0', engineLabel: 'embedded sandbox' },
      panelId: 'run-app-code',
      inputs: { scopes: ALL_SCOPES, providerId: 'atlassian', query: '', site: '', scenario: '' },
      link: `${site.origin}/auth-providers/atlassian#run-app-code`,
      state: 'ready',
      steps: [{ title: 'Profile', status: 'done', detail: `Jira user ${jira.myself!.displayName}` }],
      groups: [{ number: 1, action: 'run', label: 'Run', exchanges }],
      at: new Date().toISOString(),
      origin: site.origin,
      includePersonalData
    })
  const masked = report(false)
  const chosen = report(true)
  for (const [what, value] of Object.entries(personal)) {
    assert.ok(value && value.length >= 3, `${what} found in the run`)
    assert.ok(!masked.includes(value), `${what} masked`)
    assert.ok(chosen.includes(value), `${what} included when chosen`)
  }
})

test("the scope failure's report carries X-Failure-Category and the gateway's answer", async () => {
  const { report } = await failedRun('scope-mismatch')
  const masked = report()
  assert.match(masked, /response header x-failure-category: `FAILURE_CLIENT_SCOPE_CHECK`/)
  assert.match(masked, /Unauthorized; scope does not match/)
  assert.ok(!/[?&]state=(?!‹)/.test(masked), 'no OAuth state in a URL')
})
