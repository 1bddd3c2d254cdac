// The second panel's code view (snippets/call-list-projects.mjs), filled in as the panel fills it, runs with plain
// node against the site's /mcp and does what the panel does: consent through the URL elicitation, then the
// projects. And the HTTP exchanges the panel shows come with the result only when asked for, secrets masked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { highlightToolPanelSnippets } from '../../lib/highlight'
import { snippetText } from '../../components/playground/snippet-text'
import { LIST_PROJECTS_EXCHANGES_META, LIST_PROJECTS_TRACE_META, type ListProjectsResult } from '../../contract/mcp'
import type { Exchange } from '../../contract/playground-api'
import { consentInPopup } from '../helpers/flow'
import { connectMcp } from '../helpers/mcp-client'
import { findSecrets } from '../helpers/secrets'
import { startSite, Visitor, type SiteServer } from '../helpers/site'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
let site: SiteServer
let endpoint: string
// Inside node_modules, so the snippet's imports resolve to this project's SDK, as in a reader's project.
const scratch = mkdtempSync(path.join(repoRoot, 'node_modules', '.tool-call-snippet-'))

before(async () => {
  site = await startSite()
  endpoint = `${site.origin}/api/mcp`
})
after(async () => {
  await site.close()
  rmSync(scratch, { recursive: true, force: true })
})

function runFilledSnippet(text: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(scratch, `call-${Date.now()}.mjs`)
  writeFileSync(file, text)
  const browser = new Visitor(site.origin)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: scratch })
    let stdout = ''
    let stderr = ''
    let consenting = false
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
      const url = /(http:\/\/127\.0\.0\.1:\d+\/api\/playground\/consent\?\S+)/.exec(stdout)?.[1]
      if (url && !consenting) {
        consenting = true
        consentInPopup(browser, url).catch(reject)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(killer)
      resolve({ code, stdout, stderr })
    })
  })
}

test('the panel\'s client call, filled in with the reader\'s inputs, consents through the elicitation and lists the projects', async () => {
  const { call } = await highlightToolPanelSnippets()
  const text = snippetText(call, { providerId: '', scopes: [], query: 'a', site: '', mcpUrl: endpoint })
  assert.ok(text.includes(`const MCP_URL = ${JSON.stringify(endpoint)};`), 'the endpoint is filled in')
  assert.ok(text.includes('const SITE = "";'), 'an empty site stays empty (and the call leaves it out)')
  const run = await runFilledSnippet(text)
  assert.equal(run.code, 0, run.stderr)
  // The elicitation's message names the scope the tool declares, and the call then finishes with the projects.
  assert.match(run.stdout, /read:jira-work/)
  const listed = /^(\S+): (\d+) projects (.+)$/m.exec(run.stdout)
  assert.ok(listed, run.stdout)
  assert.ok(Number(listed[2]) > 0)
  assert.deepEqual(findSecrets(run.stdout + run.stderr), [])
})

test('a site in the panel becomes a string in the code, and the call uses that site', async () => {
  const { call } = await highlightToolPanelSnippets()
  const text = snippetText(call, { providerId: '', scopes: [], query: '', site: 'no-such-site', mcpUrl: endpoint })
  assert.ok(text.includes('const SITE = "no-such-site";'))
  const run = await runFilledSnippet(text)
  // The tool refuses a site the token does not reach, naming the ones it does.
  assert.notEqual(run.code, 0)
  assert.match(run.stderr, /site: choose one of the sites the token can reach/)
})

test('list_projects returns its HTTP exchanges only when the request asks, with the token and key masked', async () => {
  const browser = new Visitor(site.origin)
  let consent: Promise<unknown> = Promise.resolve()
  const mcp = await connectMcp(endpoint, {
    onUrlElicitation: async (params) => {
      consent = new Promise((resolve) => setTimeout(resolve, 20)).then(() => consentInPopup(browser, params.url))
      return 'accept'
    }
  })
  const traced = (await mcp.client.callTool({ name: 'list_projects', arguments: {}, _meta: { [LIST_PROJECTS_TRACE_META]: true } })) as CallToolResult
  await consent
  assert.ok((traced.structuredContent as unknown as ListProjectsResult).projects.values.length > 0)
  const exchanges = traced._meta?.[LIST_PROJECTS_EXCHANGES_META] as Exchange[]
  assert.ok(Array.isArray(exchanges))
  const steps = exchanges.map((e) => e.step)
  assert.equal(steps[0], 'start')
  assert.ok(steps.includes('waiting'))
  assert.deepEqual(steps.slice(-2), ['sites', 'projects'])
  assert.ok(exchanges.some((e) => e.url.includes('/oauth/token/accessible-resources')))
  assert.ok(exchanges.some((e) => e.url.includes('/rest/api/3/project/search')))
  // The status answer carried the token: masked there as in the Jira calls that send it.
  assert.deepEqual(findSecrets(JSON.stringify(traced)), [])
  assert.deepEqual(findSecrets(mcp.wire.join('\n')), [])

  const plain = (await mcp.client.callTool({ name: 'list_projects', arguments: {} })) as CallToolResult
  assert.equal(plain._meta?.[LIST_PROJECTS_EXCHANGES_META], undefined, 'an agent that does not ask gets no exchanges')
  await mcp.client.close()
})
