// tests/mcp/mcp-fair-shares.test.ts with every store in a real redis-server: an MCP flood from one address keeps
// to its shares of the session records and flow bindings, and another client's session and pending consent work.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { reloadConfig } from '../../lib/config'
import { mcpSessionBounds } from '../../lib/mcp/session-records'
import { flowBindingBounds } from '../../lib/playground/flow-bindings'
import { consentAndList, listProjects, openSession, pendingConsentLink, type McpPeer } from '../helpers/mcp-flood'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startSite, type SiteServer } from '../helpers/site'

mcpSessionBounds.maxEntries = 64
flowBindingBounds.maxEntries = 32

let redis: RedisServer
let site: SiteServer
before(async () => {
  redis = await startRedisServer()
  Object.assign(process.env, { REDIS_URL: redis.url, TRUST_PROXY: '1', SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_PER_IP_PER_MINUTE: '1000000' })
  reloadConfig()
  site = await startSite()
})
after(async () => {
  await site?.close()
  await redis?.stop()
  for (const name of ['REDIS_URL', 'TRUST_PROXY', 'SESSION_SECRET', 'RATE_LIMIT_PER_IP_PER_MINUTE']) delete process.env[name]
  reloadConfig()
  // The site's own Redis connections end with the process.
  setTimeout(() => process.exit(0), 500).unref()
})

test("with Redis, a flood of list_projects calls from one address leaves another client's pending consent working", async () => {
  const victim: McpPeer = { origin: site.origin, address: '10.1.0.1' }
  const flooder: McpPeer = { origin: site.origin, address: '10.2.0.1' }
  const session = await openSession(victim)
  const link = await pendingConsentLink(victim, session)
  for (let i = 0; i < 12; i++) await pendingConsentLink(flooder, await openSession(flooder))
  await consentAndList(victim, session, link)
})

test("with Redis, a flood of sessions from one address keeps to its share and leaves another client's session open", async () => {
  const victim: McpPeer = { origin: site.origin, address: '10.3.0.1' }
  const flooder: McpPeer = { origin: site.origin, address: '10.4.0.1' }
  const session = await openSession(victim)
  const flood: string[] = []
  for (let i = 0; i < 80; i++) flood.push(await openSession(flooder))
  assert.equal((await listProjects(victim, session)).status, 200)
  assert.equal((await listProjects(flooder, flood[0]!)).status, 404)
  assert.equal((await listProjects(flooder, flood.at(-1)!)).status, 200)
})
