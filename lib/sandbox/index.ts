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
import { jiraRateLimitHeaders } from './rate-limit-headers'
import { armScenario, scenarioControlBody, type ScenarioName, sendScenarioState, userIdSchema } from './scenarios'
import { createMemoryStore, type SandboxStore } from './store'
import { runAsStoreOwner, UNATTRIBUTED_OWNER } from './store-owner'
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
  /** State backend; default an in-memory store bounded by `maxStoreEntries` and `maxStoreBytes`. */
  store?: SandboxStore
  maxStoreEntries?: number
  maxStoreBytes?: number
  /** The share of the memory store one owner may hold (default 1: the standalone sandbox's callers are one app server). */
  storeOwnerShare?: number
  /**
   * Whose budget a request's writes count against (store-owner.ts): the client address. Default the socket's
   * address; the embedded sandbox names the visitor's address for the site's own calls.
   */
  ownerOf?: (req: IncomingMessage) => string
  /** Origins an absolute `next_uri` may point at, besides the public base's own (standalone). */
  nextUriOrigins?: string[]
  /**
   * When set, routes whose audience is 'server' answer only requests this accepts (the embedded sandbox: the
   * site's own server-side calls). Without it every route is open, behind the API key where it has one.
   */
  isServerCall?: (req: IncomingMessage) => boolean
}

export interface Sandbox {
  handler(req: IncomingMessage, res: ServerResponse): void
  faults: FaultInjector
  world: World
  /** The fictional Atlassian OAuth apps, one per provider record (client ids and non-secret secrets). */
  apps: OAuthApp[]
  config: SandboxConfig
  /** Arm (or with null disarm) a failure scenario for one user id: the control route's work, for the embedding server. */
  setScenario(userId: string, scenario: ScenarioName | null): Promise<void>
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

/**
 * Who a route is for. 'browser': the pages a browser visits during consent (Atlassian's consent page and its
 * form, Arcade's callback and callback_success, avatars). 'server': everything an app's server calls with a key
 * or token (Arcade's API, the token endpoint, the Atlassian and Jira APIs, /_sandbox/*).
 */
export type Audience = 'browser' | 'server'

interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  audience: Audience
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
  { method: 'GET', pattern: /^\/v1\/health$/, endpoint: 'arcade.health', audience: 'server', dialect: 'arcade', handle: (_c, _q, res) => serveHealth(res) },
  { method: 'POST', pattern: /^\/v1\/auth\/authorize$/, endpoint: 'arcade.authorize', audience: 'server', dialect: 'arcade', handle: (c, q, r) => serveAuthorize(c, q, r) },
  { method: 'GET', pattern: /^\/v1\/auth\/status$/, endpoint: 'arcade.status', audience: 'server', dialect: 'arcade', handle: (c, q, r, u) => serveStatus(c, q, r, u) },
  { method: 'POST', pattern: /^\/(v1\/auth|api\/v1\/oauth)\/confirm_user$/, endpoint: 'arcade.confirm_user', audience: 'server', dialect: 'arcade', handle: (c, q, r) => serveConfirmUser(c, q, r) },
  { method: 'GET', pattern: /^\/api\/v1\/oauth\/callback_success$/, endpoint: 'arcade.callback_success', audience: 'browser', dialect: 'html', handle: (c, _q, r, u) => serveCallbackSuccess(c, r, u) },
  { method: 'GET', pattern: /^\/api\/v1\/oauth\/([A-Za-z0-9_-]+)\/callback$/, endpoint: 'arcade.callback', audience: 'browser', dialect: 'html', handle: (c, _q, r, u, m) => serveOAuthCallback(c, r, m[1]!, u) },
  { method: 'GET', pattern: /^\/atlassian\/authorize$/, endpoint: 'atlassian.authorize', audience: 'browser', dialect: 'html', handle: (c, q, r, u) => showConsentPage(c, q, u, r) },
  { method: 'POST', pattern: /^\/atlassian\/authorize$/, endpoint: 'atlassian.authorize', audience: 'browser', dialect: 'html', handle: (c, q, r) => decideConsent(c, q, r) },
  { method: 'POST', pattern: /^\/atlassian\/oauth\/token$/, endpoint: 'atlassian.token', audience: 'server', dialect: 'oauth', handle: (c, q, r) => serveToken(c, q, r) },
  { method: 'GET', pattern: /^\/atlassian\/oauth\/token\/accessible-resources$/, endpoint: 'atlassian.accessible_resources', audience: 'server', dialect: 'gateway', handle: (c, q, r) => serveAccessibleResources(c, q, r) },
  { method: 'GET', pattern: /^\/atlassian\/me$/, endpoint: 'atlassian.me', audience: 'server', dialect: 'gateway', handle: (c, q, r) => serveMe(c, q, r) },
  { method: 'GET', pattern: new RegExp(`^${JIRA}/project/search$`), endpoint: 'jira.project_search', audience: 'server', dialect: 'gateway', handle: (c, q, r, u, m) => serveProjectSearch(c, q, r, pathSegment(m[1]!), u) },
  { method: 'GET', pattern: new RegExp(`^${JIRA}/myself$`), endpoint: 'jira.myself', audience: 'server', dialect: 'gateway', handle: (c, q, r, _u, m) => serveMyself(c, q, r, pathSegment(m[1]!)) },
  { method: 'GET', pattern: /^\/atlassian\/avatars\/(user|project|site)\/([^/]+)\.svg$/, audience: 'browser', dialect: 'gateway', handle: (c, _q, r, _u, m) => serveAvatar(c, m[1]!, pathSegment(m[2]!), r) },
  { method: 'GET', pattern: /^\/_sandbox\/faults$/, audience: 'server', dialect: 'arcade', handle: serveFaultList },
  { method: 'POST', pattern: /^\/_sandbox\/faults$/, audience: 'server', dialect: 'arcade', handle: serveFaultAdd },
  { method: 'DELETE', pattern: /^\/_sandbox\/faults$/, audience: 'server', dialect: 'arcade', handle: serveFaultClear },
  { method: 'GET', pattern: /^\/_sandbox\/scenarios$/, audience: 'server', dialect: 'arcade', handle: serveScenarioRead },
  { method: 'POST', pattern: /^\/_sandbox\/scenarios$/, audience: 'server', dialect: 'arcade', handle: serveScenarioArm },
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

/** `GET /_sandbox/scenarios?user_id=`: the scenario armed for one user (API-key protected). */
async function serveScenarioRead(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  checkApiKey(ctx, req)
  const userId = userIdSchema.safeParse(url.searchParams.get('user_id') ?? '')
  if (!userId.success) throw new HttpError(400, { name: 'bad_request', message: `user_id: ${userId.error.issues[0]!.message}` })
  await sendScenarioState(ctx, res, userId.data)
}

/** `POST /_sandbox/scenarios {user_id, scenario|null, ttl_seconds?}`: arm (or disarm) a scenario for one user. */
async function serveScenarioArm(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkApiKey(ctx, req)
  const body = await readJson(req, scenarioControlBody)
  await armScenario(ctx, body)
  await sendScenarioState(ctx, res, body.user_id)
}

/** The refusal a public caller gets on a server-only route, in the endpoint's own error dialect. */
function sendServerOnly(res: ServerResponse, dialect: Dialect): void {
  const message = "This sandbox endpoint answers only the site's own server; a browser or another client cannot call it. Run the sandbox on its own (npm run sandbox) to call its API directly."
  const body =
    dialect === 'oauth'
      ? { error: 'sandbox_internal_only', error_description: message }
      : dialect === 'gateway'
        ? { code: 403, error: 'sandbox_internal_only', message }
        : { name: 'sandbox_internal_only', message }
  sendJson(res, 403, body)
}

/** An injected failure, in the error dialect of the endpoint it hits. */
function sendInjectedFailure(res: ServerResponse, dialect: Dialect, failure: NonNullable<ReturnType<FaultInjector['decide']>['failure']>): void {
  const status = failure.kind === 'rate_limit' ? 429 : failure.status
  const headers: Record<string, string> = {}
  if (failure.kind === 'rate_limit') {
    headers['Retry-After'] = String(failure.retryAfterSeconds)
    if (dialect === 'gateway') Object.assign(headers, jiraRateLimitHeaders(failure.retryAfterSeconds))
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
    nextUriOrigins: (options.nextUriOrigins ?? []).map((origin) => new URL(origin).origin),
  }
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const config = resolveConfig(options)
  const lifetime = new AbortController()
  const closeListeners = new Set<() => void>()
  const ctx: SandboxContext = {
    config,
    store: options.store ?? createMemoryStore({ maxEntries: options.maxStoreEntries, maxBytes: options.maxStoreBytes, ownerShare: options.storeOwnerShare }),
    world: createWorld(),
    faults: new FaultInjector(),
    apps: config.providers.map((p, i) => ({
      providerId: p.id,
      // The first record's app is the playground's; others say which record they belong to.
      name: i === 0 ? 'Arcade Playground' : `Arcade Playground (${p.id})`,
      clientId: `sandbox-client-${p.id}`,
      clientSecret: `sandbox-secret-${p.id}`,
      redirectUri: joinUrl(config.publicBase, `/api/v1/oauth/${p.id}/callback`),
    })),
    closing: lifetime.signal,
    onClose(listener) {
      if (lifetime.signal.aborted) {
        queueMicrotask(listener)
        return () => undefined
      }
      closeListeners.add(listener)
      return () => void closeListeners.delete(listener)
    },
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
    // Before anything else (faults, body parsing): a public caller learns nothing from a server-only route.
    if (route.audience === 'server' && options.isServerCall && !options.isServerCall(req)) return sendServerOnly(res, route.dialect)
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
      const owner = options.ownerOf?.(req) ?? req.socket.remoteAddress ?? UNATTRIBUTED_OWNER
      const task = runAsStoreOwner(owner, () => handle(req, res))
        .catch((error: unknown) => respondWithError(res, error))
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
    },
    faults: ctx.faults,
    setScenario: (userId, scenario) => armScenario(ctx, scenarioControlBody.parse({ user_id: userId, scenario })),
    world: ctx.world,
    apps: ctx.apps,
    config,
    async close() {
      lifetime.abort()
      for (const listener of [...closeListeners]) listener()
      closeListeners.clear()
      await Promise.allSettled([...inFlight])
      await ctx.store.close()
    },
  }
}
