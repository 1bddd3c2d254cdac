// `/mcp` over Streamable HTTP (MCP 2025-11-25): the site's checks first (rate limit, Origin, method, content type,
// body size, JSON), each refused with a JSON-RPC error, then the SDK's transport for the session.
import type { IncomingMessage, ServerResponse } from 'node:http'
import getRawBody from 'raw-body'
import { LRUCache } from 'lru-cache'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { isInitializeRequest, LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { getConfig, type SiteConfig } from '../config'
import { PlaygroundError } from '../api/errors'
import { clientKey, enforceRateLimit } from '../rate-limit'
import { SharedStoreUnavailable } from '../redis'
import { siteOrigin } from '../site-origin'
import { createSessionServer, type RequestPlace } from './server'
import { MCP_MAX_BODY_BYTES } from '../../contract/mcp'
import { getMcpSessionRecords, MCP_SESSION_IDLE_SECONDS, type McpSessionRecord } from './session-records'

export { MCP_MAX_BODY_BYTES }

/** Live sessions (transport and server in memory) one instance holds; past it the least recently used is closed. */
export const MCP_MAX_LIVE_SESSIONS = 200

const SESSION_HEADER = 'mcp-session-id'

/** JSON-RPC error codes the transport uses too: -32700 parse error, -32600 invalid request, -32000 server error. */
function sendRpcError(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }))
}

interface LiveSession {
  transport: StreamableHTTPServerTransport
  server: McpServer
  place: RequestPlace
}

const LIVE = Symbol.for('arcade-atlassian-playground.mcp-live-sessions')

function liveSessions(): LRUCache<string, LiveSession> {
  const store = globalThis as unknown as Record<symbol, LRUCache<string, LiveSession> | undefined>
  return (store[LIVE] ??= new LRUCache<string, LiveSession>({
    max: MCP_MAX_LIVE_SESSIONS,
    ttl: MCP_SESSION_IDLE_SECONDS * 1000,
    updateAgeOnGet: true,
    ttlAutopurge: true,
    // Evicted, expired or deleted: close its transport (and any stream it still holds open), once it has left the
    // cache (its onclose deletes it again, which must not run inside the cache's own removal).
    disposeAfter: (session) => void session.transport.close().catch(() => undefined)
  }))
}

/** How many sessions this instance holds live (for the bound's test). */
export function liveSessionCount(): number {
  return liveSessions().size
}

function placeOf(req: IncomingMessage, config: SiteConfig): RequestPlace {
  return { self: { localAddress: req.socket.localAddress, localPort: req.socket.localPort }, origin: siteOrigin(config, req), clientKey: clientKey(req, config.trustProxyHops) }
}

/**
 * DNS rebinding: a browser page on another origin (or one rebound to a private address) must not drive the
 * server. A request without Origin is not from a browser page; one with Origin must be this site's.
 */
function originAllowed(req: IncomingMessage, config: SiteConfig): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  const allowed = new Set([siteOrigin(config, req)])
  const host = req.headers.host
  if (host) ['http', 'https'].forEach((scheme) => allowed.add(`${scheme}://${host}`))
  if (config.siteUrl) return origin === config.siteUrl
  return allowed.has(origin)
}

async function readMessage(req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; body: unknown } | { ok: false }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') {
    sendRpcError(res, 415, -32000, 'Unsupported Media Type: send JSON-RPC with Content-Type: application/json')
    return { ok: false }
  }
  let text: string
  try {
    text = await getRawBody(req, { limit: MCP_MAX_BODY_BYTES, encoding: 'utf8' })
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') sendRpcError(res, 413, -32000, `Payload Too Large: a message may be at most ${MCP_MAX_BODY_BYTES} bytes`)
    else sendRpcError(res, 400, -32700, 'Parse error: the request body could not be read')
    return { ok: false }
  }
  try {
    return { ok: true, body: JSON.parse(text) }
  } catch {
    sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON')
    return { ok: false }
  }
}

/** The client's initialize, as the session record keeps it: URL-mode elicitation declared, and the agreed revision. */
function recordFields(initialize: { params: { protocolVersion: string; capabilities?: { elicitation?: { url?: unknown } } } }): Omit<McpSessionRecord, 'userId'> {
  const asked = initialize.params.protocolVersion
  return {
    urlElicitation: initialize.params.capabilities?.elicitation?.url !== undefined,
    protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(asked) ? asked : LATEST_PROTOCOL_VERSION
  }
}

async function startSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig, body: unknown, initialize: Parameters<typeof recordFields>[0]) {
  const place = placeOf(req, config)
  const { sessionId, record } = await getMcpSessionRecords().create(recordFields(initialize), place.clientKey)
  const live: LiveSession = { place } as LiveSession
  live.transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => sessionId, enableJsonResponse: false })
  live.server = createSessionServer({ config, record, live: true, place: () => live.place })
  live.transport.onclose = () => void liveSessions().delete(sessionId)
  await live.server.connect(live.transport)
  liveSessions().set(sessionId, live)
  await live.transport.handleRequest(req, res, body)
}

/** A session this instance does not hold (another instance started it): served statelessly, one request at a time. */
async function serveElsewhereSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig, body: unknown, record: McpSessionRecord) {
  const place = placeOf(req, config)
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
  const server = createSessionServer({ config, record, live: false, place: () => place })
  await server.connect(transport)
  res.on('close', () => void server.close().catch(() => undefined))
  await transport.handleRequest(req, res, body)
}

export async function handleMcpRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('Cache-Control', 'no-store')
  const config = getConfig()
  try {
    await enforceRateLimit(req, res, config, 'mcp')
    if (!originAllowed(req, config)) return sendRpcError(res, 403, -32000, 'Forbidden: this Origin may not use the MCP endpoint')
    const method = req.method ?? ''
    if (method === 'GET') {
      // No standalone server-to-client stream: the server sends only within a call (the spec allows 405 here).
      return sendRpcError(res, 405, -32000, 'Method Not Allowed: this server sends messages only in answer to a POST', { Allow: 'POST, DELETE' })
    }
    if (method !== 'POST' && method !== 'DELETE') return sendRpcError(res, 405, -32000, 'Method Not Allowed: use POST (or DELETE to end a session)', { Allow: 'POST, DELETE' })

    const sessionHeader = req.headers[SESSION_HEADER]
    const sessionId = typeof sessionHeader === 'string' ? sessionHeader : undefined
    if (method === 'DELETE') {
      if (!sessionId) return sendRpcError(res, 400, -32000, 'Bad Request: DELETE needs the Mcp-Session-Id header')
      liveSessions().delete(sessionId)
      await getMcpSessionRecords().delete(sessionId)
      res.writeHead(200).end()
      return
    }

    const read = await readMessage(req, res)
    if (!read.ok) return
    if (!sessionId) {
      const initialize = Array.isArray(read.body) ? undefined : isInitializeRequest(read.body) ? read.body : undefined
      if (!initialize) return sendRpcError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id header; start a session with a single initialize request')
      return await startSession(req, res, config, read.body, initialize)
    }
    const live = liveSessions().get(sessionId)
    const record = await getMcpSessionRecords().touch(sessionId)
    if (!record) {
      if (live) liveSessions().delete(sessionId)
      return sendRpcError(res, 404, -32001, 'Session not found: start a new session with initialize')
    }
    if (live) {
      live.place = placeOf(req, config)
      return await live.transport.handleRequest(req, res, read.body)
    }
    return await serveElsewhereSession(req, res, config, read.body, record)
  } catch (error) {
    if (error instanceof PlaygroundError) {
      const headers: Record<string, string> = error.extra.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.extra.retryAfterSeconds) } : {}
      return sendRpcError(res, error.status, -32000, error.message, headers)
    }
    if (error instanceof SharedStoreUnavailable) {
      console.error(error.message)
      return sendRpcError(res, 503, -32000, "The site's shared storage is not answering; try again in a moment.", { 'Retry-After': '5' })
    }
    console.error('mcp request failed:', error instanceof Error ? error.name : 'unknown error')
    sendRpcError(res, 500, -32603, 'Internal error: something went wrong on the server; try again')
  }
}
