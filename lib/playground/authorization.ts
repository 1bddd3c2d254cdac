import type { NextApiRequest } from 'next'
import type { AuthorizationResponse } from '@arcadeai/arcadejs/resources/shared'
import { createArcadeClient, upstreams } from '../arcade-client'
import { clientKey } from '../rate-limit'
import type { SiteConfig } from '../config'
import { HttpTrace } from '../http-trace'
import { maskSecret } from '../redact'
import { PlaygroundError } from '../api/errors'
import { explainArcadeError } from './arcade-errors'
import { consentLink } from './consent-link'
import { getFlowBindings } from './flow-bindings'
import { providerSelector } from '../../contract/facts'
import { failedAuthorization, refusedConsent, stoppedAtAtlassian } from './failure-causes'
import { findScenario } from '../../contract/scenarios'
import type { Exchange, FlowStatus, StartResponse, StatusResponse } from '../../contract/playground-api'

/** An SDK client whose every request is recorded (secrets masked) for the reader, and the Atlassian base to use. */
export function tracedArcade(config: SiteConfig, req: NextApiRequest, timeoutMs = config.upstreamTimeoutSeconds * 1000) {
  const self = { localAddress: req.socket.localAddress, localPort: req.socket.localPort }
  const { extraHeaders, atlassianApiBase, labels } = upstreams(config, self, clientKey(req, config.trustProxyHops))
  const trace = new HttpTrace(timeoutMs, extraHeaders, labels)
  trace.addSecret(config.arcadeApiKey)
  const client = createArcadeClient(config, self, trace.fetch)
  return { client, trace, atlassianApiBase }
}

function statusOf(response: AuthorizationResponse): FlowStatus {
  return response.status ?? 'pending'
}

/**
 * Starts an authorization for this visitor, naming the provider the documented way (contract/facts.ts
 * `providerChoice`): the kind `atlassian` in `provider_id`, as `auth.start` sends it, or a record's unique ID in
 * `id`. The flow is bound to the visitor so no one else can use it.
 */
export async function startAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  visitorId: string,
  providerId: string,
  scopes: string[],
  /** The sandbox scenario armed for this start, kept with the flow so its failure can be named by cause. */
  scenario?: string
): Promise<StartResponse> {
  const { client, trace } = tracedArcade(config, req)
  trace.step = 'start'
  let response: AuthorizationResponse
  try {
    response = await client.auth.authorize({
      user_id: visitorId,
      auth_requirement: { ...providerSelector(providerId), provider_type: 'oauth2', oauth2: { scopes } }
    })
  } catch (error) {
    throw withExchanges(explainArcadeError(error, 'start'), trace.redacted())
  }
  trace.addSecret(response.context?.token)
  if (!response.id) throw new PlaygroundError(502, 'arcade_error', 'Arcade answered without an authorization id', { exchanges: trace.redacted() })
  const consentUrl = response.status === 'completed' ? undefined : response.url
  await getFlowBindings().bind(response.id, visitorId, config.flowTtlSeconds, consentUrl, { scenario, address: clientKey(req, config.trustProxyHops) })
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

/**
 * The owner's status check. A refusal by the verifier (another browser, another visitor, a mismatched user id)
 * ends a still-pending flow's wait at once: the long-poll is cut short when the refusal is recorded, on any
 * instance. An armed scenario that stops on Atlassian's own page is explained without waiting.
 */
export async function checkOwnedAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  flowId: string,
  waitSeconds: number
): Promise<{ view: StatusResponse; token?: string }> {
  const bindings = getFlowBindings()
  const scenario = findScenario(await bindings.scenarioOf(flowId))
  const stopped = scenario && stoppedAtAtlassian(scenario)
  const known = await bindings.refusalOf(flowId)
  if (known || stopped) {
    const checked = await checkAuthorization(config, req, flowId, 0, scenario?.name)
    if (checked.view.status !== 'pending') return checked
    throw withExchanges(known ? refusedConsent(known, scenario?.name) : stopped!, checked.view.exchanges)
  }

  const wake = new AbortController()
  let refusal: Awaited<ReturnType<typeof bindings.waitForRefusal>>
  void bindings.waitForRefusal(flowId, wake.signal).then((found) => {
    refusal = found
    if (found) wake.abort()
  })
  let earlier: Exchange[] = []
  try {
    return await checkAuthorization(config, req, flowId, waitSeconds, scenario?.name, wake.signal)
  } catch (error) {
    if (!refusal) throw error
    earlier = error instanceof PlaygroundError ? (error.extra.exchanges ?? []) : []
  } finally {
    wake.abort()
  }
  // Woken by the refusal: one quick look, in case the flow completed meanwhile, then the refusal's own words.
  const checked = await checkAuthorization(config, req, flowId, 0, scenario?.name)
  if (checked.view.status !== 'pending') return checked
  throw withExchanges(refusedConsent(refusal, scenario?.name), [...earlier, ...checked.view.exchanges])
}

/** One bounded long-poll of auth.status; `failed` is an explained error, not a status to wait on. */
export async function checkAuthorization(
  config: SiteConfig,
  req: NextApiRequest,
  flowId: string,
  waitSeconds: number,
  /** The scenario armed for the flow (sandbox), which names the cause of a `failed` status. */
  scenario?: string,
  /** Ends the long-poll early (the verifier refused the consent). */
  signal?: AbortSignal
): Promise<{ view: StatusResponse; token?: string }> {
  const wait = Math.min(waitSeconds, config.longPollSeconds)
  // The long-poll's own bound: the wait it asks Arcade for, plus the usual upstream allowance.
  const timeoutMs = (wait + config.upstreamTimeoutSeconds) * 1000
  const { client, trace } = tracedArcade(config, req, timeoutMs)
  trace.step = wait > 0 ? 'waiting' : 'completed'
  let response: AuthorizationResponse
  try {
    response = await client.auth.status({ id: flowId, wait: wait || undefined }, { timeout: timeoutMs, maxRetries: 0, signal })
  } catch (error) {
    throw withExchanges(explainArcadeError(error, 'status'), trace.redacted())
  }
  const token = response.context?.token
  trace.addSecret(token)
  if (response.status === 'failed') {
    throw withExchanges(failedAuthorization(scenario), trace.redacted())
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
