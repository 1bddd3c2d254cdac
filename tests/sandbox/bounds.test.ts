// Bounded by bytes: every input is validated before anything is stored, the consent page stores nothing for a
// state no flow is waiting on, the memory store has a byte budget, and one user id keeps a bounded number of flows.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BadRequestError } from '@arcadeai/arcadejs'
import { MAX_FLOWS_PER_USER } from '../../lib/sandbox/arcade-flows'
import { createMemoryStore, MAX_VALUE_BYTES, StoredValueTooLarge, type SandboxStore } from '../../lib/sandbox/store'
import { startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'

/** The memory store, with a count of the keys ever written (to prove refusals store nothing). */
function countingStore(): { store: SandboxStore; written: Set<string> } {
  const inner = createMemoryStore()
  const written = new Set<string>()
  return {
    written,
    store: {
      ...inner,
      async set(key, value, ttl) {
        written.add(key)
        await inner.set(key, value, ttl)
      }
    }
  }
}

let s: StartedSandbox
let written: Set<string>
before(async () => {
  const counting = countingStore()
  written = counting.written
  s = await startStandaloneSandbox({ store: counting.store, nextUriOrigins: ['http://app.localhost:3000'] })
})
after(async () => {
  await s.close()
})

async function refusedAuthorize(body: unknown): Promise<string> {
  const before = written.size
  const answer = await fetch(`${s.baseUrl}/v1/auth/authorize`, {
    method: 'POST',
    headers: { Authorization: s.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  assert.equal(answer.status, 400)
  assert.equal(written.size, before, 'a refused request stores nothing')
  return ((await answer.json()) as { message: string }).message
}

const requirement = (scopes: string[]) => ({ provider_id: 'atlassian', oauth2: { scopes } })

test('authorize refuses, before storing anything, unknown scopes, too many scopes, a bad user_id and a foreign next_uri', async () => {
  assert.match(await refusedAuthorize({ user_id: 'u1', auth_requirement: requirement(['read:jira-work', 'x'.repeat(200)]) }), /^auth_requirement\.oauth2\.scopes\.1: /)
  assert.match(await refusedAuthorize({ user_id: 'u1', auth_requirement: requirement(['admin:everything']) }), /scopes\.0/)
  const many = Array.from({ length: 51 }, () => 'read:jira-work')
  assert.match(await refusedAuthorize({ user_id: 'u1', auth_requirement: requirement(many) }), /scopes/)
  assert.match(await refusedAuthorize({ user_id: 'u'.repeat(129), auth_requirement: requirement(['read:me']) }), /^user_id: /)
  assert.match(await refusedAuthorize({ user_id: 'a user with spaces', auth_requirement: requirement(['read:me']) }), /^user_id: /)
  assert.match(await refusedAuthorize({ user_id: 'u\u0000', auth_requirement: requirement(['read:me']) }), /^user_id: /)
  for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'http://127.0.0.1:1/x', `/${'a'.repeat(2000)}`]) {
    assert.match(await refusedAuthorize({ user_id: 'u1', auth_requirement: requirement(['read:me']), next_uri: next }), /^next_uri: /, next)
  }
})

test('the scope allowlist accepts classic and granular Atlassian scopes, and next_uri may point at the sandbox or a configured origin', async () => {
  const started = await s.arcade.auth.start('u-ok', 'atlassian', { scopes: ['read:jira-work', 'read:project:jira', 'search:confluence'] })
  assert.equal(started.status, 'pending')
  for (const next of [`${s.baseUrl}/done`, '/done', 'http://app.localhost:3000/after-auth?x=1']) {
    const answer = await fetch(`${s.baseUrl}/v1/auth/authorize`, {
      method: 'POST',
      headers: { Authorization: s.apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: 'u-ok', auth_requirement: requirement(['read:me']), next_uri: next })
    })
    assert.equal(answer.status, 200, next)
  }
})

test("Atlassian's authorize page stores nothing for a state no flow waits on, and one entry per real state however often it is opened", async () => {
  const started = await s.arcade.auth.start('u-consent', 'atlassian', { scopes: ['read:me'] })
  const url = new URL(started.url!)
  const before = written.size
  for (let i = 0; i < 20; i++) {
    const forged = new URL(url)
    forged.searchParams.set('state', `forged-${i}-${'s'.repeat(80)}`)
    const page = await visit(forged.href, s.baseUrl)
    assert.equal(page.status, 400)
    assert.match(page.body, /unknown or has expired/)
  }
  assert.equal(written.size, before, 'forged states stored nothing')
  // The consent form's token is bound to the consenting browser (its cookie): one browser reopening the page holds
  // one pending request. A cookieless client counts as a new browser each time, within its address's share.
  const first = await fetch(url, { redirect: 'manual' })
  assert.equal(first.status, 200)
  const cookie = first.headers.getSetCookie()[0]!.split(';')[0]!
  for (let i = 0; i < 4; i++) assert.equal((await visit(url.href, s.baseUrl, { headers: { Cookie: cookie } })).status, 200)
  assert.equal(written.size, before + 1, 'five visits of one consent page by one browser hold one pending request')
})

test(`one user id keeps at most ${MAX_FLOWS_PER_USER} flows; the oldest are forgotten`, async () => {
  const ids: string[] = []
  for (let i = 0; i < MAX_FLOWS_PER_USER + 3; i++) ids.push((await s.arcade.auth.start('u-many', 'atlassian', { scopes: ['read:me'] })).id!)
  for (const id of ids.slice(0, 3)) await assert.rejects(s.arcade.auth.status({ id }), /400/)
  for (const id of ids.slice(3)) assert.equal((await s.arcade.auth.status({ id })).status, 'pending')
  const other = await s.arcade.auth.start('u-other', 'atlassian', { scopes: ['read:me'] })
  assert.equal((await s.arcade.auth.status({ id: other.id! })).status, 'pending', 'another user is not evicted')
})

test('the memory store keeps within its byte budget and refuses an oversized value', async () => {
  const budget = 1024 * 1024
  const store = createMemoryStore({ maxBytes: budget, maxEntries: 100_000 })
  const value = 'v'.repeat(10_000)
  for (let i = 0; i < 1000; i++) await store.set(`k:${i}`, value, 60_000)
  let kept = 0
  for (let i = 0; i < 1000; i++) if ((await store.get(`k:${i}`)) !== undefined) kept++
  assert.ok(kept * 2 * value.length <= budget, `${kept} values of 20 KB kept in a 1 MB budget`)
  assert.ok(kept > 0 && (await store.get('k:999')) === value, 'the newest stay')
  await assert.rejects(store.set('huge', 'x'.repeat(MAX_VALUE_BYTES + 1), 1000), StoredValueTooLarge)
  await store.close()
})

test('confirm_user validates its user_id the same way', async () => {
  const refused = await s.arcade.auth.confirmUser({ flow_id: 'f', user_id: 'x'.repeat(300) }).catch((e: unknown) => e)
  assert.ok(refused instanceof BadRequestError)
})
