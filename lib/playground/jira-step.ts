import {
  AtlassianApiError,
  atlassianGet,
  getAccessibleSites,
  searchJiraProjects,
  type AtlassianOptions,
  type AtlassianSite
} from '../../snippets/list-jira-projects'
import { PlaygroundError } from '../api/errors'
import type { HttpTrace } from '../http-trace'
import type { JiraPart, JiraRequest, JiraResponse, Site } from '../../contract/playground-api'
import { siteAnswersTo } from '../../contract/sites'

/** The panel's Jira request (contract/playground-api.ts) as the step runs it: with the token and its scopes. */
export type JiraStepInput = Pick<JiraRequest, 'cloudId' | 'site' | 'query' | 'startAt' | 'maxResults' | 'parts'> & {
  token: string
  scopes: string[]
}

function isScopeMismatch(error: AtlassianApiError): boolean {
  const message = (error.body as { message?: unknown } | null)?.message
  return error.status === 401 && typeof message === 'string' && /scope does not match/i.test(message)
}

/** The gateway's answer to a cloud id that names no site (Atlassian community reports; unconfirmed). */
function isUnknownSite(error: AtlassianApiError): boolean {
  const messages = (error.body as { errorMessages?: unknown } | null)?.errorMessages
  return error.status === 404 && Array.isArray(messages) && messages.includes('Site temporarily unavailable')
}

/** Turns an Atlassian failure into one the reader can act on. */
export function explainAtlassianError(error: unknown, what: string): PlaygroundError {
  if (error instanceof AtlassianApiError) {
    if (isScopeMismatch(error)) {
      return new PlaygroundError(403, 'scope_mismatch', `Atlassian refused ${what}: the token lacks the scope it needs ("scope does not match"). Start again with read:jira-work selected; refreshing the token does not help.`)
    }
    if (isUnknownSite(error)) {
      return new PlaygroundError(404, 'cloud_id_unknown', `Atlassian answered 404 "Site temporarily unavailable" for ${what}: the cloud id is not the id of a site in accessible-resources. Use the id of one of the sites the token reaches.`, {
        field: 'cloudId'
      })
    }
    if (error.status === 401) {
      return new PlaygroundError(401, 'atlassian_token_rejected', `Atlassian rejected the token for ${what} (expired or revoked). Start the authorization again.`)
    }
    if (error.status === 429) {
      const wait = error.retryAfter
      return new PlaygroundError(429, 'jira_rate_limited', `Jira is rate limiting ${what}${wait ? `; wait ${wait} s before trying again` : '; wait a little before trying again'}.`, {
        retryAfterSeconds: wait
      })
    }
    if (error.status >= 500) {
      return new PlaygroundError(502, 'jira_unavailable', `Atlassian answered ${error.status} for ${what}: the service is having trouble. Try again shortly.`)
    }
    return new PlaygroundError(502, 'jira_error', `Atlassian answered ${error.status} for ${what}.`)
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new PlaygroundError(504, 'jira_unavailable', `Atlassian did not answer ${what} in time. Try again shortly.`)
  }
  return new PlaygroundError(502, 'jira_unavailable', `Could not reach Atlassian for ${what}. Try again shortly.`)
}

/** A site the request names that is not among the token's sites: a shared link's site=, or a stray cloud id. */
function siteNotReached(input: Pick<JiraRequest, 'cloudId' | 'site'>, sites: Site[]): PlaygroundError {
  const reached = sites.map((s) => s.name).join(', ')
  if (input.cloudId) {
    return new PlaygroundError(404, 'cloud_id_unknown', `The cloud id ${input.cloudId} is not the id of any site this token reaches (${reached}). Use an id from accessible-resources, or clear the Site field.`, {
      field: 'cloudId'
    })
  }
  return new PlaygroundError(404, 'site_not_reachable', `The site "${input.site}" is not one this token reaches (${reached}): a shared link names its sender's site, which the account you consented with may not have. Clear the Site field, or consent with an account that has that site.`, {
    field: 'site'
  })
}

function toSite(site: AtlassianSite): Site {
  return { id: site.id, name: site.name, url: site.url, scopes: site.scopes ?? [] }
}

/** accessible-resources for the cloud id, then project/search: the custom-tool snippet's own functions. */
export async function runJiraStep(input: JiraStepInput, atlassianApiBase: string, trace: HttpTrace): Promise<Omit<JiraResponse, 'exchanges'>> {
  const options: AtlassianOptions = { apiBase: atlassianApiBase, fetch: trace.fetch }
  const notes: string[] = []

  const parts = new Set<JiraPart>(input.parts ?? ['sites', 'projects', 'profile'])
  let sites: Site[] | undefined
  let site: Site | undefined
  if (parts.has('sites')) {
    trace.step = 'sites'
    try {
      const unique = new Map((await getAccessibleSites(input.token, options)).map((s) => [s.id, toSite(s)]))
      sites = [...unique.values()]
    } catch (error) {
      throw explainAtlassianError(error, 'the list of sites')
    }
    if (sites.length === 0) {
      throw new PlaygroundError(404, 'no_accessible_site', 'The token reaches no Atlassian site: on the consent page, pick a site the account can use, then start again.')
    }
    site = input.cloudId ? sites.find((s) => s.id === input.cloudId) : input.site ? sites.find((s) => siteAnswersTo(s, input.site!)) : sites[0]
    if (!site) throw siteNotReached(input, sites)
  } else {
    // A page turn or a search: the panel already knows the site, so accessible-resources is not called again.
    if (!input.cloudId) throw new PlaygroundError(400, 'invalid_request', 'cloudId is required when parts leaves out sites', { field: 'cloudId' })
    site = { id: input.cloudId, name: input.cloudId, url: '', scopes: [] }
  }

  trace.step = 'projects'
  let projects: JiraResponse['projects']
  try {
    const page = await searchJiraProjects(input.token, site.id, { query: input.query, startAt: input.startAt, maxResults: input.maxResults }, options)
    projects = {
      startAt: page.startAt,
      maxResults: page.maxResults,
      total: page.total,
      isLast: page.isLast,
      values: page.values.map(({ id, key, name, projectTypeKey }) => ({ id, key, name, projectTypeKey }))
    }
  } catch (error) {
    throw explainAtlassianError(error, 'the Jira project search')
  }

  const result: Omit<JiraResponse, 'exchanges'> = { site, ...(sites && { sites }), projects, query: input.query, notes }
  if (!parts.has('profile')) return result

  if (input.scopes.includes('read:jira-user')) {
    trace.step = 'profile'
    try {
      const me = await atlassianGet<NonNullable<JiraResponse['myself']>>(`/ex/jira/${encodeURIComponent(site.id)}/rest/api/3/myself`, input.token, options)
      result.myself = { accountId: me.accountId, displayName: me.displayName, emailAddress: me.emailAddress, timeZone: me.timeZone }
    } catch (error) {
      notes.push(explainAtlassianError(error, 'Jira /myself').message)
    }
  } else notes.push('Jira /myself skipped: it needs read:jira-user.')

  if (input.scopes.includes('read:me')) {
    trace.step = 'profile'
    try {
      const me = await atlassianGet<NonNullable<JiraResponse['profile']>>('/me', input.token, options)
      result.profile = { account_id: me.account_id, name: me.name, email: me.email, nickname: me.nickname, picture: me.picture }
    } catch (error) {
      notes.push(explainAtlassianError(error, 'Atlassian /me').message)
    }
  } else notes.push('Atlassian /me skipped: it needs read:me.')

  return result
}
