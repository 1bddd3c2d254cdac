// Every error is JSON, on every route and method: bodies on GET routes (Next's parser would answer in plain
// text) and paths under /api that no route serves. Raw HTTP, because fetch refuses to send a body with GET.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { sendRaw, type RawAnswer } from '../adversarial/raw-http'
import { startSite, type SiteServer } from '../helpers/site'

let site: SiteServer
let port: number
before(async () => {
  site = await startSite()
  port = Number(new URL(site.origin).port)
})
after(async () => {
  await site.close()
})

function assertJsonError(answer: RawAnswer, status: number, code: string, what: string) {
  assert.equal(answer.status, status, `${what}: ${answer.status} ${answer.body.slice(0, 200)}`)
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/, what)
  const body = JSON.parse(answer.body)
  assert.equal(body.error.code, code, what)
  assert.equal(body.error.help, `/troubleshooting#${code.replace(/_/g, '-')}`)
  assert.ok(body.error.message.length > 0)
}

const BODIES: Array<[string, string]> = [
  ['application/json', '{not json'],
  ['application/json', '{"flowId":"ac_x"}'],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=%ZZ&&='],
  ['multipart/form-data; boundary=x', '--x\r\n'],
  ['application/octet-stream', '\u0000\u0001'],
  // Past Next's own 1 MB parser limit, which would answer 413 in plain text.
  ['application/json', `{"pad":"${'p'.repeat(1_200_000)}"}`]
]

test('a body sent to a GET route is a JSON 400, whatever its type or size, chunked or not', async () => {
  for (const target of ['/api/playground/config', '/api/playground/status?flowId=ac_unknown']) {
    for (const [type, body] of BODIES) {
      for (const chunked of [false, true]) {
        const answer = await sendRaw(port, { method: 'GET', target, headers: [['Content-Type', type]], body: Buffer.from(body), chunked })
        assertJsonError(answer, 400, 'invalid_request', `GET ${target} with ${type} (${body.length} bytes${chunked ? ', chunked' : ''})`)
        assert.match(JSON.parse(answer.body).error.message, /no request body/)
      }
    }
  }
  // An empty body is no body: the route answers as usual.
  const empty = await sendRaw(port, { method: 'GET', target: '/api/playground/config', headers: [['Content-Length', '0']] })
  assert.equal(empty.status, 200)
})

test('another method with any body on a GET route is a JSON 405 naming GET', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    for (const [type, body] of BODIES) {
      const answer = await sendRaw(port, { method, target: '/api/playground/config', headers: [['Content-Type', type]], body: Buffer.from(body) })
      assertJsonError(answer, 405, 'method_not_allowed', `${method} config with ${type}`)
      assert.equal(answer.headers.allow, 'GET')
    }
  }
})

test('a path under /api that no route serves is a JSON 404 not_found, for every method', async () => {
  for (const target of ['/api', '/api/nothing', '/api/playground/nope', '/api/playground/config/extra', '/api/sandbox', '/api/a/b/c?x=1']) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const body = method === 'GET' ? undefined : Buffer.from('{not json')
      const answer = await sendRaw(port, { method, target, headers: body ? [['Content-Type', 'application/json']] : [], body })
      assertJsonError(answer, 404, 'not_found', `${method} ${target}`)
      assert.equal(answer.headers['cache-control'], 'no-store')
    }
  }
  // The routes it must not shadow still answer.
  assert.equal((await sendRaw(port, { method: 'GET', target: '/api/playground/config', headers: [] })).status, 200)
  assert.equal((await sendRaw(port, { method: 'GET', target: '/api/sandbox/atlassian/avatars/project/AB.svg', headers: [] })).status, 200)
})
