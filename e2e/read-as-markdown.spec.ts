import { expect, test } from '@playwright/test'
import { listSitePages } from '../lib/docs/site-pages'

const pages = listSitePages()

test('each page links to itself as Markdown, served as text/markdown with its code inlined', async ({ page, request }) => {
  await page.goto('/auth-providers/atlassian')
  const link = page.getByRole('link', { name: 'View as Markdown' })
  await expect(link).toHaveAttribute('href', '/auth-providers/atlassian.md')
  const answer = await request.get('/auth-providers/atlassian.md')
  expect(answer.status()).toBe(200)
  expect(answer.headers()['content-type']).toMatch(/^text\/markdown/)
  const markdown = await answer.text()
  expect(markdown).toMatch(/^# Atlassian\n/)
  expect(markdown).toContain('```python filename="snippets/app-code.py"\nimport os')
  await page.goto('/')
  await expect(page.getByRole('link', { name: 'View as Markdown' })).toHaveAttribute('href', '/index.md')
})

test('llms.txt lists every page with its description, and every link in it resolves to Markdown', async ({ request, baseURL }) => {
  const answer = await request.get('/llms.txt')
  expect(answer.status()).toBe(200)
  expect(answer.headers()['content-type']).toMatch(/^text\/plain/)
  const text = await answer.text()
  expect(text).toMatch(/^# .+\n\n> .+\n[\s\S]*\n## Docs\n/)
  const links = [...text.matchAll(/^- \[(.+)\]\((.+)\): (.+)$/gm)].map(([, title, url, description]) => ({ title, url, description }))
  expect(links.map((l) => new URL(l.url).pathname).sort()).toEqual(pages.map((p) => p.markdownPath).sort())
  for (const link of links) {
    expect(new URL(link.url).origin).toBe(new URL(baseURL!).origin)
    expect(link.description).toBe(pages.find((p) => p.markdownPath === new URL(link.url).pathname)!.description)
    const page = await request.get(link.url)
    expect(page.status(), link.url).toBe(200)
    expect(page.headers()['content-type']).toMatch(/^text\/markdown/)
    expect(await page.text()).toContain(`# ${link.title}`)
  }
})

test('robots.txt points at the sitemap, and the sitemap lists every page, each of which resolves', async ({ request, baseURL }) => {
  const robots = await request.get('/robots.txt')
  expect(robots.status()).toBe(200)
  expect(robots.headers()['content-type']).toMatch(/^text\/plain/)
  const sitemapUrl = (await robots.text()).match(/^Sitemap: (.+)$/m)?.[1]
  expect(sitemapUrl).toBe(`${new URL(baseURL!).origin}/sitemap.xml`)

  const sitemap = await request.get(sitemapUrl!)
  expect(sitemap.status()).toBe(200)
  expect(sitemap.headers()['content-type']).toMatch(/^application\/xml/)
  const locations = [...(await sitemap.text()).matchAll(/<loc>(.+?)<\/loc>/g)].map((m) => m[1])
  expect(locations.map((l) => new URL(l).pathname).sort()).toEqual(pages.map((p) => p.route).sort())
  for (const location of locations) {
    const page = await request.get(location)
    expect(page.status(), location).toBe(200)
    expect(page.headers()['content-type']).toMatch(/^text\/html/)
  }
})
