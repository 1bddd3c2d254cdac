// Fair shares with Redis: the flood of tests/playground/fair-shares.test.ts against the site's routes with every
// store in a real redis-server. Redis has no bound of its own, so without per-address budgets a flood just grows
// it; with them each flooding address keeps only its share (its own oldest keys go), and the visitor's pending
// consent and completed grant keep working. Bounds shrunk as in the memory test.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import { reloadConfig } from '../../lib/config'
import { flowBindingBounds } from '../../lib/playground/flow-bindings'
import { createRedisConnection } from '../../lib/redis'
import { embeddedStoreBounds } from '../../lib/sandbox/embedded'
import { parseConsentForm } from '../helpers/sandbox'
import { floodStarts, loopbackAddresses } from '../helpers/flood'
import { consentInPopup, startFlow, waitForCompletion } from '../helpers/flow'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { JiraResponse } from '../../contract/playground-api'

embeddedStoreBounds.maxStoreEntries = 2_400
flowBindingBounds.maxEntries = 1_200
const ADDRESSES = loopbackAddresses(12)
const STARTS_PER_ADDRESS = 150
// What one address may hold: a sixteenth of each bound (150 sandbox entries, 75 bindings with their consent URLs).
const SHARE = { sandbox: 2_400 / 16, bindings: 1_200 / 16 }

let redis: RedisServer
let client: Redis
let site: SiteServer
before(async () => {
  redis = await startRedisServer()
  Object.assign(process.env, { REDIS_URL: redis.url, SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_PER_IP_PER_MINUTE: '1000000' })
  reloadConfig()
  client = createRedisConnection(redis.url)
  site = await startSite()
})
after(async () => {
  await site?.close()
  await client?.quit()
  await redis?.stop()
  for (const name of ['REDIS_URL', 'SESSION_SECRET', 'RATE_LIMIT_PER_IP_PER_MINUTE']) delete process.env[name]
  reloadConfig()
  // The site's own Redis connections (store, subscriber, limiter) end with the process.
  setTimeout(() => process.exit(0), 500).unref()
})

test('with Redis, a flood from 12 addresses keeps to its shares and a visitor’s grant and pending consent still work', { timeout: 150_000 }, async () => {
  const victim = new Visitor(site.origin)
  const granted = await startFlow(victim, site.origin, ['read:jira-work'])
  await consentInPopup(victim, granted.url!)
  await waitForCompletion(victim, granted.flowId)
  const pending = await startFlow(victim, site.origin, ['read:jira-work', 'read:me'])
  const opened = await victim.navigate(new URL(pending.url!, site.origin).href)
  const form = parseConsentForm(opened.at(-1)!.body)
  const keysBefore = await client.dbsize()

  const flood = await floodStarts({ origin: site.origin, addresses: ADDRESSES, perAddress: STARTS_PER_ADDRESS, deadlineMs: 120_000 })
  assert.equal(flood.sent, ADDRESSES.length * STARTS_PER_ADDRESS)
  assert.ok((flood.statuses[200] ?? 0) >= flood.sent * 0.95, `the flood's starts were served: ${JSON.stringify(flood.statuses)}`)

  // Without budgets the flood leaves ~3 sandbox keys, 2 binding keys and the visitor's current-flow key per start:
  // 10,800 keys. With them: each address's shares, and one sorted set per share.
  const ceiling = ADDRESSES.length * (SHARE.sandbox + 3 * SHARE.bindings + 3) + 100
  const added = (await client.dbsize()) - keysBefore
  console.log(`the flood added ${added} keys to Redis (its shares allow ${ceiling})`)
  assert.ok(added <= ceiling, `the flood added ${added} keys; its shares allow at most ${ceiling}`)

  assert.equal((await victim.json(`/api/playground/status?flowId=${granted.flowId}`)).body.status, 'completed')
  const jira = await victim.json<JiraResponse>('/api/playground/jira', { flowId: granted.flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(jira.status, 200, JSON.stringify(jira.body).slice(0, 300))
  assert.equal((await startFlow(victim, site.origin, ['read:jira-work'])).status, 'completed', 'the grant is still held')
  const hops = await victim.navigate(`${site.origin}/api/sandbox/atlassian/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! })
  })
  assert.equal(hops.at(-1)!.status, 200, hops.map((h) => `${h.status} ${h.url}`).join('\n'))
  await waitForCompletion(victim, pending.flowId)
})
