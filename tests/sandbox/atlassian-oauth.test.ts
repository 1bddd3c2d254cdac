import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { consentOverHttp, parseConsentForm, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'

describe('Atlassian authorize endpoint, consent page and token endpoint', () => {
  let s: StartedSandbox
  before(async () => {
    s = await startStandaloneSandbox({ ttl: { refreshReuseLeewaySeconds: 0 } })
  })
  after(() => s.close())

  /** A fresh Arcade-issued consent URL and the Atlassian app behind it. */
  async function consentUrl(scopes = ['read:jira-work', 'read:me']) {
    const res = await s.arcade.auth.start(`user-${Math.random()}`, 'atlassian', { scopes })
    return res.url!
  }

  /** Accept consent and capture the authorization code (the browser is stopped before the Arcade callback). */
  async function authorizationCode(scopes?: string[]) {
    const consent = await consentOverHttp(await consentUrl(scopes), { baseUrl: s.baseUrl })
    const code = new URL(consent.location).searchParams.get('code')
    assert.ok(code)
    return code
  }

  const token = (body: Record<string, string>, type: 'json' | 'form' = 'json') =>
    fetch(`${s.atlassianBase}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: type === 'json' ? JSON.stringify(body) : new URLSearchParams(body),
    })

  test('the consent page is an accessible, script-free sandbox page listing scopes and sites', async () => {
    const page = await visit(await consentUrl(['read:jira-work', 'read:jira-user', 'offline_access']), s.baseUrl)
    assert.equal(page.status, 200)
    const res = await fetch(await consentUrl())
    assert.match(res.headers.get('content-type')!, /^text\/html/)
    const csp = res.headers.get('content-security-policy')!
    assert.match(csp, /default-src 'none'/)
    assert.doesNotMatch(csp, /script-src/)
    const html = page.body
    assert.match(html, /<html lang="en">/)
    assert.match(html, /<title>[^<]+<\/title>/)
    assert.match(html, /SANDBOX/)
    assert.match(html, /No real Atlassian account/)
    assert.match(html, /Arcade Playground/)
    assert.doesNotMatch(html, /<script/i)
    assert.match(html, /<fieldset>\s*<legend>/)
    assert.match(html, /prefers-color-scheme: dark/)
    assert.match(html, /:focus-visible/)
    assert.match(html, /Read Jira projects and issues/)
    assert.match(html, /See Jira user details/)
    assert.match(html, /renew its token/)
    assert.match(html, /value="accept">Accept<\/button>/)
    assert.match(html, /value="deny">Deny<\/button>/)
    const form = parseConsentForm(html)
    assert.deepEqual(form.siteIds, s.sandbox.world.sites.map((site) => site.cloudId))
    // The only hidden field is the opaque pending-request id.
    assert.equal([...html.matchAll(/type="hidden"/g)].length, 1)
    assert.doesNotMatch(html, /sbx_(at|rt|code)_/)
  })

  test('an unregistered redirect_uri shows an error page and never redirects', async () => {
    const url = new URL(await consentUrl())
    url.searchParams.set('redirect_uri', 'https://evil.example/callback')
    const page = await visit(url.href, s.baseUrl)
    assert.equal(page.status, 400)
    assert.equal(page.location, undefined)
    assert.match(page.body, /redirect_uri is not registered for client/)
    assert.doesNotMatch(page.body, /name="request"/)

    url.searchParams.set('client_id', 'someone-else')
    const unknownClient = await visit(url.href, s.baseUrl)
    assert.equal(unknownClient.status, 400)
    assert.equal(unknownClient.location, undefined)
  })

  test('a bad response_type goes back to the client with an OAuth error and the state', async () => {
    const url = new URL(await consentUrl())
    url.searchParams.set('response_type', 'token')
    const page = await visit(url.href, s.baseUrl)
    assert.equal(page.status, 302)
    const back = new URL(page.location!)
    assert.equal(back.searchParams.get('error'), 'unsupported_response_type')
    assert.equal(back.searchParams.get('state'), url.searchParams.get('state'))
  })

  test('a consent request can be answered only once', async () => {
    const page = await visit(await consentUrl(), s.baseUrl)
    const { requestId, siteIds } = parseConsentForm(page.body)
    const post = () =>
      visit(`${s.atlassianBase}/authorize`, s.baseUrl, { method: 'POST', body: new URLSearchParams({ request: requestId, decision: 'accept', site: siteIds[0]! }) })
    assert.equal((await post()).status, 302)
    const second = await post()
    assert.equal(second.status, 400)
    assert.equal(second.location, undefined)
  })

  test('authorization_code exchange (JSON) issues Atlassian-shaped tokens; the code is single-use', async () => {
    const app = s.sandbox.apps[0]!
    const code = await authorizationCode(['read:jira-work', 'offline_access'])
    const body = { grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: app.redirectUri }
    const res = await token(body)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type')!, /^application\/json/)
    const tokens = await res.json()
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type'])
    assert.equal(tokens.expires_in, 3600)
    assert.equal(tokens.token_type, 'Bearer')
    assert.deepEqual(tokens.scope.split(' ').sort(), ['offline_access', 'read:jira-work'])

    const reused = await token(body)
    assert.equal(reused.status, 400)
    assert.deepEqual(await reused.json(), { error: 'invalid_request', error_description: 'authorization_code is invalid' })
  })

  test('form-encoded exchange works; no offline_access means no refresh token', async () => {
    // Arcade always adds offline_access, so build a request without it from the Arcade URL.
    const url = new URL(await consentUrl())
    url.searchParams.set('scope', 'read:jira-work')
    const page = await visit(url.href, s.baseUrl)
    const form = parseConsentForm(page.body)
    const accepted = await visit(`${s.atlassianBase}/authorize`, s.baseUrl, {
      method: 'POST',
      body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! }),
    })
    const code = new URL(accepted.location!).searchParams.get('code')!
    const app = s.sandbox.apps[0]!
    const res = await token({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: app.redirectUri }, 'form')
    assert.equal(res.status, 200)
    const tokens = await res.json()
    assert.equal(tokens.refresh_token, undefined)
    assert.equal(tokens.scope, 'read:jira-work')
  })

  test('refresh rotates the refresh token and disables the old one', async () => {
    const app = s.sandbox.apps[0]!
    const code = await authorizationCode(['read:jira-work', 'offline_access'])
    const first = await (await token({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: app.redirectUri })).json()
    const refresh = (refresh_token: string) => token({ grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token })
    const rotated = await refresh(first.refresh_token)
    assert.equal(rotated.status, 200)
    const second = await rotated.json()
    assert.notEqual(second.refresh_token, first.refresh_token)
    assert.notEqual(second.access_token, first.access_token)
    assert.equal(second.scope, first.scope)

    const old = await refresh(first.refresh_token)
    assert.equal(old.status, 403)
    assert.deepEqual(await old.json(), { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' })
    assert.equal((await refresh(second.refresh_token)).status, 200)
  })

  test('a rotated refresh token stays usable within the reuse leeway', async () => {
    const lenient = await startStandaloneSandbox()
    try {
      const app = lenient.sandbox.apps[0]!
      const res = await lenient.arcade.auth.start('user-leeway', 'atlassian', { scopes: ['read:jira-work'] })
      const consent = await consentOverHttp(res.url!, { baseUrl: lenient.baseUrl })
      const code = new URL(consent.location).searchParams.get('code')!
      const post = (body: Record<string, string>) =>
        fetch(`${lenient.atlassianBase}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      const tokens = await (await post({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code, redirect_uri: app.redirectUri })).json()
      const refresh = { grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: tokens.refresh_token }
      assert.equal((await post(refresh)).status, 200)
      assert.equal((await post(refresh)).status, 200)
    } finally {
      await lenient.close()
    }
  })

  test('token endpoint errors: client credentials, grant type, media type', async () => {
    const app = s.sandbox.apps[0]!
    const wrongSecret = await token({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: 'nope', code: 'x', redirect_uri: app.redirectUri })
    assert.equal(wrongSecret.status, 401)
    assert.deepEqual(await wrongSecret.json(), { error: 'access_denied', error_description: 'Unauthorized' })
    const badGrant = await token({ grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret })
    assert.equal(badGrant.status, 400)
    assert.equal((await badGrant.json()).error, 'unsupported_grant_type')
    const text = await fetch(`${s.atlassianBase}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' })
    assert.equal(text.status, 415)
  })
})
