import type { IncomingMessage } from 'node:http'
import type { SiteConfig } from './config'
import { requestedOrigin } from './proxy-headers'

/**
 * The site's public origin for absolute links: SITE_URL when set; otherwise the origin the request came to by the
 * proxy-header rule (lib/proxy-headers.ts), with a missing or malformed host read as localhost.
 */
export function siteOrigin(config: SiteConfig, req: IncomingMessage): string {
  if (config.siteUrl) return config.siteUrl
  return requestedOrigin(req, config.trustProxyHops) ?? 'http://localhost'
}

/**
 * How an answer built on siteOrigin may be cached. With SITE_URL it is the same for everyone, so shared caches may
 * keep it; without, it echoes the request's host, so no cache may keep it (one visitor's forged Host would be
 * served to the next) and it varies on every header the origin is read from.
 */
export function originCacheHeaders(config: SiteConfig): Record<string, string> {
  if (config.siteUrl) return { 'Cache-Control': 'public, max-age=300' }
  return { 'Cache-Control': 'no-store', Vary: 'Host, X-Forwarded-Host, X-Forwarded-Proto' }
}
