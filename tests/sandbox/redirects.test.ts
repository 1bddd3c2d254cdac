// No redirect leaves for an address nobody chose: each redirect the sandbox (and the site's verifier) issues is
// tried with a foreign target, and a whole flow's redirects are checked to stay on the site.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { consentOverHttp, parseConsentForm, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import { startFlow } from '../helpers/flow'
import { reloadConfig } from '../../lib/config'
import { isAllowedNextUri } from '../../lib/playground/verifier'

const FOREIGN = ['https://evil.example/', '//evil.example/', '/\\evil.example/', 'https:evil.example', 'javascript:alert(1)', ' https://evil.example/', 'http://127.0.0.1:1/']

describe('standalone sandbox', () => {
  let s: StartedSandbox
  before(async () => {
    s = await startStandaloneSandbox({ verifierUrl: undefined })
  })
  after(async () => {
    await s.close()
  })

  test('authorize refuses a foreign next_uri with a 400 naming next_uri, so callback_success can never reach it', async () => {
    for (const next of FOREIGN) {
      const answer = await fetch(`${s.baseUrl}/v1/auth/authorize`, {
        method: 'POST',
        headers: { Authorization: s.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user_id: 'r1', auth_requirement: { provider_id: 'atlassian', oauth2: { scopes: ['read:me'] } }, next_uri: next })
      })
      assert.equal(answer.status, 400, next)
      const body = (await answer.json()) as { name: string; message: string }
      assert.equal(body.name, 'bad_request')
      assert.match(body.message, /^next_uri: /, next)
    }
  })

  test("Atlassian's authorize never redirects to a redirect_uri the app did not register", async () => {
    const started = await s.arcade.auth.start('r2', 'atlassian', { scopes: ['read:me'] })
    for (const target of FOREIGN) {
      const url = new URL(started.url!)
      url.searchParams.set('redirect_uri', target)
      url.searchParams.set('response_type', 'token') // an error that would otherwise go back to the client
      const page = await visit(url.href, s.baseUrl)
      assert.equal(page.status, 400, target)
      assert.equal(page.location, undefined, target)
      assert.match(page.body, /redirect_uri is not registered for client/)
    }
  })

  test("the consent decision and OAuth errors go only to the registered redirect URI; the callback only to the flow's own next_uri", async () => {
    const registered = s.sandbox.apps[0]!.redirectUri
    const started = await s.arcade.auth.start('r3', 'atlassian', { scopes: ['read:me'] })
    const badType = new URL(started.url!)
    badType.searchParams.set('response_type', 'token')
    const back = await visit(badType.href, s.baseUrl)
    assert.equal(back.status, 302)
    assert.ok(back.location!.startsWith(`${registered}?`), back.location)

    const denied = await consentOverHttp(started.url!, { baseUrl: s.baseUrl, accept: false })
    assert.ok(denied.location.startsWith(`${registered}?`))
    const withNext = await fetch(`${s.baseUrl}/v1/auth/authorize`, {
      method: 'POST',
      headers: { Authorization: s.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: 'r4', auth_requirement: { provider_id: 'atlassian', oauth2: { scopes: ['read:me'] } }, next_uri: '/back-in-the-app' })
    })
    const flow = (await withNext.json()) as { url: string }
    const accepted = await consentOverHttp(flow.url, { baseUrl: s.baseUrl })
    assert.ok(accepted.location.startsWith(`${registered}?code=`))
    const callback = await visit(accepted.location, s.baseUrl)
    assert.equal(callback.status, 303)
    assert.equal(callback.location, `${s.baseUrl}/back-in-the-app`)
  })
})

describe('the site', () => {
  let site: SiteServer
  before(async () => {
    site = await startSite()
  })
  after(async () => {
    await site.close()
    reloadConfig()
  })

  test("every redirect of a whole flow stays on the site, and the verifier refuses a foreign next_uri", async () => {
    const visitor = new Visitor(site.origin)
    const started = await startFlow(visitor)
    const opened = await visitor.navigate(started.url!)
    const form = parseConsentForm(opened[opened.length - 1]!.body)
    const hops = await visitor.navigate('/api/sandbox/atlassian/authorize', {
      method: 'POST',
      body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! })
    })
    assert.ok(hops.length >= 4)
    for (const hop of [...opened, ...hops]) assert.equal(new URL(hop.url).origin, site.origin, hop.url)
    const config = { mode: 'sandbox' } as Parameters<typeof isAllowedNextUri>[1]
    for (const target of FOREIGN) assert.equal(isAllowedNextUri(target, config), false, target)
    assert.equal(isAllowedNextUri('/api/sandbox/api/v1/oauth/callback_success?flow_id=x', config), true)
  })
})
