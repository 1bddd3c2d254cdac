import { pageMarkdownFromFile } from './page-markdown'
import { listSitePages, type SitePage } from './site-pages'

let pages: SitePage[] | undefined
const markdown = new Map<string, string>()

/** The site's pages (read once: they only change with a new build). */
export function docsPages(): SitePage[] {
  return (pages ??= listSitePages())
}

/** A page by its path or Markdown path (`/troubleshooting`, `/troubleshooting.md`, `/index.md`), anchor ignored. */
export function findPage(path: string): SitePage | undefined {
  const bare = path.trim().split('#')[0].split('?')[0]
  const route = bare === '/index.md' ? '/' : bare.replace(/\.md$/, '').replace(/\/+$/, '') || '/'
  return docsPages().find((p) => p.route === (route.startsWith('/') ? route : `/${route}`))
}

/** The page's Markdown: the same function scripts/build-markdown.ts writes PATH.md with. */
export function pageMarkdownOf(page: SitePage): string {
  let text = markdown.get(page.route)
  if (text === undefined) markdown.set(page.route, (text = pageMarkdownFromFile(page.file, page.route)))
  return text
}
