// The server's early judgement (lib/server/early-refusal.ts) on the request line and headers alone, per the
// table in lib/server/request-rules.ts. tests/scale/early-refusal.test.ts sends the same over real sockets.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { MAX_BODY_BYTES } from '../../lib/api/route'
import { MAX_BODY_BYTES as SANDBOX_MAX_BODY_BYTES } from '../../lib/sandbox/http'
import { judgeRequest } from '../../lib/server/early-refusal'

const request = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as IncomingMessage
const refusal = (method: string, url: string, headers: Record<string, string> = {}) => {
  const { refusal } = judgeRequest(request(method, url, headers))
  return refusal && { status: refusal.status, code: refusal.code, allow: refusal.extra.headers?.Allow }
}
const json = (length: number) => ({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(length) })

test('what the routes take passes: their methods, bodies up to their bound, their content type', () => {
  assert.equal(refusal('GET', '/api/playground/config'), undefined)
  assert.equal(refusal('GET', '/api/playground/status?flowId=x&wait=1'), undefined)
  assert.equal(refusal('POST', '/api/playground/start', json(MAX_BODY_BYTES)), undefined)
  assert.equal(refusal('POST', '/api/playground/reset'), undefined, 'a bodiless reset')
  assert.equal(refusal('POST', '/api/playground/jira', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), undefined, 'chunked: the route counts it')
  assert.equal(refusal('POST', '/api/sandbox/atlassian/authorize', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(SANDBOX_MAX_BODY_BYTES) }), undefined)
  assert.equal(refusal('POST', '/api/sandbox/v1/auth/authorize', { 'content-type': 'text/plain', 'content-length': '10' }), undefined, 'the emulator answers a wrong type in its own dialect')
  assert.equal(refusal('DELETE', '/api/sandbox/_sandbox/faults'), undefined)
  for (const path of ['/', '/auth-providers/atlassian', '/auth-providers/atlassian.md', '/_next/static/chunks/x.js', '/robots.txt', '/sitemap.xml', '/llms.txt']) {
    assert.equal(refusal('GET', path), undefined, path)
    assert.equal(refusal('HEAD', path), undefined, path)
  }
  assert.equal(refusal('GET', '/api/no/such/route'), undefined, 'bodiless: the catch-all route answers its 404')
})

test('what a route would refuse is refused before its body is read', () => {
  assert.deepEqual(refusal('POST', '/api/playground/start', json(MAX_BODY_BYTES + 1)), { status: 413, code: 'payload_too_large', allow: undefined })
  assert.deepEqual(refusal('POST', '/api/playground/start', { 'content-type': 'text/plain', 'content-length': '2' }), { status: 415, code: 'unsupported_media_type', allow: undefined })
  assert.deepEqual(refusal('POST', '/api/playground/start', { 'content-length': '2' }), { status: 415, code: 'unsupported_media_type', allow: undefined })
  assert.deepEqual(refusal('GET', '/api/playground/config', { 'content-length': '1' }), { status: 400, code: 'invalid_request', allow: undefined })
  assert.deepEqual(refusal('GET', '/api/playground/verify', { 'transfer-encoding': 'chunked' }), { status: 400, code: 'invalid_request', allow: undefined })
  assert.deepEqual(refusal('POST', '/api/playground/config', json(2)), { status: 405, code: 'method_not_allowed', allow: 'GET' })
  assert.deepEqual(refusal('GET', '/api/playground/start'), { status: 405, code: 'method_not_allowed', allow: 'POST' })
  assert.deepEqual(refusal('POST', '/api/sandbox/atlassian/oauth/token', json(SANDBOX_MAX_BODY_BYTES + 1)), { status: 413, code: 'payload_too_large', allow: undefined })
  assert.deepEqual(refusal('PUT', '/api/sandbox/v1/auth/authorize'), { status: 405, code: 'method_not_allowed', allow: 'GET, POST, DELETE' })
  assert.deepEqual(refusal('POST', '/api/no/such/route', json(9961572)), { status: 404, code: 'not_found', allow: undefined })
  assert.deepEqual(refusal('POST', '/', json(9961572)), { status: 405, code: 'method_not_allowed', allow: 'GET, HEAD' })
  assert.deepEqual(refusal('GET', '/auth-providers/atlassian', { 'content-length': '9961572' }), { status: 400, code: 'invalid_request', allow: undefined })
  for (const method of ['TRACE', 'TRACK', 'PROPFIND', 'OPTIONS', 'PATCH']) {
    assert.equal(refusal(method, '/auth-providers/atlassian')?.status, 405, `${method} on a page`)
    assert.equal(refusal(method, '/api/playground/config')?.status, 405, `${method} on an API route`)
  }
  assert.deepEqual(refusal('GET', '/api/%E0%A4%A'), { status: 400, code: 'invalid_request', allow: undefined })
  assert.deepEqual(refusal('GET', '/api/playground/status%zz'), { status: 400, code: 'invalid_request', allow: undefined })
})
