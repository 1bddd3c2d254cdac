// The scenario engine at the wire: the control route, and the exact statuses and headers the emulated
// Atlassian answers for the armed user while another user's identical calls are answered normally.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { authorizeOverHttp, startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'

let s: StartedSandbox
before(async () => {
  s = await startStandaloneSandbox()
})
after(async () => {
  await s.close()
})

async function arm(userId: string, scenario: string | null, apiKey = s.apiKey) {
  return fetch(`${s.baseUrl}/_sandbox/scenarios`, {
    method: 'POST',
    headers: { Authorization: apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_id: userId, scenario })
  })
}

const SCOPES = ['read:jira-work', 'read:jira-user']

async function siteAndToken(userId: string) {
  const { token } = await authorizeOverHttp(s, { userId, scopes: SCOPES })
  const sites = await fetch(`${s.atlassianBase}/oauth/token/accessible-resources`, { headers: { Authorization: `Bearer ${token}` } })
  return { token, sites: (await sites.json()) as Array<{ id: string }> }
}

const search = (token: string, cloudId: string) =>
  fetch(`${s.atlassianBase}/ex/jira/${cloudId}/rest/api/3/project/search`, { headers: { Authorization: `Bearer ${token}` } })

test('the control route needs the API key and validates the user id and scenario name', async () => {
  assert.equal((await arm('someone', 'no-jira-site', 'wrong-key')).status, 401)
  assert.equal((await arm('someone', 'meteor-strike')).status, 400)
  assert.equal((await arm('bad user id with spaces', 'no-jira-site')).status, 400)
  const armed = await arm('someone', 'no-jira-site')
  assert.equal(armed.status, 200)
  assert.deepEqual(await armed.json(), { user_id: 'someone', scenario: 'no-jira-site' })
  const read = await fetch(`${s.baseUrl}/_sandbox/scenarios?user_id=someone`, { headers: { Authorization: s.apiKey } })
  assert.deepEqual(await read.json(), { user_id: 'someone', scenario: 'no-jira-site' })
  assert.deepEqual(await (await arm('someone', null)).json(), { user_id: 'someone', scenario: null })
})

test('jira-rate-limited: 429 with Retry-After and Jira rate-limit headers for the armed user only', async () => {
  const other = await siteAndToken('rl-other')
  const armed = await siteAndToken('rl-armed')
  assert.equal((await arm('rl-armed', 'jira-rate-limited')).status, 200)
  const limited = await search(armed.token, armed.sites[0]!.id)
  assert.equal(limited.status, 429)
  assert.equal(limited.headers.get('retry-after'), '30')
  assert.equal(limited.headers.get('x-ratelimit-remaining'), '0')
  assert.match(limited.headers.get('x-ratelimit-reset')!, /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/)
  assert.equal(limited.headers.get('ratelimit-reason'), 'jira-quota-based')
  assert.equal((await search(other.token, other.sites[0]!.id)).status, 200)
  await arm('rl-armed', null)
  assert.equal((await search(armed.token, armed.sites[0]!.id)).status, 200, 'disarmed: answered normally again')
})

test('scope-mismatch: the token lacks read:jira-work, so project/search answers the gateway scope 401', async () => {
  await arm('sm-armed', 'scope-mismatch')
  const armed = await siteAndToken('sm-armed')
  const other = await siteAndToken('sm-other')
  const refused = await search(armed.token, armed.sites[0]!.id)
  assert.equal(refused.status, 401)
  assert.equal(refused.headers.get('x-failure-category'), 'FAILURE_CLIENT_SCOPE_CHECK')
  assert.deepEqual(await refused.json(), { code: 401, message: 'Unauthorized; scope does not match' })
  assert.equal((await search(other.token, other.sites[0]!.id)).status, 200)
  await arm('sm-armed', null)
})

test('no-jira-site: accessible-resources answers [] for the armed user only', async () => {
  await arm('ns-armed', 'no-jira-site')
  assert.deepEqual((await siteAndToken('ns-armed')).sites, [])
  assert.equal((await siteAndToken('ns-other')).sites.length, 1)
  await arm('ns-armed', null)
})

test('a scenario that acts at consent asks for consent even when the user already holds a covering grant', async () => {
  await siteAndToken('cd-armed')
  assert.equal((await s.arcade.auth.start('cd-armed', 'atlassian', { scopes: SCOPES })).status, 'completed')
  await arm('cd-armed', 'consent-denied')
  const again = await s.arcade.auth.start('cd-armed', 'atlassian', { scopes: SCOPES })
  assert.equal(again.status, 'pending')
  await arm('cd-armed', null)
})
