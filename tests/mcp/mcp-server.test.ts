// /mcp driven by the official MCP SDK client over real HTTP: the docs tools, list_projects through URL-mode
// elicitation, the -32042 error and the link result, one identity per session, and no secret on the wire.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { McpError, UrlElicitationRequiredError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { reloadConfig } from '../../lib/config'
import { pageMarkdownFromFile } from '../../lib/docs/page-markdown'
import { consentInPopup } from '../helpers/flow'
import { connectMcp } from '../helpers/mcp-client'
import { findSecrets } from '../helpers/secrets'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import { LIST_PROJECTS_PROBLEM_META, LIST_PROJECTS_SCOPES, type ListProjectsProblem, type ListProjectsResult } from '../../contract/mcp'

let site: SiteServer
let endpoint: string
before(async () => {
  site = await startSite()
  endpoint = `${site.origin}/api/mcp`
})
after(async () => {
  await site.close()
})
afterEach(() => {
  for (const name of ['ARCADE_API_KEY', 'SESSION_SECRET', 'MCP_LIVE_LIST_PROJECTS']) delete process.env[name]
  reloadConfig()
})

const call = (result: unknown) => result as CallToolResult

test('initialize and tools/list: four tools, each with annotations and an output schema', async () => {
  const { client } = await connectMcp(endpoint)
  assert.equal(client.getServerVersion()?.name, 'arcade-atlassian-guide')
  const { tools } = await client.listTools()
  assert.deepEqual(tools.map((t) => t.name).sort(), ['list_pages', 'list_projects', 'read_page', 'search'])
  for (const tool of tools) {
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name)
    assert.equal(tool.outputSchema?.type, 'object', tool.name)
  }
  assert.equal(tools.find((t) => t.name === 'list_projects')!.annotations?.openWorldHint, true)
  await client.close()
})

test("search: a troubleshooting entry's error string, pasted, finds that entry first", async () => {
  const { client } = await connectMcp(endpoint)
  const result = call(await client.callTool({ name: 'search', arguments: { query: 'redirect_uri is not registered for client' } }))
  const { results } = result.structuredContent as { results: Array<{ url: string }> }
  assert.equal(results[0].url, `${site.origin}/troubleshooting#redirect-uri-not-registered`)
  await client.close()
})

test('read_page answers the page Markdown that PATH.md serves; list_pages names every page', async () => {
  const { client } = await connectMcp(endpoint)
  const read = call(await client.callTool({ name: 'read_page', arguments: { path: '/troubleshooting' } }))
  const page = read.structuredContent as { markdown: string; markdownUrl: string }
  // scripts/build-markdown.ts writes public/troubleshooting.md with this same function.
  assert.equal(page.markdown, pageMarkdownFromFile('pages/troubleshooting.mdx', '/troubleshooting'))
  assert.equal(page.markdownUrl, `${site.origin}/troubleshooting.md`)
  // (e2e/agent-runs-the-tool.spec.ts compares it with the served /auth-providers/atlassian.md of a built site.)
  const missing = call(await client.callTool({ name: 'read_page', arguments: { path: '/no-such-page' } }))
  assert.equal(missing.isError, true)
  const list = call(await client.callTool({ name: 'list_pages', arguments: {} }))
  const paths = (list.structuredContent as { pages: Array<{ path: string }> }).pages.map((p) => p.path)
  assert.ok(paths.includes('/auth-providers/atlassian') && paths.includes('/troubleshooting'), paths.join(' '))
  await client.close()
})

test('list_projects with URL-mode elicitation: the consent link, the same call returns the projects, then the completion notice', async () => {
  const browser = new Visitor(site.origin)
  let consent: Promise<unknown> | undefined
  const mcp = await connectMcp(endpoint, {
    onUrlElicitation: async (params) => {
      // The user opens the link after accepting, as a client does: the answer goes back first.
      consent = new Promise((resolve) => setTimeout(resolve, 20)).then(() => consentInPopup(browser, params.url))
      return 'accept'
    }
  })
  const result = call(await mcp.client.callTool({ name: 'list_projects', arguments: { query: '' } }))
  await consent
  assert.equal(result.isError, undefined, JSON.stringify(result).slice(0, 300))
  const projects = result.structuredContent as unknown as ListProjectsResult
  assert.ok(projects.projects.values.length > 0)
  assert.ok(projects.scopes.includes('read:jira-work'))
  assert.equal(mcp.elicitations.length, 1)
  const [elicitation] = mcp.elicitations
  assert.equal(elicitation.mode, 'url')
  assert.match(elicitation.url, new RegExp(`^${site.origin}/api/playground/consent\\?flowId=`))
  assert.match(elicitation.message, /Atlassian/)
  assert.ok(elicitation.message.includes(LIST_PROJECTS_SCOPES[0]))
  assert.ok(elicitation.message.includes(new URL(site.origin).host))
  assert.deepEqual(mcp.completed, [elicitation.elicitationId])
  // Granted for this session: a second call needs no consent.
  const again = call(await mcp.client.callTool({ name: 'list_projects', arguments: { query: 'platform' } }))
  assert.equal((again.structuredContent as unknown as ListProjectsResult).query, 'platform')
  assert.equal(mcp.elicitations.length, 1)
  await mcp.client.close()
  assert.deepEqual(findSecrets(mcp.wire.join('\n')), [])
})

test('a declined elicitation ends the call with consent_denied, and waits for nothing', async () => {
  const mcp = await connectMcp(endpoint, { onUrlElicitation: async () => 'decline' })
  const started = Date.now()
  const result = call(await mcp.client.callTool({ name: 'list_projects', arguments: {} }))
  assert.equal(result.isError, true)
  assert.equal((result._meta?.[LIST_PROJECTS_PROBLEM_META] as ListProjectsProblem).code, 'consent_denied')
  assert.ok(Date.now() - started < 5_000)
  await mcp.client.close()
})

test('list_projects without URL elicitation: the -32042 error with the link; after consent the next call completes', async () => {
  const browser = new Visitor(site.origin)
  const mcp = await connectMcp(endpoint)
  const refused = await mcp.client.callTool({ name: 'list_projects', arguments: {} }).then(
    () => assert.fail('expected the URL elicitation required error'),
    (error: unknown) => error
  )
  assert.ok(refused instanceof McpError, String(refused))
  assert.equal(refused.code, -32042)
  const [elicitation] = new UrlElicitationRequiredError((refused.data as { elicitations: never[] }).elicitations).elicitations
  assert.equal(elicitation.mode, 'url')
  await consentInPopup(browser, elicitation.url)
  const result = call(await mcp.client.callTool({ name: 'list_projects', arguments: {} }))
  assert.ok((result.structuredContent as unknown as ListProjectsResult).projects.values.length > 0)
  await mcp.client.close()
  assert.deepEqual(findSecrets(mcp.wire.join('\n')), [])
})

/** A client of an older revision (2025-06-18), which knows neither URL elicitation nor -32042, spoken by hand. */
async function rpc(sessionId: string | undefined, body: unknown, protocolVersion = '2025-06-18') {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': protocolVersion }
  if (sessionId) headers['Mcp-Session-Id'] = sessionId
  const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body) })
  const text = await response.text()
  const data = text.split('\n').find((line) => line.startsWith('data: '))
  return { response, text, message: text ? JSON.parse(data ? data.slice(6) : text) : undefined }
}

test('a client that knows neither gets a tool result with the link and "call again"; the next call completes', async () => {
  const init = await rpc(undefined, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'old', version: '0' } } })
  const sessionId = init.response.headers.get('mcp-session-id')!
  assert.equal(init.message.result.protocolVersion, '2025-06-18')
  await rpc(sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' })
  const first = await rpc(sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_projects', arguments: {} } })
  const problem = first.message.result._meta[LIST_PROJECTS_PROBLEM_META] as ListProjectsProblem
  assert.equal(first.message.result.isError, true)
  assert.equal(problem.code, 'authorization_required')
  assert.match(first.message.result.content[0].text, /call list_projects again/)
  assert.ok(first.message.result.content[0].text.includes(problem.url!))
  await consentInPopup(new Visitor(site.origin), problem.url!)
  const second = await rpc(sessionId, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_projects', arguments: {} } })
  assert.ok(second.message.result.structuredContent.projects.values.length > 0)
  assert.deepEqual(findSecrets(first.text + second.text), [])
})

test("two sessions never see each other's grants", async () => {
  const browser = new Visitor(site.origin)
  const a = await connectMcp(endpoint, { onUrlElicitation: async (params) => (await consentInPopup(browser, params.url), 'accept') })
  assert.equal(call(await a.client.callTool({ name: 'list_projects', arguments: {} })).isError, undefined)
  const b = await connectMcp(endpoint)
  const refused = await b.client.callTool({ name: 'list_projects', arguments: {} }).catch((error: unknown) => error)
  assert.ok(refused instanceof McpError && refused.code === -32042, 'the second session must consent for itself')
  // The same browser consented for A; B's link is B's own flow.
  const [elicitation] = (refused.data as { elicitations: Array<{ url: string }> }).elicitations
  assert.notEqual(elicitation.url, a.elicitations[0].url)
  await a.client.close()
  await b.client.close()
})

test('live mode: list_projects is off unless MCP_LIVE_LIST_PROJECTS=1', async () => {
  process.env.ARCADE_API_KEY = 'arc_live_key_not_real_0123'
  process.env.SESSION_SECRET = 'x'.repeat(40)
  reloadConfig()
  const off = await connectMcp(endpoint)
  assert.deepEqual((await off.client.listTools()).tools.map((t) => t.name).sort(), ['list_pages', 'read_page', 'search'])
  await off.client.close()
  process.env.MCP_LIVE_LIST_PROJECTS = '1'
  reloadConfig()
  const on = await connectMcp(endpoint)
  assert.ok((await on.client.listTools()).tools.some((t) => t.name === 'list_projects'))
  await on.client.close()
  assert.deepEqual(findSecrets(off.wire.join('') + on.wire.join(''), { key: 'arc_live_key_not_real_0123' }), [])
})
