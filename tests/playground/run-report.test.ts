import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findScenario } from '../../contract/scenarios'
import { maskSecrets, runReport, type RunReportInput } from '../../components/playground/run-report'
import { findSecrets } from '../helpers/secrets'
import { linksAndImages } from '../helpers/markdown'

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
  assert.match(report, /Scopes: `read:jira-work`, `read:me`/)
  assert.match(report, /Restore these inputs: <http:\/\/127\.0\.0\.1:3000\/auth-providers\/atlassian\?scopes=read:jira-work,read:me&query=help#run-app-code>/)
  assert.match(report, /- Authorization started: done: `flow fl_123`/)
  assert.match(report, /### 1\. `Run` \(2 requests\)/)
  assert.match(report, /### 2\. `Page turn` \(1 request\)/)
  assert.match(report, /#### 1\. `GET http:\/\/atlassian\/ex\/jira\/c1\/rest\/api\/3\/project\/search\?startAt=10`/)
  assert.match(report, /- status: 200\n- duration: 7 ms/)
  assert.match(report, /```json\n\{\n {2}"id": "fl_123"/)
  assert.ok(report.indexOf('### 1. `Run`') < report.indexOf('### 2. `Page turn`'))
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
  assert.match(report, /Outcome: Failed with `scope_mismatch`\./)
  assert.match(report, /Troubleshooting: <http:\/\/127\.0\.0\.1:3000\/troubleshooting#scope-mismatch>/)
  assert.match(report, /Troubleshooting: <http:\/\/127\.0\.0\.1:3000\/troubleshooting#scope-does-not-match>/)
  assert.ok(report.includes(scenario.explanation.slice(0, 40)))
})

test('a body holding backticks cannot close its fence early', () => {
  const report = runReport(input({ groups: [{ number: 1, action: 'run', label: 'Run', exchanges: [{ step: 'start', method: 'GET', url: 'u', status: 500, durationMs: 1, responseBody: 'a ``` b' }] }] }))
  assert.match(report, /````\na ``` b\n````/)
})

test('outcomes are words: no internal state name, and a consent never asked for is "not needed", not done', () => {
  const names = ['idle', 'starting', 'awaitingConsent', 'consentWindowBlocked', 'consentWindowClosed', 'loadingJira', 'refreshing', 'ready', 'failed', 'cancelled'] as const
  for (const state of names) {
    const report = runReport(input({ state, steps: [{ title: 'Consent', status: 'skipped' }] }))
    const outcome = report.split('\n').find((l) => l.startsWith('- Outcome: '))!
    assert.ok(outcome && !/awaiting|consentWindow|loadingJira|refreshing|\bready\b|\bidle\b/.test(outcome), `${state}: ${outcome}`)
    assert.match(report, /- Consent: not needed/)
  }
})

test('a query full of Markdown and HTML stays text: parsed back, the report has no link or image it did not put there', () => {
  const hostile = 'x`` ![b](http://x/b.png) [fix](https://evil.example/) `` <img src=x onerror=alert(1)> <a href="https://evil.example/">y</a> www.evil.example support@evil.example'
  const link = `http://127.0.0.1:3000/auth-providers/atlassian?query=${encodeURIComponent(hostile)}#run-app-code`
  const report = runReport(
    input({
      link,
      inputs: { ...input().inputs, query: hostile, site: '[s](https://evil.example/s)', providerId: '![p](http://x/p.png)' },
      state: 'failed',
      error: { code: 'site_not_reachable', message: `The site "${hostile}" is not one this token reaches`, help: '/troubleshooting#site-not-reachable', step: 'sites' },
      steps: [{ title: 'Jira projects', status: 'failed', detail: `3 projects matching "${hostile}"` }]
    })
  )
  const found = linksAndImages(report)
  assert.deepEqual(found.images, [], report)
  assert.deepEqual(found.html, [], report)
  assert.deepEqual(found.links.sort(), [link, 'http://127.0.0.1:3000/troubleshooting#site-not-reachable'].sort(), report)
  assert.ok(found.code.includes(hostile), 'the query is there as typed, in a code span')
})

test('personal data is masked unless the reader chose to include it, and the report says which', () => {
  const person = { account_id: '5b10ac8d82e05b22cc7d4ef5', name: 'Riley Chen', email: 'riley@example.com', nickname: 'rchen' }
  const visitor = 'v_2b1f4c9e8d7a6b5c'
  const state = 'st_9f8e7d6c5b4a39281706'
  const groups = [
    {
      number: 1,
      action: 'run' as const,
      label: 'Run',
      exchanges: [
        {
          step: 'start',
          method: 'POST',
          url: 'http://arcade/v1/auth/authorize',
          status: 200,
          durationMs: 3,
          requestBody: { user_id: visitor },
          responseBody: { id: 'fl_1', url: `http://atlassian/authorize?client_id=c&state=${state}`, user_id: visitor }
        },
        { step: 'profile', method: 'GET', url: 'http://atlassian/me', status: 200, durationMs: 3, responseBody: person },
        { step: 'profile', method: 'GET', url: 'http://atlassian/ex/jira/c1/rest/api/3/myself', status: 200, durationMs: 3, responseBody: { accountId: person.account_id, displayName: person.name, emailAddress: person.email } }
      ]
    }
  ]
  const steps = [{ title: 'Profile', status: 'done' as const, detail: `Jira user ${person.name}; Atlassian profile ${person.name}` }]
  const masked = runReport(input({ groups, steps }))
  for (const value of [visitor, state, person.account_id, person.name, person.email, person.nickname]) assert.ok(!masked.includes(value), `${value} masked:\n${masked}`)
  assert.match(masked, /Personal data: masked/)
  assert.match(masked, /‹email masked›/)
  assert.match(masked, /"id": "fl_1"/, 'what is not personal stays')
  const included = runReport(input({ groups, steps, includePersonalData: true }))
  for (const value of [visitor, state, person.account_id, person.name, person.email]) assert.ok(included.includes(value), `${value} included`)
  assert.match(included, /Personal data: included, as the reader chose/)
})

test('a large body is trimmed with a note, and in a failed run only the calls that explain the failure keep bodies', () => {
  const projects = { values: Array.from({ length: 50 }, (_, i) => ({ id: String(i), key: `P${i}`, name: `Project ${i}` })) }
  const report = runReport(
    input({
      state: 'failed',
      error: { code: 'jira_rate_limited', message: 'wait', help: '/troubleshooting#jira-rate-limited', step: 'projects' },
      groups: [
        {
          number: 1,
          action: 'run',
          label: 'Run',
          exchanges: [
            { step: 'start', method: 'POST', url: 'http://arcade/v1/auth/authorize', status: 200, durationMs: 1, requestBody: { scopes: ['a'] }, responseBody: { id: 'fl_ok_body' } },
            { step: 'projects', method: 'GET', url: 'http://atlassian/search', status: 429, durationMs: 1, responseBody: projects }
          ]
        }
      ]
    })
  )
  assert.ok(!report.includes('fl_ok_body'), 'a successful call before the failure shows no body')
  assert.match(report, /Bodies left out: this call succeeded/)
  assert.match(report, /Trimmed: showing 30 of \d+ lines/)
  assert.ok(report.split('\n').length < 90, `${report.split('\n').length} lines`)
})
