import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Arcade, { AuthenticationError, BadRequestError, NotFoundError } from '@arcadeai/arcadejs'
import { personForUser } from '../../lib/sandbox/accounts'
import { completeVerifierHop, consentOverHttp, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'

const SCOPES = ['read:jira-work', 'read:jira-user', 'read:me']

describe('Arcade auth API through the official SDK (no verifier)', () => {
  let s: StartedSandbox
  before(async () => {
    // One Atlassian record, named by its kind; the several-records cases have sandboxes of their own.
    s = await startStandaloneSandbox({ providers: [{ id: 'atlassian', type: 'atlassian' }] })
  })
  after(() => s.close())

  test('health', async () => {
    assert.deepEqual(await s.arcade.health.check(), { healthy: true })
  })

  test('auth.start answers pending with an Atlassian consent URL carrying the OAuth parameters', async () => {
    const res = await s.arcade.auth.start('user-start', 'atlassian', { scopes: SCOPES })
    assert.equal(res.status, 'pending')
    assert.match(res.id!, /^ac_/)
    assert.deepEqual(res.scopes, SCOPES)
    assert.equal(res.provider_id, 'atlassian')
    assert.equal(res.user_id, 'user-start')
    const url = new URL(res.url!)
    assert.equal(url.origin + url.pathname, `${s.baseUrl}/atlassian/authorize`)
    assert.equal(url.searchParams.get('audience'), 'api.atlassian.com')
    assert.equal(url.searchParams.get('response_type'), 'code')
    assert.equal(url.searchParams.get('prompt'), 'consent')
    assert.equal(url.searchParams.get('redirect_uri'), `${s.baseUrl}/api/v1/oauth/atlassian/callback`)
    assert.ok(url.searchParams.get('state'))
    assert.deepEqual(url.searchParams.get('scope')!.split(' ').sort(), [...SCOPES, 'offline_access'].sort())
  })

  test('status with wait holds while nothing changes, then answers pending', async () => {
    const res = await s.arcade.auth.start('user-hold', 'atlassian', { scopes: SCOPES })
    const t0 = Date.now()
    const status = await s.arcade.auth.status({ id: res.id!, wait: 1 })
    const elapsed = Date.now() - t0
    assert.equal(status.status, 'pending')
    assert.ok(elapsed >= 950, `answered after ${elapsed} ms, before the wait ran out`)
    assert.ok(elapsed < 2000, `answered after ${elapsed} ms`)
  })

  test('status with wait returns promptly once consent completes the flow', async () => {
    const res = await s.arcade.auth.start('user-prompt', 'atlassian', { scopes: SCOPES })
    const t0 = Date.now()
    const held = s.arcade.auth.status({ id: res.id!, wait: 10 }).then((r) => ({ r, at: Date.now() }))
    await new Promise((r) => setTimeout(r, 200))
    const consent = await consentOverHttp(res.url!, { baseUrl: s.baseUrl })
    const callback = await visit(consent.location, s.baseUrl)
    const completedAt = Date.now()
    assert.equal(callback.status, 200, 'without a verifier the callback completes the flow and shows a page')
    const { r, at } = await held
    assert.equal(r.status, 'completed')
    assert.match(r.context!.token!, /^sbx_at_/)
    assert.ok(at - completedAt < 300, `long-poll answered ${at - completedAt} ms after completion`)
    assert.ok(at - t0 < 5000)
  })

  test('a user who holds a grant covering the scopes gets completed at once', async () => {
    const first = await s.arcade.auth.start('user-grant', 'atlassian', { scopes: SCOPES })
    const consent = await consentOverHttp(first.url!, { baseUrl: s.baseUrl })
    await visit(consent.location, s.baseUrl)
    const again = await s.arcade.auth.start('user-grant', 'atlassian', { scopes: ['read:jira-work'] })
    assert.equal(again.status, 'completed')
    assert.ok(again.context?.token)
    assert.equal(again.url, undefined)
    // A scope outside the grant needs consent again, and the new consent asks for the union.
    const wider = await s.arcade.auth.start('user-grant', 'atlassian', { scopes: ['write:jira-work'] })
    assert.equal(wider.status, 'pending')
    assert.ok(new URL(wider.url!).searchParams.get('scope')!.split(' ').includes('read:jira-work'))
  })

  test('grants are per provider record: another record of the same kind has none', async () => {
    const two = await startStandaloneSandbox({ providers: [{ id: 'atlassian', type: 'atlassian' }, { id: 'atlassian-eu', type: 'atlassian' }] })
    try {
      const pick = (id: string) => two.arcade.auth.authorize({ user_id: 'user-grant', auth_requirement: { id, oauth2: { scopes: ['read:jira-work'] } } })
      const first = await pick('atlassian')
      await visit((await consentOverHttp(first.url!, { baseUrl: two.baseUrl })).location, two.baseUrl)
      assert.equal((await pick('atlassian')).status, 'completed')
      assert.equal((await pick('atlassian-eu')).status, 'pending')
    } finally {
      await two.close()
    }
  })

  test('an expired access token is refreshed transparently on authorize', async () => {
    const short = await startStandaloneSandbox({ ttl: { accessTokenSeconds: 1 } })
    try {
      const first = await short.arcade.auth.start('user-refresh', 'atlassian', { scopes: ['read:jira-work'] })
      const consent = await consentOverHttp(first.url!, { baseUrl: short.baseUrl })
      await visit(consent.location, short.baseUrl)
      const done = await short.arcade.auth.status({ id: first.id! })
      const again = await short.arcade.auth.start('user-refresh', 'atlassian', { scopes: ['read:jira-work'] })
      assert.equal(again.status, 'completed')
      assert.notEqual(again.context!.token, done.context!.token, 'a fresh token was minted by a refresh')
      const jira = await fetch(`${short.atlassianBase}/oauth/token/accessible-resources`, { headers: { Authorization: `Bearer ${again.context!.token}` } })
      assert.equal(jira.status, 200)
    } finally {
      await short.close()
    }
  })

  test('deny ends the flow failed', async () => {
    const res = await s.arcade.auth.start('user-deny', 'atlassian', { scopes: SCOPES })
    const consent = await consentOverHttp(res.url!, { baseUrl: s.baseUrl, accept: false })
    const back = new URL(consent.location)
    assert.equal(back.searchParams.get('error'), 'access_denied')
    assert.ok(back.searchParams.get('error_description'))
    assert.equal(back.searchParams.get('code'), null)
    await visit(consent.location, s.baseUrl)
    const status = await s.arcade.auth.status({ id: res.id!, wait: 5 })
    assert.equal(status.status, 'failed')
    assert.equal(status.context, undefined)
  })

  test('an unknown id gives BadRequestError (the OpenAPI lists no 404 for status); a bad key gives AuthenticationError', async () => {
    await assert.rejects(s.arcade.auth.status({ id: 'ac_does_not_exist' }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError && !(err instanceof NotFoundError))
      assert.match(err.message, /no authorization 'ac_does_not_exist'/)
      return true
    })
    const wrong = new Arcade({ apiKey: 'not-the-key', baseURL: s.baseUrl, maxRetries: 0 })
    await assert.rejects(wrong.auth.start('u', 'atlassian', { scopes: SCOPES }), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError)
      assert.equal((err.error as { name: string }).name, 'unauthorized')
      return true
    })
  })

  test('the key is accepted raw and as Bearer; a missing key is a JSON 401', async () => {
    const call = (authorization?: string) =>
      fetch(`${s.baseUrl}/v1/auth/status?id=ac_x`, { headers: authorization ? { Authorization: authorization } : {} })
    assert.equal((await call(s.apiKey)).status, 400)
    assert.equal((await call(`Bearer ${s.apiKey}`)).status, 400)
    const missing = await call()
    assert.equal(missing.status, 401)
    assert.match(missing.headers.get('content-type')!, /^application\/json/)
    assert.equal((await missing.json()).name, 'unauthorized')
  })

  test('415 for non-JSON bodies, 400 naming the field for malformed ones, 413 for huge ones', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${s.baseUrl}/v1/auth/authorize`, { method: 'POST', headers: { Authorization: s.apiKey, 'Content-Type': type }, body })
    const notJson = await post('user_id=u', 'application/x-www-form-urlencoded')
    assert.equal(notJson.status, 415)
    assert.match(notJson.headers.get('content-type')!, /^application\/json/)
    const broken = await post('{"user_id":')
    assert.equal(broken.status, 400)
    const noUser = await post(JSON.stringify({ auth_requirement: { provider_id: 'atlassian' } }))
    assert.equal(noUser.status, 400)
    assert.match((await noUser.json()).message, /user_id/)
    const noProvider = await post(JSON.stringify({ user_id: 'u', auth_requirement: {} }))
    assert.equal(noProvider.status, 400)
    assert.match((await noProvider.json()).message, /auth_requirement/)
    const badScopes = await post(JSON.stringify({ user_id: 'u', auth_requirement: { provider_id: 'atlassian', oauth2: { scopes: 'read:me' } } }))
    assert.match((await badScopes.json()).message, /auth_requirement\.oauth2\.scopes/)
    const huge = await post(JSON.stringify({ user_id: 'u', pad: 'x'.repeat(70_000) }))
    assert.equal(huge.status, 413)
    const badWait = await fetch(`${s.baseUrl}/v1/auth/status?id=ac_x&wait=soon`, { headers: { Authorization: s.apiKey } })
    assert.equal(badWait.status, 400)
    assert.match((await badWait.json()).message, /wait/)
  })

  test('providers: the kind picks the one record, `id` picks any record, the kind is ambiguous with two, an ID as provider_id is refused', async () => {
    const single = await startStandaloneSandbox({ providers: [{ id: 'jira-prod', type: 'atlassian' }] })
    const two = await startStandaloneSandbox({ providers: [{ id: 'jira-prod', type: 'atlassian' }, { id: 'jira-test', type: 'atlassian' }] })
    try {
      // One Atlassian record: the seed's call finds it by kind.
      assert.equal((await single.arcade.auth.start('u', 'atlassian', { scopes: ['read:me'] })).provider_id, 'jira-prod')
      // Two: auth.authorize with auth_requirement.id picks one (the callback is that record's).
      const picked = await two.arcade.auth.authorize({ user_id: 'u', auth_requirement: { id: 'jira-test', provider_type: 'oauth2', oauth2: { scopes: ['read:me'] } } })
      assert.equal(picked.provider_id, 'jira-test')
      assert.match(new URL(picked.url!).searchParams.get('redirect_uri')!, /\/api\/v1\/oauth\/jira-test\/callback$/)
      // Two, and only the kind: fails as the Auth Providers reference says.
      await assert.rejects(two.arcade.auth.start('u', 'atlassian', { scopes: ['read:me'] }), (err: unknown) => {
        assert.ok(err instanceof BadRequestError)
        assert.match(err.message, /multiple providers of the same type 'atlassian'/)
        assert.match(err.message, /jira-prod, jira-test/)
        return true
      })
      // A record's ID passed where the kind goes (auth.start's second argument): undocumented, so refused.
      for (const sandbox of [single, two]) {
        await assert.rejects(sandbox.arcade.auth.start('u', 'jira-prod', { scopes: ['read:me'] }), (err: unknown) => {
          assert.ok(err instanceof BadRequestError)
          assert.match(err.message, /'jira-prod' is a provider's unique ID, not a provider kind.*auth_requirement\.id/)
          return true
        })
      }
      await assert.rejects(two.arcade.auth.authorize({ user_id: 'u', auth_requirement: { id: 'jira-nope', oauth2: { scopes: [] } } }), /no auth provider with id 'jira-nope'/)
      await assert.rejects(two.arcade.auth.authorize({ user_id: 'u', auth_requirement: { id: 'jira-prod', provider_type: 'api_key' } }), /provider_type/)
    } finally {
      await Promise.all([single.close(), two.close()])
    }
    await assert.rejects(s.arcade.auth.start('u', 'github', { scopes: [] }), BadRequestError)
  })
})

describe('custom user verifier flow', () => {
  let s: StartedSandbox
  before(async () => {
    s = await startStandaloneSandbox({ verifierUrl: '/verify' })
  })
  after(() => s.close())

  test('consent -> 303 to the verifier with only flow_id -> confirm_user -> next_uri -> completed with a token', async () => {
    const res = await s.arcade.auth.start('user-v', 'atlassian', { scopes: SCOPES })
    const consent = await consentOverHttp(res.url!, { baseUrl: s.baseUrl })
    const callback = await visit(consent.location, s.baseUrl)
    assert.equal(callback.status, 303)
    const verifier = new URL(callback.location!)
    assert.equal(verifier.origin + verifier.pathname, `${s.baseUrl}/verify`)
    assert.deepEqual([...verifier.searchParams.keys()], ['flow_id'])
    assert.match(verifier.searchParams.get('flow_id')!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)

    // Consent alone does not complete a verifier flow.
    assert.equal((await s.arcade.auth.status({ id: res.id! })).status, 'pending')

    const held = s.arcade.auth.status({ id: res.id!, wait: 10 })
    const hop = await completeVerifierHop(callback.location!, { arcade: s.arcade, baseUrl: s.baseUrl, userId: 'user-v' })
    assert.equal(hop.authId, res.id)
    assert.equal(hop.nextUriVisit.status, 200)
    const done = await held
    assert.equal(done.status, 'completed')
    assert.ok(done.context?.token)
    assert.equal((done.context?.user_info as { email?: string }).email, personForUser('user-v').email)
  })

  test('confirm_user alone, without the next_uri visit, leaves the flow pending', async () => {
    const res = await s.arcade.auth.start('user-nv', 'atlassian', { scopes: SCOPES })
    const consent = await consentOverHttp(res.url!, { baseUrl: s.baseUrl })
    const callback = await visit(consent.location, s.baseUrl)
    const flowId = new URL(callback.location!).searchParams.get('flow_id')!
    const confirmed = await s.arcade.auth.confirmUser({ flow_id: flowId, user_id: 'user-nv' })
    assert.ok(confirmed.next_uri)
    assert.equal((await s.arcade.auth.status({ id: res.id! })).status, 'pending')
    // A repeated confirm is refused.
    await assert.rejects(s.arcade.auth.confirmUser({ flow_id: flowId, user_id: 'user-nv' }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError)
      assert.deepEqual(err.error, { code: 400, msg: 'Bad request' })
      return true
    })
  })

  test('a different user at confirm_user gets BadRequestError user_mismatch', async () => {
    const res = await s.arcade.auth.start('user-right', 'atlassian', { scopes: SCOPES })
    const consent = await consentOverHttp(res.url!, { baseUrl: s.baseUrl })
    const callback = await visit(consent.location, s.baseUrl)
    const flowId = new URL(callback.location!).searchParams.get('flow_id')!
    await assert.rejects(s.arcade.auth.confirmUser({ flow_id: flowId, user_id: 'user-wrong' }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError)
      assert.deepEqual(err.error, { code: 400, error: 'user_mismatch', msg: 'An error occurred during verification' })
      return true
    })
    assert.equal((await s.arcade.auth.status({ id: res.id! })).status, 'pending')
    // The cloud alias path and a Bearer key work too.
    const alias = await fetch(`${s.baseUrl}/api/v1/oauth/confirm_user`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ flow_id: flowId, user_id: 'user-right' }),
    })
    assert.equal(alias.status, 200)
    await assert.rejects(s.arcade.auth.confirmUser({ flow_id: 'f0f0f0f0-0000-4000-8000-000000000000', user_id: 'u' }), NotFoundError)
  })

  test('a confirm after the confirm window is refused and the flow fails', async () => {
    const quick = await startStandaloneSandbox({ verifierUrl: '/verify', ttl: { confirmWindowSeconds: 0 } })
    try {
      const res = await quick.arcade.auth.start('user-late', 'atlassian', { scopes: SCOPES })
      const consent = await consentOverHttp(res.url!, { baseUrl: quick.baseUrl })
      const callback = await visit(consent.location, quick.baseUrl)
      const flowId = new URL(callback.location!).searchParams.get('flow_id')!
      await new Promise((r) => setTimeout(r, 20))
      await assert.rejects(quick.arcade.auth.confirmUser({ flow_id: flowId, user_id: 'user-late' }), BadRequestError)
      assert.equal((await quick.arcade.auth.status({ id: res.id! })).status, 'failed')
    } finally {
      await quick.close()
    }
  })
})

describe('lifecycle', () => {
  test('close() releases a held long-poll', async () => {
    const s = await startStandaloneSandbox()
    const res = await s.arcade.auth.start('user-close', 'atlassian', { scopes: SCOPES })
    const t0 = Date.now()
    const held = s.arcade.auth.status({ id: res.id!, wait: 30 })
    await new Promise((r) => setTimeout(r, 100))
    await s.close()
    assert.equal((await held).status, 'pending')
    assert.ok(Date.now() - t0 < 2000)
  })

  test('longPollCapSeconds bounds the wait', async () => {
    const s = await startStandaloneSandbox({ longPollCapSeconds: 0 })
    try {
      const res = await s.arcade.auth.start('user-cap', 'atlassian', { scopes: SCOPES })
      const t0 = Date.now()
      assert.equal((await s.arcade.auth.status({ id: res.id!, wait: 59 })).status, 'pending')
      assert.ok(Date.now() - t0 < 500)
    } finally {
      await s.close()
    }
  })
})
