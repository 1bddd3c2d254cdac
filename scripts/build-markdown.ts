/**
 * Writes every page as Markdown into public/ (`/auth-providers/atlassian.md`, `/index.md` for the home page),
 * so Next serves them as static files. Run before `next build` (npm run build, npm run dev).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pageMarkdownFromFile } from '../lib/docs/page-markdown'
import { listSitePages } from '../lib/docs/site-pages'

const root = process.cwd()
const pages = listSitePages(root)
for (const page of pages) {
  const out = path.join(root, 'public', page.markdownPath)
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, pageMarkdownFromFile(page.file, page.route, root))
}
console.log(`build-markdown: ${pages.length} pages written to public/ as .md`)
