// MCP clients get fair shares like browsers: what an MCP session makes (its record, its flow binding, its sandbox
// state) counts against its client's address, so a flood of sessions and list_projects calls from one address
// pushes out only its own. Bounds shrunk so a small flood passes them; memory stores (Redis: tests/scale).
import { after, before, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { reloadConfig } from '../../lib/config'
import { mcpSessionBounds } from '../../lib/mcp/session-records'
import { flowBindingBounds } from '../../lib/playground/flow-bindings'
import { floodOfListProjectsSparesAnotherConsent, floodOfSessionsKeepsToItsShare } from '../helpers/mcp-flood'
import { startSite, type SiteServer } from '../helpers/site'

// A sixteenth per address: 4 session records, 2 flow bindings.
mcpSessionBounds.maxEntries = 64
flowBindingBounds.maxEntries = 32

let site: SiteServer
before(async () => {
  Object.assign(process.env, { TRUST_PROXY: '1', SESSION_SECRET: randomBytes(32).toString('hex'), RATE_LIMIT_PER_IP_PER_MINUTE: '1000000' })
  reloadConfig()
  site = await startSite()
})
after(async () => {
  await site.close()
  for (const name of ['TRUST_PROXY', 'SESSION_SECRET', 'RATE_LIMIT_PER_IP_PER_MINUTE']) delete process.env[name]
  reloadConfig()
})

test("a flood of list_projects calls from one address leaves another client's pending consent working", () => floodOfListProjectsSparesAnotherConsent(site.origin))

test("a flood of sessions from one address keeps to its share and leaves another client's session open", () => floodOfSessionsKeepsToItsShare(site.origin))
