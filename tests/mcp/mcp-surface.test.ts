// /mcp's public surface: every refusal is a JSON-RPC error with a fitting HTTP status, never a crash or a hang.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '../../lib/config'
import { liveSessionCount, MCP_MAX_BODY_BYTES, MCP_MAX_LIVE_SESSIONS } from '../../lib/mcp/http'
import { startSite, type SiteServer } from '../helpers/site'

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
  delete process.env.RATE_LIMIT_PER_IP_PER_MINUTE
  reloadConfig()
})

const JSON_RPC = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' }
const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } }

async function send(init: RequestInit & { headers?: Record<string, string> }) {
  const response = await fetch(endpoint, { method: 'POST', ...init, headers: { ...JSON_RPC, ...init.headers }, signal: AbortSignal.timeout(10_000) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as { jsonrpc: string; error?: { code: number; message: string }; id: unknown } }
}

function assertRpcError(answer: Awaited<ReturnType<typeof send>>, status: number, code: number) {
  assert.equal(answer.status, status, JSON.stringify(answer.body))
  assert.equal(answer.body.jsonrpc, '2.0')
  assert.equal(answer.body.error?.code, code, JSON.stringify(answer.body))
  assert.equal(answer.headers.get('content-type'), 'application/json')
}

test('a wrong Origin is refused (DNS rebinding); the site\'s own Origin and no Origin are served', async () => {
  assertRpcError(await send({ body: JSON.stringify(INITIALIZE), headers: { Origin: 'https://evil.example' } }), 403, -32000)
  assertRpcError(await send({ body: JSON.stringify(INITIALIZE), headers: { Origin: 'http://127.0.0.1.evil.example' } }), 403, -32000)
  const own = await fetch(endpoint, { method: 'POST', headers: { ...JSON_RPC, Origin: site.origin }, body: JSON.stringify(INITIALIZE) })
  assert.equal(own.status, 200)
  await own.body?.cancel()
  const plain = await fetch(endpoint, { method: 'POST', headers: JSON_RPC, body: JSON.stringify(INITIALIZE) })
  assert.equal(plain.status, 200)
  assert.ok(plain.headers.get('mcp-session-id'))
  await plain.body?.cancel()
})

test('garbage gets JSON-RPC errors: bad JSON, not JSON-RPC, wrong content type, too large, no session, unknown session', async () => {
  assertRpcError(await send({ body: '{"jsonrpc": "2.0", "id": 1, "method": ' }), 400, -32700)
  assertRpcError(await send({ body: 'null' }), 400, -32000)
  assertRpcError(await send({ body: JSON.stringify({ hello: 'world' }) }), 400, -32000)
  assertRpcError(await send({ body: JSON.stringify(INITIALIZE), headers: { 'Content-Type': 'text/plain' } }), 415, -32000)
  assertRpcError(await send({ body: JSON.stringify({ ...INITIALIZE, pad: 'x'.repeat(MCP_MAX_BODY_BYTES) }) }), 413, -32000)
  assertRpcError(await send({ body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) }), 400, -32000)
  assertRpcError(await send({ body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), headers: { 'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000' } }), 404, -32001)
  assertRpcError(await send({ body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), headers: { 'Mcp-Session-Id': 'x'.repeat(5000) } }), 404, -32001)
  // Inside a session, a message that is not JSON-RPC is the transport's parse error.
  const init = await fetch(endpoint, { method: 'POST', headers: JSON_RPC, body: JSON.stringify(INITIALIZE) })
  const sessionId = init.headers.get('mcp-session-id')!
  await init.body?.cancel()
  assertRpcError(await send({ body: JSON.stringify([{ nonsense: true }]), headers: { 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': '2025-11-25' } }), 400, -32700)
  const unknownTool = await fetch(endpoint, {
    method: 'POST',
    headers: { ...JSON_RPC, 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'no/such/method' })
  })
  assert.match(await unknownTool.text(), /"code":-32601/)
})

test('GET (no standalone stream) and other methods get 405 with Allow; DELETE ends a session', async () => {
  const get = await fetch(endpoint, { headers: { Accept: 'text/event-stream' } })
  assert.equal(get.status, 405)
  assert.equal(get.headers.get('allow'), 'POST, DELETE')
  assert.equal(((await get.json()) as { error: { code: number } }).error.code, -32000)
  assert.equal((await fetch(endpoint, { method: 'PUT', headers: JSON_RPC, body: '{}' })).status, 405)
  const init = await fetch(endpoint, { method: 'POST', headers: JSON_RPC, body: JSON.stringify(INITIALIZE) })
  const sessionId = init.headers.get('mcp-session-id')!
  await init.body?.cancel()
  assert.equal((await fetch(endpoint, { method: 'DELETE', headers: { 'Mcp-Session-Id': sessionId } })).status, 200)
  assertRpcError(await send({ body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), headers: { 'Mcp-Session-Id': sessionId } }), 404, -32001)
})

test('live sessions are bounded per instance; a session whose transport was let go is still served, per request', async () => {
  const ids: string[] = []
  for (let i = 0; i < MCP_MAX_LIVE_SESSIONS + 5; i++) {
    const init = await fetch(endpoint, { method: 'POST', headers: JSON_RPC, body: JSON.stringify(INITIALIZE) })
    ids.push(init.headers.get('mcp-session-id')!)
    await init.body?.cancel()
  }
  assert.ok(liveSessionCount() <= MCP_MAX_LIVE_SESSIONS, String(liveSessionCount()))
  const first = await send({ body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), headers: { 'Mcp-Session-Id': ids[0], 'MCP-Protocol-Version': '2025-11-25' } })
  assert.equal(first.status, 200)
  assert.ok((first.body as unknown as { result: { tools: unknown[] } }).result.tools.length >= 3)
})

test('per-address rate limit: past the budget, 429 with Retry-After as a JSON-RPC error', async () => {
  process.env.RATE_LIMIT_PER_IP_PER_MINUTE = '3'
  reloadConfig()
  const statuses: number[] = []
  let last: Awaited<ReturnType<typeof send>> | undefined
  for (let i = 0; i < 5; i++) {
    last = await send({ body: '{' })
    statuses.push(last.status)
  }
  assert.deepEqual(statuses, [400, 400, 400, 429, 429])
  assertRpcError(last!, 429, -32000)
  assert.ok(Number(last!.headers.get('retry-after')) > 0)
})
