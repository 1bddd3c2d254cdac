import { NextResponse, type NextRequest } from 'next/server'
import { securityHeaders } from './lib/security-headers'

/** Security headers on every page and API answer (next.config.mjs stays Nextra's alone). */
export function middleware(request: NextRequest) {
  const response = NextResponse.next()
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, process.env.NODE_ENV === 'development'))) {
    response.headers.set(name, value)
  }
  return response
}

export const config = {
  // Hashed build assets are immutable files; everything else, pages and API routes included, gets the headers.
  matcher: '/((?!_next/static|_next/image).*)'
}
