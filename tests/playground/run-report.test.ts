import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findScenario } from '../../contract/scenarios'
import { maskSecrets, runReport, type RunReportInput } from '../../components/playground/run-report'
import { findSecrets } from '../helpers/secrets'

const accessToken = 'sbx_at_QWxhZGRpbjpvcGVuIHNlc2FtZQxyz123'
const refreshToken = 'sbx_rt_c2VjcmV0LXJlZnJlc2gtdG9rZW4tdmFsdWU'
const code = 'sbx_code_Y29kZS1mb3ItdGhlLWV4Y2hhbmdlLTEyMw'
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl'

function input(overrides: Partial<RunReportInput> = {}): RunReportInput {
  return {
    config: { mode: 'sandbox', version: '0.1.0', engineLabel: 'embedded sandbox' },
    panelId: 'run-app-code',
    inputs: { scopes: ['read:jira-work', 'read:me'], providerId: 'atlassian', query: 'help', site: '', scenario: '' },
    link: 'http://127.0.0.1:3000/auth-providers/atlassian?scopes=read:jira-work,read:me&query=help#run-app-code',
    state: 'ready',
    at: '2026-11-30T03:00:00.000Z',
    origin: 'http://127.0.0.1:3000',
    steps: [
      { title: 'Authorization started', status: 'done', detail: 'flow fl_123' },
      { title: 'Jira projects', status: 'done' }
    ],
    groups: [
      {
        number: 1,
        action: 'run',
        label: 'Run',
        exchanges: [
          { step: 'start', method: 'POST', url: 'http://arcade/v1/auth/authorize', status: 200, durationMs: 12, requestBody: { user_id: 'u1' }, responseBody: { id: 'fl_123', status: 'pending' } },
          {
            step: 'completed',
            method: 'GET',
            url: `http://arcade/v1/auth/status?id=fl_123&code=${code}`,
            status: 200,
            durationMs: 5,
            responseBody: { status: 'completed', context: { token: accessToken, refresh_token: refreshToken, authorization: `Bearer ${jwt}` } }
          }
        ]
      },
      {
        number: 2,
        action: 'page',
        label: 'Page turn',
        exchanges: [{ step: 'projects', method: 'GET', url: 'http://atlassian/ex/jira/c1/rest/api/3/project/search?startAt=10', status: 200, durationMs: 7, responseBody: { values: [] } }]
      }
    ],
    ...overrides
  }
}

test('the report names the site, the inputs and their link, each step, and every exchange grouped by action', () => {
  const report = runReport(input())
  assert.match(report, /sandbox mode, version 0\.1\.0, embedded sandbox/)
  assert.match(report, /scopes: `read:jira-work`, `read:me`/)
  assert.match(report, /restore these inputs: <http:\/\/127\.0\.0\.1:3000\/auth-providers\/atlassian\?scopes=read:jira-work,read:me&query=help#run-app-code>/)
  assert.match(report, /- Authorization started: done\. flow fl_123/)
  assert.match(report, /### 1\. Run \(2 requests\)/)
  assert.match(report, /### 2\. Page turn \(1 request\)/)
  assert.match(report, /#### 1\. `GET http:\/\/atlassian\/ex\/jira\/c1\/rest\/api\/3\/project\/search\?startAt=10`/)
  assert.match(report, /- status: 200\n- duration: 7 ms/)
  assert.match(report, /```json\n\{\n {2}"id": "fl_123"/)
  assert.ok(report.indexOf('### 1. Run') < report.indexOf('### 2. Page turn'))
})

test('tokens, refresh tokens, authorization codes and JWTs that slipped into exchanges are masked', () => {
  const report = runReport(input())
  assert.deepEqual(findSecrets(report, { others: [accessToken, refreshToken, code, jwt] }), [], report)
  assert.match(report, /sbx_at_••••/)
  assert.match(report, /code=••••/)
  assert.match(report, /Bearer ••••/)
})

test('error codes in bodies and already-masked values are left readable', () => {
  const body = JSON.stringify({ error: { code: 'scope_mismatch', message: 'no' }, token: '••••abcd' })
  assert.equal(maskSecrets(body), body)
})

test('a failure carries its code and troubleshooting link, a scenario its explanation and anchor', () => {
  const scenario = findScenario('scope-mismatch')!
  const report = runReport(
    input({
      state: 'failed',
      scenario,
      inputs: { ...input().inputs, scenario: scenario.name },
      steps: [{ title: 'Jira projects', status: 'failed', code: 'scope_mismatch' }],
      error: { code: 'scope_mismatch', message: 'Atlassian refused the Jira project search', help: '/troubleshooting#scope-mismatch', step: 'projects' }
    })
  )
  assert.match(report, /- Jira projects: failed \(`scope_mismatch`\)/)
  assert.match(report, /Troubleshooting: <http:\/\/127\.0\.0\.1:3000\/troubleshooting#scope-mismatch>/)
  assert.match(report, /Troubleshooting: <http:\/\/127\.0\.0\.1:3000\/troubleshooting#scope-does-not-match>/)
  assert.match(report, new RegExp(scenario.explanation.slice(0, 40).replace(/[()]/g, '\\$&')))
})

test('a body holding backticks cannot close its fence early', () => {
  const report = runReport(input({ groups: [{ number: 1, action: 'run', label: 'Run', exchanges: [{ step: 'start', method: 'GET', url: 'u', status: 500, durationMs: 1, responseBody: 'a ``` b' }] }] }))
  assert.match(report, /````\na ``` b\n````/)
})
