import { expect, test } from '@playwright/test'

// On the built site (Next's own routing and body parsing, not the test harness): every API error is JSON.

test('a path under /api that no route serves is JSON not_found, and the catch-all shadows no route', async ({ request }) => {
  for (const path of ['/api', '/api/nothing', '/api/playground/nope', '/api/sandbox', '/api/a/b/c']) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(404)
    expect(response.headers()['content-type']).toMatch(/^application\/json/)
    expect((await response.json()).error.code).toBe('not_found')
  }
  expect((await request.get('/api/playground/config')).status()).toBe(200)
  // The sandbox route answers (in its own dialect): its Arcade API refuses the public, it is not the catch-all.
  const sandbox = await request.get('/api/sandbox/v1/health')
  expect(sandbox.status()).toBe(403)
  expect((await sandbox.json()).name).toBe('sandbox_internal_only')
  expect((await request.get('/api/playground/verify')).status()).toBe(400)
})

test('a body on a GET route, or another method with a malformed body, is answered in JSON', async ({ request }) => {
  for (const [method, status, code] of [['GET', 400, 'invalid_request'], ['POST', 405, 'method_not_allowed'], ['PUT', 405, 'method_not_allowed']] as const) {
    for (const path of ['/api/playground/config', '/api/playground/status?flowId=ac_x']) {
      const response = await request.fetch(path, { method, headers: { 'Content-Type': 'application/json' }, data: '{not json' })
      expect(response.status(), `${method} ${path}`).toBe(status)
      expect(response.headers()['content-type']).toMatch(/^application\/json/)
      expect((await response.json()).error.code).toBe(code)
    }
  }
})

test('no Strict-Transport-Security over plain HTTP with no trusted proxy, on pages and API answers', async ({ request }) => {
  for (const path of ['/', '/api/playground/config', '/api/nothing']) {
    const plain = await request.get(path)
    expect(plain.headers()['strict-transport-security'], path).toBeUndefined()
  }
})
