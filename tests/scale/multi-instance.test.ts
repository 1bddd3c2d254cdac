// Two instances of the built site sharing one real Redis: a flow crosses instances, survives a restart,
// and the rate limit counts across both. Needs a production build (npm run test:scale makes one if missing).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { consentInPopup, listProjects, startFlow, waitForCompletion } from '../helpers/flow'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startSiteInstance, type SiteInstance } from '../helpers/site-instance'
import { Visitor } from '../helpers/site'
import type { StatusResponse } from '../../contract/playground-api'

// Low enough to reach in a test. TRUST_PROXY=1 lets each test speak from its own address (X-Forwarded-For).
const PER_VISITOR = 8
const PER_ADDRESS = 12

let redis: RedisServer
let a: SiteInstance
let b: SiteInstance

before(async () => {
  redis = await startRedisServer()
  const settings = {
    REDIS_URL: redis.url,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_PER_MINUTE: String(PER_VISITOR),
    RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_ADDRESS),
    TRUST_PROXY: '1'
  }
  ;[a, b] = await Promise.all([startSiteInstance(settings), startSiteInstance(settings)])
})

after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

test('a flow started on A is consented, polled and finished on B; a long-poll held on A wakes when B completes it', async () => {
  const visitor = new Visitor(a.origin)
  const started = await startFlow(visitor, a.origin)
  assert.equal(started.status, 'pending')

  // Held on A before the consent happens on B.
  let answeredAt = Infinity
  const heldOnA = visitor.json<StatusResponse>(`${a.origin}/api/playground/status?flowId=${started.flowId}&wait=20`).finally(() => {
    answeredAt = performance.now()
  })
  await sleep(300)
  await consentInPopup(visitor, started.url!, b.origin)
  const consentDone = performance.now()
  const woken = await heldOnA
  const wakeMs = answeredAt - consentDone
  console.log(`long-poll held on A answered ${wakeMs.toFixed(0)} ms after the popup on B finished (negative: before it had read the last page)`)
  assert.equal(woken.status, 200, JSON.stringify(woken.body))
  assert.equal(woken.body.status, 'completed')
  assert.ok(wakeMs < 1000, `the held long-poll took ${wakeMs} ms to notice`)

  await waitForCompletion(visitor, started.flowId, b.origin)
  const jira = await listProjects(visitor, started.flowId, b.origin)
  assert.ok(jira.myself?.displayName)
})

test('a flow started before an instance restarts is finished through it after the restart', async () => {
  const visitor = new Visitor(a.origin)
  const started = await startFlow(visitor, a.origin)
  await a.stop()
  await a.start()
  await consentInPopup(visitor, started.url!, a.origin)
  await waitForCompletion(visitor, started.flowId, a.origin)
  await listProjects(visitor, started.flowId, a.origin)
})

async function assertLimited(response: Response, who: RegExp) {
  assert.equal(response.status, 429)
  assert.ok(Number(response.headers.get('retry-after')) >= 1)
  const body = await response.json()
  assert.equal(body.error.code, 'rate_limited')
  assert.match(body.error.message, who)
}

test('the rate limit counts requests across both instances, per visitor and per address', async () => {
  const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } })
  const visitor = new Visitor(a.origin)
  // The cookie is minted here; this request had none, so only its address counted it.
  await startFlow(visitor, a.origin)
  // Each request from another address, so only the visitor's budget is shared among them.
  for (let i = 0; i < PER_VISITOR; i++) {
    const origin = i % 2 ? b.origin : a.origin
    assert.equal((await visitor.request(`${origin}/api/playground/config`, from(`203.0.113.${i}`))).status, 200, `request ${i + 1} via ${origin}`)
  }
  await assertLimited(await visitor.request(`${a.origin}/api/playground/config`, from('203.0.113.100')), /this browser/)
  await assertLimited(await visitor.request(`${b.origin}/api/playground/config`, from('203.0.113.101')), /this browser/)

  const address = '198.51.100.23'
  for (let i = 0; i < PER_ADDRESS; i++) {
    const origin = i % 2 ? b.origin : a.origin
    assert.equal((await new Visitor(origin).request(`${origin}/api/playground/config`, from(address))).status, 200, `request ${i + 1}`)
  }
  await assertLimited(await new Visitor(a.origin).request(`${a.origin}/api/playground/config`, from(address)), /this network address/)
  await assertLimited(await new Visitor(b.origin).request(`${b.origin}/api/playground/config`, from(address)), /this network address/)
  assert.equal((await new Visitor(b.origin).request(`${b.origin}/api/playground/config`, from('198.51.100.24'))).status, 200)
})

test('with Redis stopped, requests fail fast with a clear JSON error instead of hanging', async () => {
  await redis.stop()
  const started = performance.now()
  const response = await new Visitor(a.origin).request(`${a.origin}/api/playground/config`, { headers: { 'X-Forwarded-For': '198.51.100.99' } })
  const elapsed = performance.now() - started
  console.log(`with Redis stopped: ${response.status} after ${elapsed.toFixed(0)} ms`)
  assert.equal(response.status, 503)
  const body = await response.json()
  assert.equal(body.error.code, 'internal_error')
  assert.match(body.error.message, /shared storage is not answering/)
  assert.ok(elapsed < 6000, `answered after ${elapsed} ms`)
  assert.doesNotMatch(a.output(), /redis:\/\//, 'the log never shows the Redis URL')
})
