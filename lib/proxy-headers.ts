import type { IncomingMessage } from 'node:http'

/**
 * The one rule for what the proxies in front may tell us (TRUST_PROXY=N): with N = 0 nothing a request says about
 * itself is believed (the scheme is the socket's, the host is Host); with N >= 1 the entry the N-th proxy from us
 * wrote in X-Forwarded-Proto / X-Forwarded-Host decides (entries further left come from the client), as for
 * X-Forwarded-For in lib/rate-limit.ts. HSTS, the cookies' Secure flag, absolute links and the Origin check all
 * ask here, so they cannot disagree.
 */

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/** The entry the N-th proxy from us wrote in a comma-separated forwarding header, or undefined when there is none. */
export function trustedForwardedEntry(header: string | string[] | undefined, trustProxyHops: number): string | undefined {
  if (trustProxyHops < 1) return undefined
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  return chain.length > 0 ? chain[Math.max(0, chain.length - trustProxyHops)] : undefined
}

/** Whether the visitor reached the site over HTTPS: TLS on this socket, or a trusted proxy's X-Forwarded-Proto. */
export function servedOverHttps(req: IncomingMessage, trustProxyHops: number): boolean {
  if (trustProxyHops < 1) return (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  return trustedForwardedEntry(req.headers['x-forwarded-proto'], trustProxyHops)?.toLowerCase() === 'https'
}

/** The host the visitor asked for (lower case), or undefined when it is missing or malformed. */
export function requestedHost(req: IncomingMessage, trustProxyHops: number): string | undefined {
  const host = trustedForwardedEntry(req.headers['x-forwarded-host'], trustProxyHops) ?? req.headers.host
  return host && HOST.test(host) ? host.toLowerCase() : undefined
}

/** The origin the visitor's browser sees (`https://docs.example.com`), or undefined without a usable host. */
export function requestedOrigin(req: IncomingMessage, trustProxyHops: number): string | undefined {
  const host = requestedHost(req, trustProxyHops)
  return host ? `${servedOverHttps(req, trustProxyHops) ? 'https' : 'http'}://${host}` : undefined
}
