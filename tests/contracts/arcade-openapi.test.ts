// The sandbox's Arcade answers, checked against the site's own schema of Arcade's OpenAPI
// (contract/arcade-openapi-subset.schema.json): every status it sends is one the OpenAPI lists for that
// operation, and every body has the shape the OpenAPI defines for that status.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import Ajv from 'ajv'
import { FACTS } from '../../contract/facts'
import { completeVerifierHop, consentOverHttp, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'

type Operation = 'POST /v1/auth/authorize' | 'GET /v1/auth/status' | 'POST /v1/auth/confirm_user' | 'GET /v1/health'
const schema = JSON.parse(readFileSync(new URL('../../contract/arcade-openapi-subset.schema.json', import.meta.url), 'utf8'))
const ajv = new Ajv({ allErrors: true, strict: false })
ajv.addSchema(schema, 'arcade')

/** Asserts the answer is one the OpenAPI lists for the operation, with its body's shape; returns the body. */
function assertListed(operation: Operation, status: number, body: unknown): unknown {
  const listed = Object.keys(schema.responses[operation])
  assert.ok(listed.includes(String(status)), `${operation} answered ${status}; the OpenAPI lists ${listed.join(', ')}`)
  const validate = ajv.getSchema(`arcade#/responses/${encodeURIComponent(operation)}/${status}`)!
  assert.ok(validate(body), `${operation} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`)
  return body
}

let s: StartedSandbox
before(async () => {
  s = await startStandaloneSandbox({ verifierUrl: '/verify' })
})
after(() => s.close())

async function call(operation: Operation, { query = '', body, key = s.apiKey, contentType = 'application/json' }: { query?: string; body?: string; key?: string | null; contentType?: string } = {}) {
  const [method, path] = operation.split(' ')
  const headers: Record<string, string> = {}
  if (key) headers.Authorization = key
  if (body !== undefined) headers['Content-Type'] = contentType
  const res = await fetch(`${s.baseUrl}${path}${query}`, { method, headers, body })
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${operation} answers JSON`)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const authorizeBody = (userId: string, extra: object = {}) =>
  JSON.stringify({ user_id: userId, auth_requirement: { provider_id: 'atlassian', provider_type: 'oauth2', oauth2: { scopes: ['read:jira-work'] } }, ...extra })

test('the schema is a valid JSON Schema and names the four operations the site uses', () => {
  assert.deepEqual(Object.keys(schema.responses).filter((k) => !k.startsWith('$')), ['POST /v1/auth/authorize', 'GET /v1/auth/status', 'POST /v1/auth/confirm_user', 'GET /v1/health'])
  assert.equal(schema.responses['GET /v1/auth/status']['404'], undefined, 'the OpenAPI lists no 404 for status')
})

test('authorize, status, confirm_user and health: every answer of a whole verifier flow fits the schema', async () => {
  const health = await call('GET /v1/health')
  assertListed('GET /v1/health', health.status, health.body)

  const started = await call('POST /v1/auth/authorize', { body: authorizeBody('oas-user') })
  assert.equal(started.status, 200)
  assertListed('POST /v1/auth/authorize', started.status, started.body)
  assert.equal(started.body.status, 'pending')
  const id = String(started.body.id)

  const pending = await call('GET /v1/auth/status', { query: `?id=${id}&wait=0` })
  assertListed('GET /v1/auth/status', pending.status, pending.body)

  const consent = await consentOverHttp(String(started.body.url), { baseUrl: s.baseUrl })
  const callback = await visit(consent.location, s.baseUrl)
  const flowId = new URL(callback.location!).searchParams.get('flow_id')!
  const mismatch = await call('POST /v1/auth/confirm_user', { body: JSON.stringify({ flow_id: flowId, user_id: 'someone-else' }) })
  assert.equal(mismatch.status, 400)
  assertListed('POST /v1/auth/confirm_user', mismatch.status, mismatch.body)
  assert.equal(mismatch.body.error, 'user_mismatch')

  await completeVerifierHop(callback.location!, { arcade: s.arcade, baseUrl: s.baseUrl, userId: 'oas-user' })
  const done = await call('GET /v1/auth/status', { query: `?id=${id}&wait=1` })
  assertListed('GET /v1/auth/status', done.status, done.body)
  assert.equal(done.body.status, 'completed')

  const late = await call('POST /v1/auth/confirm_user', { body: JSON.stringify({ flow_id: flowId, user_id: 'oas-user' }) })
  assertListed('POST /v1/auth/confirm_user', late.status, late.body)
  const unknownFlow = await call('POST /v1/auth/confirm_user', { body: JSON.stringify({ flow_id: 'no-such-flow', user_id: 'oas-user' }) })
  assert.equal(unknownFlow.status, 404)
  assertListed('POST /v1/auth/confirm_user', unknownFlow.status, unknownFlow.body)

  const again = await call('POST /v1/auth/authorize', { body: authorizeBody('oas-user') })
  assertListed('POST /v1/auth/authorize', again.status, again.body)
  assert.equal(again.body.status, 'completed', 'a held grant completes at once')
})

test(`an unknown authorization id at status answers ${FACTS.unknownAuthorizationStatus.value}, a status the OpenAPI lists`, async () => {
  const unknown = await call('GET /v1/auth/status', { query: '?id=ac_no_such_authorization' })
  assert.equal(unknown.status, FACTS.unknownAuthorizationStatus.value)
  assertListed('GET /v1/auth/status', unknown.status, unknown.body)
})

test('refusals: no key (401), not JSON (415), a bad body or provider (400), a missing id (400), all with the Error shape', async () => {
  const answers: Array<[Operation, Awaited<ReturnType<typeof call>>, number]> = [
    ['POST /v1/auth/authorize', await call('POST /v1/auth/authorize', { body: authorizeBody('u'), key: null }), 401],
    ['POST /v1/auth/authorize', await call('POST /v1/auth/authorize', { body: authorizeBody('u'), contentType: 'text/plain' }), 415],
    ['POST /v1/auth/authorize', await call('POST /v1/auth/authorize', { body: '{"user_id":' }), 400],
    ['POST /v1/auth/authorize', await call('POST /v1/auth/authorize', { body: JSON.stringify({ user_id: 'u', auth_requirement: { provider_id: 'atlassian-elsewhere' } }) }), 400],
    ['GET /v1/auth/status', await call('GET /v1/auth/status'), 400],
    ['GET /v1/auth/status', await call('GET /v1/auth/status', { query: '?id=x', key: null }), 401],
    ['POST /v1/auth/confirm_user', await call('POST /v1/auth/confirm_user', { body: '{}', key: 'wrong' }), 401],
    ['POST /v1/auth/confirm_user', await call('POST /v1/auth/confirm_user', { body: '{}', contentType: 'text/plain' }), 415],
  ]
  for (const [operation, answer, expected] of answers) {
    assert.equal(answer.status, expected, `${operation}: ${JSON.stringify(answer.body)}`)
    assertListed(operation, answer.status, answer.body)
  }
})

test('the check fails on an answer the OpenAPI does not define', () => {
  assert.throws(() => assertListed('GET /v1/auth/status', 404, { name: 'not_found', message: 'x' }), /the OpenAPI lists 200, 400, 401, 415, 500/)
  assert.throws(() => assertListed('GET /v1/auth/status', 200, { id: 'a', status: 'expired' }), /status/)
  assert.throws(() => assertListed('POST /v1/auth/authorize', 200, { id: 'a', status: 'pending', authorization_url: 'x' }), /additional/)
  assert.throws(() => assertListed('POST /v1/auth/confirm_user', 200, { next_uri: 'x' }), /auth_id/)
})
