import assert from 'node:assert/strict'
import { test } from 'node:test'
import { callName, callSummary } from '../../components/playground/call-names'

const SITE = '/api/sandbox/atlassian/ex/jira/3f2a3c1e-0000-4000-8000-000000000001/rest/api/3'

test('each call is named for what it is: a status check is a status check, whoever made it', () => {
  assert.equal(callName({ method: 'POST', url: '/api/sandbox/v1/auth/authorize' }), 'Arcade authorize')
  assert.equal(callName({ method: 'GET', url: '/api/sandbox/v1/auth/status?id=ac_1&wait=20' }), 'Arcade status (long-poll)')
  assert.equal(callName({ method: 'GET', url: 'https://api.arcade.dev/v1/auth/status?id=ac_1' }), 'Arcade status')
  assert.equal(callName({ method: 'GET', url: '/api/sandbox/atlassian/oauth/token/accessible-resources' }), 'accessible-resources')
  assert.equal(callName({ method: 'GET', url: `${SITE}/project/search?query=help&startAt=0` }), 'Jira project search')
  assert.equal(callName({ method: 'GET', url: `${SITE}/myself` }), 'Jira myself')
  assert.equal(callName({ method: 'GET', url: 'https://<Atlassian API base>/me' }), 'Atlassian profile (/me)')
  assert.equal(callName({ method: 'DELETE', url: '/v1/other' }), 'DELETE /v1/other')
})

test('a group lists every call, counting repeats, so the names add up to the total', () => {
  const run = [
    { method: 'POST', url: '/api/sandbox/v1/auth/authorize' },
    { method: 'GET', url: '/api/sandbox/v1/auth/status?id=ac_1&wait=20' },
    { method: 'GET', url: '/api/sandbox/v1/auth/status?id=ac_1&wait=20' },
    { method: 'GET', url: '/api/sandbox/v1/auth/status?id=ac_1' },
    { method: 'GET', url: '/api/sandbox/atlassian/oauth/token/accessible-resources' },
    { method: 'GET', url: `${SITE}/project/search` },
    { method: 'GET', url: `${SITE}/myself` }
  ]
  const summary = callSummary(run)
  assert.equal(summary, 'Arcade authorize, Arcade status (long-poll) ×2, Arcade status, accessible-resources, Jira project search, Jira myself')
  const counted = summary.split(', ').reduce((n, part) => n + Number(/×(\d+)$/.exec(part)?.[1] ?? 1), 0)
  assert.equal(counted, run.length)
})
