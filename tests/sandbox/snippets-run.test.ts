// Every snippet the site shows runs against the standalone sandbox, as a reader would run it against a
// self-hosted engine (ARCADE_BASE_URL + ARCADE_API_KEY), and does what the page says.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { authorizeOverHttp, consentOverHttp, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'
import { highlightPlaygroundSnippet } from '../../lib/highlight'
import { snippetText } from '../../components/playground/snippet-text'
import { getAccessibleSites, jiraSites, searchJiraProjects, AtlassianApiError } from '../../snippets/list-jira-projects'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
/** The ID the guide's set-up steps give the provider, which the samples use. */
const GUIDE_PROVIDER_ID = 'my-atlassian-provider'
let sandbox: StartedSandbox

before(async () => {
  // Like a reader's engine after the set-up steps: one Atlassian provider, with the guide's ID.
  sandbox = await startStandaloneSandbox({ providers: [{ id: GUIDE_PROVIDER_ID, type: 'atlassian' }] })
})
after(async () => {
  await sandbox.close()
})

/**
 * Runs a snippet with the reader's environment (with tsx, or with plain node when `plainNode`); consents in the
 * "browser" when it prints a URL.
 */
function runSnippet(file: string, userId: string, { cwd = repoRoot, plainNode = false, on = sandbox }: { cwd?: string; plainNode?: boolean; on?: StartedSandbox } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, plainNode ? [file] : ['--import', 'tsx', file], {
      cwd,
      env: {
        ...process.env,
        ARCADE_BASE_URL: on.baseUrl,
        ARCADE_API_KEY: on.apiKey,
        ARCADE_USER_ID: userId,
        ATLASSIAN_API_BASE: on.atlassianBase
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
        consentOverHttp(url, { baseUrl: on.baseUrl })
          .then((hop) => visit(hop.location, on.baseUrl))
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

test('snippets/authorize-by-id.mjs picks one of two Atlassian providers by its ID, where the kind alone is ambiguous', async () => {
  const two = await startStandaloneSandbox({ providers: [{ id: 'acme-atlassian-jira', type: 'atlassian' }, { id: 'acme-atlassian-confluence', type: 'atlassian' }] })
  try {
    const run = await runSnippet('snippets/authorize-by-id.mjs', 'snippet-by-id-user', { on: two })
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Provider: acme-atlassian-jira status: pending$/m)
    assert.match(run.stdout, /redirect_uri=[^&\s]*acme-atlassian-jira%2Fcallback/)
    // The seed's call, with these two providers, fails as the Auth Providers reference says.
    const seed = await runSnippet('snippets/app-code.mjs', 'snippet-by-id-user', { on: two })
    assert.notEqual(seed.code, 0)
    assert.match(seed.stderr, /multiple providers of the same type 'atlassian'/)
  } finally {
    await two.close()
  }
})

/** An empty folder with a package.json that depends on the SDK, installed from this project's copy (it has no dependencies). */
function readerProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-snippet-'))
  const sdk = path.join(repoRoot, 'node_modules/@arcadeai/arcadejs')
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'reader', private: true, dependencies: { '@arcadeai/arcadejs': `file:${sdk}` } }))
  const npm = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' })
  assert.equal(npm.status, 0, npm.stderr)
  return dir
}

test('the live snippet, rendered as the panel shows it, runs with node in an empty project and lists the projects', async () => {
  const snippet = await highlightPlaygroundSnippet('snippets/playground-run.mjs', 'snippets/playground-run.py')
  const values = { providerId: 'atlassian', scopes: ['read:jira-work', 'read:jira-user'], query: 'Pay' }
  const dir = readerProject()
  writeFileSync(path.join(dir, 'run.mjs'), snippetText(snippet, values))
  const run = await runSnippet('run.mjs', 'snippet-playground-user', { cwd: dir, plainNode: true })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, /Consent here: http/)
  const summary = /^(.+): (\d+) projects ([A-Z0-9 ]+)$/m.exec(run.stdout)
  assert.ok(summary, run.stdout)
  // Named by the provider's own ID, the panel's other documented choice, the same code runs too.
  writeFileSync(path.join(dir, 'run-by-id.mjs'), snippetText(snippet, { ...values, providerId: GUIDE_PROVIDER_ID }))
  const byId = await runSnippet('run-by-id.mjs', 'snippet-playground-user-by-id', { cwd: dir, plainNode: true })
  assert.equal(byId.code, 0, byId.stderr)
  assert.match(byId.stdout, /^(.+): (\d+) projects ([A-Z0-9 ]+)$/m)

  // The same projects the guide's TypeScript functions find on the first Jira site, for the same query.
  const { token } = await authorizeOverHttp(sandbox, { userId: 'snippet-playground-user', scopes: values.scopes })
  const options = { apiBase: sandbox.atlassianBase }
  const [site] = jiraSites(await getAccessibleSites(token, options))
  const page = await searchJiraProjects(token, site.id, { query: 'Pay', maxResults: 10 }, options)
  assert.ok(page.values.length > 0, 'the sandbox has projects matching "Pay"')
  assert.equal(summary[1], site.name)
  assert.equal(Number(summary[2]), page.total)
  assert.deepEqual(summary[3].trim().split(' '), page.values.map((p) => p.key))
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

// The Python custom tool, run for real: Debian's python3-httpx serves /usr/bin/python3 (a python3 earlier on PATH
// may lack httpx). Only the tool framework is replaced, by the smallest stand-in that lets the module load.
const SYSTEM_PYTHON = '/usr/bin/python3'
const FAKE_TDK = {
  '__init__.py': [
    '# Stand-in for arcade_tdk: the decorator leaves the function as it is; the context holds the token.',
    'def tool(func=None, **_options):',
    '    return func if func is not None else (lambda f: f)',
    '',
    '',
    'class ToolContext:',
    '    def __init__(self, authorization=None):',
    '        self.authorization = authorization',
    ''
  ].join('\n'),
  'auth.py': [
    'class Atlassian:',
    '    def __init__(self, *, id=None, scopes=None):',
    '        self.id = id',
    '        self.scopes = scopes',
    ''
  ].join('\n')
}
// Loads the snippet file as a module, points ATLASSIAN_API at the sandbox (the file itself names the real URL),
// and prints the tool's answer for each query.
const DRIVER = `
import asyncio, importlib.util, json, os, sys, types
from arcade_tdk import ToolContext

spec = importlib.util.spec_from_file_location("list_projects", sys.argv[1])
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)
assert tool.ATLASSIAN_API == "https://api.atlassian.com"
tool.ATLASSIAN_API = os.environ["SANDBOX_ATLASSIAN_API"]
context = ToolContext(types.SimpleNamespace(token=os.environ["ATLASSIAN_TOKEN"]))
queries = json.loads(sys.argv[2])
print(json.dumps([asyncio.run(tool.list_projects(context, q)) for q in queries]))
`

/** Runs the tool (asynchronously: the sandbox answers from this process). */
async function runPythonTool(token: string, queries: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'python-tool-'))
  mkdirSync(path.join(dir, 'arcade_tdk'))
  for (const [name, text] of Object.entries(FAKE_TDK)) writeFileSync(path.join(dir, 'arcade_tdk', name), text)
  writeFileSync(path.join(dir, 'driver.py'), DRIVER)
  const args = [path.join(dir, 'driver.py'), path.join(repoRoot, 'snippets/list-projects.py'), JSON.stringify(queries)]
  // No __pycache__ beside the snippet: snippets/ holds only what the site shows.
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: dir, SANDBOX_ATLASSIAN_API: sandbox.atlassianBase, ATLASSIAN_TOKEN: token }
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, args, { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

test('snippets/list-projects.py runs with httpx and returns the same projects as the TypeScript functions', async () => {
  const { token } = await authorizeOverHttp(sandbox, { userId: 'snippet-python-tool-user', scopes: ['read:jira-work'], providerId: GUIDE_PROVIDER_ID })
  const queries = ['Robot & Co #1', 'Pay', '', 'help desk', 'Pay&maxResults=1']
  const run = await runPythonTool(token, queries)
  assert.equal(run.status, 0, run.stderr)
  const fromPython = JSON.parse(run.stdout) as Array<{ total: number; maxResults: number; values: Array<{ key: string }> }>

  const options = { apiBase: sandbox.atlassianBase }
  const [site] = jiraSites(await getAccessibleSites(token, options))
  for (const [i, query] of queries.entries()) {
    const fromTs = await searchJiraProjects(token, site.id, { query }, options)
    assert.equal(fromPython[i].total, fromTs.total, `total for ${JSON.stringify(query)}`)
    assert.deepEqual(fromPython[i].values.map((p) => p.key), fromTs.values.map((p) => p.key), `keys for ${JSON.stringify(query)}`)
  }
  assert.ok(fromPython[1].values.length > 0 && fromPython[2].values.length > fromPython[1].values.length, 'a filter that finds some, and all')
  // Encoded, "&" stays in the query: unencoded, it would smuggle in maxResults=1 and find the two Pay projects.
  assert.equal(fromPython[4].total, 0)
  assert.equal(fromPython[4].maxResults, 50)
})

test('the Python tool check fails when the tool cannot reach Jira (a rejected token)', async () => {
  const run = await runPythonTool('not-a-token', [''])
  assert.notEqual(run.status, 0)
  assert.match(run.stderr, /HTTPStatusError|401/)
})
