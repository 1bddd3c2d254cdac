// The Redis implementations against a real redis-server: the sandbox store, flow bindings, bounded failure when Redis is gone.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Redis } from 'ioredis'
import { RedisFlowBindings } from '../../lib/playground/flow-bindings'
import { createRedisConnection, REDIS_TIMEOUT_MS, SharedStoreUnavailable } from '../../lib/redis'
import { createRedisStore } from '../../lib/sandbox/redis-store'
import { MAX_VALUE_BYTES, StoredValueTooLarge, type SandboxStore } from '../../lib/sandbox/store'
import { MAX_FLOWS_PER_USER } from '../../lib/sandbox/arcade-flows'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startStandaloneSandbox } from '../helpers/sandbox'

let server: RedisServer
const connections: Redis[] = []
const stores: SandboxStore[] = []

/** One "instance": its own command and subscriber connections, as each site process has. */
function instance(prefix = 'test:sandbox:'): SandboxStore {
  const redis = createRedisConnection(server.url)
  connections.push(redis)
  const store = createRedisStore({ redis, subscriber: createRedisConnection(server.url), prefix })
  stores.push(store)
  return store
}

before(async () => {
  server = await startRedisServer()
})
after(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())))
  await server.stop()
})

test('values round-trip as copies and expire with their TTL', async () => {
  const store = instance()
  const value = { flow: 'ac_1', scopes: ['read:me'], nested: { n: 1, ok: true, none: null } }
  await store.set('flow:1', value, 300)
  const read = await store.get<typeof value>('flow:1')
  assert.deepEqual(read, value)
  assert.notEqual(read, value)
  assert.deepEqual(await instance().get('flow:1'), value, 'another instance sees the same value')
  await sleep(400)
  assert.equal(await store.get('flow:1'), undefined, 'expired')
  await store.set('gone', 1, 60_000)
  await store.delete('gone')
  assert.equal(await store.get('gone'), undefined)
})

test('take is atomic across instances: of many concurrent takers exactly one gets a single-use value', async () => {
  const a = instance()
  const b = instance()
  await a.set('code:xyz', 'single-use', 60_000)
  const takers = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take<string>('code:xyz'))
  const got = (await Promise.all(takers)).filter((v) => v !== undefined)
  assert.deepEqual(got, ['single-use'])
})

test('a publish on one instance wakes a listener on another within a few hundred milliseconds', async () => {
  const a = instance()
  const b = instance()
  await sleep(200) // both subscribers connected
  const delays: number[] = []
  for (let i = 0; i < 5; i++) {
    const woke = new Promise<number>((resolve) => {
      const unsubscribe = b.subscribe('flow:abc', () => {
        unsubscribe()
        resolve(performance.now())
      })
    })
    const sent = performance.now()
    await a.publish('flow:abc')
    delays.push((await woke) - sent)
  }
  console.log(`cross-instance wake-up delays (ms): ${delays.map((d) => d.toFixed(1)).join(', ')}`)
  assert.ok(Math.max(...delays) < 300, `delays ${delays}`)
})

test('prefixes keep deployments apart', async () => {
  const one = instance('deploy-1:sandbox:')
  const two = instance('deploy-2:sandbox:')
  await one.set('k', 'one', 60_000)
  assert.equal(await two.get('k'), undefined)
})

test('flow bindings are shared and expire', async () => {
  const [redis, other] = [createRedisConnection(server.url), createRedisConnection(server.url)]
  connections.push(redis, other)
  const bindings = new RedisFlowBindings(redis, 'test:flow-owner:')
  await bindings.bind('ac_flow', 'visitor-1', 1)
  assert.equal(await new RedisFlowBindings(other, 'test:flow-owner:').ownerOf('ac_flow'), 'visitor-1', 'another instance sees the binding')
  assert.equal(await bindings.ownerOf('ac_other'), undefined)
  await sleep(1100)
  assert.equal(await bindings.ownerOf('ac_flow'), undefined)
})

test('a flow\'s consent URL and a refused consent are shared too, and only for flows this site started', async () => {
  const [redis, other] = [createRedisConnection(server.url), createRedisConnection(server.url)]
  connections.push(redis, other)
  const one = new RedisFlowBindings(redis, 'test:flow-owner:')
  const two = new RedisFlowBindings(other, 'test:flow-owner:')
  await one.bind('ac_consent', 'visitor-1', 60, 'https://engine.example/authorize?x=1')
  assert.equal(await two.consentUrlOf('ac_consent'), 'https://engine.example/authorize?x=1')
  assert.equal(await two.refusalOf('ac_consent'), undefined)
  await two.recordRefusal('ac_consent', 'user_mismatch', 60)
  assert.equal(await one.refusalOf('ac_consent'), 'user_mismatch')
  await one.recordRefusal('ac_never_started', 'no_session', 60)
  assert.equal(await two.refusalOf('ac_never_started'), undefined)
})

test('a refusal recorded on one instance wakes a status request waiting on another, and the scenario is shared', async () => {
  const [redis, other] = [createRedisConnection(server.url), createRedisConnection(server.url)]
  connections.push(redis, other)
  const one = new RedisFlowBindings(redis, 'test:flow-owner:', () => createRedisConnection(server.url))
  const two = new RedisFlowBindings(other, 'test:flow-owner:', () => createRedisConnection(server.url))
  try {
    await one.bind('ac_wake', 'visitor-1', 60, undefined, { scenario: 'user-mismatch' })
    assert.equal(await two.scenarioOf('ac_wake'), 'user-mismatch')
    const waiting = new AbortController()
    const woken = two.waitForRefusal('ac_wake', waiting.signal)
    await sleep(200) // the subscription is made on first wait
    const recorded = performance.now()
    await one.recordRefusal('ac_wake', 'user_mismatch', 60)
    assert.equal(await woken, 'user_mismatch')
    assert.ok(performance.now() - recorded < 1_000, `woken ${Math.round(performance.now() - recorded)} ms after the refusal`)
    // A wait whose request ends resolves with nothing, and leaves no listener behind.
    const ended = new AbortController()
    const nothing = two.waitForRefusal('ac_other_flow', ended.signal)
    ended.abort()
    assert.equal(await nothing, undefined)
    waiting.abort()
  } finally {
    await Promise.all([one.close(), two.close()])
  }
})

test('with Redis unreachable, calls fail within the bound instead of hanging', async () => {
  const dead = createRedisConnection('redis://127.0.0.1:1') // nothing listens on port 1
  connections.push(dead)
  const bindings = new RedisFlowBindings(dead, 'test:flow-owner:')
  const started = performance.now()
  await assert.rejects(bindings.ownerOf('ac_flow'), SharedStoreUnavailable)
  const store = createRedisStore({ redis: dead, subscriber: createRedisConnection('redis://127.0.0.1:1'), prefix: 'x:' })
  stores.push(store)
  await assert.rejects(store.get('k'))
  assert.ok(performance.now() - started < 3 * REDIS_TIMEOUT_MS, `took ${performance.now() - started} ms`)
})

test('Redis holds bounded values, and one user id keeps at most MAX_FLOWS_PER_USER flows (the oldest go)', async () => {
  const store = instance('bounded:sandbox:')
  await assert.rejects(store.set('big', 'x'.repeat(MAX_VALUE_BYTES + 1), 60_000), StoredValueTooLarge)
  const redis = createRedisConnection(server.url)
  connections.push(redis)
  assert.equal(await redis.exists('bounded:sandbox:big'), 0)

  const sandbox = await startStandaloneSandbox({ store: instance('capped:sandbox:') })
  try {
    const ids: string[] = []
    for (let i = 0; i < MAX_FLOWS_PER_USER + 5; i++) ids.push((await sandbox.arcade.auth.start('one-visitor', 'atlassian', { scopes: ['read:me'] })).id!)
    assert.equal((await redis.keys('capped:sandbox:arc:flow:*')).length, MAX_FLOWS_PER_USER)
    assert.equal((await redis.keys('capped:sandbox:arc:state:*')).length, MAX_FLOWS_PER_USER)
    await assert.rejects(sandbox.arcade.auth.status({ id: ids[0]! }), /400/)
    assert.equal((await sandbox.arcade.auth.status({ id: ids.at(-1)! })).status, 'pending')
  } finally {
    await sandbox.close()
  }
})

test("a visitor's flow in progress is shared: another instance finds it, and settling it there forgets it", async () => {
  const [redis, other] = [createRedisConnection(server.url), createRedisConnection(server.url)]
  connections.push(redis, other)
  const one = new RedisFlowBindings(redis, 'test:current:flow-owner:', undefined, 'test:current:current-flow:')
  const two = new RedisFlowBindings(other, 'test:current:flow-owner:', undefined, 'test:current:current-flow:')
  await one.bind('ac_first', 'visitor-9', 60)
  await one.bind('ac_second', 'visitor-9', 60)
  assert.equal(await two.currentFlowOf('visitor-9'), 'ac_second', 'the newest flow, seen from another instance')
  assert.equal(await two.currentFlowOf('visitor-other'), undefined)
  await two.settle('visitor-9', 'ac_first')
  assert.equal(await one.currentFlowOf('visitor-9'), 'ac_second', 'settling an older flow leaves the newest on offer')
  await two.settle('visitor-9', 'ac_second')
  assert.equal(await one.currentFlowOf('visitor-9'), undefined)
})
