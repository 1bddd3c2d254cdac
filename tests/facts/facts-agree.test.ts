// One statement per fact (contract/facts.ts): every page's Markdown (snippets inlined, as public/*.md is
// built), every sample, the panel's generated code, the panel's own words, the README, the config defaults
// and the sandbox's behaviour must agree with it. Each check is also run on a doctored text, so none can pass
// by matching nothing.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID, FACTS, providerSelector } from '../../contract/facts'
import { REQUIRED_FOR_PROJECTS } from '../../contract/scopes'
import type { StartResponse } from '../../contract/playground-api'
import { inLanguage, snippetText } from '../../components/playground/snippet-text'
import { reloadConfig } from '../../lib/config'
import { pageMarkdownFromFile } from '../../lib/docs/page-markdown'
import { listSitePages } from '../../lib/docs/site-pages'
import { highlightPlaygroundSnippet } from '../../lib/highlight'
import { MAX_STATUS_WAIT_SECONDS } from '../../lib/sandbox/arcade-api'
import { completeVerifierHop, consentOverHttp, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'

const root = new URL('../../', import.meta.url).pathname
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')

interface Text {
  where: string
  text: string
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
const asNumber = (word: string) => (/^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word.toLowerCase()))

/** Blocks separated by blank lines: a statement and its "unconfirmed" travel together in one. */
const paragraphs = (text: string) => text.split(/\n\s*\n/)

/** Every number a pattern states (its first group) that differs from the fact's value. */
function statedNumbers(item: Text, pattern: RegExp, expected: number, fact: string): string[] {
  return [...item.text.matchAll(pattern)].flatMap((m) => {
    const value = asNumber(m[1] ?? m[2])
    return value === expected ? [] : [`${item.where}: "${m[0]}" states ${value}, but ${fact} is ${expected}`]
  })
}

/** Statements that must not be made anywhere (they contradict the fact). */
function forbidden(item: Text, patterns: RegExp[], fact: string): string[] {
  return patterns.flatMap((pattern) => [...item.text.matchAll(new RegExp(pattern, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].map((m) => `${item.where}: "${m[0]}" contradicts ${fact}`))
}

/** Paragraphs that state something no source settles must say it is unconfirmed (or the sandbox's assumption). */
function markedUnconfirmed(item: Text, pattern: RegExp, fact: string): string[] {
  return paragraphs(item.text).flatMap((p) => (pattern.test(p) && !/unconfirmed|assumes?/i.test(p) ? [`${item.where}: "${p.slice(0, 120)}…" states ${fact} without "unconfirmed"`] : []))
}

/** The checks, one group per fact; each returns the disagreements it finds in one text. */
const CHECKS: Record<string, (item: Text) => string[]> = {
  statusWaitSeconds: (item) => [
    ...statedNumbers(item, /auth\.status\([^)]*\bwait[:=]\s*(\d+)/g, FACTS.statusWaitSeconds.value, 'the samples\' wait'),
    ...statedNumbers(item, /long-poll\w*[^.]*?up to (\w+) seconds/gi, FACTS.statusWaitSeconds.value, 'the samples\' wait'),
    ...statedNumbers(item, /waits? up to (\w+) seconds/gi, FACTS.statusWaitSeconds.value, 'the samples\' wait'),
    ...statedNumbers(item, /`PLAYGROUND_LONGPOLL_SECONDS` \| (\d+)/g, FACTS.statusWaitSeconds.value, 'the panel\'s wait'),
  ],
  statusWaitMaxSeconds: (item) => statedNumbers(item, /`wait`[^.|]*?\(at most (\d+)|the wait \(at most (\d+)/g, FACTS.statusWaitMaxSeconds.value, 'Arcade\'s cap on wait'),
  flowLifetimeMinutes: (item) => [
    ...statedNumbers(item, /after (\w+) minutes/g, FACTS.flowLifetimeMinutes.value, 'the flow lifetime'),
    ...statedNumbers(item, /MAX_WAIT_MINUTES = (\d+)/g, FACTS.flowLifetimeMinutes.value, 'the flow lifetime'),
    ...statedNumbers(item, /\((\w+) minutes(?: by default)?,/g, FACTS.flowLifetimeMinutes.value, 'the flow lifetime'),
    ...[...item.text.matchAll(/`PLAYGROUND_FLOW_TTL_SECONDS` \| (\d+)/g)].flatMap((m) =>
      Number(m[1]) === FACTS.flowLifetimeMinutes.value * 60 ? [] : [`${item.where}: "${m[0]}" is not ${FACTS.flowLifetimeMinutes.value} minutes`]),
  ],
  providerChoice: (item) => [
    // auth.start's provider goes out as provider_id, which names the kind; anything else there is unconfirmed.
    ...paragraphs(item.text).flatMap((p) =>
      [...p.matchAll(/auth\.start\(\s*[\w.]+,\s*"([^"]+)"|provider="([^"]+)"/g)]
        .filter((m) => (m[1] ?? m[2]) !== ATLASSIAN_PROVIDER_KIND && !/unconfirmed/i.test(p))
        .map((m) => `${item.where}: "${m[0]}" passes a provider's ID where the kind goes, without saying it is unconfirmed`)),
    ...forbidden(item, [/auth\.start\(\s*\w+,\s*[A-Z][A-Z_]+\b/, /provider=[A-Z][A-Z_]+\b/, /samples name the ID you gave the provider/], 'providerChoice'),
  ],
  reportedScopes: (item) => [
    ...forbidden(item, [/scopes it reports are the ones you asked for/i, /reports? (?:only )?the (?:scopes|ones) you asked for/i], 'reportedScopes'),
    ...markedUnconfirmed(item, /reports? (?:in `scopes` )?(?:what its token carries|the whole grant)|`scopes` lists the whole grant/i, 'what a completed authorization reports'),
  ],
  offlineAccess: (item) => [
    ...forbidden(item, [/(?:does not|doesn't|never) needs? `?offline_access/i, /so your code never asks for it/i], 'offlineAccess'),
    ...markedUnconfirmed(item, /Arcade (?:adds|asks for|requests)[^.]*offline_access|request `offline_access`/i, 'whether Arcade adds offline_access'),
  ],
  projectListingScope: (item) =>
    [...item.text.matchAll(/(?:project\/search`?|[Ll]ist(?:ing)? (?:the user's )?(?:Jira )?projects)[^.]{0,40}?\bneeds `([^`]+)`/g)]
      .filter((m) => m[1] !== FACTS.projectListingScope.value)
      .map((m) => `${item.where}: "${m[0]}" names ${m[1]}, not ${FACTS.projectListingScope.value}`),
  noArcadeAtlassianApp: (item) =>
    forbidden(item, [/no (?:built-in|default) Atlassian/i, /does not offer a default Atlassian/i, /Arcade has no provider for/i, /a service Arcade has no provider for/i], 'noArcadeAtlassianApp'),
  callbackUrlOrder: (item) => forbidden(item, [/set the \*\*Callback URL\*\* to the redirect URL/], 'callbackUrlOrder'),
  unknownAuthorizationStatus: (item) => statedNumbers(item, /unknown authorization id[^.|]*?`(\d{3})`/gi, FACTS.unknownAuthorizationStatus.value, 'the status for an unknown authorization id'),
}

function disagreements(corpus: Text[]): string[] {
  return corpus.flatMap((item) => Object.values(CHECKS).flatMap((check) => check(item)))
}

const pages: Text[] = listSitePages(root).map((page) => ({ where: page.file, text: pageMarkdownFromFile(page.file, page.route, root) }))
const snippetFiles = readdirSync(path.join(root, 'snippets')).map((name) => `snippets/${name}`)
const staticCorpus: Text[] = [
  ...pages,
  ...snippetFiles.map((file) => ({ where: file, text: read(file) })),
  { where: 'README.md', text: read('README.md') },
  // The panel's own words (its JSX text) say the same.
  { where: 'components/playground/Playground.tsx', text: read('components/playground/Playground.tsx') },
]
const guide = pages.find((p) => p.where === 'pages/auth-providers/atlassian.mdx')!

describe('every statement of a fact agrees with contract/facts.ts', () => {
  test('every fact has a statement and at least one source; what no source settles is said', () => {
    for (const [id, fact] of Object.entries(FACTS)) {
      assert.ok(fact.statement.length > 20, id)
      assert.ok(fact.sources.length > 0, `${id} names a source`)
      assert.ok(CHECKS[id], `${id} has a check`)
    }
  })

  test('pages, samples, the README and the panel: no statement disagrees', async () => {
    const snippet = await highlightPlaygroundSnippet('snippets/playground-run.mjs', 'snippets/playground-run.py')
    const generated = [ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID].flatMap((providerId) => {
      const values = { providerId, scopes: ['read:jira-work'], query: '' }
      return [
        { where: `generated JavaScript (${providerId})`, text: snippetText(snippet, values) },
        { where: `generated Python (${providerId})`, text: snippetText(inLanguage(snippet, 'python'), values) },
      ]
    })
    assert.deepEqual(disagreements([...staticCorpus, ...generated]), [])
  })

  test('the guide states the settled readings where the reader needs them', () => {
    assert.match(guide.text, /\*\*The provider: not changed\.\*\*/)
    assert.match(guide.text, /That was no fix/)
    assert.match(guide.text, /no ready-made Atlassian provider/)
    assert.match(guide.text, /Included Providers/)
    const createApp = guide.text.slice(guide.text.indexOf('### Create an Atlassian app'), guide.text.indexOf('## Configuring your own Atlassian Auth Provider'))
    assert.match(createApp, /Leave it for now, and come back to this tab then/)
    assert.match(guide.text, /long-polling for up to 20 seconds a time/)
  })

  // Change one statement, and its check finds it: each of these doctored texts must fail.
  const doctored: Array<[string, string]> = [
    ['statusWaitSeconds', 'the loop checks the status itself, long-polling for up to 30 seconds a time'],
    ['statusWaitSeconds', 'auth = client.auth.status(id=auth.id, wait=30)'],
    ['statusWaitMaxSeconds', 'holds each request open for up to `wait` seconds (at most 60)'],
    ['flowLifetimeMinutes', 'stops when the flow fails or after ten minutes'],
    ['providerChoice', 'let authResponse = await client.auth.start(userId, "my-atlassian-provider", {'],
    ['providerChoice', 'auth_response = client.auth.start(user_id=user_id, provider=ATLASSIAN_PROVIDER_ID)'],
    ['reportedScopes', 'it answers `completed` at once. The scopes it reports are the ones you asked for.'],
    ['reportedScopes', 'A completed authorization reports the whole grant.'],
    ['offlineAccess', 'Your code does not need `offline_access`, even if it uses the token for months.'],
    ['offlineAccess', 'Arcade adds `offline_access` to every grant it holds.'],
    ['projectListingScope', 'Listing Jira projects needs `read:jira-user`.'],
    ['noArcadeAtlassianApp', 'Arcade has no built-in Atlassian auth provider yet.'],
    ['callbackUrlOrder', 'choose **Add** and set the **Callback URL** to the redirect URL that Arcade generates'],
    ['unknownAuthorizationStatus', '- An unknown authorization id gives `404`.'],
  ]
  for (const [fact, text] of doctored) {
    test(`a changed statement is caught: ${fact}: ${text.slice(0, 60)}`, () => {
      assert.notDeepEqual(CHECKS[fact]!({ where: 'doctored', text }), [])
    })
  }
})

describe('the code and the sandbox do what the facts say', () => {
  let sandbox: StartedSandbox
  let site: SiteServer
  before(async () => {
    sandbox = await startStandaloneSandbox({ verifierUrl: '/verify' })
    site = await startSite()
  })
  after(async () => {
    await sandbox.close()
    await site.close()
  })

  test('config defaults, the sandbox\'s wait cap and the Jira step\'s scope are the facts\' values', () => {
    const previous = { ...process.env }
    for (const name of ['ARCADE_API_KEY', 'PLAYGROUND_LONGPOLL_SECONDS', 'PLAYGROUND_FLOW_TTL_SECONDS', 'ARCADE_PROVIDER_ID', 'ARCADE_PROVIDER_IDS']) delete process.env[name]
    try {
      const config = reloadConfig()
      assert.equal(config.longPollSeconds, FACTS.statusWaitSeconds.value)
      assert.equal(config.flowTtlSeconds, FACTS.flowLifetimeMinutes.value * 60)
      assert.deepEqual(config.providerIds, [ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID])
    } finally {
      process.env = previous
      reloadConfig()
    }
    assert.equal(MAX_STATUS_WAIT_SECONDS, FACTS.statusWaitMaxSeconds.value)
    assert.equal(REQUIRED_FOR_PROJECTS, FACTS.projectListingScope.value)
  })

  test('the panel sends the provider selector its generated code shows, for the kind and for a provider\'s ID', async () => {
    const snippet = await highlightPlaygroundSnippet('snippets/playground-run.mjs', 'snippets/playground-run.py')
    for (const providerId of [ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID]) {
      const started = await new Visitor(site.origin).json<StartResponse>('/api/playground/start', { scopes: ['read:jira-work'], providerId })
      assert.equal(started.status, 200, JSON.stringify(started.body))
      const sent = (started.body.exchanges[0]!.requestBody as { auth_requirement: Record<string, unknown> }).auth_requirement
      const python = snippetText(inLanguage(snippet, 'python'), { providerId, scopes: ['read:jira-work'], query: '' })
      const shown = JSON.parse(/^PROVIDER = (\{.*\})$/m.exec(python)![1]!)
      assert.deepEqual(shown, providerSelector(providerId))
      assert.deepEqual({ ...shown, provider_type: 'oauth2', oauth2: { scopes: ['read:jira-work'] } }, sent)
    }
  })

  test('the sandbox: an unknown authorization id, and what a completed authorization reports', async () => {
    const unknown = await fetch(`${sandbox.baseUrl}/v1/auth/status?id=ac_unknown`, { headers: { Authorization: sandbox.apiKey } })
    assert.equal(unknown.status, FACTS.unknownAuthorizationStatus.value)

    // reportedScopes is 'whole-grant': a later, narrower request reports the earlier grant and offline_access.
    assert.equal(FACTS.reportedScopes.value, 'whole-grant')
    const first = await sandbox.arcade.auth.start('facts-user', ATLASSIAN_PROVIDER_KIND, { scopes: ['read:jira-work', 'read:me'] })
    const callback = await visit((await consentOverHttp(first.url!, { baseUrl: sandbox.baseUrl })).location, sandbox.baseUrl)
    await completeVerifierHop(callback.location!, { arcade: sandbox.arcade, baseUrl: sandbox.baseUrl, userId: 'facts-user' })
    const again = await sandbox.arcade.auth.start('facts-user', ATLASSIAN_PROVIDER_KIND, { scopes: ['read:me'] })
    assert.equal(again.status, 'completed')
    assert.deepEqual([...(again.scopes ?? [])].sort(), ['offline_access', 'read:jira-work', 'read:me'])
  })
})
