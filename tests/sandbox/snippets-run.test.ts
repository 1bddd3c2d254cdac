// Every JavaScript/TypeScript snippet the site shows runs against the standalone sandbox, as a reader would
// run it against a self-hosted engine (ARCADE_BASE_URL + ARCADE_API_KEY), and does what the page says.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { authorizeOverHttp, consentOverHttp, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'
import { getAccessibleSites, searchJiraProjects, AtlassianApiError } from '../../snippets/list-jira-projects'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
let sandbox: StartedSandbox

before(async () => {
  sandbox = await startStandaloneSandbox()
})
after(async () => {
  await sandbox.close()
})

/** Runs a snippet file with the reader's environment; consents in the "browser" when it prints a URL. */
function runSnippet(file: string, userId: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ARCADE_BASE_URL: sandbox.baseUrl,
        ARCADE_API_KEY: sandbox.apiKey,
        ARCADE_USER_ID: userId,
        ATLASSIAN_API_BASE: sandbox.atlassianBase
      }
    })
    let stdout = ''
    let stderr = ''
    let consented = false
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk
      const url = /(http:\/\/127\.0\.0\.1:\d+\/atlassian\/authorize\?\S+)/.exec(stdout)?.[1]
      if (url && !consented) {
        consented = true
        consentOverHttp(url, { baseUrl: sandbox.baseUrl })
          .then((hop) => visit(hop.location, sandbox.baseUrl))
          .catch(reject)
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

test('snippets/app-code.mjs asks for consent, waits (bounded) and gets a token with read:jira-work', async () => {
  const run = await runSnippet('snippets/app-code.mjs', 'snippet-app-code-user')
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, /Please complete the authorization challenge in your browser:/)
  assert.match(run.stdout, /Authorized with scopes: .*read:jira-work/)
})

test('snippets/playground-run.mjs does what Run does: consent, then the Jira projects of the first site', async () => {
  const run = await runSnippet('snippets/playground-run.mjs', 'snippet-playground-user')
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, /Consent here: http/)
  const summary = /^(.+): (\d+) projects ([A-Z0-9 ]+)$/m.exec(run.stdout)
  assert.ok(summary, run.stdout)
  assert.ok(Number(summary[2]) >= 60, 'the first site has the big project list')
  assert.equal(summary[3].trim().split(' ').length, 10, 'one page of ten keys')
})

test('snippets/list-jira-projects.ts gets the cloud id first, then searches with an encoded query', async () => {
  const { token } = await authorizeOverHttp(sandbox, { userId: 'snippet-jira-user', scopes: ['read:jira-work'] })
  const options = { apiBase: sandbox.atlassianBase }
  const sites = await getAccessibleSites(token, options)
  assert.ok(sites.length >= 1)
  const all = await searchJiraProjects(token, sites[0].id, {}, options)
  assert.ok((all.total ?? 0) >= 60)
  const sample = all.values[0]
  const found = await searchJiraProjects(token, sites[0].id, { query: sample.name.toLowerCase() }, options)
  assert.ok(found.values.some((p) => p.key === sample.key), 'query matches names case-insensitively')
  const tricky = await searchJiraProjects(token, sites[0].id, { query: 'a&maxResults=1#' }, options)
  assert.equal(tricky.maxResults, 50, 'the query is encoded, so it cannot smuggle in parameters')
  await assert.rejects(searchJiraProjects(token, 'no-such-cloud-id', {}, options), (e) => e instanceof AtlassianApiError && e.status === 404)
})
