import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { FACTS } from '../../contract/facts'
import type { ProviderRecord, SandboxContext } from './context'
import { ATLASSIAN_AUDIENCE, authorizeEndpoint, exchangeToken, lookupAccessToken, oauthAppFor } from './atlassian-oauth'
import { userInfoFor } from './atlassian-api'
import { type Flow, flowChannel, type HeldGrant, readFlow, saveFlow, stateKey, trackUserFlow, verifierKey } from './arcade-flows'
import { isKnownScope, MAX_SCOPES_PER_REQUEST } from './atlassian-scopes'
import { renderMessagePage } from './consent-page'
import { HttpError, joinUrl, readBodyText, requestMediaType, safeEqual, sendHtml, sendJson } from './http'
import { isAllowedNextUri, safeRedirect } from './redirects'
import { armedScenario, CONSENT_SCENARIOS, userIdSchema } from './scenarios'

/**
 * Arcade's auth API (contracts/arcade.md §2-4): authorize, status with long-poll, confirm_user, health,
 * and the browser-facing OAuth callback and `next_uri` of the custom user verifier flow.
 */

/** Arcade's documented cap on `wait` (seconds). */
export const MAX_STATUS_WAIT_SECONDS = FACTS.statusWaitMaxSeconds.value

const grantKey = (providerId: string, userId: string) => `arc:grant:${providerId}:${userId}`

const arcadeError = (status: number, name: string, message: string) => new HttpError(status, { name, message })
const badRequest = (message: string) => arcadeError(400, 'bad_request', message)

/** Raw key (what the SDK sends) or `Bearer <key>` (what the OpenAPI document and curl samples use). */
export function checkApiKey(ctx: SandboxContext, req: IncomingMessage): void {
  const header = (req.headers.authorization ?? '').trim()
  const key = header.replace(/^Bearer\s+/i, '')
  if (!key || !safeEqual(key, ctx.config.apiKey)) {
    // [U] Production's exact text; the shape is the OpenAPI document's Error schema.
    throw arcadeError(401, 'unauthorized', 'Missing or invalid API key in the Authorization header')
  }
}

/** Read a JSON object body the Arcade way: 415 unless JSON, 413 when too large, 400 naming the bad field. */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  if (requestMediaType(req) !== 'application/json') throw arcadeError(415, 'unsupported_media_type', 'Content-Type must be application/json')
  const text = await readBodyText(req, () => arcadeError(413, 'payload_too_large', 'Request body is larger than 64 KB'))
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw badRequest('Request body is not valid JSON')
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.join('.') || 'body'
    throw badRequest(`${field}: ${issue.message}`)
  }
  return parsed.data
}

const boundedString = z.string().trim().min(1).max(256)
const providerRef = z.string().trim().min(1).max(64)

/** Every input is checked before anything is stored: known scope names, a bounded user id, a next_uri towards the site. */
function authorizeBody(ctx: SandboxContext) {
  return z.object({
    user_id: userIdSchema,
    auth_requirement: z
      .object({
        id: providerRef.optional(),
        provider_id: providerRef.optional(),
        provider_type: z.string().max(64).optional(),
        oauth2: z
          .object({
            scopes: z
              .array(z.string().max(100).refine(isKnownScope, { message: 'is not an Atlassian scope name' }))
              .max(MAX_SCOPES_PER_REQUEST)
              .optional(),
          })
          .optional(),
      })
      .refine((r) => r.id !== undefined || r.provider_id !== undefined, {
        message: 'either id or provider_id is required',
      }),
    next_uri: z
      .string()
      .max(1024)
      .refine((uri) => isAllowedNextUri(ctx.config, uri), { message: 'must be a page of this site (a path, or an allowed origin)' })
      .optional(),
  })
}

const confirmUserBody = z.object({ flow_id: boundedString, user_id: userIdSchema })

/**
 * The documented reading (contract/facts.ts `providerChoice`): `id` is a record's unique ID, `provider_id` the
 * provider kind, which picks the one record of that kind and fails when there are several. A record's ID given
 * as `provider_id` is refused: no source says Arcade resolves it, so the sandbox takes the strict reading.
 */
function resolveProvider(ctx: SandboxContext, requirement: { id?: string; provider_id?: string; provider_type?: string }): ProviderRecord {
  const { providers } = ctx.config
  // The engine configuration declares Atlassian records with `type: oauth2`.
  if (requirement.provider_type !== undefined && requirement.provider_type !== 'oauth2') {
    throw badRequest(`auth_requirement.provider_type: '${requirement.provider_type}' is not a provider type here (Atlassian providers are 'oauth2')`)
  }
  if (requirement.id !== undefined) {
    const record = providers.find((p) => p.id === requirement.id)
    // [U] Arcade's status for an unknown provider record (400 chosen: it is a bad request body).
    if (!record) throw badRequest(`auth_requirement.id: no auth provider with id '${requirement.id}'`)
    if (requirement.provider_id !== undefined && requirement.provider_id !== record.type) {
      throw badRequest(`auth_requirement.provider_id: provider '${requirement.id}' is of kind '${record.type}', not '${requirement.provider_id}'`)
    }
    return record
  }
  const wanted = requirement.provider_id!
  const ofType = providers.filter((p) => p.type === wanted)
  if (ofType.length === 1) return ofType[0]!
  if (ofType.length > 1) {
    throw badRequest(
      `auth_requirement.provider_id: multiple providers of the same type '${wanted}' are configured; ` +
        `pass the specific provider id instead (one of: ${ofType.map((p) => p.id).join(', ')})`,
    )
  }
  if (providers.some((p) => p.id === wanted)) {
    throw badRequest(
      `auth_requirement.provider_id: '${wanted}' is a provider's unique ID, not a provider kind such as 'atlassian'; ` +
        `pass it as auth_requirement.id (the sandbox refuses an ID here: Arcade's docs do not say it resolves one)`,
    )
  }
  throw badRequest(`auth_requirement.provider_id: no auth provider '${wanted}' is configured`)
}

function toResponse(ctx: SandboxContext, flow: Flow) {
  return {
    id: flow.id,
    status: flow.status,
    provider_id: flow.providerId,
    user_id: flow.userId,
    // [U] A completed authorization is assumed to report the scopes its token carries (the whole grant,
    // including earlier scopes and offline_access), not just the ones this request named.
    scopes: flow.status === 'completed' && flow.grantedScopes ? flow.grantedScopes : flow.scopes,
    ...(flow.status === 'pending' && flow.url ? { url: flow.url } : {}),
    ...(flow.status === 'completed'
      ? { context: { token: flow.token, user_info: flow.accountId ? userInfoFor(ctx, flow.accountId) : {} } }
      : {}),
  }
}

const newFlowId = () => `ac_${randomBytes(18).toString('base64url')}`

/** What the token endpoint answered, quoted the way Arcade's pages quote it. */
function quoteTokenAnswer(status: number, body: unknown): string {
  return `${status} ${JSON.stringify(body)}`
}

/**
 * The held grant, refreshed through Atlassian's token endpoint if its access token has (nearly) expired.
 * A refused refresh drops the grant and says why, so the caller can ask for consent again.
 */
async function usableGrant(ctx: SandboxContext, provider: ProviderRecord, userId: string): Promise<{ grant?: HeldGrant; notice?: string }> {
  const app = oauthAppFor(ctx, provider.id)
  if ((await armedScenario(ctx, userId)) === 'refresh-revoked') {
    // The scenario: the user appears to hold an earlier grant whose refresh token Atlassian no longer knows.
    await ctx.store.delete(grantKey(provider.id, userId))
    return refusedRefresh(ctx, app, 'sbx_rt_revoked')
  }
  const grant = await ctx.store.get<HeldGrant>(grantKey(provider.id, userId))
  if (!grant) return {}
  if (grant.expiresAt - Date.now() > 30_000) return { grant }
  if (!grant.refreshToken) return {}
  const result = await exchangeToken(ctx, {
    grant_type: 'refresh_token',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    refresh_token: grant.refreshToken,
  })
  if (result.status !== 200 || !('access_token' in result.body)) {
    await ctx.store.delete(grantKey(provider.id, userId))
    return { notice: refreshNotice(result.status, result.body) }
  }
  const refreshed: HeldGrant = {
    ...grant,
    accessToken: result.body.access_token,
    refreshToken: result.body.refresh_token ?? grant.refreshToken,
    expiresAt: Date.now() + result.body.expires_in * 1000,
  }
  await ctx.store.set(grantKey(provider.id, userId), refreshed, ctx.config.ttl.grantSeconds * 1000)
  return { grant: refreshed }
}

function refreshNotice(status: number, body: unknown): string {
  return `Arcade could not refresh your earlier authorization: Atlassian's token endpoint answered ${quoteTokenAnswer(status, body)}. Consent again to continue.`
}

async function refusedRefresh(ctx: SandboxContext, app: ReturnType<typeof oauthAppFor>, refreshToken: string): Promise<{ notice: string }> {
  const result = await exchangeToken(ctx, { grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: refreshToken })
  return { notice: refreshNotice(result.status, result.body) }
}

/** `POST /v1/auth/authorize` */
export async function serveAuthorize(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkApiKey(ctx, req)
  const body = await readJson(req, authorizeBody(ctx))
  const provider = resolveProvider(ctx, body.auth_requirement)
  const scopes = [...new Set(body.auth_requirement.oauth2?.scopes ?? [])]
  const base: Omit<Flow, 'status' | 'stage'> = { id: newFlowId(), userId: body.user_id, providerId: provider.id, scopes, nextUri: body.next_uri }
  const scenario = await armedScenario(ctx, body.user_id)

  // A user whose grant already covers the scopes is authorized at once, as on Arcade (unless a scenario
  // that plays out during consent is armed for this user).
  const { grant: existing, notice } = await usableGrant(ctx, provider, body.user_id)
  if (existing && scopes.every((s) => existing.scopes.includes(s)) && !(scenario && CONSENT_SCENARIOS.has(scenario))) {
    const flow: Flow = { ...base, status: 'completed', stage: 'done', token: existing.accessToken, accountId: existing.accountId, grantedScopes: existing.scopes }
    await saveFlow(ctx, flow)
    await trackUserFlow(ctx, flow.userId, flow.id)
    return sendJson(res, 200, toResponse(ctx, flow))
  }

  const app = oauthAppFor(ctx, provider.id)
  // The scenario: Arcade sends a callback URL the Atlassian app never registered.
  const redirectUri = scenario === 'redirect-mismatch' ? joinUrl(ctx.config.publicBase, `/api/v1/oauth/${provider.id}-unregistered/callback`) : app.redirectUri
  // [U] Whether Arcade adds offline_access (for refresh) and keeps earlier scopes is unconfirmed; it is
  // assumed to do both, so grants widen rather than replace and tokens can be refreshed.
  const requested = [...new Set([...(existing?.scopes ?? []), ...scopes, 'offline_access'])]
  const state = randomBytes(18).toString('base64url')
  const url = `${authorizeEndpoint(ctx)}?${new URLSearchParams({
    audience: ATLASSIAN_AUDIENCE,
    client_id: app.clientId,
    scope: requested.join(' '),
    redirect_uri: redirectUri,
    state,
    response_type: 'code',
    prompt: 'consent',
  })
    .toString()
    // Atlassian's docs show scopes separated by %20; URLSearchParams would write '+'.
    .replace(/\+/g, '%20')}`
  const flow: Flow = { ...base, status: 'pending', stage: 'consent', url, state, notice }
  await saveFlow(ctx, flow)
  await ctx.store.set(stateKey(state), flow.id, ctx.config.ttl.flowSeconds * 1000)
  await trackUserFlow(ctx, flow.userId, flow.id)
  sendJson(res, 200, toResponse(ctx, flow))
}

/** Resolve when `channel` is published, `ms` pass, the sandbox closes or the client goes away. */
function nextChange(ctx: SandboxContext, channel: string, ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      unsubscribe()
      unregister()
      res.off('close', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    const unsubscribe = ctx.store.subscribe(channel, done)
    const unregister = ctx.onClose(done)
    res.on('close', done)
  })
}

/** `GET /v1/auth/status?id=&wait=`: with `wait`, hold the request until the flow changes or the wait ends. */
export async function serveStatus(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  checkApiKey(ctx, req)
  const id = url.searchParams.get('id')
  if (!id) throw badRequest('id: is required')
  const waitParam = url.searchParams.get('wait')
  if (waitParam !== null && !/^\d{1,6}$/.test(waitParam)) throw badRequest('wait: must be a whole number of seconds')
  const waitSeconds = Math.min(Number(waitParam ?? 0), MAX_STATUS_WAIT_SECONDS, ctx.config.longPollCapSeconds)
  const deadline = Date.now() + waitSeconds * 1000

  const read = async () => {
    const flow = await readFlow(ctx, id)
    // Arcade's OpenAPI lists 200, 400, 401, 415 and 500 here, no 404 (contract/facts.ts `unknownAuthorizationStatus`).
    if (!flow) throw badRequest(`id: no authorization '${id}' (unknown or expired)`)
    return flow
  }
  let flow = await read()
  while (flow.status === 'pending' && Date.now() < deadline && !ctx.closing.aborted && !res.closed) {
    // Subscribe first, then re-read, so a change landing in between is not missed.
    const changed = nextChange(ctx, flowChannel(id), deadline - Date.now(), res)
    flow = await read()
    if (flow.status !== 'pending') break
    await changed
    flow = await read()
  }
  // [U] On wait expiry the current state is answered with 200 (the OpenAPI document lists no 408).
  sendJson(res, 200, toResponse(ctx, flow))
}

/** `POST /v1/auth/confirm_user` (and the cloud alias `/api/v1/oauth/confirm_user`). */
export async function serveConfirmUser(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkApiKey(ctx, req)
  const body = await readJson(req, confirmUserBody)
  const authId = await ctx.store.get<string>(verifierKey(body.flow_id))
  const flow = authId ? await readFlow(ctx, authId) : undefined
  if (!flow) throw arcadeError(404, 'not_found', `Verification flow '${body.flow_id}' not found`)
  const refused = new HttpError(400, { code: 400, msg: 'Bad request' })
  if (flow.stage !== 'verification') throw refused
  if (Date.now() > (flow.verifyDeadline ?? 0)) {
    // [U] A flow whose confirm window has passed can never complete, so it is ended rather than left pending.
    await saveFlow(ctx, { ...flow, status: 'failed', stage: 'done', heldGrant: undefined })
    throw refused
  }
  // [U] A mismatch leaves the flow waiting: the right user may still confirm within the window.
  // The user-mismatch scenario answers as if the verifier had confirmed someone else.
  if (body.user_id !== flow.userId || (await armedScenario(ctx, flow.userId)) === 'user-mismatch') {
    throw new HttpError(400, { code: 400, error: 'user_mismatch', msg: 'An error occurred during verification' })
  }
  await saveFlow(ctx, { ...flow, stage: 'next_uri' })
  sendJson(res, 200, {
    auth_id: flow.id,
    next_uri: `${joinUrl(ctx.config.publicBase, '/api/v1/oauth/callback_success')}?${new URLSearchParams({ flow_id: body.flow_id })}`,
  })
}

/** Store the grant and mark the flow completed. */
async function completeFlow(ctx: SandboxContext, flow: Flow, grant: HeldGrant): Promise<void> {
  const key = grantKey(flow.providerId, flow.userId)
  await ctx.store.set(key, grant, ctx.config.ttl.grantSeconds * 1000)
  await saveFlow(ctx, {
    ...flow,
    status: 'completed',
    stage: 'done',
    heldGrant: undefined,
    token: grant.accessToken,
    accountId: grant.accountId,
    grantedScopes: grant.scopes,
  })
}

function sendPage(res: ServerResponse, status: number, title: string, message: string) {
  const page = renderMessagePage(title, message)
  sendHtml(res, status, page.html, page.headers)
}

function finishInBrowser(ctx: SandboxContext, res: ServerResponse, flow: Flow) {
  if (flow.nextUri) return safeRedirect(ctx, res, 303, flow.nextUri)
  sendPage(res, 200, 'Authorization complete', 'You can close this window and go back to the app.')
}

/** Absolute or path-only: a relative verifier URL is resolved against an absolute public base. */
function verifierLocation(ctx: SandboxContext, flowId: string): string {
  const { verifierUrl, publicBase } = ctx.config
  const target = /^https?:\/\//i.test(publicBase) ? new URL(verifierUrl!, publicBase).href : verifierUrl!
  return `${target}${target.includes('?') ? '&' : '?'}${new URLSearchParams({ flow_id: flowId })}`
}

/** `GET /api/v1/oauth/{providerId}/callback`: where Atlassian sends the browser back. */
export async function serveOAuthCallback(ctx: SandboxContext, res: ServerResponse, providerId: string, url: URL): Promise<void> {
  const q = url.searchParams
  const authId = await ctx.store.take<string>(stateKey(q.get('state') ?? ''))
  const flow = authId ? await readFlow(ctx, authId) : undefined
  if (!flow || flow.providerId !== providerId || flow.stage !== 'consent') {
    return sendPage(res, 400, 'Unknown or expired authorization', 'Go back to the app and start again.')
  }
  const error = q.get('error')
  const code = q.get('code')
  if (error || !code) {
    await saveFlow(ctx, { ...flow, status: 'failed', stage: 'done' })
    const answered = error ? `error=${error}${q.get('error_description') ? ` (${q.get('error_description')})` : ''}` : 'no code'
    return sendPage(res, 200, 'Authorization not granted', `Atlassian answered ${answered}. Arcade marked the authorization failed. You can close this window.`)
  }
  const app = oauthAppFor(ctx, providerId)
  // The scenario: the client secret stored in the Arcade provider is not the app's.
  const wrongSecret = (await armedScenario(ctx, flow.userId)) === 'wrong-client-secret'
  const exchange = await exchangeToken(ctx, {
    grant_type: 'authorization_code',
    client_id: app.clientId,
    client_secret: wrongSecret ? `${app.clientSecret}-stale` : app.clientSecret,
    code,
    redirect_uri: app.redirectUri,
  })
  const tokens = exchange.status === 200 && 'access_token' in exchange.body ? exchange.body : undefined
  const account = tokens ? await lookupAccessToken(ctx, tokens.access_token) : undefined
  if (!tokens || !account) {
    await saveFlow(ctx, { ...flow, status: 'failed', stage: 'done' })
    return sendPage(
      res,
      502,
      'Authorization failed',
      `Atlassian's token endpoint refused the code exchange: it answered ${quoteTokenAnswer(exchange.status, exchange.body)}. Go back to the app and start again.`,
    )
  }
  const grant: HeldGrant = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    scopes: tokens.scope.split(' ').filter(Boolean),
    expiresAt: Date.now() + tokens.expires_in * 1000,
    accountId: account.accountId,
  }
  if (!ctx.config.verifierUrl) {
    await completeFlow(ctx, flow, grant)
    return finishInBrowser(ctx, res, flow)
  }
  const verifierFlowId = randomUUID()
  await ctx.store.set(verifierKey(verifierFlowId), flow.id, ctx.config.ttl.flowSeconds * 1000)
  await saveFlow(ctx, { ...flow, stage: 'verification', heldGrant: grant, verifierFlowId, verifyDeadline: Date.now() + ctx.config.ttl.confirmWindowSeconds * 1000 })
  safeRedirect(ctx, res, 303, verifierLocation(ctx, verifierFlowId))
}

/** `GET /api/v1/oauth/callback_success?flow_id=`: the verifier's `next_uri`; the visit that finalises the grant. */
export async function serveCallbackSuccess(ctx: SandboxContext, res: ServerResponse, url: URL): Promise<void> {
  const authId = await ctx.store.get<string>(verifierKey(url.searchParams.get('flow_id') ?? ''))
  const flow = authId ? await readFlow(ctx, authId) : undefined
  if (flow?.status === 'completed') return finishInBrowser(ctx, res, flow)
  if (!flow || flow.stage !== 'next_uri' || !flow.heldGrant) {
    return sendPage(res, 400, 'Not verified', 'This authorization has not been confirmed by the app. Go back to the app and start again.')
  }
  await completeFlow(ctx, flow, flow.heldGrant)
  finishInBrowser(ctx, res, flow)
}

export function serveHealth(res: ServerResponse): void {
  sendJson(res, 200, { healthy: true })
}
