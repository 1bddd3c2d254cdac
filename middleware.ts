import type { NextRequest } from 'next/server'
import { securityHeaders, servedOverHttps } from './lib/security-headers'
import { negotiatedPageResponse } from './lib/docs/markdown-negotiation'

/** How many proxies in front are trusted (TRUST_PROXY, validated with the rest of the settings at start-up). */
function trustProxyHops(): number {
  const hops = Number(process.env.TRUST_PROXY ?? 0)
  return Number.isInteger(hops) && hops >= 0 ? hops : 0
}

/** Security headers on every page and API answer (next.config.mjs stays Nextra's alone). */
export function middleware(request: NextRequest) {
  const response = negotiatedPageResponse(request)
  const https = servedOverHttps(request.nextUrl.protocol, request.headers.get('x-forwarded-proto'), trustProxyHops())
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, process.env.NODE_ENV === 'development', https))) {
    response.headers.set(name, value)
  }
  return response
}

export const config = {
  // Hashed build assets are immutable files; everything else, pages and API routes included, gets the headers.
  matcher: '/((?!_next/static|_next/image).*)'
}
