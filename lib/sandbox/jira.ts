import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxContext } from './context'
import { apiBase, authenticateGateway, avatarUrls, requireScope, siteForCaller } from './atlassian-api'
import { HttpError, sendJson } from './http'
import { jiraRateLimitHeaders } from './rate-limit-headers'
import { armedScenario } from './scenarios'
import { findPerson, type Person, type ProjectRecord, type SiteRecord } from './world'

/**
 * Jira Cloud REST v3 through the gateway (`/ex/jira/{cloudId}/rest/api/3/...`): `project/search` and
 * `myself`, rendered from the world data in the shapes of contracts/jira-openapi-subset.json.
 */

const DEFAULT_MAX_RESULTS = 50
const MAX_MAX_RESULTS = 100
const ORDER_FIELDS = ['category', 'key', 'name', 'owner', 'issueCount', 'lastIssueUpdatedDate', 'archivedDate', 'deletedDate'] as const
type OrderField = (typeof ORDER_FIELDS)[number]

const badRequest = (message: string) => new HttpError(400, { errorMessages: [message], errors: {} })

function jiraBase(ctx: SandboxContext, req: IncomingMessage, site: SiteRecord): string {
  // [U] Whether `self` links point at the site host or the gateway is unconfirmed; the gateway form is
  // chosen because a caller can follow it with the same token.
  return `${apiBase(ctx, req)}/ex/jira/${site.cloudId}/rest/api/3`
}

function renderUser(person: Person, jira: string, atlassian: string) {
  return {
    self: `${jira}/user?accountId=${encodeURIComponent(person.accountId)}`,
    accountId: person.accountId,
    accountType: 'atlassian' as const,
    emailAddress: person.email,
    avatarUrls: avatarUrls(atlassian, 'user', person.accountId),
    displayName: person.displayName,
    active: true,
    timeZone: person.timeZone,
    locale: person.locale.replace('-', '_'),
  }
}

function renderProject(ctx: SandboxContext, site: SiteRecord, project: ProjectRecord, expand: Set<string>, jira: string, atlassian: string) {
  const category = site.categories.find((c) => c.id === project.categoryId)
  const lead = findPerson(ctx.world, project.leadAccountId)
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${jira}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    ...(expand.has('description') ? { description: project.description } : {}),
    ...(expand.has('lead') && lead ? { lead: renderUser(lead, jira, atlassian) } : {}),
    avatarUrls: avatarUrls(atlassian, 'project', project.key),
    ...(category
      ? { projectCategory: { self: `${jira}/projectCategory/${category.id}`, id: category.id, name: category.name, description: category.description } }
      : {}),
    projectTypeKey: project.projectTypeKey,
    simplified: project.style === 'next-gen',
    style: project.style,
    isPrivate: false,
    properties: {},
    ...(project.uuid ? { uuid: project.uuid } : {}),
    ...(expand.has('insight')
      ? { insight: { totalIssueCount: project.totalIssueCount, lastIssueUpdateTime: project.lastIssueUpdateTime } }
      : {}),
  }
}

function integerParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d+$/.test(raw)) throw badRequest(`The value '${raw}' is invalid for the parameter '${name}'.`)
  return Number(raw)
}

function sortProjects(site: SiteRecord, projects: ProjectRecord[], orderBy: string, ctx: SandboxContext): ProjectRecord[] {
  const match = /^([+-]?)(\w+)$/.exec(orderBy)
  const field = match?.[2] as OrderField | undefined
  if (!match || !field || !ORDER_FIELDS.includes(field)) throw badRequest(`The value '${orderBy}' is invalid for the parameter 'orderBy'.`)
  const direction = match[1] === '-' ? -1 : 1
  const categoryName = (p: ProjectRecord) => site.categories.find((c) => c.id === p.categoryId)?.name ?? ''
  const ownerName = (p: ProjectRecord) => findPerson(ctx.world, p.leadAccountId)?.displayName ?? ''
  const compare: Record<OrderField, (a: ProjectRecord, b: ProjectRecord) => number> = {
    key: (a, b) => a.key.localeCompare(b.key),
    name: (a, b) => a.name.localeCompare(b.name),
    category: (a, b) => categoryName(a).localeCompare(categoryName(b)),
    owner: (a, b) => ownerName(a).localeCompare(ownerName(b)),
    issueCount: (a, b) => a.totalIssueCount - b.totalIssueCount,
    lastIssueUpdatedDate: (a, b) => a.lastIssueUpdateTime.localeCompare(b.lastIssueUpdateTime),
    // No project in the sandbox is archived or deleted, so these orders reduce to the tie-break.
    archivedDate: () => 0,
    deletedDate: () => 0,
  }
  // Ties fall back to key order so that paging is stable.
  return [...projects].sort((a, b) => direction * compare[field](a, b) || a.key.localeCompare(b.key))
}

/** `GET project/search` (operationId searchProjects; needs `read:jira-work`). */
export async function serveProjectSearch(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, cloudId: string, url: URL): Promise<void> {
  const caller = await authenticateGateway(ctx, req)
  const site = siteForCaller(ctx, caller, cloudId)
  requireScope(caller, 'read:jira-work')
  if ((await armedScenario(ctx, caller.token.userId)) === 'jira-rate-limited') {
    // [U] Jira's 429 body is undocumented; the headers are (contracts/atlassian.md §4c).
    throw new HttpError(429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, { 'Retry-After': '30', ...jiraRateLimitHeaders(30) })
  }
  const params = url.searchParams

  const startAt = integerParam(params, 'startAt', 0)
  const maxResults = Math.min(Math.max(integerParam(params, 'maxResults', DEFAULT_MAX_RESULTS), 1), MAX_MAX_RESULTS)
  const query = params.get('query')?.toLowerCase()
  const typeKeys = params.get('typeKey')?.split(',').map((t) => t.trim()).filter(Boolean)
  const categoryId = params.get('categoryId')
  const keys = params.getAll('keys').flatMap((k) => k.split(','))
  const ids = params.getAll('id').flatMap((k) => k.split(','))
  const expand = new Set((params.get('expand') ?? '').split(',').map((e) => e.trim()))

  const matching = site.projects.filter(
    (p) =>
      (!query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query)) &&
      (!typeKeys?.length || typeKeys.includes(p.projectTypeKey)) &&
      (!categoryId || p.categoryId === categoryId) &&
      (keys.length === 0 || keys.includes(p.key)) &&
      (ids.length === 0 || ids.includes(p.id)),
  )
  const sorted = sortProjects(site, matching, params.get('orderBy') || 'key', ctx)
  const page = sorted.slice(startAt, startAt + maxResults)
  const isLast = startAt + page.length >= sorted.length

  const jira = jiraBase(ctx, req, site)
  const atlassian = apiBase(ctx, req)
  const pageUrl = (at: number) => {
    const next = new URLSearchParams(params)
    next.set('startAt', String(at))
    next.set('maxResults', String(maxResults))
    return `${jira}/project/search?${next.toString()}`
  }
  sendJson(res, 200, {
    self: pageUrl(startAt),
    ...(isLast ? {} : { nextPage: pageUrl(startAt + maxResults) }),
    maxResults,
    startAt,
    total: sorted.length,
    isLast,
    values: page.map((p) => renderProject(ctx, site, p, expand, jira, atlassian)),
  })
}

/** `GET myself` (operationId getCurrentUser; needs `read:jira-user`). */
export async function serveMyself(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, cloudId: string): Promise<void> {
  const caller = await authenticateGateway(ctx, req)
  const site = siteForCaller(ctx, caller, cloudId)
  requireScope(caller, 'read:jira-user')
  const person = findPerson(ctx.world, caller.token.accountId)
  if (!person) throw new HttpError(401, { code: 401, message: 'Unauthorized' })
  const jira = jiraBase(ctx, req, site)
  sendJson(res, 200, {
    ...renderUser(person, jira, apiBase(ctx, req)),
    groups: { size: 3, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  })
}
