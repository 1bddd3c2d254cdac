import assert from 'node:assert/strict'
import { test } from 'node:test'
import { failedStepFor, initialRunState, isAuthorized, runReducer, stepStatus, type RunEvent, type RunState, type StepId } from '../../components/playground/run-machine'
import type { JiraResponse } from '../../contract/playground-api'

const STEPS: StepId[] = ['start', 'consent', 'waiting', 'completed', 'sites', 'projects', 'profile']
const statuses = (s: RunState) => Object.fromEntries(STEPS.map((id) => [id, stepStatus(id, s)]))
const play = (...events: RunEvent[]) => events.reduce(runReducer, initialRunState)
const ex = (step: string) => ({ step, method: 'GET', url: `http://x/${step}`, status: 200, durationMs: 1 })
const jira = (startAt: number, withSites = true): JiraResponse => ({
  site: { id: 'c1', name: withSites ? 'acme' : 'c1', url: '', scopes: [] },
  ...(withSites && { sites: [{ id: 'c1', name: 'acme', url: 'https://acme.atlassian.net', scopes: [] }], myself: { accountId: 'a', displayName: 'Riley' } }),
  projects: { startAt, maxResults: 10, total: 30, isLast: false, values: [] },
  query: '',
  notes: [],
  exchanges: [ex(withSites ? 'sites' : 'projects')]
})

test('a run moves through named states, and each step shows what its state says', () => {
  const started = play({ type: 'run', scopes: ['read:jira-work'] }, { type: 'started', flowId: 'f', consentUrl: 'u', window: 'open', exchanges: [ex('start')], now: 0 })
  assert.equal(started.name, 'awaitingConsent')
  assert.deepEqual(statuses(started), { start: 'done', consent: 'active', waiting: 'active', completed: 'todo', sites: 'todo', projects: 'todo', profile: 'todo' })
  const closed = runReducer(started, { type: 'windowClosed' })
  assert.equal(closed.name, 'consentWindowClosed')
  assert.equal(stepStatus('consent', closed), 'active')
  const reopened = runReducer(closed, { type: 'windowOpened' })
  const rest: RunEvent[] = [{ type: 'completed', scopes: ['read:jira-work', 'read:me'], exchanges: [] }, { type: 'jiraLoaded', jira: jira(0) }]
  const ready = rest.reduce(runReducer, reopened)
  assert.equal(ready.name, 'ready')
  assert.ok(STEPS.every((id) => stepStatus(id, ready) === 'done'))
  assert.equal(isAuthorized(ready), true)
})

test('no consent needed goes straight to the Jira step', () => {
  const s = play({ type: 'run', scopes: ['read:jira-work'] }, { type: 'started', flowId: 'f', window: 'none', exchanges: [], now: 0 })
  assert.equal(s.name, 'loadingJira')
})

test('a page turn opens its own numbered group, keeps the sites and profile, and tags its exchanges', () => {
  const ready = play(
    { type: 'run', scopes: ['read:jira-work'] },
    { type: 'started', flowId: 'f', window: 'none', exchanges: [ex('start')], now: 0 },
    { type: 'completed', scopes: ['read:jira-work'], exchanges: [ex('completed')] },
    { type: 'jiraLoaded', jira: jira(0) }
  )
  const events: RunEvent[] = [{ type: 'refresh', action: 'page' }, { type: 'jiraLoaded', jira: jira(10, false) }]
  const turned = events.reduce(runReducer, ready)
  assert.deepEqual(turned.groups.map((g) => [g.number, g.label, g.exchanges.map((e) => `${e.action}:${e.step}`)]), [
    [1, 'Run', ['run:start', 'run:completed', 'run:sites']],
    [2, 'Page turn', ['page:projects']]
  ])
  assert.equal(turned.jira?.site.name, 'acme')
  assert.equal(turned.jira?.myself?.displayName, 'Riley')
  assert.equal(turned.jira?.projects.startAt, 10)
})

test('a failure marks its step failed and the steps before it done; cancel leaves the active step not done', () => {
  const running = play({ type: 'run', scopes: ['read:jira-work'] }, { type: 'started', flowId: 'f', window: 'none', exchanges: [], now: 0 }, { type: 'completed', scopes: [], exchanges: [] })
  const failed = runReducer(running, { type: 'failed', error: { code: 'scope_mismatch', message: 'm', help: '/h', step: 'projects' }, exchanges: [] })
  assert.deepEqual(statuses(failed), { start: 'done', consent: 'skipped', waiting: 'done', completed: 'done', sites: 'done', projects: 'failed', profile: 'todo' })
  assert.equal(isAuthorized(failed), false)
  const cancelled = runReducer(play({ type: 'run', scopes: [] }, { type: 'started', flowId: 'f', consentUrl: 'u', window: 'blocked', exchanges: [], now: 0 }), { type: 'cancel' })
  assert.equal(cancelled.name, 'cancelled')
  assert.deepEqual(statuses(cancelled), { start: 'done', consent: 'todo', waiting: 'todo', completed: 'todo', sites: 'todo', projects: 'todo', profile: 'todo' })
})

test('the consent step tells the truth: never given is not done, and a failure marks the step where its cause is', () => {
  const waiting = play({ type: 'run', scopes: ['read:jira-work'] }, { type: 'started', flowId: 'f', consentUrl: 'u', window: 'open', exchanges: [], now: 0 })
  const failWith = (code: string) => runReducer(waiting, { type: 'failed', error: { code: code as never, message: 'm', help: '/h', step: failedStepFor('status', code) }, exchanges: [] })
  // Deny, an unexplained failure, a stop on Atlassian's own page, a timeout: the consent was never given.
  for (const code of ['consent_denied', 'authorization_failed', 'redirect_uri_not_registered', 'app_not_shared', 'scope_not_in_app', 'flow_timed_out']) {
    assert.deepEqual(statuses(failWith(code)), { start: 'done', consent: 'failed', waiting: 'todo', completed: 'todo', sites: 'todo', projects: 'todo', profile: 'todo' }, code)
  }
  // The verifier's refusal and the token endpoint's 401 come after the reader's Accept.
  for (const code of ['user_mismatch', 'token_exchange_refused']) {
    assert.deepEqual(statuses(failWith(code)), { start: 'done', consent: 'done', waiting: 'done', completed: 'failed', sites: 'todo', projects: 'todo', profile: 'todo' }, code)
  }
  assert.equal(failedStepFor('jira', 'site_not_reachable'), 'sites')
  assert.equal(failedStepFor('jira', 'cloud_id_unknown'), 'sites')
  // No consent asked for (an earlier grant covered the scopes): the marker says not needed, not done.
  const ready = play(
    { type: 'run', scopes: ['read:jira-work'] },
    { type: 'started', flowId: 'f', window: 'none', exchanges: [], now: 0 },
    { type: 'completed', scopes: ['read:jira-work'], exchanges: [] },
    { type: 'jiraLoaded', jira: jira(0) }
  )
  assert.equal(stepStatus('consent', ready), 'skipped')
})

test('a flow found after a reload waits for consent as flowFound, then carries on like any run', () => {
  const found = play({ type: 'found', flowId: 'f', consentUrl: '/api/playground/consent?flowId=f', scopes: ['read:jira-work'], completed: false, now: 5 })
  assert.equal(found.name, 'flowFound')
  assert.deepEqual(statuses(found), { start: 'done', consent: 'active', waiting: 'active', completed: 'todo', sites: 'todo', projects: 'todo', profile: 'todo' })
  assert.equal(found.groups[0].action, 'run')
  assert.equal(found.groups[0].label, 'Run (carried on after the page was reloaded)')
  assert.equal(runReducer(found, { type: 'windowOpened' }).name, 'awaitingConsent', 'Carry on reopens the window')
  assert.equal(runReducer(found, { type: 'windowBlocked' }).name, 'consentWindowBlocked')
  assert.equal(runReducer(found, { type: 'cancel' }).name, 'cancelled')
  const events: RunEvent[] = [{ type: 'completed', scopes: ['read:jira-work'], exchanges: [] }, { type: 'jiraLoaded', jira: jira(0) }]
  const done = events.reduce(runReducer, found)
  assert.equal(done.name, 'ready')
  assert.equal(isAuthorized(done), true)
  // Consent given while the page was away: straight on to Jira.
  assert.equal(play({ type: 'found', flowId: 'f', scopes: [], completed: true, now: 0 }).name, 'loadingJira')
})
