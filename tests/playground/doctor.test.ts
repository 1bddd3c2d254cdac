// GET /api/playground/doctor: in sandbox mode every check passes; against a misconfigured live set-up (the
// standalone sandbox as a self-hosted engine, reached through the real SDK) each fault fails its own check,
// with an explanation and its troubleshooting link, and the answer never carries the key. No answer is never a
// pass, the verifier (which no API can confirm) is information to compare, and in live mode only the operator's
// token opens the check: anyone else learns nothing and causes no upstream call.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { ConfigError, loadConfig, reloadConfig } from '../../lib/config'
import { CACHE_SECONDS } from '../../lib/doctor/cached-checks'
import { DEFAULT_PROVIDERS } from '../../lib/sandbox/index'
import { startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { DoctorCheck, DoctorResponse } from '../../contract/playground-api'

const KEY = 'doctor-test-arcade-key-5b0e7c1d9a'
const DOCTOR_TOKEN = 'doctor-test-operator-token-3f9a1c7e5b2d4680'
const SETTINGS = ['ARCADE_API_KEY', 'ARCADE_BASE_URL', 'ATLASSIAN_API_BASE', 'ARCADE_PROVIDER_ID', 'ARCADE_PROVIDER_IDS', 'SESSION_SECRET', 'RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_PER_IP_PER_MINUTE', 'DOCTOR_TOKEN'] as const

let site: SiteServer
let engine: StartedSandbox
before(async () => {
  site = await startSite()
  // One Atlassian provider: named by its kind (`atlassian`) or by its own id, it works.
  engine = await startStandaloneSandbox({ apiKey: KEY, providers: [{ id: 'acme-atlassian-confluence', type: 'atlassian' }] })
})
after(async () => {
  await site.close()
  await engine.close()
})

function configure(env: Partial<Record<(typeof SETTINGS)[number], string>>) {
  for (const name of SETTINGS) delete process.env[name]
  Object.assign(process.env, env)
  reloadConfig()
}

function live(overrides: Partial<Record<(typeof SETTINGS)[number], string>> = {}) {
  configure({
    ARCADE_API_KEY: KEY,
    ARCADE_BASE_URL: engine.baseUrl,
    ATLASSIAN_API_BASE: engine.atlassianBase,
    SESSION_SECRET: 'doctor-test-session-secret-'.padEnd(48, 'x'),
    DOCTOR_TOKEN,
    ...overrides
  })
}

/** The check as the operator runs it (the token is ignored in sandbox mode). */
async function doctor(): Promise<{ body: DoctorResponse; text: string }> {
  const response = await new Visitor(site.origin).request('/api/playground/doctor', { headers: { Authorization: `Bearer ${DOCTOR_TOKEN}` } })
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type') ?? '', /application\/json/)
  const text = await response.text()
  return { body: JSON.parse(text) as DoctorResponse, text }
}

const check = (body: DoctorResponse, id: string): DoctorCheck => {
  const found = body.checks.find((c) => c.id === id)
  assert.ok(found, `no check ${id} in ${body.checks.map((c) => c.id).join(', ')}`)
  return found
}

test('sandbox mode: key, engine, provider, verifier and Atlassian checks all pass, and the provider shows its callback', async () => {
  configure({})
  const { body, text } = await doctor()
  assert.equal(body.mode, 'sandbox')
  // Sandbox mode allows both documented names of its one provider: the kind and the record's id.
  assert.deepEqual(body.checks.map((c) => c.id), ['arcade-key', 'engine-health', 'provider:atlassian', 'provider:my-atlassian-provider', 'verifier-url', 'atlassian-api'])
  for (const c of body.checks) {
    assert.equal(c.status, c.id === 'verifier-url' ? 'info' : 'pass', `${c.id}: ${c.detail}`)
    assert.ok(c.title && c.detail, `${c.id} has a title and a detail`)
    assert.match(c.help, /^\/troubleshooting#[a-z0-9-]+$/)
  }
  const provider = check(body, 'provider:atlassian')
  assert.match(provider.detail, /Client id \S+; scopes read:jira-work read:jira-user read:me/)
  assert.match(provider.detail, new RegExp(`send users back to ${site.origin}/api/sandbox/api/v1/oauth/my-atlassian-provider/callback: your Atlassian app.s Authorization tab must list exactly this Callback URL`))
  assert.match(check(body, 'verifier-url').detail, new RegExp(`^Not checked: .*${site.origin}/api/playground/verify`))
  assert.doesNotMatch(text, /sbx_(at|rt|code)_|arcade-sandbox-key/)
  assert.ok(!Number.isNaN(Date.parse(body.checkedAt)))
})

test('sandbox mode: the check is open to anyone, no token needed', async () => {
  configure({})
  const response = await new Visitor(site.origin).request('/api/playground/doctor')
  assert.equal(response.status, 200)
  assert.equal(((await response.json()) as DoctorResponse).mode, 'sandbox')
})

test('live mode with a good key: the key passes, and the verifier is information naming the URL to register', async () => {
  live()
  const { body } = await doctor()
  assert.equal(body.mode, 'live')
  const key = check(body, 'arcade-key')
  assert.equal(key.status, 'pass', key.detail)
  assert.match(key.detail, /ARCADE_API_KEY was accepted: Arcade refused the probe for an unknown authorization with 4\d\d, for the id, not with 401/)
  assert.equal(check(body, 'engine-health').status, 'pass')
  assert.equal(check(body, 'provider:atlassian').status, 'pass')
  assert.equal(check(body, 'atlassian-api').status, 'pass')
  const verifier = check(body, 'verifier-url')
  assert.equal(verifier.status, 'info', 'no API tells which verifier the dashboard has: never a pass')
  assert.match(verifier.detail, new RegExp(`^Not checked: .*Custom verifier, the URL must be exactly ${site.origin}/api/playground/verify\\.`))
})

const refusals: { label: string; headers: Record<string, string> }[] = [
  { label: 'no Authorization header', headers: {} },
  { label: 'a wrong token', headers: { Authorization: 'Bearer not-the-operator-token-0000000000000' } },
  { label: 'the token without the Bearer scheme', headers: { Authorization: DOCTOR_TOKEN } },
  { label: 'the token as Basic credentials', headers: { Authorization: `Basic ${Buffer.from(`x:${DOCTOR_TOKEN}`).toString('base64')}` } }
]

async function assertRefusedSilently(headers: Record<string, string>, label: string) {
  const before = engine.requestCount()
  const response = await new Visitor(site.origin).request('/api/playground/doctor', { headers })
  const text = await response.text()
  assert.equal(response.status, 401, label)
  assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /)
  const { error } = JSON.parse(text) as { error: { code: string; help: string } }
  assert.equal(error.code, 'operator_only', label)
  assert.equal(error.help, '/troubleshooting#operator-only')
  for (const secret of [engine.baseUrl, String(new URL(engine.baseUrl).port), '127.0.0.1', KEY, DOCTOR_TOKEN, 'acme-atlassian-confluence', 'client_id', 'Client id', 'sbx_']) {
    assert.ok(!text.includes(secret), `${label}: the refusal shows ${secret}`)
  }
  assert.doesNotMatch(text, /"checks"|atlassian/i, `${label}: nothing about the deployment`)
  assert.equal(engine.requestCount(), before, `${label}: the engine was called`)
}

test('live mode without the operator token: 401 operator_only, nothing about the deployment, no upstream call', async () => {
  live()
  for (const { label, headers } of refusals) await assertRefusedSilently(headers, label)
  // Without DOCTOR_TOKEN set the check is off, and a visitor cannot tell it apart from a wrong token.
  live({ DOCTOR_TOKEN: '' })
  for (const { label, headers } of [...refusals, { label: 'an empty Bearer', headers: { Authorization: 'Bearer ' } }]) {
    await assertRefusedSilently(headers, `no DOCTOR_TOKEN, ${label}`)
  }
  const withToken = await new Visitor(site.origin).request('/api/playground/doctor', { headers: { Authorization: `Bearer ${DOCTOR_TOKEN}` } })
  assert.equal(withToken.status, 401, 'no DOCTOR_TOKEN configured: no token opens it')
})

test(`the answer is kept for ${CACHE_SECONDS} s: a repeat makes no upstream call and shows the same run; a new set-up runs again`, async () => {
  live()
  const first = await doctor()
  const calls = engine.requestCount()
  const repeats = await Promise.all([doctor(), doctor(), doctor()])
  for (const repeat of repeats) assert.equal(repeat.body.checkedAt, first.body.checkedAt)
  assert.equal(engine.requestCount(), calls, 'repeats within the cache time call nothing upstream')
  live({ ARCADE_PROVIDER_ID: 'no-such-provider' })
  const other = await doctor()
  assert.ok(engine.requestCount() > calls, 'another configuration is checked anew')
  assert.ok(other.body.checks.some((c) => c.id === 'provider:no-such-provider'))
  const page = readFileSync(new URL('../../pages/setup-check.mdx', import.meta.url), 'utf8')
  assert.ok(page.includes(`within ${CACHE_SECONDS} seconds`), 'the page states the cache time the code uses')
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  assert.ok(readme.includes(`within ${CACHE_SECONDS} seconds`), 'the README states the cache time the code uses')
})

test('DOCTOR_TOKEN is validated: long enough, one header token, live mode only', () => {
  const liveEnv = { ARCADE_API_KEY: KEY, SESSION_SECRET: 'x'.repeat(40) }
  assert.equal(loadConfig({ ...liveEnv, DOCTOR_TOKEN }).doctorToken, DOCTOR_TOKEN)
  assert.equal(loadConfig(liveEnv).doctorToken, undefined)
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env)
      return ''
    } catch (error) {
      assert.ok(error instanceof ConfigError)
      return error.message
    }
  }
  assert.match(problems({ ...liveEnv, DOCTOR_TOKEN: 'short' }), /DOCTOR_TOKEN must be at least 32 characters/)
  assert.match(problems({ ...liveEnv, DOCTOR_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` }), /DOCTOR_TOKEN must be printable ASCII without spaces/)
  assert.match(problems({ DOCTOR_TOKEN }), /DOCTOR_TOKEN only applies in live mode/)
  assert.ok(!problems({ ...liveEnv, DOCTOR_TOKEN: 'short' }).includes('short'), 'the message does not repeat the value')
})

test('live mode with a wrong key: the key check and the provider check fail, linking to arcade-rejected-key', async () => {
  live({ ARCADE_API_KEY: 'wrong-arcade-key-0000000000' })
  const { body, text } = await doctor()
  assert.equal(body.mode, 'live')
  const key = check(body, 'arcade-key')
  assert.equal(key.status, 'fail')
  assert.match(key.detail, /Arcade refused ARCADE_API_KEY \(401: .+\)\. Copy a valid key from the Arcade dashboard/)
  assert.equal(key.help, '/troubleshooting#arcade-rejected-key')
  const provider = check(body, 'provider:atlassian')
  assert.equal(provider.status, 'fail')
  assert.equal(provider.help, '/troubleshooting#arcade-rejected-key')
  assert.equal(check(body, 'engine-health').status, 'pass', 'health needs no key')
  assert.equal(check(body, 'atlassian-api').status, 'pass')
  assert.ok(!text.includes('wrong-arcade-key-0000000000') && !text.includes(KEY), 'the answer never shows a key')
  assert.ok(!text.includes(engine.baseUrl), 'nor the private engine address')
})

test('live mode with an unknown provider id: that provider fails with Arcade\'s words and the provider-not-found link', async () => {
  live({ ARCADE_PROVIDER_ID: 'no-such-provider' })
  const { body } = await doctor()
  assert.equal(check(body, 'arcade-key').status, 'pass')
  const provider = check(body, 'provider:no-such-provider')
  assert.equal(provider.status, 'fail')
  assert.match(provider.detail, /Arcade has no usable provider “no-such-provider” \(400: .*no auth provider with id 'no-such-provider'.*\)\. Set ARCADE_PROVIDER_ID/)
  assert.equal(provider.help, '/troubleshooting#provider-not-found')
})

test('live mode asking for the provider type with two Atlassian providers: the several-providers entry', async () => {
  live({ ARCADE_PROVIDER_ID: 'acme-atlassian-confluence' })
  assert.equal(check((await doctor()).body, 'provider:acme-atlassian-confluence').status, 'pass', 'a provider named by its id works')
  await engine.close()
  engine = await startStandaloneSandbox({ apiKey: KEY, providers: [{ id: 'acme-jira', type: 'atlassian' }, { id: 'acme-confluence', type: 'atlassian' }] })
  live({ ARCADE_PROVIDER_IDS: 'atlassian,acme-confluence' })
  const { body } = await doctor()
  const provider = check(body, 'provider:atlassian')
  assert.equal(provider.status, 'fail')
  assert.equal(provider.help, '/troubleshooting#several-atlassian-providers')
  assert.match(provider.detail, /multiple providers of the same type/)
  assert.equal(check(body, 'provider:acme-confluence').status, 'pass', 'with two, a provider named by its id works')
})

test('live mode with the engine and Atlassian unreachable: engine and Atlassian checks fail with their links', async () => {
  live({ ARCADE_BASE_URL: 'http://127.0.0.1:9', ATLASSIAN_API_BASE: 'http://127.0.0.1:9/atlassian' })
  const { body, text } = await doctor()
  const key = check(body, 'arcade-key')
  assert.equal(key.status, 'fail', `no answer is never a pass: ${key.detail}`)
  assert.equal(key.help, '/troubleshooting#arcade-unreachable')
  assert.match(key.detail, /^Arcade did not answer \(no connection, or no answer in time\), so the key could not be checked\.$/)
  assert.ok(body.checks.every((c) => !/undefined/.test(c.detail)), 'no check reads "undefined"')
  assert.equal(check(body, 'verifier-url').status, 'info')
  const health = check(body, 'engine-health')
  assert.equal(health.status, 'fail')
  assert.equal(health.help, '/troubleshooting#arcade-unreachable')
  assert.match(health.detail, /did not answer GET \/v1\/health \(no connection/)
  const atlassian = check(body, 'atlassian-api')
  assert.equal(atlassian.status, 'fail')
  assert.equal(atlassian.help, '/troubleshooting#jira-unavailable')
  assert.ok(!text.includes('127.0.0.1:9/'), 'the private address stays off the answer')
})

test('the doctor is rate limited like every route, and answers other methods with 405', async () => {
  configure({ RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_IP_PER_MINUTE: '2' })
  const visitor = new Visitor(site.origin)
  const post = await visitor.request('/api/playground/doctor', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
  assert.equal(post.status, 405)
  assert.equal(((await post.json()) as { error: { code: string } }).error.code, 'method_not_allowed')
  assert.equal((await visitor.request('/api/playground/doctor')).status, 200)
  const limited = await visitor.request('/api/playground/doctor')
  assert.equal(limited.status, 429)
  assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited')
  assert.ok(Number(limited.headers.get('retry-after')) > 0)
})
