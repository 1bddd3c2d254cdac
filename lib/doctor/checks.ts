// The set-up check: can this site run the Atlassian flow with the configuration it has? Each check calls the
// same SDK path as the Run it panel (the embedded emulator in sandbox mode, Arcade in live mode) and reports
// what it found in plain words, never a key or a token.
import type { IncomingMessage } from 'node:http'
import type Arcade from '@arcadeai/arcadejs'
import { APIConnectionError, APIError, AuthenticationError, PermissionDeniedError } from '@arcadeai/arcadejs'
import type { NextApiRequest } from 'next'
import type { DoctorCheck, DoctorResponse } from '../../contract/playground-api'
import { DEFAULT_SCOPES } from '../../contract/scopes'
import { upstreams } from '../arcade-client'
import type { SiteConfig } from '../config'
import { tracedArcade } from '../playground/authorization'
import { siteOrigin } from '../site-origin'

/** The user id the check starts authorizations for: never a visitor's, so no one's grants are touched. */
export const DOCTOR_USER_ID = 'setup-check@arcade-atlassian-guide'

const help = (anchor: string) => `/troubleshooting#${anchor}`

function arcadeWords(error: APIError): string {
  const body = error.error as { message?: unknown; msg?: unknown } | undefined
  const text = typeof body?.message === 'string' ? body.message : typeof body?.msg === 'string' ? body.msg : undefined
  return text ? `${error.status}: ${text}` : `HTTP ${error.status}`
}

const rejectedKey = (error: unknown) => error instanceof AuthenticationError || error instanceof PermissionDeniedError

/**
 * Arcade judges an authenticated request: the probe for an unknown authorization id must be refused for being
 * unknown (a 4xx other than 401, 403 and 429), not for the key. No answer, a 5xx or a 429 says nothing about
 * the key, so none of them is a pass.
 */
async function checkKey(config: SiteConfig, arcade: Arcade): Promise<DoctorCheck> {
  const base = { id: 'arcade-key', title: 'Arcade accepts the API key', help: help('arcade-rejected-key') }
  const what = config.mode === 'sandbox' ? "The embedded sandbox's public key" : 'ARCADE_API_KEY'
  try {
    await arcade.auth.status({ id: 'setup-check-probe' })
    return { ...base, status: 'pass', detail: `${what} was accepted (Arcade answered the probe for an unknown authorization).` }
  } catch (error) {
    if (error instanceof APIConnectionError || !(error instanceof APIError) || typeof error.status !== 'number') {
      return { ...base, status: 'fail', help: help('arcade-unreachable'), detail: `Arcade did not answer (${describe(error)}), so the key could not be checked.` }
    }
    if (rejectedKey(error)) {
      return { ...base, status: 'fail', detail: `Arcade refused ${what} (${arcadeWords(error)}). Copy a valid key from the Arcade dashboard into ARCADE_API_KEY and restart the site.` }
    }
    if (error.status === 429) {
      return { ...base, status: 'warn', help: help('arcade-rate-limited'), detail: `Arcade rate limited the probe (429), so the key could not be checked. Run the checks again in a minute.` }
    }
    if (error.status >= 500) {
      return { ...base, status: 'fail', help: help('arcade-error'), detail: `Arcade failed on its side (${arcadeWords(error)}), so the key could not be checked.` }
    }
    return { ...base, status: 'pass', detail: `${what} was accepted: Arcade refused the probe for an unknown authorization with ${error.status}, for the id, not with 401 for the key.` }
  }
}

async function checkHealth(config: SiteConfig, arcade: Arcade): Promise<DoctorCheck> {
  const base = { id: 'engine-health', title: 'The Arcade engine is healthy', help: help('arcade-unreachable') }
  const engine = config.mode === 'sandbox' ? 'The embedded sandbox' : config.arcadeBaseUrl ? 'The self-hosted engine' : 'Arcade Cloud'
  try {
    const health = await arcade.health.check()
    if (health.healthy === false) return { ...base, status: 'fail', detail: `${engine} reports itself unhealthy${health.reason ? `: ${health.reason}` : ''}.` }
    // `healthy` is optional in the SDK's type: an answer that does not say healthy is not a pass.
    if (health.healthy !== true) return { ...base, status: 'warn', detail: `${engine} answered GET /v1/health without saying it is healthy.` }
    return { ...base, status: 'pass', detail: `${engine} answered GET /v1/health: healthy.` }
  } catch (error) {
    return { ...base, status: 'fail', detail: `${engine} did not answer GET /v1/health (${describe(error)}). Check ARCADE_BASE_URL and the network.` }
  }
}

/** What Atlassian's authorize URL carries: the app's client id, the scopes and the callback Atlassian must know. */
function readAuthorizationUrl(url: string, origin: string) {
  const params = new URL(url, origin).searchParams
  const redirect = params.get('redirect_uri')
  // The embedded sandbox's callback is path-only (same-origin with the site): show it as the browser will reach it.
  const redirectUri = redirect === null ? null : URL.canParse(redirect) ? redirect : new URL(redirect, origin).href
  return { clientId: params.get('client_id'), scopes: (params.get('scope') ?? '').split(/\s+/).filter(Boolean), redirectUri }
}

async function checkProvider(arcade: Arcade, providerId: string, origin: string): Promise<DoctorCheck> {
  const base = { id: `provider:${providerId}`, title: `Provider “${providerId}” starts an authorization` }
  let response
  try {
    response = await arcade.auth.start(DOCTOR_USER_ID, providerId, { scopes: DEFAULT_SCOPES })
  } catch (error) {
    if (rejectedKey(error)) return { ...base, status: 'fail', help: help('arcade-rejected-key'), detail: `Arcade refused the API key, so no authorization could start (${arcadeWords(error as APIError)}).` }
    if (error instanceof APIError && /multiple providers|same type|ambiguous/i.test(arcadeWords(error))) {
      return { ...base, status: 'fail', help: help('several-atlassian-providers'), detail: `Arcade cannot tell which provider “${providerId}” means (${arcadeWords(error)}). Use the provider's own ID.` }
    }
    if (error instanceof APIError && (error.status === 400 || error.status === 404)) {
      return { ...base, status: 'fail', help: help('provider-not-found'), detail: `Arcade has no usable provider “${providerId}” (${arcadeWords(error)}). Set ARCADE_PROVIDER_ID to the ID shown in the Arcade dashboard.` }
    }
    return { ...base, status: 'fail', help: help('arcade-unreachable'), detail: `The authorization could not start (${describe(error)}).` }
  }
  if (response.status === 'completed') {
    return { ...base, status: 'pass', help: help('redirect-uri-not-registered'), detail: 'Arcade already holds a grant for the check user, so no authorization URL was needed.' }
  }
  if (!response.url) return { ...base, status: 'fail', help: help('arcade-error'), detail: `Arcade answered “${response.status}” without an authorization URL.` }
  const { clientId, scopes, redirectUri } = readAuthorizationUrl(response.url, origin)
  const missing = DEFAULT_SCOPES.filter((s) => !scopes.includes(s))
  if (!clientId) return { ...base, status: 'fail', help: help('wrong-client-secret'), detail: 'The authorization URL carries no client_id: the provider has no Client ID. Paste the Client ID of your Atlassian app into the provider.' }
  if (!redirectUri) return { ...base, status: 'fail', help: help('redirect-uri-not-registered'), detail: `The authorization URL (client id ${clientId}) carries no redirect_uri, so Atlassian could not send the user back.` }
  const callback = `Atlassian will send users back to ${redirectUri}: your Atlassian app's Authorization tab must list exactly this Callback URL.`
  if (missing.length > 0) {
    return { ...base, status: 'warn', help: help('scope-not-in-app'), detail: `Client id ${clientId}. The URL asks for ${scopes.join(' ')} but not ${missing.join(', ')}. ${callback}` }
  }
  return { ...base, status: 'pass', help: help('redirect-uri-not-registered'), detail: `Client id ${clientId}; scopes ${scopes.join(' ')}. ${callback}` }
}

/**
 * Which verifier Arcade's dashboard has registered is not something Arcade's API tells (the SDK has no such
 * call), so this is information to compare, never a pass.
 */
function checkVerifier(config: SiteConfig, origin: string): DoctorCheck {
  const url = `${origin}/api/playground/verify`
  const detail =
    config.mode === 'sandbox'
      ? `Not checked: the embedded sandbox is set up by this site to send users to its verifier, ${url}. With your own Arcade project, register that URL in the Arcade dashboard.`
      : `Not checked: Arcade's API does not say which verifier is registered. Compare: in the Arcade dashboard, under Auth → Settings → Custom verifier, the URL must be exactly ${url}. Without it, users land on Arcade's own sign-in after consenting.`
  return { id: 'verifier-url', title: 'The custom user verifier this site serves', status: 'info', detail, help: help('no-custom-verifier') }
}

/** Atlassian's API answers at all: accessible-resources without a token must be refused, not time out. */
async function checkAtlassian(config: SiteConfig, req: IncomingMessage): Promise<DoctorCheck> {
  const base = { id: 'atlassian-api', title: "Atlassian's API answers", help: help('jira-unavailable') }
  const self = { localAddress: req.socket.localAddress, localPort: req.socket.localPort }
  const { atlassianApiBase, extraHeaders } = upstreams(config, self)
  // The base itself stays off the page: a self-hosted set-up may use a private host.
  const where = config.mode === 'sandbox' ? "The sandbox's Atlassian API" : "Atlassian's API (ATLASSIAN_API_BASE)"
  try {
    const answer = await fetch(`${atlassianApiBase}/oauth/token/accessible-resources`, {
      headers: { Accept: 'application/json', ...extraHeaders },
      signal: AbortSignal.timeout(config.upstreamTimeoutSeconds * 1000)
    })
    await answer.body?.cancel()
    if (answer.status >= 500) return { ...base, status: 'warn', detail: `${where} answered ${answer.status}: Atlassian has a problem on its side; try again later.` }
    // Without a token the only right answer is a refusal; anything else is not Atlassian's API as the site uses it.
    if (answer.status < 400) return { ...base, status: 'warn', detail: `${where} answered ${answer.status} to a request without a token, where a refusal was expected. Check that ATLASSIAN_API_BASE is Atlassian's API.` }
    return { ...base, status: 'pass', detail: `${where} answered (${answer.status} to a request without a token, as expected).` }
  } catch (error) {
    return { ...base, status: 'fail', detail: `${where} did not answer (${describe(error)}). Check ATLASSIAN_API_BASE and the network.` }
  }
}

function describe(error: unknown): string {
  if (error instanceof APIConnectionError) return 'no connection, or no answer in time'
  if (error instanceof APIError) return arcadeWords(error)
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time'
  return 'no connection'
}

export async function runChecks(config: SiteConfig, req: NextApiRequest): Promise<DoctorResponse> {
  const { client } = tracedArcade(config, req)
  const origin = siteOrigin(config, req)
  const [key, health, atlassian] = await Promise.all([checkKey(config, client), checkHealth(config, client), checkAtlassian(config, req)])
  const providers = await Promise.all(config.providerIds.map((id) => checkProvider(client, id, origin)))
  return { mode: config.mode, checkedAt: new Date().toISOString(), checks: [key, health, ...providers, checkVerifier(config, origin), atlassian] }
}
