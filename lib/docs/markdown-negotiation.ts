// Agents that ask for Markdown (`Accept: text/markdown`) get a page's Markdown at the page's own URL, the same file
// as PATH.md; browsers get the HTML. Edge-safe (no fs): it runs in middleware.ts.
import { NextResponse, type NextRequest } from 'next/server'

/** Paths that are not pages: API routes, build assets, files with an extension (PATH.md, llms.txt, favicon). */
function isPagePath(pathname: string): boolean {
  return !pathname.startsWith('/api/') && pathname !== '/api' && !pathname.startsWith('/_next/') && pathname !== '/mcp' && !/\.[A-Za-z0-9]+$/.test(pathname)
}

function quality(accept: string, type: string): number {
  let best = 0
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';')
    if (range.trim() !== type) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1)
  }
  return best
}

/** Markdown when the client names text/markdown, at least as preferred as text/html (a browser names only HTML). */
export function prefersMarkdown(accept: string | null): boolean {
  if (!accept) return false
  const markdown = quality(accept, 'text/markdown')
  return markdown > 0 && markdown >= quality(accept, 'text/html')
}

export function markdownPathOf(pathname: string): string {
  const route = pathname.replace(/\/+$/, '')
  return route === '' ? '/index.md' : `${route}.md`
}

/** A page request's response: its Markdown when asked for, else the page; either way `Vary: Accept`. */
export function negotiatedPageResponse(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl
  if (!isPagePath(pathname) || (request.method !== 'GET' && request.method !== 'HEAD')) return NextResponse.next()
  const response = prefersMarkdown(request.headers.get('accept'))
    ? NextResponse.rewrite(new URL(markdownPathOf(pathname), request.url))
    : NextResponse.next()
  response.headers.set('Vary', 'Accept')
  return response
}
