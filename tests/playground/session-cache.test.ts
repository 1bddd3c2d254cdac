// The session cookie's verified-seal cache (lib/session.ts): a seal opened once is not unsealed again, and the cache
// never outlives what makes the cookie valid: the secret it was sealed with, and "Start over" revoking its identity.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { reloadConfig, getConfig } from '../../lib/config'
import { replaceVisitorId, SESSION_COOKIE, visitorIdFor } from '../../lib/session'

let server: Server
let origin: string
before(async () => {
  server = createServer((req, res) => {
    const config = getConfig()
    const answer = req.url === '/replace' ? replaceVisitorId(req, res, config) : visitorIdFor(req, res, config)
    void answer.then((id) => res.end(id))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => new Promise<void>((resolve) => server.close(() => resolve())))
afterEach(() => {
  delete process.env.SESSION_SECRET
  reloadConfig()
})

async function ask(path: string, cookie?: string): Promise<{ id: string; cookie?: string }> {
  const response = await fetch(origin + path, { headers: cookie ? { cookie } : {} })
  const set = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0]
  return { id: await response.text(), cookie: set }
}

test('a cookie opens to the same visitor on every request', async () => {
  const first = await ask('/')
  assert.match(first.id, /^visitor-/)
  assert.ok(first.cookie)
  for (let i = 0; i < 3; i++) {
    const again = await ask('/', first.cookie)
    assert.equal(again.id, first.id)
    assert.equal(again.cookie, undefined, 'no new cookie for a known visitor')
  }
})

test('a new session secret: a cookie opened under the old one opens nothing, though it was opened before', async () => {
  process.env.SESSION_SECRET = 'first-secret-for-the-seal-cache-test-0123456789'
  reloadConfig()
  const first = await ask('/')
  assert.equal((await ask('/', first.cookie)).id, first.id)
  process.env.SESSION_SECRET = 'second-secret-for-the-seal-cache-test-987654321'
  reloadConfig()
  const after = await ask('/', first.cookie)
  assert.notEqual(after.id, first.id)
  assert.ok(after.cookie, 'a fresh cookie replaces it')
})

test('"Start over" revokes a cookie that was opened (and cached) before', async () => {
  const first = await ask('/')
  assert.equal((await ask('/', first.cookie)).id, first.id)
  const replaced = await ask('/replace', first.cookie)
  assert.notEqual(replaced.id, first.id)
  const old = await ask('/', first.cookie)
  assert.notEqual(old.id, first.id, 'the old cookie no longer opens its identity')
  assert.equal((await ask('/', replaced.cookie)).id, replaced.id)
})
