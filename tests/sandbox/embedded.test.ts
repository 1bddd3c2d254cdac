import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Arcade from '@arcadeai/arcadejs'
import { getEmbeddedSandbox, internalCallerHeaders, SANDBOX_API_KEY } from '../../lib/sandbox/embedded'
import { consentOverHttp, visit } from '../helpers/sandbox'

test('the embedded sandbox is a singleton mounted under /api/sandbox that emits only path-only browser URLs', async () => {
  const sandbox = getEmbeddedSandbox()
  assert.equal(getEmbeddedSandbox(), sandbox)
  const server = createServer((req, res) => getEmbeddedSandbox().handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    // The site's own server calls carry the internal caller token; the public key alone is not enough here.
    const arcade = new Arcade({ apiKey: SANDBOX_API_KEY, baseURL: `${origin}/api/sandbox`, maxRetries: 0, defaultHeaders: internalCallerHeaders() })
    const res = await arcade.auth.start('embedded-user', 'atlassian', { scopes: ['read:jira-work'] })
    assert.ok(res.url!.startsWith('/api/sandbox/atlassian/authorize?'), res.url)
    assert.equal(new URL(res.url!, origin).searchParams.get('redirect_uri'), '/api/sandbox/api/v1/oauth/my-atlassian-provider/callback')

    const consent = await consentOverHttp(res.url!, { baseUrl: origin })
    assert.ok(consent.location.startsWith(`${origin}/api/sandbox/api/v1/oauth/my-atlassian-provider/callback?code=`))
    const raw = await fetch(consent.location, { redirect: 'manual' })
    assert.equal(raw.status, 303)
    const verifier = raw.headers.get('location')!
    assert.match(verifier, /^\/api\/playground\/verify\?flow_id=[0-9a-f-]{36}$/)

    const flowId = new URL(verifier, origin).searchParams.get('flow_id')!
    const confirmed = await arcade.auth.confirmUser({ flow_id: flowId, user_id: 'embedded-user' })
    assert.match(confirmed.next_uri!, /^\/api\/sandbox\/api\/v1\/oauth\/callback_success\?/)
    assert.equal((await visit(confirmed.next_uri!, origin)).status, 200)
    assert.equal((await arcade.auth.status({ id: res.id! })).status, 'completed')

    // Paths outside the mount are not the sandbox's.
    assert.equal((await fetch(`${origin}/v1/health`)).status, 404)
  } finally {
    await sandbox.close()
    server.closeAllConnections()
    server.close()
  }
})
