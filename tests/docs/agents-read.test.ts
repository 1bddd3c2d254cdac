// What agents read: Markdown on Accept: text/markdown, HEAD on the crawler files, the panels' code in the guide's
// Markdown, llms.txt naming /mcp with the connect commands, and the tool's declared scope.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { NextRequest } from 'next/server'
import * as llmsRoute from '../../pages/api/docs/llms'
import * as robotsRoute from '../../pages/api/docs/robots'
import * as sitemapRoute from '../../pages/api/docs/sitemap'
import * as markdownRoute from '../../pages/api/docs/markdown'
import { negotiatedPageResponse, prefersMarkdown } from '../../lib/docs/markdown-negotiation'
import { pageMarkdownFromFile } from '../../lib/docs/page-markdown'
import { connectClients } from '../../lib/docs/connect-clients'
import { PANEL_CODE_FILES, PANEL_RUN_SNIPPETS } from '../../contract/panel-snippets'
import { LIST_PROJECTS_SCOPES } from '../../contract/mcp'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js'

const ROUTES: Record<string, { default: unknown }> = { '/llms.txt': llmsRoute, '/robots.txt': robotsRoute, '/sitemap.xml': sitemapRoute }
const MARKDOWN_ROUTE = '/api/docs/markdown'
let server: Server
let origin: string
before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const route = url.pathname === MARKDOWN_ROUTE ? markdownRoute : ROUTES[url.pathname]
    void apiResolver(req, res, Object.fromEntries(url.searchParams), route as never, { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '', trustHostHeader: false } as never, false, false, req.url ?? '/')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => new Promise<void>((resolve) => server.close(() => resolve())))

test('HEAD on /llms.txt, /robots.txt and /sitemap.xml: 200, the GET headers, no body', async () => {
  for (const path of Object.keys(ROUTES)) {
    const get = await fetch(`${origin}${path}`)
    const head = await fetch(`${origin}${path}`, { method: 'HEAD' })
    assert.equal(head.status, 200, path)
    assert.equal(head.headers.get('content-type'), get.headers.get('content-type'), path)
    assert.equal(await head.text(), '', path)
    await get.body?.cancel()
  }
})

test('llms.txt names the /mcp endpoint with the connect commands, filled in with the site origin', async () => {
  const text = await (await fetch(`${origin}/llms.txt`)).text()
  assert.ok(text.includes(`${origin}/mcp`))
  for (const { code } of connectClients(origin)) assert.ok(text.includes(code), code)
  assert.ok(text.includes(`claude mcp add --transport http arcade-atlassian-guide ${origin}/mcp`))
})

test('Accept: text/markdown gets the page Markdown (a rewrite to PATH.md), with Vary: Accept; a browser gets HTML', () => {
  const ask = (path: string, accept: string) => negotiatedPageResponse(new NextRequest(`http://site.test${path}`, { headers: { accept } }))
  const markdown = ask('/troubleshooting', 'text/markdown')
  assert.equal(markdown.headers.get('x-middleware-rewrite'), 'http://site.test/api/docs/markdown?path=%2Ftroubleshooting')
  assert.equal(markdown.headers.get('vary'), 'Accept')
  assert.equal(ask('/', 'text/markdown, text/plain;q=0.5').headers.get('x-middleware-rewrite'), 'http://site.test/api/docs/markdown?path=%2F')
  const html = ask('/troubleshooting', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')
  assert.equal(html.headers.get('x-middleware-rewrite'), null)
  assert.equal(html.headers.get('vary'), 'Accept')
  assert.equal(ask('/api/playground/config', 'text/markdown').headers.get('x-middleware-rewrite'), null)
  assert.equal(prefersMarkdown('text/html, text/markdown;q=0.5'), false)
  assert.equal(prefersMarkdown('text/markdown;q=0'), false)
  assert.equal(prefersMarkdown(null), false)
})

test('the Markdown route answers the page Markdown (as PATH.md) with Vary: Accept; an unknown page is a JSON 404', async () => {
  const answer = await fetch(`${origin}${MARKDOWN_ROUTE}?path=%2Ftroubleshooting`)
  assert.equal(answer.status, 200)
  assert.match(answer.headers.get('content-type')!, /^text\/markdown/)
  assert.equal(answer.headers.get('vary'), 'Accept')
  assert.equal(await answer.text(), pageMarkdownFromFile('pages/troubleshooting.mdx', '/troubleshooting'))
  const missing = await fetch(`${origin}${MARKDOWN_ROUTE}?path=%2Fnope`)
  assert.equal(missing.status, 404)
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found')
})

test("the guide's Markdown includes the code each Run it panel runs", () => {
  const markdown = pageMarkdownFromFile('pages/auth-providers/atlassian.mdx', '/auth-providers/atlassian')
  for (const { file } of [...PANEL_CODE_FILES.app, ...PANEL_CODE_FILES.tool]) {
    const code = readFileSync(file, 'utf8').trimEnd()
    assert.ok(markdown.includes(`filename="${file}"\n${code}\n\`\`\``), file)
  }
  // Each panel's own code: the tool panel's client call follows the tool panel, not the app panel's loop.
  const toolPanel = markdown.slice(markdown.indexOf('#run-custom-tool'))
  assert.ok(toolPanel.includes(`filename="${PANEL_CODE_FILES.tool[0].file}"`))
  assert.ok(!toolPanel.includes(`filename="${PANEL_RUN_SNIPPETS.js}"`))
  // The page highlights the same files for its panels (one truth for which code a panel shows).
  const source = readFileSync('pages/auth-providers/atlassian.mdx', 'utf8')
  assert.ok(source.includes(`highlightPlaygroundSnippet('${PANEL_RUN_SNIPPETS.js}', '${PANEL_RUN_SNIPPETS.python}')`))
})

test('list_projects declares the scopes of the guide\'s Python tool', () => {
  const python = readFileSync('snippets/list-projects.py', 'utf8')
  const declared = python.match(/requires_auth=Atlassian\([\s\S]*?scopes=\[([^\]]*)\]/)![1]
  assert.deepEqual([...declared.matchAll(/"([^"]+)"/g)].map((m) => m[1]), [...LIST_PROJECTS_SCOPES])
})
