/**
 * An MCP flood from one address against another address's MCP client, over raw JSON-RPC on real HTTP, each
 * client named by X-Forwarded-For (the site runs with TRUST_PROXY=1). Used with the memory stores
 * (tests/mcp/mcp-fair-shares.test.ts) and with Redis (tests/scale/mcp-fair-shares.test.ts).
 */
import assert from 'node:assert/strict'
import { LIST_PROJECTS_PROBLEM_META, type ListProjectsProblem } from '../../contract/mcp'
import { consentInPopup } from './flow'
import { Visitor } from './site'

export interface McpPeer {
  origin: string
  address: string
}

async function rpc(peer: McpPeer, sessionId: string | undefined, body: unknown) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2025-06-18', 'X-Forwarded-For': peer.address }
  if (sessionId) headers['Mcp-Session-Id'] = sessionId
  const response = await fetch(`${peer.origin}/api/mcp`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) })
  const text = await response.text()
  const data = text.split('\n').find((line) => line.startsWith('data: '))
  return { status: response.status, sessionId: response.headers.get('mcp-session-id') ?? undefined, message: text ? JSON.parse(data ? data.slice(6) : text) : undefined }
}

/** A session of a client that knows neither URL elicitation nor -32042 (revision 2025-06-18): consent links come back in the result. */
export async function openSession(peer: McpPeer): Promise<string> {
  const init = await rpc(peer, undefined, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'flood', version: '0' } } })
  assert.equal(init.status, 200, JSON.stringify(init.message))
  await rpc(peer, init.sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' })
  return init.sessionId!
}

/** A tools/call of list_projects; its HTTP status and the JSON-RPC message. */
export function listProjects(peer: McpPeer, sessionId: string) {
  return rpc(peer, sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_projects', arguments: {} } })
}

/** list_projects before consent: the consent link the result carries. */
export async function pendingConsentLink(peer: McpPeer, sessionId: string): Promise<string> {
  const first = await listProjects(peer, sessionId)
  const problem = first.message?.result?._meta?.[LIST_PROJECTS_PROBLEM_META] as ListProjectsProblem | undefined
  assert.equal(problem?.code, 'authorization_required', JSON.stringify(first.message).slice(0, 300))
  return problem.url!
}

/** Consents through the link in a browser and checks that the session's next call lists projects. */
export async function consentAndList(peer: McpPeer, sessionId: string, link: string): Promise<void> {
  await consentInPopup(new Visitor(peer.origin), link)
  const second = await listProjects(peer, sessionId)
  assert.equal(second.status, 200, JSON.stringify(second.message).slice(0, 300))
  assert.ok(second.message.result.structuredContent?.projects?.values?.length > 0, JSON.stringify(second.message).slice(0, 300))
}

/** Scenario 1: 12 sessions from one address each start a flow; another address's pending consent still completes. */
export async function floodOfListProjectsSparesAnotherConsent(origin: string): Promise<void> {
  const victim: McpPeer = { origin, address: '10.1.0.1' }
  const flooder: McpPeer = { origin, address: '10.2.0.1' }
  const session = await openSession(victim)
  const link = await pendingConsentLink(victim, session)
  // Each flooding session is a new user with a new pending flow: 12 bindings against a share of 2.
  for (let i = 0; i < 12; i++) await pendingConsentLink(flooder, await openSession(flooder))
  await consentAndList(victim, session, link)
}

/** Scenario 2: 80 sessions from one address against a share of 4; another address's session is still known. */
export async function floodOfSessionsKeepsToItsShare(origin: string): Promise<void> {
  const victim: McpPeer = { origin, address: '10.3.0.1' }
  const flooder: McpPeer = { origin, address: '10.4.0.1' }
  const session = await openSession(victim)
  const flood: string[] = []
  for (let i = 0; i < 80; i++) flood.push(await openSession(flooder))
  // The victim's session is still known; the flooder's oldest are gone, its newest are not.
  assert.equal((await listProjects(victim, session)).status, 200)
  assert.equal((await listProjects(flooder, flood[0]!)).status, 404)
  assert.equal((await listProjects(flooder, flood.at(-1)!)).status, 200)
}
