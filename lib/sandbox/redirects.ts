import type { ServerResponse } from 'node:http'
import type { SandboxConfig, SandboxContext } from './context'
import { HttpError, redirect } from './http'

/**
 * Where the sandbox may send a browser: a page of the site itself (a path, never `//host` or `/\host`), the
 * public base's origin or an origin the operator allowed, or a registered redirect URI. Nothing else, so no
 * redirect leaves for an address nobody chose.
 */

const LOCAL = 'http://local.invalid'

/** A same-origin path: resolves against a dummy origin without leaving it, and has no control characters or backslashes. */
function isSitePath(uri: string): boolean {
  if (!uri.startsWith('/') || uri.startsWith('//') || /[\\\u0000-\u001f\u007f\s]/.test(uri)) return false
  try {
    return new URL(uri, LOCAL).origin === LOCAL
  } catch {
    return false
  }
}

function originOf(uri: string): string | undefined {
  try {
    const url = new URL(uri)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

/** Origins an absolute next_uri may point at: the public base's (standalone) and the configured extras. */
function allowedOrigins(config: SandboxConfig): string[] {
  const own = originOf(config.publicBase)
  return [...(own ? [own] : []), ...config.nextUriOrigins]
}

/** `next_uri` of an authorization: a path under the site, or an absolute URL on an allowed origin. */
export function isAllowedNextUri(config: SandboxConfig, uri: string): boolean {
  if (isSitePath(uri)) return true
  if (/[\u0000-\u001f\u007f\s\\]/.test(uri)) return false
  const origin = originOf(uri)
  return origin !== undefined && allowedOrigins(config).includes(origin)
}

/** Any redirect: an allowed next_uri, a registered redirect URI, or the configured verifier (all with their query). */
export function isAllowedRedirect(ctx: SandboxContext, location: string): boolean {
  const [target] = location.split('?')
  const verifier = ctx.config.verifierUrl?.split('?')[0]
  const verifierTarget = verifier && originOf(ctx.config.publicBase) && !originOf(verifier) ? new URL(verifier, ctx.config.publicBase).href : verifier
  return isAllowedNextUri(ctx.config, location) || ctx.apps.some((app) => app.redirectUri === target) || (verifierTarget !== undefined && verifierTarget === target)
}

/** A redirect, refused (as a 500: it would be the sandbox's own bug) when the target is not an allowed one. */
export function safeRedirect(ctx: SandboxContext, res: ServerResponse, status: 302 | 303, location: string): void {
  if (!isAllowedRedirect(ctx, location)) throw new HttpError(500, { name: 'redirect_refused', message: 'The sandbox refused to redirect outside the site' })
  redirect(res, status, location)
}
