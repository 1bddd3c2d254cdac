// Only what a browser needs is public: in the embedded sandbox, every server route refuses a caller that is not
// the site's own server (even with the README's public key, a loopback X-Forwarded-For or a guessed internal
// header), in that endpoint's error dialect, while the consent pages answer and the site's own flow still works.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { INTERNAL_CALLER_HEADER } from '../../lib/sandbox/embedded'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import { consentInPopup, listProjects, startFlow, waitForCompletion } from '../helpers/flow'

const PUBLIC_KEY = 'arcade-sandbox-key'
const CLOUD = 'c0ffee00-0000-4000-8000-000000000000'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

type Dialect = 'arcade' | 'oauth' | 'gateway'
const SERVER_ROUTES: Array<[method: string, path: string, dialect: Dialect, body?: unknown]> = [
  ['GET', '/v1/health', 'arcade'],
  ['POST', '/v1/auth/authorize', 'arcade', { user_id: 'u'.repeat(256), auth_requirement: { provider_id: 'atlassian', oauth2: { scopes: Array(50).fill('x'.repeat(200)) } }, next_uri: 'https://evil.example/' + 'a'.repeat(2000) }],
  ['GET', '/v1/auth/status?id=ac_anything&wait=59', 'arcade'],
  ['POST', '/v1/auth/confirm_user', 'arcade', { flow_id: 'f', user_id: 'u' }],
  ['POST', '/api/v1/oauth/confirm_user', 'arcade', { flow_id: 'f', user_id: 'u' }],
  ['POST', '/atlassian/oauth/token', 'oauth', { grant_type: 'authorization_code', client_id: 'sandbox-client-atlassian', client_secret: 'sandbox-secret-atlassian', code: 'x' }],
  ['GET', '/atlassian/oauth/token/accessible-resources', 'gateway'],
  ['GET', '/atlassian/me', 'gateway'],
  ['GET', `/atlassian/ex/jira/${CLOUD}/rest/api/3/project/search`, 'gateway'],
  ['GET', `/atlassian/ex/jira/${CLOUD}/rest/api/3/myself`, 'gateway'],
  ['GET', '/_sandbox/faults', 'arcade'],
  ['POST', '/_sandbox/faults', 'arcade', { endpoint: '*', kind: 'server_error' }],
  ['DELETE', '/_sandbox/faults', 'arcade'],
  ['GET', '/_sandbox/scenarios?user_id=u', 'arcade'],
  ['POST', '/_sandbox/scenarios', 'arcade', { user_id: 'u', scenario: 'consent-denied' }]
]

const DISGUISES: Array<[label: string, headers: Record<string, string>]> = [
  ['the public key', { Authorization: PUBLIC_KEY }],
  ['the public key as Bearer, from "loopback"', { Authorization: `Bearer ${PUBLIC_KEY}`, 'X-Forwarded-For': '127.0.0.1', 'X-Real-IP': '127.0.0.1' }],
  ['a guessed internal header', { Authorization: PUBLIC_KEY, [INTERNAL_CALLER_HEADER]: 'true' }],
  ['an empty internal header', { Authorization: PUBLIC_KEY, [INTERNAL_CALLER_HEADER]: '' }]
]

test('a public caller is refused on every server route, in the route\'s dialect, whatever it claims', async () => {
  let refused = 0
  for (const [method, path, dialect, body] of SERVER_ROUTES) {
    for (const [label, headers] of DISGUISES) {
      const answer = await fetch(`${site.origin}/api/sandbox${path}`, {
        method,
        headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined
      })
      const what = `${method} ${path} with ${label}`
      assert.equal(answer.status, 403, what)
      const json = (await answer.json()) as Record<string, unknown>
      if (dialect === 'arcade') assert.equal(json.name, 'sandbox_internal_only', what)
      if (dialect === 'oauth') assert.equal(json.error, 'sandbox_internal_only', what)
      if (dialect === 'gateway') assert.deepEqual([json.code, json.error], [403, 'sandbox_internal_only'], what)
      assert.match(String(json.message ?? json.error_description), /only the site's own server/, what)
      assert.ok(!JSON.stringify(json).includes('sbx_at_'), 'no token in a refusal')
      refused++
    }
  }
  assert.equal(refused, SERVER_ROUTES.length * DISGUISES.length)
})

test('the browser pages answer the public, and the site\'s own flow still completes through them', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  const consent = await fetch(new URL(started.url!, site.origin))
  assert.equal(consent.status, 200)
  assert.match(consent.headers.get('content-type')!, /text\/html/)
  for (const path of ['/atlassian/avatars/project/AB.svg', '/atlassian/avatars/user/712020%3A00000000-0000-4000-8000-000000000000.svg']) {
    assert.equal((await fetch(`${site.origin}/api/sandbox${path}`)).status, 200, path)
  }
  assert.equal((await fetch(`${site.origin}/api/sandbox/api/v1/oauth/atlassian/callback?state=nope&code=x`)).status, 400)
  assert.equal((await fetch(`${site.origin}/api/sandbox/api/v1/oauth/callback_success?flow_id=nope`)).status, 400)

  await consentInPopup(visitor, started.url!)
  const done = await waitForCompletion(visitor, started.flowId)
  assert.equal(done.status, 'completed')
  await listProjects(visitor, started.flowId)
})
