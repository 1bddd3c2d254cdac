// The consent form's token cannot be computed from the consent URL: it used to be sha256("consent:" + state), so
// whoever held the URL (or a flow id, through the site's consent link) could Accept or Deny someone's consent.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { parseConsentForm, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'

let s: StartedSandbox
before(async () => {
  s = await startStandaloneSandbox()
})
after(async () => {
  await s.close()
})

async function openConsentPage(url: string, cookie?: string) {
  const res = await fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
  assert.equal(res.status, 200)
  const setCookie = res.headers.getSetCookie()[0]?.split(';')[0]
  return { form: parseConsentForm(await res.text()), cookie: setCookie ?? cookie }
}

test('the token is no hash of the URL: each browser gets its own, and a computed one is refused', async () => {
  const start = await s.arcade.auth.start('token-owner', 'atlassian', { scopes: ['read:jira-work'] })
  const state = new URL(start.url!).searchParams.get('state')!
  const computed = createHash('sha256').update(`consent:${state}`).digest('base64url')

  const owner = await openConsentPage(start.url!)
  assert.notEqual(owner.form.requestId, computed)
  assert.match(owner.cookie ?? '', /^sandbox_consent_browser=/, 'the page names the consenting browser in a cookie')
  const stranger = await openConsentPage(start.url!)
  assert.notEqual(stranger.form.requestId, owner.form.requestId, 'another browser opening the same URL gets another token')
  const again = await openConsentPage(start.url!, owner.cookie)
  assert.equal(again.form.requestId, owner.form.requestId, 'the same browser reopening replaces its own pending consent')

  // A token computed from the URL is refused, and the flow still waits for its owner's decision.
  const forged = await visit(owner.form.action, s.baseUrl, { method: 'POST', body: new URLSearchParams({ request: computed, decision: 'deny' }) })
  assert.equal(forged.status, 400)
  assert.match(forged.body, /This request has expired/)
  assert.equal((await s.arcade.auth.status({ id: start.id! })).status, 'pending')

  const accepted = await visit(owner.form.action, s.baseUrl, { method: 'POST', headers: { Cookie: owner.cookie! }, body: new URLSearchParams({ request: owner.form.requestId, decision: 'accept', site: owner.form.siteIds[0]! }) })
  assert.equal(accepted.status, 302)
  assert.match(accepted.location ?? '', /[?&]code=/)
})
