// tests/mcp/mcp-fair-shares.test.ts with every store in a real redis-server: an MCP flood from one address keeps
// to its shares of the session records and flow bindings, and another client's session and pending consent work.
import { after, before, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { reloadConfig } from '../../lib/config'
import { mcpSessionBounds } from '../../lib/mcp/session-records'
import { flowBindingBounds } from '../../lib/playground/flow-bindings'
import { floodOfListProjectsSparesAnotherConsent, floodOfSessionsKeepsToItsShare } from '../helpers/mcp-flood'
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

test("with Redis, a flood of list_projects calls from one address leaves another client's pending consent working", () => floodOfListProjectsSparesAnotherConsent(site.origin))

test("with Redis, a flood of sessions from one address keeps to its share and leaves another client's session open", () => floodOfSessionsKeepsToItsShare(site.origin))
