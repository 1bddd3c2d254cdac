import { expect, test } from '@playwright/test'
import { connectMcp } from '../tests/helpers/mcp-client'
import type { ListProjectsResult } from '../contract/mcp'

// An agent on /mcp (the official SDK client) calls list_projects; the user opens the elicitation's URL in Chromium
// and accepts at the (sandbox) Atlassian consent page; the same call returns the projects.
test('an agent calls list_projects, the user consents in the browser, the same call returns the projects', async ({ page, baseURL }) => {
  let opened: Promise<void> | undefined
  const mcp = await connectMcp(`${baseURL}/mcp`, {
    onUrlElicitation: async ({ url }) => {
      opened = (async () => {
        await page.goto(url)
        await page.getByRole('button', { name: 'Accept' }).click()
        await expect(page.getByRole('heading', { name: 'Authorization complete' })).toBeVisible({ timeout: 10_000 })
      })()
      return 'accept'
    }
  })
  const result = await mcp.client.callTool({ name: 'list_projects', arguments: { query: '' } })
  await opened
  const projects = result.structuredContent as unknown as ListProjectsResult
  expect(result.isError).toBeFalsy()
  expect(projects.projects.values.length).toBeGreaterThan(0)
  expect(mcp.completed).toEqual([mcp.elicitations[0].elicitationId])
  await mcp.client.close()
})

test('a page asked for as Markdown answers its Markdown, the same as PATH.md, with Vary: Accept', async ({ request }) => {
  const asMarkdown = await request.get('/troubleshooting', { headers: { Accept: 'text/markdown' } })
  expect(asMarkdown.status()).toBe(200)
  expect(asMarkdown.headers()['content-type']).toMatch(/^text\/markdown/)
  expect(asMarkdown.headers()['vary']).toMatch(/Accept/)
  expect(await asMarkdown.text()).toBe(await (await request.get('/troubleshooting.md')).text())
  const asHtml = await request.get('/troubleshooting', { headers: { Accept: 'text/html' } })
  expect(asHtml.headers()['content-type']).toMatch(/^text\/html/)
  expect(asHtml.headers()['vary']).toMatch(/Accept/)
  for (const path of ['/llms.txt', '/robots.txt', '/sitemap.xml']) expect((await request.head(path)).status(), path).toBe(200)
})

test('read_page over /mcp equals PATH.md', async ({ request, baseURL }) => {
  const mcp = await connectMcp(`${baseURL}/mcp`)
  const read = await mcp.client.callTool({ name: 'read_page', arguments: { path: '/auth-providers/atlassian' } })
  expect((read.structuredContent as { markdown: string }).markdown).toBe(await (await request.get('/auth-providers/atlassian.md')).text())
  await mcp.client.close()
})
