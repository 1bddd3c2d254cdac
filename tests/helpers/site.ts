/**
 * The site's API routes behind a real HTTP server, called the way Next calls them (its own apiResolver),
 * with the embedded sandbox mounted where the site mounts it. A small browser stand-in keeps cookies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { nextQuery, PLAYGROUND_ROUTES, resolveApiRoute, type RouteModule } from '../../lib/server/playground-routes'
import * as sandboxRoute from '../../pages/api/sandbox/[...path]'
import * as unknownApiRoute from '../../pages/api/[[...unknown]]'
import * as mcpRoute from '../../pages/api/mcp'
import * as llmsRoute from '../../pages/api/docs/llms'
import * as robotsRoute from '../../pages/api/docs/robots'
import * as sitemapRoute from '../../pages/api/docs/sitemap'

const ROUTES: Record<string, RouteModule> = {
  ...PLAYGROUND_ROUTES,
  // The site serves it at /mcp too (a rewrite in next.config.mjs).
  '/api/mcp': mcpRoute,
  '/api/docs/llms': llmsRoute,
  '/api/docs/robots': robotsRoute,
  '/api/docs/sitemap': sitemapRoute
}

export interface SiteServer {
  origin: string
  close(): Promise<void>
}

function dispatch(req: IncomingMessage, res: ServerResponse) {
  let url: URL
  try {
    url = new URL(req.url ?? '/', 'http://site.invalid')
  } catch {
    // Next refuses a request-target it cannot parse with 400 before any route.
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Request')
    return
  }
  const query = nextQuery(url.search)
  let route = ROUTES[url.pathname]
  if (url.pathname.startsWith('/api/sandbox/')) {
    route = sandboxRoute
    query.path = url.pathname.slice('/api/sandbox/'.length).split('/')
  }
  if (!route && (url.pathname === '/api' || url.pathname.startsWith('/api/'))) {
    // As Next resolves it: the specific routes first, the optional catch-all for /api and any other path under it.
    route = unknownApiRoute
    query.unknown = url.pathname.slice('/api/'.length).split('/').filter(Boolean)
  }
  if (!route) {
    // Next answers its own 404 page for a path no route serves.
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>404: This page could not be found</title>')
    return
  }
  void resolveApiRoute(req, res, route, url.pathname, query)
}

/** Starts the routes on 127.0.0.1 (a free port unless given); the config comes from process.env, as in the site. */
export async function startSite(port = 0): Promise<SiteServer> {
  const server = createServer(dispatch)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** A browser stand-in: one cookie jar, manual redirects, same-origin requests to the site. */
export class Visitor {
  private readonly cookies = new Map<string, string>()

  constructor(readonly origin: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim())
    }
    return response
  }

  async json<T = any>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await this.request(path, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })
    return { status: response.status, body: (await response.json()) as T, headers: response.headers }
  }

  /** Follows redirects by hand (as the popup would), returning every hop. */
  async navigate(path: string, init: RequestInit = {}): Promise<Array<{ url: string; status: number; body: string; headers: Headers }>> {
    const hops: Array<{ url: string; status: number; body: string; headers: Headers }> = []
    let url = new URL(path, this.origin).href
    for (let i = 0; i < 10; i++) {
      const response = await this.request(url, i === 0 ? init : {})
      hops.push({ url, status: response.status, body: await response.text(), headers: response.headers })
      const location = response.headers.get('location')
      if (!location || response.status < 300 || response.status >= 400) return hops
      url = new URL(location, url).href
    }
    throw new Error(`too many redirects from ${path}`)
  }
}
