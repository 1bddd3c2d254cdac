import type { NextRequest } from 'next/server'
import { negotiatedPageResponse } from './lib/docs/markdown-negotiation'

/**
 * Pages only: an agent that asks for `Accept: text/markdown` gets the page's Markdown at its own URL. The security
 * headers come from the site's server (lib/server/site-server.ts), for every answer. Not /api: middleware makes
 * Next read a request's body before any route code, and the server refuses bodies to pages before Next sees them.
 */
export function middleware(request: NextRequest) {
  return negotiatedPageResponse(request)
}

export const config = {
  // Page paths: not API routes, build assets, or files with an extension (PATH.md, llms.txt, the favicon).
  matcher: '/((?!api/|api$|_next/|mcp$|.*\\.[A-Za-z0-9]+$).*)'
}
