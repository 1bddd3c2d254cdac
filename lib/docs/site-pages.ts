import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { markdownPathOf } from './markdown-path'

/** One documentation page of the site, as llms.txt, the sitemap and the Markdown export list it. */
export interface SitePage {
  /** The page's path on the site: `/`, `/auth-providers/atlassian`. */
  route: string
  /** Where its Markdown is served: `/index.md` for the home page, else the route plus `.md`. */
  markdownPath: string
  /** The page's first `# ` heading. */
  title: string
  /** The front matter's `description`. */
  description: string
  /** The MDX source, relative to the project root. */
  file: string
}

export { markdownPathOf }

function routeOf(file: string): string {
  const route = '/' + file.replace(/^pages\//, '').replace(/\.mdx$/, '').replace(/(^|\/)index$/, '')
  return route.replace(/\/$/, '') || '/'
}

/** Every MDX page under `pages/`, home first, then by route. */
export function listSitePages(root = process.cwd()): SitePage[] {
  const dir = path.join(root, 'pages')
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    // The not-found page is not a page of the site: not in llms.txt, the sitemap or the Markdown export.
    .filter((name) => name.endsWith('.mdx') && name !== '404.mdx')
    .map((name) => `pages/${name.split(path.sep).join('/')}`)
  return files
    .map((file) => {
      const { data, content } = matter(readFileSync(path.join(root, file), 'utf8'))
      const route = routeOf(file)
      const title = content.match(/^# (.+)$/m)?.[1].trim() ?? route
      const description = typeof data.description === 'string' ? data.description.trim() : ''
      return { route, markdownPath: markdownPathOf(route), title, description, file }
    })
    .sort((a, b) => (a.route === '/' ? -1 : b.route === '/' ? 1 : a.route.localeCompare(b.route)))
}
