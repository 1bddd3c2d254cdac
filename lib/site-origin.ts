import type { IncomingMessage } from 'node:http'
import type { SiteConfig } from './config'

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/**
 * The site's public origin for absolute links: SITE_URL when set; otherwise the host the request came to (a
 * malformed Host header falls back to localhost), over https only when a trusted proxy says so.
 */
export function siteOrigin(config: SiteConfig, req: IncomingMessage): string {
  if (config.siteUrl) return config.siteUrl
  const host = req.headers.host ?? ''
  const proto = config.trustProxyHops > 0 && String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' ? 'https' : 'http'
  return `${proto}://${HOST.test(host) ? host : 'localhost'}`
}
