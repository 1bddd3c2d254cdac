import type { IncomingMessage, ServerResponse } from 'node:http'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { OAuthApp, SandboxContext } from './context'
import { personForUser } from './accounts'
import { pendingFlowForState } from './arcade-flows'
import { isKnownScope, MAX_SCOPES_PER_REQUEST } from './atlassian-scopes'
import { renderConsentPage, renderMessagePage } from './consent-page'
import { absoluteBase, HttpError, joinUrl, readBodyText, requestMediaType, safeEqual, sendHtml, sendJson, tryDecodeURIComponent } from './http'
import { safeRedirect } from './redirects'
import { armedScenario } from './scenarios'

/**
 * Atlassian's OAuth 2.0 (3LO) side (contracts/atlassian.md §1): the authorize endpoint with its consent page,
 * and the token endpoint (authorization code and rotating refresh tokens). Each Arcade user id signs in as an
 * Atlassian account of its own (accounts.ts); the consent page learns which one from the pending Arcade flow its
 * `state` belongs to (an emulator shortcut: real Atlassian knows its user from its own login session).
 */

export const ATLASSIAN_AUDIENCE = 'api.atlassian.com'

type ConsentRequest = {
  clientId: string
  redirectUri: string
  state: string
  scopes: string[]
  accountId: string
  /** The Arcade user behind the account (emulator shortcut, so a scenario armed for that user can apply). */
  userId: string
}

type AuthorizationCode = {
  clientId: string
  redirectUri: string
  accountId: string
  userId: string
  scopes: string[]
}

export type AccessTokenRecord = {
  clientId: string
  accountId: string
  userId?: string
  scopes: string[]
  expiresAt: number
}

type RefreshTokenRecord = {
  clientId: string
  accountId: string
  userId?: string
  scopes: string[]
  /** Set once the token has been exchanged; it then only lives for the reuse leeway. */
  rotatedAt?: number
}

/** Atlassian keeps one grant per app per account; sites picked in later consents are added to it, most recent first. */
type AtlassianGrant = {
  siteIds: string[]
}

export interface TokenResponse {
  access_token: string
  expires_in: number
  scope: string
  refresh_token?: string
  token_type: 'Bearer'
}

export interface TokenExchangeResult {
  status: number
  body: TokenResponse | { error: string; error_description: string }
}

// Tokens and codes are stored under their hash, so a shared store never holds a usable credential as a key.
const hashed = (prefix: string, secret: string) => `${prefix}:${createHash('sha256').update(secret).digest('base64url')}`
const consentKey = (id: string) => `atl:consent:${id}`
/**
 * The consent form's only token: an HMAC, under a secret of this process, of the flow's `state` and the consenting
 * browser (a random cookie the consent page sets). Whoever holds the consent URL, or a flow id, cannot compute it;
 * and one browser opening the page again replaces its own pending consent rather than adding another.
 */
const CONSENT_SECRET = randomBytes(32)
const consentIdFor = (state: string, browser: string) => createHmac('sha256', CONSENT_SECRET).update(`${state}\n${browser}`).digest('base64url')
const BROWSER_COOKIE = 'sandbox_consent_browser'
const BROWSER_VALUE = /^[A-Za-z0-9_-]{24}$/

/** This browser's consent cookie, minted (and set on `res`'s headers) when it has none. */
function consentingBrowser(ctx: SandboxContext, req: IncomingMessage): { browser: string; setCookie?: string } {
  const presented = (req.headers.cookie ?? '')
    .split(';')
    .map((pair) => pair.trim().split('='))
    .find(([name]) => name === BROWSER_COOKIE)?.[1]
  if (presented && BROWSER_VALUE.test(presented)) return { browser: presented }
  const browser = randomBytes(18).toString('base64url')
  const base = absoluteBase(req, ctx.config.publicBase)
  const path = new URL(authorizeEndpoint(ctx), base).pathname
  const attributes = [`Path=${path}`, `Max-Age=${ctx.config.ttl.consentSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(base.startsWith('https:') ? ['Secure'] : [])]
  return { browser, setCookie: `${BROWSER_COOKIE}=${browser}; ${attributes.join('; ')}` }
}
const codeKey = (code: string) => hashed('atl:code', code)
const accessTokenKey = (token: string) => hashed('atl:at', token)
const refreshTokenKey = (token: string) => hashed('atl:rt', token)
const grantKey = (clientId: string, accountId: string) => `atl:grant:${clientId}:${accountId}`

const opaque = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`

export function authorizeEndpoint(ctx: SandboxContext): string {
  return joinUrl(ctx.config.publicBase, '/atlassian/authorize')
}

function appendQuery(uri: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value)
  return `${uri}${uri.includes('?') ? '&' : '?'}${query.toString()}`
}

function sendPage(res: ServerResponse, status: number, page: { html: string; headers: Record<string, string> }) {
  sendHtml(res, status, page.html, page.headers)
}

/** Atlassian's own error page: the browser stays there (no redirect back to the app). */
function sendErrorPage(res: ServerResponse, status: number, message: string, detail?: string) {
  sendPage(res, status, renderMessagePage('Something went wrong', message, detail))
}

/** `GET /atlassian/authorize`: validate as Atlassian does, then show the consent page. */
export async function showConsentPage(ctx: SandboxContext, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
  const q = url.searchParams
  const clientId = q.get('client_id') ?? ''
  const redirectUri = q.get('redirect_uri') ?? ''
  const app = ctx.apps.find((a) => a.clientId === clientId)
  // Client and redirect_uri problems never redirect: the browser stays on Atlassian's error page.
  if (!app) {
    return sendErrorPage(res, 400, 'This app is not known to Atlassian (sandbox).', `error=unauthorized_client client_id=${clientId}`)
  }
  if (redirectUri !== app.redirectUri) {
    return sendErrorPage(
      res,
      400,
      'The app sent you back to an address it has not registered.',
      `error=unauthorized_client error_description=redirect_uri is not registered for client: ${redirectUri}`,
    )
  }
  // Only a state Arcade is waiting on gets a consent page; anything else is refused without storing a thing.
  const state = q.get('state') ?? ''
  const flow = state.length <= 100 ? await pendingFlowForState(ctx, state) : undefined
  if (!flow) {
    return sendErrorPage(res, 400, 'This authorization request is unknown or has expired. Go back to the app and start again.', 'error=invalid_request error_description=unknown state')
  }
  const back = (error: string, description: string) =>
    safeRedirect(ctx, res, 302, appendQuery(redirectUri, { error, error_description: description, state }))
  if (q.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code')
  // [U] Atlassian lists audience as required but one of its own pages omits it; accept it missing, refuse a wrong one.
  const audience = q.get('audience')
  if (audience !== null && audience !== ATLASSIAN_AUDIENCE) return back('invalid_request', `audience must be ${ATLASSIAN_AUDIENCE}`)
  const scopes = [...new Set((q.get('scope') ?? '').split(/\s+/).filter(Boolean))]
  // [U] An empty or unknown scope goes back to the client as invalid_scope (standard OAuth behaviour).
  if (scopes.length === 0 || scopes.length > MAX_SCOPES_PER_REQUEST + 1 || !scopes.every(isKnownScope)) {
    return back('invalid_scope', 'scope is missing or contains an unknown scope')
  }
  const scenario = await armedScenario(ctx, flow.userId)
  // [U] The exact wording of both pages is from community reports; the sandbox shows them as Atlassian's error page.
  if (scenario === 'app-not-shared') {
    return sendErrorPage(res, 403, "You don't have access to this app. Its developer has not shared it (Distribution: Not sharing), so only its owner can authorize it.")
  }
  if (scenario === 'scope-not-in-app') {
    const missing = scopes.find((s) => s !== 'offline_access') ?? scopes[0]!
    return sendErrorPage(res, 400, "The app asked for a permission it has not added in the developer console.", `error=invalid_scope error_description=The app is not configured for the scope: ${missing}`)
  }

  const person = personForUser(flow.userId)
  const { browser, setCookie } = consentingBrowser(ctx, req)
  const requestId = consentIdFor(state, browser)
  const pending: ConsentRequest = { clientId, redirectUri, state, scopes, accountId: person.accountId, userId: flow.userId }
  await ctx.store.set(consentKey(requestId), pending, ctx.config.ttl.consentSeconds * 1000)
  if (setCookie) res.setHeader('Set-Cookie', setCookie)
  sendPage(
    res,
    200,
    renderConsentPage({
      appName: app.name,
      scopes,
      sites: ctx.world.sites.map((s) => ({ cloudId: s.cloudId, name: s.name, url: s.url })),
      requestId,
      action: authorizeEndpoint(ctx),
      userName: person.displayName,
      userEmail: person.email,
      notice: flow.notice,
    }),
  )
}

/**
 * `POST /atlassian/authorize`: the consent form's Accept or Deny. The form carries only the opaque
 * pending-request id, the chosen site and the decision. Several `site` values are accepted too (a browser
 * sends one; tests use this to build a multi-site grant in one step).
 */
export async function decideConsent(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (requestMediaType(req) !== 'application/x-www-form-urlencoded') {
    return sendPage(res, 415, renderMessagePage('Something went wrong', 'The consent form must be posted as a form.'))
  }
  const form = new URLSearchParams(
    await readBodyText(req, () => new HttpError(413, { error: 'request_too_large', error_description: 'Form too large' })),
  )
  const pending = await ctx.store.take<ConsentRequest>(consentKey(form.get('request') ?? ''))
  if (!pending) {
    return sendPage(res, 400, renderMessagePage('This request has expired', 'Go back to the app and start again.'))
  }
  const state = pending.state || undefined
  const scenario = await armedScenario(ctx, pending.userId)
  // The consent-denied scenario: whatever was pressed, the decision is Deny.
  if (form.get('decision') !== 'accept' || scenario === 'consent-denied') {
    return safeRedirect(ctx, res, 302, appendQuery(pending.redirectUri, { error: 'access_denied', error_description: 'User did not authorize the request', state }))
  }
  const siteIds = [...new Set(form.getAll('site'))]
  if (siteIds.length === 0 || siteIds.length > ctx.world.sites.length || !siteIds.every((id) => ctx.world.sites.some((s) => s.cloudId === id))) {
    return sendPage(res, 400, renderMessagePage('Choose a site', 'Pick one of the listed sites, then go back to the app and start again.'))
  }
  const { accountId } = pending
  const grant = (await ctx.store.get<AtlassianGrant>(grantKey(pending.clientId, accountId))) ?? { siteIds: [] }
  // The sites just chosen come first, so accessible-resources lists the consent page's choice first.
  grant.siteIds = [...new Set([...siteIds, ...grant.siteIds])]
  await ctx.store.set(grantKey(pending.clientId, accountId), grant, ctx.config.ttl.refreshTokenSeconds * 1000)

  // The scope-mismatch scenario: the token is issued without read:jira-work (a Jira scope still reaches the site).
  const scopes =
    scenario === 'scope-mismatch' ? [...new Set(pending.scopes.map((s) => (s === 'read:jira-work' ? 'read:jira-user' : s)))] : pending.scopes
  const code = opaque('sbx_code_')
  const record: AuthorizationCode = { clientId: pending.clientId, redirectUri: pending.redirectUri, accountId, userId: pending.userId, scopes }
  await ctx.store.set(codeKey(code), record, ctx.config.ttl.authorizationCodeSeconds * 1000)
  safeRedirect(ctx, res, 302, appendQuery(pending.redirectUri, { code, state }))
}

async function issueTokens(ctx: SandboxContext, clientId: string, accountId: string, userId: string | undefined, scopes: string[]): Promise<TokenResponse> {
  const { ttl } = ctx.config
  const accessToken = opaque('sbx_at_')
  const access: AccessTokenRecord = { clientId, accountId, userId, scopes, expiresAt: Date.now() + ttl.accessTokenSeconds * 1000 }
  await ctx.store.set(accessTokenKey(accessToken), access, ttl.accessTokenSeconds * 1000)
  const response: TokenResponse = { access_token: accessToken, expires_in: ttl.accessTokenSeconds, scope: scopes.join(' '), token_type: 'Bearer' }
  // A refresh token only when offline_access was granted (contracts/atlassian.md §1c).
  if (scopes.includes('offline_access')) {
    const refreshToken = opaque('sbx_rt_')
    const refresh: RefreshTokenRecord = { clientId, accountId, userId, scopes }
    await ctx.store.set(refreshTokenKey(refreshToken), refresh, ttl.refreshTokenSeconds * 1000)
    response.refresh_token = refreshToken
  }
  return response
}

const oauthError = (status: number, error: string, description: string): TokenExchangeResult => ({
  status,
  body: { error, error_description: description },
})

/**
 * The token endpoint's logic, shared by the HTTP route and by the sandbox's own Arcade side (which exchanges
 * codes in-process, as Arcade's servers would over the network).
 */
export async function exchangeToken(ctx: SandboxContext, params: Record<string, string | undefined>): Promise<TokenExchangeResult> {
  const grantType = params.grant_type
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token')
  }
  const app = ctx.apps.find((a) => a.clientId === params.client_id)
  // [U] Missing or wrong client credentials: 401 access_denied, as reported by third parties.
  if (!app || !params.client_secret || !safeEqual(params.client_secret, app.clientSecret)) {
    return oauthError(401, 'access_denied', 'Unauthorized')
  }

  if (grantType === 'authorization_code') {
    const code = params.code ? await ctx.store.take<AuthorizationCode>(codeKey(params.code)) : undefined
    // [U] Atlassian's wording for an expired, reused or foreign code.
    if (!code || code.clientId !== app.clientId || code.redirectUri !== params.redirect_uri) {
      return oauthError(400, 'invalid_request', 'authorization_code is invalid')
    }
    return { status: 200, body: await issueTokens(ctx, app.clientId, code.accountId, code.userId, code.scopes) }
  }

  const presented = params.refresh_token
  const key = presented ? refreshTokenKey(presented) : undefined
  const record = key ? await ctx.store.get<RefreshTokenRecord>(key) : undefined
  const leewayMs = ctx.config.ttl.refreshReuseLeewaySeconds * 1000
  const stillUsable = record && (record.rotatedAt === undefined || Date.now() - record.rotatedAt < leewayMs)
  if (!key || !record || !stillUsable || record.clientId !== app.clientId) {
    return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.')
  }
  // Rotation: the presented token now only survives for the reuse leeway.
  if (record.rotatedAt === undefined) {
    if (leewayMs > 0) await ctx.store.set(key, { ...record, rotatedAt: Date.now() }, leewayMs)
    else await ctx.store.delete(key)
  }
  return { status: 200, body: await issueTokens(ctx, app.clientId, record.accountId, record.userId, record.scopes) }
}

/** `POST /atlassian/oauth/token`, JSON (documented) or form-encoded (used by generic OAuth clients) bodies. */
export async function serveToken(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = requestMediaType(req)
  const text = await readBodyText(req, () => new HttpError(413, { error: 'invalid_request', error_description: 'Request body too large' }))
  let params: Record<string, string | undefined>
  if (type === 'application/x-www-form-urlencoded') {
    params = Object.fromEntries(new URLSearchParams(text))
  } else if (type === 'application/json') {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Request body is not valid JSON' })
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'Request body must be a JSON object' })
    }
    params = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]))
  } else {
    return sendJson(res, 415, { error: 'invalid_request', error_description: 'Content-Type must be application/json' })
  }
  // HTTP Basic client authentication is standard OAuth; accept it alongside body credentials.
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (basic && !params.client_id) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')
    // A malformed escape leaves the credential unset, which the exchange refuses as unauthorized.
    params.client_id = tryDecodeURIComponent(id ?? '')
    params.client_secret = tryDecodeURIComponent(secret ?? '')
  }
  const result = await exchangeToken(ctx, params)
  sendJson(res, result.status, result.body)
}

/** The live record behind a bearer access token, or undefined when unknown or expired. */
export async function lookupAccessToken(ctx: SandboxContext, token: string | undefined): Promise<AccessTokenRecord | undefined> {
  if (!token) return undefined
  const record = await ctx.store.get<AccessTokenRecord>(accessTokenKey(token))
  return record && record.expiresAt > Date.now() ? record : undefined
}

/** The sites the account has granted to the app behind a token. */
export async function grantedSiteIds(ctx: SandboxContext, clientId: string, accountId: string): Promise<string[]> {
  return (await ctx.store.get<AtlassianGrant>(grantKey(clientId, accountId)))?.siteIds ?? []
}

export function oauthAppFor(ctx: SandboxContext, providerId: string): OAuthApp {
  const app = ctx.apps.find((a) => a.providerId === providerId)
  if (!app) throw new Error(`no OAuth app for provider ${providerId}`)
  return app
}
