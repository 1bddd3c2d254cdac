/**
 * The site's HTTP server: node:http around Next's request handler (`npm start`, `npm run dev`). It exists because
 * `next start` reads and buffers every body before route code runs and leaves Node's own answers (400, 408, 431)
 * and some of Next's (308 path fixes, static files) without the security headers. Here every request is judged on
 * its method, path, headers and declared length first (request-rules.ts), slow senders are cut, each client
 * address holds a bounded number of connections, and every answer carries the security headers.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import next from 'next'
import { errorBody, type PlaygroundError } from '../api/errors'
import { headersTooLarge, internalError, requestTooSlow, tooManyConnections, unparsableRequest } from '../api/refusals'
import { getConfig, type SiteConfig } from '../config'
import { isSandboxPath, serveSandboxRequest } from '../sandbox/mount'
import { nextQuery, PLAYGROUND_ROUTES, resolveApiRoute } from './playground-routes'
import { requestedHost, servedOverHttps } from '../proxy-headers'
import { spendAddressBudget } from '../rate-limit'
import { securityHeaders } from '../security-headers'
import { ConnectionBudget } from './connection-budget'
import { judgeRequest } from './early-refusal'

/** Time for a request's headers, and for the whole request with its body (bodies here are at most 64 KB). */
export const HEADERS_TIMEOUT_MS = 5_000
export const REQUEST_TIMEOUT_MS = 10_000
/** How often Node looks for requests past those times (its default, 30 s, would let a slow sender stay that long). */
const TIMEOUT_CHECK_MS = 1_000
/**
 * After an answer that left the body unread: the socket stops writing at once, and the rest of the body may
 * still arrive (read and dropped, never kept) this long, so the client can read the answer before the reset.
 */
const LINGER_MS = 2_000

/**
 * Connections the kernel may hold for the server to accept (capped by net.core.somaxconn). Node's default, 511,
 * overflowed under a burst of visitors (2,000 at once: 10,580 overflows in one run): a dropped connection is retried
 * by the client's TCP only after 1 s, then 3 s, then 7 s, so requests that were cheap took 10 s and more.
 */
const LISTEN_BACKLOG = 4096

export interface SiteServerOptions {
  dev: boolean
  hostname: string
  port: number
  dir: string
}

export interface SiteServer {
  server: Server
  origin: string
  close(): Promise<void>
}

const API_PATH = '/api/'

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void
/** Next's own copy of `compression`, which Next puts in front of every answer it serves (next.config's `compress`, on). */
const compress = (createRequire(import.meta.url)('next/dist/compiled/compression') as () => Middleware)()

function jsonAnswer(error: PlaygroundError): { text: string; headers: Record<string, string> } {
  const text = JSON.stringify(errorBody(error))
  const headers: Record<string, string> = {
    ...(error.extra.headers ?? {}),
    ...(error.extra.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.extra.retryAfterSeconds) } : {}),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    Connection: 'close'
  }
  return { text, headers }
}

/** An answer written straight to a socket that has no request object (Node's parser refused it, or too many connections). */
function writeRawAnswer(socket: Socket, error: PlaygroundError, config: SiteConfig, development: boolean): void {
  const { text, headers } = jsonAnswer(error)
  const https = config.trustProxyHops === 0 && (socket as { encrypted?: boolean }).encrypted === true
  const all = { ...securityHeaders(API_PATH, development, https), ...headers }
  const head = [`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`, ...Object.entries(all).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n')
  socket.end(head + text)
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}

/**
 * Cuts a connection whose request body was not read to the end once its answer is out, and says so in the answer
 * (`Connection: close`), so a client does not send its next request down a connection that is closing.
 */
function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  const writeHead = res.writeHead
  // Node's implicit headers (a bare write or end) go through writeHead too.
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!req.complete) res.shouldKeepAlive = false
    return writeHead.apply(this, args)
  } as ServerResponse['writeHead']
  res.once('finish', () => {
    if (req.complete) return
    req.socket.end()
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref()
  })
}

/** What a trusted proxy said is what Next sees too; with no trusted proxy the client's own forwarding headers are dropped. */
function normaliseForwardedHeaders(req: IncomingMessage, config: SiteConfig): void {
  const https = servedOverHttps(req, config.trustProxyHops)
  const host = config.trustProxyHops > 0 ? requestedHost(req, config.trustProxyHops) : undefined
  req.headers['x-forwarded-proto'] = https ? 'https' : 'http'
  if (host) req.headers['x-forwarded-host'] = host
  else delete req.headers['x-forwarded-host']
}

/**
 * Whether Next would serve this request-target as it stands: not a path it redirects (a trailing slash) or
 * rewrites (dot segments, escapes). Only such requests may skip Next's router (directRoute).
 */
function unchangedByNext(req: IncomingMessage, pathname: string): boolean {
  if (pathname.endsWith('/') || pathname.includes('%')) return false
  const target = req.url ?? ''
  const query = target.indexOf('?')
  return (query === -1 ? target : target.slice(0, query)) === pathname
}

/**
 * The requests a Run makes go straight to their code, without Next's router, tracing and manifest reads, which
 * took as much CPU as the work itself: the embedded sandbox's paths (every SDK call in sandbox mode, the consent
 * pages) and the playground's API routes, served by Next's own API resolver. The routes only in production: in
 * development Next's copy reloads when a route is edited.
 */
function directRoute(req: IncomingMessage, pathname: string, dev: boolean): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined {
  if (!unchangedByNext(req, pathname)) return undefined
  if (isSandboxPath(pathname)) return serveSandboxRequest
  const route = dev ? undefined : PLAYGROUND_ROUTES[pathname]
  if (!route) return undefined
  const search = (req.url ?? '').slice(pathname.length)
  return (req, res) => {
    compress(req, res, () => undefined)
    return resolveApiRoute(req, res, route, pathname, nextQuery(search))
  }
}

export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const config = getConfig()
  const app = next({ dev: options.dev, hostname: options.hostname, port: options.port, dir: options.dir })
  const handle = app.getRequestHandler()
  await app.prepare()
  const connections = new ConnectionBudget(config.connectionsPerAddress)

  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
    (req, res) => void onRequest(req, res).catch((error) => failed(res, error))
  )

  /** Next answers its own errors; this is for a fault in this file, answered without a stack in the log. */
  function failed(res: ServerResponse, error: unknown): void {
    console.error('site server: request failed:', error instanceof Error ? error.name : 'unknown error')
    if (res.headersSent) res.destroy()
    else {
      const { text, headers } = jsonAnswer(internalError())
      res.writeHead(500, headers).end(text)
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const judgement = judgeRequest(req)
    const https = servedOverHttps(req, config.trustProxyHops)
    // Set before Next writes anything, so its own answers (308, 404, static files, error pages) carry them too.
    for (const [name, value] of Object.entries(securityHeaders(judgement.pathname, options.dev, https))) res.setHeader(name, value)
    closeIfBodyUnread(req, res)
    if (judgement.refusal) {
      // Refusals spend the address's budget like any request, and a spent budget answers 429 instead.
      const refusal = (await spendAddressBudget(req, config, judgement.rule.budget)) ?? judgement.refusal
      const { text, headers } = jsonAnswer(refusal)
      // A JSON answer gets the API policy whatever path it was asked on.
      res.setHeader('Content-Security-Policy', securityHeaders(API_PATH, options.dev, https)['Content-Security-Policy']!)
      res.writeHead(refusal.status, headers).end(text)
      return
    }
    normaliseForwardedHeaders(req, config)
    const direct = directRoute(req, judgement.pathname, options.dev)
    if (direct) return direct(req, res)
    await handle(req, res)
  }

  // Without this Node would answer `Expect: 100-continue` itself, inviting the body before the request is judged.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!judgeRequest(req).refusal) res.writeContinue()
    void onRequest(req, res).catch((error) => failed(res, error))
  })

  // Behind a proxy every connection is the proxy's, so the per-address bound applies only to direct clients.
  if (config.trustProxyHops === 0) {
    server.on('connection', (socket: Socket) => {
      if (!connections.admit(socket)) writeRawAnswer(socket, tooManyConnections(config.connectionsPerAddress), config, options.dev)
    })
  }

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const answering = (socket as { _httpMessage?: ServerResponse })._httpMessage
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy()
      return
    }
    const refusal =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? headersTooLarge()
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? requestTooSlow(REQUEST_TIMEOUT_MS / 1000)
          : unparsableRequest()
    writeRawAnswer(socket, refusal, config, options.dev)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: options.port, host: options.hostname, backlog: LISTEN_BACKLOG }, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    server,
    origin: `http://${shownHost}:${address.port}`,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await app.close()
    }
  }
}
