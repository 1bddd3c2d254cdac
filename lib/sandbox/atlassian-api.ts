import type { IncomingMessage, ServerResponse } from 'node:http'
import { createHash } from 'node:crypto'
import type { SandboxContext } from './context'
import { type AccessTokenRecord, grantedSiteIds, lookupAccessToken } from './atlassian-oauth'
import { absoluteBase, bearerToken, escapeHtml, HttpError, joinUrl, sendJson } from './http'
import { armedScenario } from './scenarios'
import { findPerson, type Person, type SiteRecord } from './world'

/**
 * api.atlassian.com as the gateway presents it (contracts/atlassian.md §2-4): bearer-token checks, scope
 * enforcement, `accessible-resources`, the identity API's `/me`, and avatar images for the fictional data.
 */

/** Scopes that are about the account or the token, not about a product site. */
const NON_SITE_SCOPES = new Set(['offline_access', 'read:me', 'read:account'])

/** Absolute base of the emulated api.atlassian.com, as the caller reached it (links in responses must be absolute URIs). */
export function apiBase(ctx: SandboxContext, req: IncomingMessage): string {
  return `${absoluteBase(req, ctx.config.publicBase)}/atlassian`
}

/**
 * Where a browser fetches the avatars: the public base, path-only in the embedded sandbox, so a `picture` handed
 * on to the reader names the site's own path, never the loopback address the site's server called. (Jira's
 * `avatarUrls` stay absolute at `apiBase`: its schema requires URIs, and they reach the reader only relabelled.)
 */
function browserAvatarBase(ctx: SandboxContext): string {
  return joinUrl(ctx.config.publicBase, '/atlassian')
}

export interface GatewayCaller {
  token: AccessTokenRecord
  siteIds: string[]
}

// [U] The gateway's body for a missing, unknown or expired bearer token is not documented; this mirrors its scope error.
const unauthorized = () => new HttpError(401, { code: 401, message: 'Unauthorized' })

/** Check the bearer token as the gateway does: missing, unknown or expired gives 401. */
export async function authenticateGateway(ctx: SandboxContext, req: IncomingMessage): Promise<GatewayCaller> {
  const token = await lookupAccessToken(ctx, bearerToken(req))
  if (!token) throw unauthorized()
  return { token, siteIds: await grantedSiteIds(ctx, token.clientId, token.accountId) }
}

/** The gateway's scope check: a token without the operation's scope gets its distinctive 401. */
export function requireScope(caller: GatewayCaller, scope: string): void {
  if (!caller.token.scopes.includes(scope)) {
    throw new HttpError(401, { code: 401, message: 'Unauthorized; scope does not match' }, { 'X-Failure-Category': 'FAILURE_CLIENT_SCOPE_CHECK' })
  }
}

/** Resolve `/ex/jira/{cloudId}` for a caller: unknown site 404, a site outside the grant 401. */
export function siteForCaller(ctx: SandboxContext, caller: GatewayCaller, cloudId: string): SiteRecord {
  const site = ctx.world.sites.find((s) => s.cloudId === cloudId)
  // [U] Body seen in community reports for a cloud id the gateway does not know.
  if (!site) throw new HttpError(404, { errorMessages: ['Site temporarily unavailable'], errors: {} })
  // [U] A real site the grant does not cover: treated like an unusable token.
  if (!caller.siteIds.includes(cloudId)) throw unauthorized()
  return site
}

export function avatarUrl(base: string, kind: 'user' | 'project' | 'site', id: string, size?: string): string {
  return `${base}/avatars/${kind}/${encodeURIComponent(id)}.svg${size ? `?size=${size}` : ''}`
}

export function avatarUrls(base: string, kind: 'user' | 'project', id: string) {
  return {
    '16x16': avatarUrl(base, kind, id, 'xsmall'),
    '24x24': avatarUrl(base, kind, id, 'small'),
    '32x32': avatarUrl(base, kind, id, 'medium'),
    '48x48': avatarUrl(base, kind, id, 'large'),
  }
}

/** `GET /oauth/token/accessible-resources`: the sites in the token's grant, each with the token's site scopes. */
export async function serveAccessibleResources(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const caller = await authenticateGateway(ctx, req)
  const scopes = caller.token.scopes.filter((s) => !NON_SITE_SCOPES.has(s))
  const base = browserAvatarBase(ctx)
  // [U] A token with only identity scopes reaches no product, so no site is listed. The no-jira-site scenario
  // answers as for an account without any Jira site.
  const noSite = scopes.length === 0 || (await armedScenario(ctx, caller.token.userId)) === 'no-jira-site'
  // In grant order: the site chosen most recently on the consent page comes first.
  const sites = noSite ? [] : caller.siteIds.flatMap((id) => ctx.world.sites.filter((s) => s.cloudId === id))
  sendJson(
    res,
    200,
    sites.map((s) => ({ id: s.cloudId, name: s.name, url: s.url, scopes, avatarUrl: avatarUrl(base, 'site', s.cloudId) })),
  )
}

function profile(person: Person, base: string) {
  return {
    account_type: 'atlassian',
    account_id: person.accountId,
    email: person.email,
    email_verified: true,
    name: person.displayName,
    picture: avatarUrl(base, 'user', person.accountId),
    account_status: 'active',
    nickname: person.nickname,
    zoneinfo: person.timeZone,
    locale: person.locale,
    extended_profile: {
      job_title: person.jobTitle,
      organization: person.organization,
      department: person.department,
      location: person.location,
    },
  }
}

/** `GET /me` (User Identity API, needs `read:me`). */
export async function serveMe(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const caller = await authenticateGateway(ctx, req)
  requireScope(caller, 'read:me')
  const person = findPerson(ctx.world, caller.token.accountId)
  if (!person) throw unauthorized()
  sendJson(res, 200, profile(person, browserAvatarBase(ctx)))
}

/** The `user_info` Arcade attaches to a completed authorization: the identity profile. */
export function userInfoFor(ctx: SandboxContext, accountId: string) {
  const person = findPerson(ctx.world, accountId)
  return person ? { account_id: person.accountId, name: person.displayName, email: person.email } : {}
}

/** `GET /avatars/{kind}/{id}.svg`: initials on a colour derived from the id, standing in for Atlassian's avatar CDN. */
export function serveAvatar(ctx: SandboxContext, kind: string, id: string, res: ServerResponse): void {
  let label: string | undefined
  if (kind === 'user') label = findPerson(ctx.world, id)?.displayName.split(' ').map((w) => w[0]).join('')
  if (kind === 'site') label = ctx.world.sites.find((s) => s.cloudId === id)?.name[0]?.toUpperCase()
  if (kind === 'project') label = /^[A-Z][A-Z0-9]{0,9}$/.test(id) ? id.slice(0, 2) : undefined
  if (!label) return sendJson(res, 404, { errorMessages: ['Avatar not found'], errors: {} })
  const hue = createHash('sha256').update(id).digest()[0]! * 1.4
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48" role="img" aria-label="${escapeHtml(label)}"><rect width="48" height="48" rx="${kind === 'user' ? 24 : 6}" fill="hsl(${hue.toFixed(0)} 55% 45%)"/><text x="24" y="30" font-family="system-ui, sans-serif" font-size="18" font-weight="600" fill="#fff" text-anchor="middle">${escapeHtml(label)}</text></svg>`
  res.writeHead(200, {
    'Content-Type': 'image/svg+xml',
    'Content-Length': Buffer.byteLength(svg),
    'Cache-Control': 'public, max-age=86400',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  })
  res.end(svg)
}
