// GET /api/playground/flow and POST /api/playground/settle-flow: a panel reloaded (or returned to) mid-flow finds
// the visitor's flow in progress, through real HTTP against the embedded sandbox.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { consentInPopup, startFlow } from '../helpers/flow'
import { parseConsentForm } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { CurrentFlowResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

const current = (visitor: Visitor) => visitor.json<CurrentFlowResponse>('/api/playground/flow')
const settle = (visitor: Visitor, flowId: unknown) => visitor.json('/api/playground/settle-flow', { flowId })

test('a visitor without a session has no flow, and asking mints no identity', async () => {
  const visitor = new Visitor(site.origin)
  const response = await visitor.request('/api/playground/flow')
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), { flow: null })
  assert.equal(response.headers.getSetCookie().length, 0, 'no session cookie for a look')
  assert.equal(response.headers.get('cache-control'), 'no-store')
})

test('a pending flow is found with its consent link; a consent given meanwhile shows as completed; settling forgets it', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  const pending = await current(visitor)
  assert.equal(pending.status, 200, JSON.stringify(pending.body))
  assert.deepEqual(pending.body.flow, { flowId: started.flowId, status: 'pending', url: started.url, scopes: pending.body.flow?.scopes })
  assert.ok(!JSON.stringify(pending.body).includes('token'), 'no token in the answer')

  // The reader accepts in the still-open window while the page is away.
  await consentInPopup(visitor, started.url!)
  const completed = await current(visitor)
  assert.equal(completed.body.flow?.status, 'completed')
  assert.equal(completed.body.flow?.flowId, started.flowId)
  assert.equal(completed.body.flow?.url, started.url, 'the flow asked for consent (the panel says it was accepted)')

  const settled = await settle(visitor, started.flowId)
  assert.equal(settled.status, 200, JSON.stringify(settled.body))
  assert.deepEqual((await current(visitor)).body, { flow: null })
})

test('only the newest flow is offered, and settling an older one leaves the newest on offer', async () => {
  const visitor = new Visitor(site.origin)
  const first = await startFlow(visitor)
  const second = await startFlow(visitor)
  assert.equal((await current(visitor)).body.flow?.flowId, second.flowId)
  assert.equal((await settle(visitor, first.flowId)).status, 200)
  assert.equal((await current(visitor)).body.flow?.flowId, second.flowId)
})

test("another visitor's flow is never offered and cannot be settled", async () => {
  const owner = new Visitor(site.origin)
  const started = await startFlow(owner)
  const stranger = new Visitor(site.origin)
  await startFlow(stranger) // the stranger has a session (and a flow of their own)
  assert.notEqual((await current(stranger)).body.flow?.flowId, started.flowId)
  const refused = await settle(stranger, started.flowId)
  // As for an unknown id: whether someone else's flow exists is not told.
  assert.equal(refused.status, 404)
  assert.equal(refused.body.error.code, 'flow_not_found')
  assert.equal((await current(owner)).body.flow?.flowId, started.flowId, 'still on offer to its owner')
})

test('a denied consent is not offered to carry on', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  const opened = await visitor.navigate(new URL(started.url!, site.origin).href)
  const form = parseConsentForm(opened.at(-1)!.body)
  await visitor.navigate(new URL(form.action, site.origin).href, { method: 'POST', body: new URLSearchParams({ request: form.requestId, decision: 'deny' }) })
  assert.deepEqual((await current(visitor)).body, { flow: null })
})

test('bad input gets JSON errors with stable codes', async () => {
  const visitor = new Visitor(site.origin)
  await startFlow(visitor)
  const withQuery = await visitor.json('/api/playground/flow?flowId=x')
  assert.equal(withQuery.status, 400)
  assert.equal(withQuery.body.error.code, 'invalid_request')
  const post = await visitor.json('/api/playground/flow', {})
  assert.equal(post.status, 405)
  assert.equal(post.body.error.code, 'method_not_allowed')
  for (const flowId of [undefined, '', 'a b', 'x'.repeat(201), 7]) {
    const bad = await settle(visitor, flowId)
    assert.equal(bad.status, 400, `flowId ${JSON.stringify(flowId)}`)
    assert.equal(bad.body.error.code, 'invalid_request')
  }
  const unknown = await settle(visitor, 'ac_unknown')
  assert.equal(unknown.status, 404)
  assert.equal(unknown.body.error.code, 'flow_not_found')
  const extra = await visitor.json('/api/playground/settle-flow', { flowId: 'ac_x', more: 1 })
  assert.equal(extra.body.error.code, 'invalid_request')
})
