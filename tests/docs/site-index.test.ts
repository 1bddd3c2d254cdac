// llms.txt, sitemap and robots: what they list and which origin their absolute links use.
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { test } from 'node:test'
import { loadConfig } from '../../lib/config'
import { llmsTxt, robotsTxt, sitemapXml } from '../../lib/docs/site-index'
import { siteOrigin } from '../../lib/site-origin'
import { listSitePages } from '../../lib/docs/site-pages'

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage

test('absolute links use SITE_URL when set, else the request host (https only through a trusted proxy)', () => {
  assert.equal(siteOrigin(loadConfig({ SITE_URL: 'https://docs.example.com/' }), request({ host: 'evil.test' })), 'https://docs.example.com')
  assert.equal(siteOrigin(loadConfig({}), request({ host: 'localhost:3000', 'x-forwarded-proto': 'https' })), 'http://localhost:3000')
  assert.equal(siteOrigin(loadConfig({ TRUST_PROXY: '1' }), request({ host: 'docs.example.com', 'x-forwarded-proto': 'https' })), 'https://docs.example.com')
  assert.equal(siteOrigin(loadConfig({}), request({ host: 'a.test/<script>' })), 'http://localhost')
  assert.throws(() => loadConfig({ SITE_URL: 'docs.example.com' }), /SITE_URL/)
})

test('llms.txt follows the convention and lists every page with its description and .md address', () => {
  const pages = listSitePages()
  const text = llmsTxt(pages, 'https://docs.example.com')
  assert.match(text, /^# .+\n\n> .+\n/)
  assert.match(text, /\n## Docs\n\n/)
  for (const page of pages) assert.ok(text.includes(`- [${page.title}](https://docs.example.com${page.markdownPath}): ${page.description}\n`))
  assert.ok(text.includes('(https://docs.example.com/index.md)'))
})

test('the sitemap lists every page and robots.txt points at it', () => {
  const pages = listSitePages()
  const xml = sitemapXml(pages, 'https://docs.example.com')
  assert.equal([...xml.matchAll(/<loc>/g)].length, pages.length)
  assert.ok(xml.includes('<loc>https://docs.example.com/</loc>'))
  assert.ok(xml.includes('<loc>https://docs.example.com/auth-providers/atlassian</loc>'))
  assert.match(robotsTxt('https://docs.example.com'), /^Sitemap: https:\/\/docs\.example\.com\/sitemap\.xml$/m)
})
