// /mcp behind two instances of the built site sharing one real Redis: a session started on A is served on B (its
// record is shared); the fallback path (-32042, consent, call again) works with every step on another instance.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { McpError } from '@modelcontextprotocol/sdk/types.js'
import { consentInPopup } from '../helpers/flow'
import { connectMcp } from '../helpers/mcp-client'
import { startRedisServer, type RedisServer } from '../helpers/redis-server'
import { startSiteInstance, type SiteInstance } from '../helpers/site-instance'
import { Visitor } from '../helpers/site'
import type { ListProjectsResult } from '../../contract/mcp'

let redis: RedisServer
let a: SiteInstance
let b: SiteInstance

before(async () => {
  redis = await startRedisServer()
  const settings = { REDIS_URL: redis.url, SESSION_SECRET: randomBytes(32).toString('hex') }
  ;[a, b] = await Promise.all([startSiteInstance(settings), startSiteInstance(settings)])
})

after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await redis?.stop()
})

test('the -32042 path across instances: initialize on A, the error on B, consent on A, the projects on B', async () => {
  const onA = await connectMcp(`${a.origin}/mcp`)
  const sessionId = onA.transport.sessionId!
  // The same session, reaching B (no sticky routing).
  const onB = await connectMcp(`${b.origin}/mcp`, { sessionId })
  const refused = await onB.client.callTool({ name: 'list_projects', arguments: {} }).catch((error: unknown) => error)
  assert.ok(refused instanceof McpError && refused.code === -32042, String(refused))
  const [{ url }] = (refused.data as { elicitations: Array<{ url: string }> }).elicitations
  await consentInPopup(new Visitor(a.origin), url.replace(b.origin, a.origin), a.origin)
  const result = await onB.client.callTool({ name: 'list_projects', arguments: {} })
  assert.ok((result.structuredContent as unknown as ListProjectsResult).projects.values.length > 0)
  // And on A, the session that started there sees the same grant.
  const again = await onA.client.callTool({ name: 'list_projects', arguments: {} })
  assert.ok((again.structuredContent as unknown as ListProjectsResult).projects.values.length > 0)
  await onA.client.close()
})

test('a session that declared URL elicitation, reaching an instance that does not hold it, gets the -32042 error', async () => {
  const onA = await connectMcp(`${a.origin}/mcp`, { onUrlElicitation: async () => 'accept' })
  const onB = await connectMcp(`${b.origin}/mcp`, { sessionId: onA.transport.sessionId! })
  const refused = await onB.client.callTool({ name: 'list_projects', arguments: {} }).catch((error: unknown) => error)
  assert.ok(refused instanceof McpError && refused.code === -32042, String(refused))
  await onA.client.close()
})
