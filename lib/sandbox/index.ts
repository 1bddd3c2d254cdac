import type { IncomingMessage, ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { OAuthApp, ProviderRecord, SandboxConfig, SandboxContext, SandboxTtls } from './context'
import { checkApiKey, readJson, serveAuthorize, serveCallbackSuccess, serveConfirmUser, serveHealth, serveOAuthCallback, serveStatus } from './arcade-api'
import { serveAccessibleResources, serveAvatar, serveMe } from './atlassian-api'
import { decideConsent, serveToken, showConsentPage } from './atlassian-oauth'
import { renderMessagePage } from './consent-page'
import { type EndpointName, FaultInjector, faultRuleSchema } from './faults'
import { HttpError, joinUrl, sendHtml, sendJson, tryDecodeURIComponent } from './http'
import { serveMyself, serveProjectSearch } from './jira'
import { createMemoryStore, type SandboxStore } from './store'
import { createWorld, type World } from './world'

export type { OAuthApp, ProviderRecord, SandboxConfig, SandboxTtls } from './context'
export type { ActiveFault, EndpointName, FaultRule } from './faults'
export type { SandboxStore } from './store'
export type { World } from './world'

export interface SandboxOptions {
  /** The Arcade API key the sandbox accepts (raw or `Bearer`). */
  apiKey: string
  /** Path prefix the handler is mounted under, stripped from incoming URLs ('' standalone, '/api/sandbox' in Next). */
  basePath?: string
  /** Prefix of every browser-facing URL the sandbox emits: absolute standalone, path-only when embedded. */
  publicBase: string
  /** Custom user verifier (absolute or path-only). Without it, consent completes the flow directly. */
  verifierUrl?: string
  /** Arcade auth provider records; default one Atlassian record with id `atlassian`. */
  providers?: ProviderRecord[]
  /** Upper bound on `GET /v1/auth/status?wait=` in seconds (Arcade's own cap, 59, always applies). */
  longPollCapSeconds?: number
  ttl?: Partial<SandboxTtls>
  /** Serve `/_sandbox/faults` (API-key protected). `sandbox.faults` works regardless. */
  allowFaultInjection?: boolean
  /** State backend; default an in-memory LRU bounded by `maxStoreEntries`. */
  store?: SandboxStore
  maxStoreEntries?: number
}

export interface Sandbox {
  handler(req: IncomingMessage, res: ServerResponse): void
  faults: FaultInjector
  world: World
  /** The fictional Atlassian OAuth apps, one per provider record (client ids and non-secret secrets). */
  apps: OAuthApp[]
  config: SandboxConfig
  /** Release held long-polls and injected delays, wait for in-flight requests, then close the store. */
  close(): Promise<void>
}

export const DEFAULT_PROVIDERS: ProviderRecord[] = [{ id: 'atlassian', type: 'atlassian' }]

const DEFAULT_TTLS: SandboxTtls = {
  flowSeconds: 60 * 60,
  consentSeconds: 10 * 60,
  authorizationCodeSeconds: 10 * 60,
  // 3600 is what clients observe from Atlassian (contracts/atlassian.md §1c).
  accessTokenSeconds: 60 * 60,
  refreshTokenSeconds: 90 * 24 * 60 * 60,
  refreshReuseLeewaySeconds: 10 * 60,
  // [U] The LAB saw a confirm succeed about 8 minutes in; 10 minutes is assumed.
  confirmWindowSeconds: 10 * 60,
  grantSeconds: 90 * 24 * 60 * 60,
}

type Dialect = 'arcade' | 'oauth' | 'gateway' | 'html'

interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  /** Fault-injection target; routes without one are never faulted. */
  endpoint?: EndpointName
  dialect: Dialect
  handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray): Promise<void> | void
}

const JIRA = '/atlassian/ex/jira/([^/]+)/rest/api/3'

/** A path segment as the gateway sees it; a malformed escape is the caller's mistake, not a crash. */
function pathSegment(raw: string): string {
  const decoded = tryDecodeURIComponent(raw)
  if (decoded === undefined) throw new HttpError(400, { errorMessages: ['The URL path is not validly encoded.'], errors: {} })
  return decoded
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/v1\/health$/, endpoint: 'arcade.health', dialect: 'arcade', handle: (_c, _q, res) => serveHealth(res) },
  { method: 'POST', pattern: /^\/v1\/auth\/authorize$/, endpoint: 'arcade.authorize', dialect: 'arcade', handle: (c, q, r) => serveAuthorize(c, q, r) },
  { method: 'GET', pattern: /^\/v1\/auth\/status$/, endpoint: 'arcade.status', dialect: 'arcade', handle: (c, q, r, u) => serveStatus(c, q, r, u) },
  { method: 'POST', pattern: /^\/(v1\/auth|api\/v1\/oauth)\/confirm_user$/, endpoint: 'arcade.confirm_user', dialect: 'arcade', handle: (c, q, r) => serveConfirmUser(c, q, r) },
  { method: 'GET', pattern: /^\/api\/v1\/oauth\/callback_success$/, endpoint: 'arcade.callback_success', dialect: 'html', handle: (c, _q, r, u) => serveCallbackSuccess(c, r, u) },
  { method: 'GET', pattern: /^\/api\/v1\/oauth\/([A-Za-z0-9_-]+)\/callback$/, endpoint: 'arcade.callback', dialect: 'html', handle: (c, _q, r, u, m) => serveOAuthCallback(c, r, m[1]!, u) },
  { method: 'GET', pattern: /^\/atlassian\/authorize$/, endpoint: 'atlassian.authorize', dialect: 'html', handle: (c, _q, r, u) => showConsentPage(c, u, r) },
  { method: 'POST', pattern: /^\/atlassian\/authorize$/, endpoint: 'atlassian.authorize', dialect: 'html', handle: (c, q, r) => decideConsent(c, q, r) },
  { method: 'POST', pattern: /^\/atlassian\/oauth\/token$/, endpoint: 'atlassian.token', dialect: 'oauth', handle: (c, q, r) => serveToken(c, q, r) },
  { method: 'GET', pattern: /^\/atlassian\/oauth\/token\/accessible-resources$/, endpoint: 'atlassian.accessible_resources', dialect: 'gateway', handle: (c, q, r) => serveAccessibleResources(c, q, r) },
  { method: 'GET', pattern: /^\/atlassian\/me$/, endpoint: 'atlassian.me', dialect: 'gateway', handle: (c, q, r) => serveMe(c, q, r) },
  { method: 'GET', pattern: new RegExp(`^${JIRA}/project/search$`), endpoint: 'jira.project_search', dialect: 'gateway', handle: (c, q, r, u, m) => serveProjectSearch(c, q, r, pathSegment(m[1]!), u) },
  { method: 'GET', pattern: new RegExp(`^${JIRA}/myself$`), endpoint: 'jira.myself', dialect: 'gateway', handle: (c, q, r, _u, m) => serveMyself(c, q, r, pathSegment(m[1]!)) },
  { method: 'GET', pattern: /^\/atlassian\/avatars\/(user|project|site)\/([^/]+)\.svg$/, dialect: 'gateway', handle: (c, _q, r, _u, m) => serveAvatar(c, m[1]!, pathSegment(m[2]!), r) },
  { method: 'GET', pattern: /^\/_sandbox\/faults$/, dialect: 'arcade', handle: serveFaultList },
  { method: 'POST', pattern: /^\/_sandbox\/faults$/, dialect: 'arcade', handle: serveFaultAdd },
  { method: 'DELETE', pattern: /^\/_sandbox\/faults$/, dialect: 'arcade', handle: serveFaultClear },
]

function guardFaultApi(ctx: SandboxContext, req: IncomingMessage): void {
  if (!ctx.config.allowFaultInjection) throw new HttpError(404, { name: 'not_found', message: 'Fault injection is disabled' })
  checkApiKey(ctx, req)
}

function serveFaultList(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): void {
  guardFaultApi(ctx, req)
  sendJson(res, 200, { faults: ctx.faults.list() })
}

async function serveFaultAdd(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  guardFaultApi(ctx, req)
  sendJson(res, 201, ctx.faults.add(await readJson(req, faultRuleSchema)))
}

function serveFaultClear(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): void {
  guardFaultApi(ctx, req)
  ctx.faults.clear()
  sendJson(res, 200, { faults: [] })
}

/** An injected failure, in the error dialect of the endpoint it hits. */
function sendInjectedFailure(res: ServerResponse, dialect: Dialect, failure: NonNullable<ReturnType<FaultInjector['decide']>['failure']>): void {
  const status = failure.kind === 'rate_limit' ? 429 : failure.status
  const headers: Record<string, string> = {}
  if (failure.kind === 'rate_limit') {
    headers['Retry-After'] = String(failure.retryAfterSeconds)
    if (dialect === 'gateway') {
      // Jira's rate-limit headers (contracts/atlassian.md §4c); the reset is request time + Retry-After.
      headers['X-RateLimit-Limit'] = '350'
      headers['X-RateLimit-Remaining'] = '0'
      headers['X-RateLimit-Reset'] = new Date(Date.now() + failure.retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z'
      headers['RateLimit-Reason'] = 'jira-quota-based'
    }
  }
  const message = failure.kind === 'rate_limit' ? 'Rate limit exceeded (injected by the sandbox)' : 'Server error (injected by the sandbox)'
  if (dialect === 'html') {
    const page = renderMessagePage(failure.kind === 'rate_limit' ? 'Too many requests' : 'Something went wrong', message)
    return sendHtml(res, status, page.html, { ...page.headers, ...headers })
  }
  const body =
    dialect === 'arcade'
      ? { name: failure.kind === 'rate_limit' ? 'rate_limited' : 'internal_error', message }
      : dialect === 'oauth'
        ? { error: failure.kind === 'rate_limit' ? 'rate_limited' : 'server_error', error_description: message }
        : { errorMessages: [message], errors: {} }
  sendJson(res, status, body, headers)
}

function resolveConfig(options: SandboxOptions): SandboxConfig {
  const providers = options.providers ?? DEFAULT_PROVIDERS
  if (providers.length === 0) throw new Error('createSandbox: at least one provider record is required')
  for (const p of providers) {
    // Provider ids appear in callback paths, so they must be URL-safe.
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(p.id)) throw new Error(`createSandbox: invalid provider id '${p.id}'`)
  }
  if (new Set(providers.map((p) => p.id)).size !== providers.length) throw new Error('createSandbox: provider ids must be unique')
  if (!options.apiKey) throw new Error('createSandbox: apiKey is required')
  return {
    apiKey: options.apiKey,
    basePath: (options.basePath ?? '').replace(/\/+$/, ''),
    publicBase: options.publicBase.replace(/\/+$/, ''),
    verifierUrl: options.verifierUrl || undefined,
    providers,
    longPollCapSeconds: Math.max(0, options.longPollCapSeconds ?? 59),
    ttl: { ...DEFAULT_TTLS, ...options.ttl },
    allowFaultInjection: options.allowFaultInjection ?? false,
  }
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const config = resolveConfig(options)
  const lifetime = new AbortController()
  const ctx: SandboxContext = {
    config,
    store: options.store ?? createMemoryStore({ maxEntries: options.maxStoreEntries }),
    world: createWorld(),
    faults: new FaultInjector(),
    apps: config.providers.map((p) => ({
      providerId: p.id,
      name: p.id === 'atlassian' ? 'Arcade Playground' : `Arcade Playground (${p.id})`,
      clientId: `sandbox-client-${p.id}`,
      clientSecret: `sandbox-secret-${p.id}`,
      redirectUri: joinUrl(config.publicBase, `/api/v1/oauth/${p.id}/callback`),
    })),
    closing: lifetime.signal,
  }
  const inFlight = new Set<Promise<void>>()

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (lifetime.signal.aborted) throw new HttpError(503, { name: 'unavailable', message: 'The sandbox is shutting down' })
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid')
    const path = url.pathname.startsWith(config.basePath) ? url.pathname.slice(config.basePath.length) || '/' : undefined
    const candidates = path === undefined ? [] : ROUTES.filter((r) => r.pattern.test(path))
    const route = candidates.find((r) => r.method === req.method)
    if (!route) {
      if (candidates.length > 0) {
        const allow = [...new Set(candidates.map((r) => r.method))].join(', ')
        throw new HttpError(405, { name: 'method_not_allowed', message: `${req.method} is not allowed here` }, { Allow: allow })
      }
      throw new HttpError(404, { name: 'not_found', message: `No sandbox route for ${url.pathname}` })
    }
    if (route.endpoint) {
      const decision = ctx.faults.decide(route.endpoint)
      if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: lifetime.signal }).catch(() => undefined)
      if (decision.failure) return sendInjectedFailure(res, route.dialect, decision.failure)
    }
    await route.handle(ctx, req, res, url, route.pattern.exec(path!)!)
  }

  function respondWithError(res: ServerResponse, error: unknown): void {
    if (res.headersSent) return void res.destroy()
    if (error instanceof HttpError) return sendJson(res, error.status, error.body, error.headers)
    // Log the failure, never the request: headers and bodies carry keys and tokens.
    console.error('[sandbox] internal error:', error instanceof Error ? error.message : error)
    sendJson(res, 500, { name: 'internal_error', message: 'Internal sandbox error' })
  }

  return {
    handler(req, res) {
      const task = handle(req, res)
        .catch((error: unknown) => respondWithError(res, error))
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
    },
    faults: ctx.faults,
    world: ctx.world,
    apps: ctx.apps,
    config,
    async close() {
      lifetime.abort()
      await Promise.allSettled([...inFlight])
      await ctx.store.close()
    },
  }
}
