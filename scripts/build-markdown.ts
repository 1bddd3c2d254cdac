/**
 * Writes every page as Markdown into public/ (`/auth-providers/atlassian.md`, `/index.md` for the home page),
 * so Next serves them as static files, and the site search's sections (`/search-sections.json`, fetched by the
 * search box when it is first used). Run before `next build` (npm run build, npm run dev).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { siteSections } from '../lib/docs/doc-sections'
import { pageMarkdownFromFile } from '../lib/docs/page-markdown'
import { SEARCH_SECTIONS_URL } from '../lib/docs/search-sections-url'
import { listSitePages } from '../lib/docs/site-pages'

const root = process.cwd()
const pages = listSitePages(root)
for (const page of pages) {
  const out = path.join(root, 'public', page.markdownPath)
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, pageMarkdownFromFile(page.file, page.route, root))
}
console.log(`build-markdown: ${pages.length} pages written to public/ as .md`)
const sections = siteSections(root)
writeFileSync(path.join(root, 'public', SEARCH_SECTIONS_URL), JSON.stringify(sections))
console.log(`build-markdown: ${sections.length} search sections written to public${SEARCH_SECTIONS_URL}`)
