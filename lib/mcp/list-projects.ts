// The guide's custom tool (snippets/list-projects.py and its TypeScript twin snippets/list-jira-projects.ts) served
// as an MCP tool. Like an Arcade tool server, it asks Arcade for the user's Atlassian token through the SDK; when
// Arcade needs the user's consent, the client is sent to the site's consent link (URL-mode elicitation, else the
// -32042 error, else a result carrying the link), and the call finishes with the same code the page shows.
import type { AuthorizationResponse } from '@arcadeai/arcadejs/resources/shared'
import { UrlElicitationRequiredError, type ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js'
import { createArcadeClient, upstreams, type SelfAddress } from '../arcade-client'
import type { SiteConfig } from '../config'
import { HttpTrace } from '../http-trace'
import { helpLink, PlaygroundError } from '../api/errors'
import { explainArcadeError } from '../playground/arcade-errors'
import { consentLink } from '../playground/consent-link'
import { getFlowBindings } from '../playground/flow-bindings'
import { explainAtlassianError } from '../playground/jira-step'
import { getAccessibleSites, jiraSites, searchJiraProjects, type AtlassianSite } from '../../snippets/list-jira-projects'
import { providerSelector } from '../../contract/facts'
import { findSite } from '../../contract/sites'
import { LIST_PROJECTS_SCOPES, type ListProjectsArgs, type ListProjectsProblem, type ListProjectsResult } from '../../contract/mcp'

/**
 * The longest one call waits for consent. The official SDK client gives up on a request after 60 s by default,
 * so the call answers before that; past it the result says to call again (the flow stays open for its TTL).
 */
export const CONSENT_WAIT_SECONDS = 45

/** What the tool needs from the MCP session and the request that carries the call. */
export interface ListProjectsContext {
  config: SiteConfig
  self: SelfAddress
  /** The site's public origin, for the absolute consent link. */
  origin: string
  userId: string
  /** The MCP client's address key (rate-limit.ts clientKey): the flows and sandbox state it makes count against it. */
  clientKey: string
  /** How this client can be sent to a URL. */
  consentPath: 'url-elicitation' | 'url-elicitation-required-error' | 'link-in-result'
  /** Sends the URL-mode `elicitation/create` and resolves with the client's answer. */
  elicit(params: ElicitRequestURLParams, timeoutMs: number): Promise<{ action: 'accept' | 'decline' | 'cancel' }>
  /** Sends `notifications/elicitation/complete`. */
  notifyComplete(elicitationId: string): Promise<void>
  signal: AbortSignal
  /** Every trace the call makes, when the client asked to see its HTTP exchanges. */
  traces?: HttpTrace[]
}

export type ListProjectsOutcome = { kind: 'projects'; result: ListProjectsResult } | { kind: 'problem'; problem: ListProjectsProblem }

function tracedClient(ctx: ListProjectsContext, timeoutMs: number, step: string) {
  const { extraHeaders, atlassianApiBase, labels } = upstreams(ctx.config, ctx.self, ctx.clientKey)
  const trace = new HttpTrace(timeoutMs, extraHeaders, labels)
  trace.step = step
  trace.addSecret(ctx.config.arcadeApiKey)
  ctx.traces?.push(trace)
  return { client: createArcadeClient(ctx.config, ctx.self, trace.fetch), trace, atlassianApiBase }
}

async function startAuthorization(ctx: ListProjectsContext): Promise<AuthorizationResponse> {
  const { client } = tracedClient(ctx, ctx.config.upstreamTimeoutSeconds * 1000, 'start')
  try {
    // The provider named the documented way, as the first panel names it (contract/facts.ts providerSelector).
    return await client.auth.authorize({
      user_id: ctx.userId,
      auth_requirement: { ...providerSelector(ctx.config.providerId), provider_type: 'oauth2', oauth2: { scopes: [...LIST_PROJECTS_SCOPES] } }
    })
  } catch (error) {
    throw explainArcadeError(error, 'start')
  }
}

/** Long-polls auth.status until the flow leaves `pending` or the deadline passes (each poll bounded). */
async function waitForConsent(ctx: ListProjectsContext, flowId: string, deadline: number): Promise<AuthorizationResponse | undefined> {
  for (let polls = 0; polls < 100 && Date.now() < deadline && !ctx.signal.aborted; polls++) {
    const wait = Math.max(1, Math.min(ctx.config.longPollSeconds, Math.floor((deadline - Date.now()) / 1000)))
    const timeoutMs = (wait + ctx.config.upstreamTimeoutSeconds) * 1000
    const { client } = tracedClient(ctx, timeoutMs, 'waiting')
    let response: AuthorizationResponse
    try {
      response = await client.auth.status({ id: flowId, wait }, { timeout: timeoutMs, maxRetries: 0, signal: ctx.signal })
    } catch (error) {
      if (ctx.signal.aborted) return undefined
      throw explainArcadeError(error, 'status')
    }
    if (response.status !== 'pending') return response
  }
  return undefined
}

/** The tool's body: the page's TypeScript twin, with the token Arcade gave. */
async function listWithToken(ctx: ListProjectsContext, token: string, scopes: string[], args: ListProjectsArgs): Promise<ListProjectsResult> {
  const { trace, atlassianApiBase } = tracedClient(ctx, ctx.config.upstreamTimeoutSeconds * 1000, 'sites')
  trace.addSecret(token)
  const options = { apiBase: atlassianApiBase, fetch: trace.fetch }
  let sites: AtlassianSite[]
  try {
    sites = jiraSites(await getAccessibleSites(token, options))
  } catch (error) {
    throw explainAtlassianError(error, 'the list of sites')
  }
  if (sites.length === 0) throw new PlaygroundError(404, 'no_accessible_site', 'This Atlassian token cannot reach any Jira site.')
  const site = findSite(sites, args.site ?? '')
  if (!site) {
    throw new PlaygroundError(400, 'invalid_request', `site: choose one of the sites the token can reach (${sites.map((s) => s.name).join(', ')})`, { field: 'site' })
  }
  const query = args.query ?? ''
  trace.step = 'projects'
  try {
    const page = await searchJiraProjects(token, site.id, { query }, options)
    const short = ({ id, name, url }: AtlassianSite) => ({ id, name, url })
    return {
      site: short(site),
      sites: sites.map(short),
      query,
      scopes,
      projects: {
        startAt: page.startAt,
        maxResults: page.maxResults,
        ...(page.total !== undefined && { total: page.total }),
        ...(page.isLast !== undefined && { isLast: page.isLast }),
        values: page.values.map(({ id, key, name, projectTypeKey }) => ({ id, key, name, ...(projectTypeKey && { projectTypeKey }) }))
      }
    }
  } catch (error) {
    throw explainAtlassianError(error, 'the Jira project search')
  }
}

function consentMessage(ctx: ListProjectsContext): string {
  const host = new URL(ctx.origin).host
  return `${host} needs your consent at Atlassian (through Arcade) for the scope ${LIST_PROJECTS_SCOPES.join(', ')}, so list_projects can list your Jira projects. Open the link, choose the Atlassian site and Accept.`
}

/** One call of list_projects for this session's user. */
export async function runListProjects(ctx: ListProjectsContext, args: ListProjectsArgs): Promise<ListProjectsOutcome> {
  const started = await startAuthorization(ctx)
  let authorization: AuthorizationResponse | undefined = started
  if (started.status !== 'completed') {
    if (!started.id || !started.url) throw new PlaygroundError(502, 'arcade_error', 'Arcade answered without an authorization id or consent URL')
    // Bound to this session's user, so the site's consent link (and its verifier) serve this flow.
    await getFlowBindings().bind(started.id, ctx.userId, ctx.config.flowTtlSeconds, started.url, { address: ctx.clientKey })
    const elicitation: ElicitRequestURLParams = { mode: 'url', elicitationId: started.id, url: `${ctx.origin}${consentLink(started.id)}`, message: consentMessage(ctx) }
    if (ctx.consentPath === 'url-elicitation-required-error') {
      throw new UrlElicitationRequiredError([elicitation], `Authorization required: open the link to consent, then call list_projects again.`)
    }
    if (ctx.consentPath === 'link-in-result') {
      return { kind: 'problem', problem: { code: 'authorization_required', message: `${elicitation.message} When you are done, call list_projects again.`, url: elicitation.url } }
    }
    const deadline = Date.now() + CONSENT_WAIT_SECONDS * 1000
    let answer: { action: string }
    try {
      answer = await ctx.elicit(elicitation, CONSENT_WAIT_SECONDS * 1000)
    } catch {
      // The client never answered the elicitation (timed out, went away, or refused it as malformed).
      return { kind: 'problem', problem: { code: 'flow_timed_out', message: `The client did not answer the consent request within ${CONSENT_WAIT_SECONDS} s. Open the link, consent, then call list_projects again.`, url: elicitation.url } }
    }
    if (answer.action !== 'accept') {
      return { kind: 'problem', problem: { code: 'consent_denied', message: 'The user declined to open the consent link, so list_projects has no Atlassian token. Call it again to ask once more.' } }
    }
    authorization = await waitForConsent(ctx, started.id, deadline)
    if (!authorization || authorization.status === 'pending') {
      return {
        kind: 'problem',
        problem: { code: 'flow_timed_out', message: `No consent arrived within ${CONSENT_WAIT_SECONDS} s. If you have consented since, call list_projects again.`, url: elicitation.url }
      }
    }
    if (authorization.status === 'failed') {
      throw new PlaygroundError(409, 'consent_denied', 'The authorization failed: consent was denied on the Atlassian page, or Atlassian refused the request. Call list_projects again and choose Accept.')
    }
    await ctx.notifyComplete(started.id)
  }
  const token = authorization.context?.token
  if (!token) throw new PlaygroundError(502, 'arcade_error', 'Arcade reported the authorization completed but gave no token')
  // The status answers that carried the token are masked like the Jira calls that use it.
  ctx.traces?.forEach((trace) => trace.addSecret(token))
  return { kind: 'projects', result: await listWithToken(ctx, token, authorization.scopes ?? [...LIST_PROJECTS_SCOPES], args) }
}

/** A failure as the tool reports it: code, message and the troubleshooting entry; never a token or key. */
export function problemOf(error: PlaygroundError, origin: string): ListProjectsProblem {
  return { code: error.code, message: `${error.message} (see ${origin}${helpLink(error.code)})` }
}
