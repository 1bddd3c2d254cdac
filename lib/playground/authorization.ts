import type { NextApiRequest } from 'next'
import type { AuthorizationResponse } from '@arcadeai/arcadejs/resources/shared'
import { createArcadeClient, upstreams } from '../arcade-client'
import { clientAddress } from '../rate-limit'
import { CLIENT_ADDRESS_HEADER } from '../sandbox/embedded'
import type { SiteConfig } from '../config'
import { HttpTrace } from '../http-trace'
import { maskSecret } from '../redact'
import { PlaygroundError } from '../api/errors'
import { explainArcadeError } from './arcade-errors'
import { consentLink } from './consent-link'
import { getFlowBindings } from './flow-bindings'
import type { Exchange, FlowStatus, StartResponse, StatusResponse } from '../../contract/playground-api'

/** An SDK client whose every request is recorded (secrets masked) for the reader, and the Atlassian base to use. */
export function tracedArcade(config: SiteConfig, req: NextApiRequest, timeoutMs = config.upstreamTimeoutSeconds * 1000) {
  const self = { localAddress: req.socket.localAddress, localPort: req.socket.localPort }
  const { extraHeaders, atlassianApiBase, labels } = upstreams(config, self)
  // In sandbox mode the visitor's address goes along, so what the sandbox keeps for them counts against it.
  const headers = config.mode === 'sandbox' ? { ...extraHeaders, [CLIENT_ADDRESS_HEADER]: clientAddress(req, config.trustProxyHops) } : extraHeaders
  const trace = new HttpTrace(timeoutMs, headers, labels)
  trace.addSecret(config.arcadeApiKey)
  const client = createArcadeClient(config, self, trace.fetch)
  return { client, trace, atlassianApiBase }
}

function statusOf(response: AuthorizationResponse): FlowStatus {
  return response.status ?? 'pending'
}

/** auth.start for this visitor; the flow is bound to the visitor so no one else can use it. */
export async function startAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  visitorId: string,
  providerId: string,
  scopes: string[]
): Promise<StartResponse> {
  const { client, trace } = tracedArcade(config, req)
  trace.step = 'start'
  let response: AuthorizationResponse
  try {
    response = await client.auth.start(visitorId, providerId, { scopes })
  } catch (error) {
    throw withExchanges(explainArcadeError(error, 'start'), trace.redacted())
  }
  trace.addSecret(response.context?.token)
  if (!response.id) throw new PlaygroundError(502, 'arcade_error', 'Arcade answered without an authorization id', { exchanges: trace.redacted() })
  const consentUrl = response.status === 'completed' ? undefined : response.url
  await getFlowBindings().bind(response.id, visitorId, config.flowTtlSeconds, consentUrl, clientAddress(req, config.trustProxyHops))
  return {
    flowId: response.id,
    status: statusOf(response),
    // The site's own link, which notes the flow in the consenting browser before sending it on to Arcade's URL.
    url: consentUrl ? consentLink(response.id) : undefined,
    scopes: response.scopes ?? scopes,
    exchanges: trace.redacted()
  }
}

/**
 * Refuses a flow id that this visitor did not start, or that has expired here, with one and the same answer, so
 * that a flow id tells no one else whether that flow exists.
 */
export async function assertFlowOwner(flowId: string, visitorId: string): Promise<void> {
  if ((await getFlowBindings().ownerOf(flowId)) !== visitorId) {
    throw new PlaygroundError(404, 'flow_not_found', 'This authorization is unknown to this browser: it expired, or it was started in another browser or by another visitor. Start again.')
  }
}

const REFUSED_MESSAGE =
  'The consent was given in another browser or by another visitor, so Arcade could not confirm it for you. Press Run again and consent in the window it opens, in this browser.'

/**
 * The owner's status check: when the verifier refused a consent for this flow (another browser, another visitor),
 * a still-pending flow is explained at once instead of waited on.
 */
export async function checkOwnedAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  flowId: string,
  waitSeconds: number
): Promise<{ view: StatusResponse; token?: string }> {
  const refusal = await getFlowBindings().refusalOf(flowId)
  const checked = await checkAuthorization(config, req, flowId, refusal ? 0 : waitSeconds)
  if (refusal && checked.view.status === 'pending') {
    throw new PlaygroundError(409, 'user_mismatch', REFUSED_MESSAGE, { exchanges: checked.view.exchanges })
  }
  return checked
}

/** One bounded long-poll of auth.status; `failed` is an explained error, not a status to wait on. */
export async function checkAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  flowId: string,
  waitSeconds: number
): Promise<{ view: StatusResponse; token?: string }> {
  const wait = Math.min(waitSeconds, config.longPollSeconds)
  // The long-poll's own bound: the wait it asks Arcade for, plus the usual upstream allowance.
  const timeoutMs = (wait + config.upstreamTimeoutSeconds) * 1000
  const { client, trace } = tracedArcade(config, req, timeoutMs)
  trace.step = wait > 0 ? 'waiting' : 'completed'
  let response: AuthorizationResponse
  try {
    response = await client.auth.status({ id: flowId, wait: wait || undefined }, { timeout: timeoutMs, maxRetries: 0 })
  } catch (error) {
    throw withExchanges(explainArcadeError(error, 'status'), trace.redacted())
  }
  const token = response.context?.token
  trace.addSecret(token)
  if (response.status === 'failed') {
    throw new PlaygroundError(409, 'consent_denied', 'The authorization failed: consent was denied on the Atlassian page, or Atlassian refused the request. Start again and choose Accept.', {
      exchanges: trace.redacted()
    })
  }
  const view: StatusResponse = {
    flowId,
    status: statusOf(response),
    scopes: response.scopes ?? [],
    maskedToken: token ? maskSecret(token) : undefined,
    exchanges: trace.redacted()
  }
  return { view, token }
}

/** The same error, carrying the HTTP exchanges that led to it. */
export function withExchanges(error: PlaygroundError, exchanges: Exchange[]): PlaygroundError {
  return new PlaygroundError(error.status, error.code, error.message, { ...error.extra, exchanges })
}
