// A second MCP client implementation, written by nobody here: the AI SDK's own (@ai-sdk/mcp 1.0.102, engines
// node >=18; it does not use the official SDK). It lists the tools and calls search over real HTTP.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createMCPClient } from '@ai-sdk/mcp'
import { startSite, type SiteServer } from '../helpers/site'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

test('the AI SDK MCP client lists the tools and calls search', async () => {
  const client = await createMCPClient({ transport: { type: 'http', url: `${site.origin}/api/mcp` } })
  try {
    assert.equal(client.serverInfo.name, 'arcade-atlassian-guide')
    const listed = await client.listTools()
    assert.deepEqual(listed.tools.map((t) => t.name).sort(), ['list_pages', 'list_projects', 'read_page', 'search'])
    const tools = await client.tools()
    const result = (await tools.search.execute({ query: 'scope does not match' }, { toolCallId: 'call-1', messages: [] })) as {
      structuredContent?: { results: Array<{ url: string }> }
    }
    assert.match(result.structuredContent!.results[0].url, /\/troubleshooting#scope-/)
  } finally {
    await client.close()
  }
})
