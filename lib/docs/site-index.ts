// llms.txt, sitemap.xml and robots.txt: the site's pages for crawlers and agents, with absolute addresses.
import type { SitePage } from './site-pages'
import { connectMarkdown } from './connect-clients'
import { MCP_PATH } from '../../contract/mcp'

const SUMMARY =
  "Arcade's setup guide for the Atlassian auth provider, corrected and runnable: create an Atlassian OAuth app, register it with Arcade, use it from app code and custom tools to call Jira, and troubleshoot what goes wrong."

/** https://llmstxt.org: a title, a summary, then every page's Markdown with its description. */
export function llmsTxt(pages: SitePage[], origin: string): string {
  const lines = pages.map((p) => `- [${p.title}](${origin}${p.markdownPath}): ${p.description}`)
  return `# Arcade · Atlassian guide\n\n> ${SUMMARY}\n\nEvery page is also served as Markdown at its path plus \`.md\` (the home page at \`/index.md\`), with its code samples inlined.\n\n## Docs\n\n${lines.join('\n')}\n\n## MCP\n\nThis site is an MCP server at ${origin}${MCP_PATH} (Streamable HTTP): tools search, read_page, list_pages, and list_projects (the guide's custom tool, with Arcade's Atlassian authorization). Connect your agent (${origin}/connect-your-agent):\n\n${connectMarkdown(origin)}\n`
}

const xmlEscape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function sitemapXml(pages: SitePage[], origin: string): string {
  const urls = pages.map((p) => `  <url><loc>${xmlEscape(origin + (p.route === '/' ? '/' : p.route))}</loc></url>`)
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`
}

/** Pages are for everyone; the API routes are not pages. */
export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${origin}/sitemap.xml\n`
}
