// Consent confirmed elsewhere is explained, not waited on: a consent given in another browser (no session) or by
// another visitor reaches the site's verifier, which records it on the flow; the owner's next status check answers
// user_mismatch at once. Real HTTP through the site's routes and the embedded sandbox.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseConsentForm } from '../helpers/sandbox'
import { startFlow } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { StatusResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

/** Someone opens the consent link (in whatever browser `who` is) and presses Accept; returns the last page. */
async function acceptIn(who: Visitor, consentLink: string) {
  const opened = await who.navigate(consentLink)
  assert.equal(opened[0].status, 303, 'the site\'s consent link sends the browser on')
  assert.match(opened[0].url, /\/api\/playground\/consent\?flowId=/)
  const form = parseConsentForm(opened.at(-1)!.body)
  const hops = await who.navigate('/api/sandbox/atlassian/authorize', {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
  })
  assert.ok(hops.some((h) => h.url.includes('/api/playground/verify?flow_id=')), 'the consent reached the verifier')
  return hops.at(-1)!
}

async function assertExplainedAtOnce(owner: Visitor, flowId: string) {
  const asked = performance.now()
  const status = await owner.json(`/api/playground/status?flowId=${flowId}&wait=20`)
  assert.ok(performance.now() - asked < 5_000, 'answered at once, not after the long-poll')
  assert.equal(status.status, 409, JSON.stringify(status.body))
  assert.equal(status.body.error.code, 'user_mismatch')
  assert.equal(status.body.error.help, '/troubleshooting#user-mismatch')
  assert.match(status.body.error.message, /another browser or by another visitor/)
  assert.match(status.body.error.message, /Press Run again/)
  assert.ok(Array.isArray(status.body.exchanges) && status.body.exchanges.length > 0, 'the status call is shown')
}

test('a consent by another visitor (their own session): the verifier refuses it and the owner is told user_mismatch', async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const stranger = new Visitor(site.origin)
  await stranger.json('/api/playground/config')
  await stranger.json('/api/playground/status?flowId=ac_mint_a_session')
  const last = await acceptIn(stranger, started.url!)
  assert.equal(last.status, 403)
  assert.match(last.body, /Error code <code>user_mismatch<\/code>/)
  assert.match(last.body, /another browser or by another visitor/)
  await assertExplainedAtOnce(owner, started.flowId)
  // The stranger still cannot read the owner's flow.
  assert.equal((await stranger.json(`/api/playground/status?flowId=${started.flowId}`)).body.error.code, 'flow_not_found')
})

test('a consent in another browser (no session at all): the owner is told user_mismatch', async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const otherBrowser = new Visitor(site.origin)
  const last = await acceptIn(otherBrowser, started.url!)
  assert.equal(last.status, 401)
  assert.match(last.body, /no playground session/)
  await assertExplainedAtOnce(owner, started.flowId)
})

test('without a refusal the owner waits as before, and a proper consent completes', async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const pending = await owner.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}`)
  assert.equal(pending.body.status, 'pending')
  const last = await acceptIn(owner, started.url!)
  assert.equal(last.status, 200)
  const done = await owner.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}&wait=5`)
  assert.equal(done.body.status, 'completed')
})

test('a consent link for an unknown flow, or a forged note, records nothing and redirects nowhere', async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const [unknown] = await new Visitor(site.origin).navigate('/api/playground/consent?flowId=ac_unknown')
  assert.equal(unknown.status, 404)
  assert.match(unknown.body, /Error code <code>flow_not_found<\/code>/)
  const [bad] = await new Visitor(site.origin).navigate('/api/playground/consent?flowId=../x')
  assert.equal(bad.status, 400)

  // A browser with a forged note (not sealed by this site) and no session consents to the owner's flow.
  const forger = new Visitor(site.origin)
  ;(forger as unknown as { cookies: Map<string, string> }).cookies.set('atlassian_playground_consent', 'Fe26.2*1*forged*note*x*y*z*w~2')
  const form = parseConsentForm((await owner.navigate(started.url!)).at(-1)!.body)
  const hops = await forger.navigate('/api/sandbox/atlassian/authorize', {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
  })
  assert.equal(hops.at(-1)!.status, 401, 'the verifier saw no session')
  const verifierHop = hops.findIndex((h) => h.url.includes('/api/playground/verify?flow_id='))
  assert.ok(verifierHop >= 0)
  // The owner's flow is still just pending: nothing was recorded for it.
  const status = await owner.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}`)
  assert.equal(status.status, 200)
  assert.equal(status.body.status, 'pending')
})

test('a cross-site link to the verifier with someone else’s flow_id does not mark the victim’s pending flow', async () => {
  // The attacker consents to a flow of their own and keeps the verifier's flow_id instead of following it.
  const attacker = new Visitor(site.origin)
  const own = await startFlow(attacker)
  const opened = await attacker.navigate(new URL(own.url!, site.origin).href)
  const form = parseConsentForm(opened.at(-1)!.body)
  let hop = await attacker.request('/api/sandbox/atlassian/authorize', {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
  })
  hop = await attacker.request(hop.headers.get('location')!)
  const verifierLink = hop.headers.get('location')!
  assert.match(verifierLink, /\/api\/playground\/verify\?flow_id=/)

  // The victim has opened the consent link for their own flow (so this browser notes it), then follows the link.
  const victim = new Visitor(site.origin)
  const started = await startFlow(victim)
  await victim.navigate(new URL(started.url!, site.origin).href)
  for (let i = 0; i < 2; i++) await victim.request(verifierLink, { headers: { 'Sec-Fetch-Site': 'cross-site' } })

  const status = await victim.json<StatusResponse>(`/api/playground/status?flowId=${started.flowId}`)
  assert.equal(status.status, 200, JSON.stringify(status.body))
  assert.equal(status.body.status, 'pending', 'the victim’s flow still waits for their own consent')
})
