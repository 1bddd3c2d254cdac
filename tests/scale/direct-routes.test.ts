// The site's server answers the playground's API routes without Next's router (lib/server/site-server.ts). Those
// answers must be the ones `next start` gives for the same requests: status, body, and the headers a browser acts
// on (type, caching, compression, ETag, cookies). Both servers run the same build with the same settings. (Requests
// the site's server refuses before any route, such as a GET to a POST route, are early-refusal.test.ts's.)
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { request } from 'node:http'
import { freePort, stopProcess, waitForOutput } from '../helpers/processes'
import { startSiteInstance, type SiteInstance } from '../helpers/site-instance'
import { PLAYGROUND_ROUTES } from '../../lib/server/playground-routes'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SETTINGS = { SESSION_SECRET: randomBytes(32).toString('hex') }

let site: SiteInstance
let nextOnly: { origin: string; child: ChildProcess }
before(async () => {
  site = await startSiteInstance(SETTINGS)
  const port = await freePort()
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    env: { ...process.env, ...SETTINGS, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  nextOnly = { origin: `http://127.0.0.1:${port}`, child }
  await waitForOutput(child, /Ready in/, 90_000, 'next start')
})
after(async () => {
  await site?.stop()
  if (nextOnly) await stopProcess(nextOnly.child)
})

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One GET over node:http (fetch would decompress and hide Content-Encoding). */
function get(origin: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const body = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
        resolve({ status: res.statusCode!, headers: res.headers, body })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer in 20 s`)))
    req.on('error', reject)
    req.end()
  })
}

/** What a browser acts on; the session cookie's value differs per server, its presence and attributes must not. */
function shape(answer: Answer) {
  const h = answer.headers
  const cookies = ([] as string[]).concat(h['set-cookie'] ?? []).map((line) => line.replace(/=[^;]*/, '=…').replace(/Max-Age=\d+/, 'Max-Age=…'))
  return {
    status: answer.status,
    type: h['content-type'],
    cacheControl: h['cache-control'],
    encoding: h['content-encoding'],
    vary: h.vary,
    etag: h.etag !== undefined,
    location: h.location,
    allow: h.allow,
    cookies,
    body: answer.body.replace(/"(flowId|id)":"[^"]+"/g, '"$1":"…"')
  }
}

const BROWSER = { 'Accept-Encoding': 'gzip, deflate, br', Accept: '*/*' }
const CASES: Array<{ what: string; path: string }> = [
  { what: 'the panel config', path: '/api/playground/config' },
  { what: 'a status without a flow id (400)', path: '/api/playground/status' },
  { what: 'a status of an unknown flow', path: '/api/playground/status?flowId=ZmxvdzpvdGhlcg' },
  { what: 'a repeated query name', path: '/api/playground/status?flowId=a&flowId=b' },
  { what: 'the verifier page without a flow (HTML)', path: '/api/playground/verify' },
  { what: 'an unknown consent link (HTML)', path: '/api/playground/consent?flowId=nope' },
  { what: 'the set-up check, a large JSON answer', path: '/api/playground/doctor' }
]

test('every playground route is served by the direct path, and each case names a route', () => {
  for (const { path } of CASES) assert.ok(PLAYGROUND_ROUTES[new URL(path, 'http://x').pathname], path)
})

for (const { what, path } of CASES) {
  test(`${what}: the site's server answers as next start does`, { timeout: 60_000 }, async () => {
    const [direct, viaNext] = await Promise.all([get(site.origin, path, BROWSER), get(nextOnly.origin, path, BROWSER)])
    const expected = shape(viaNext)
    if (path.endsWith('/doctor')) {
      // Its checks carry timings; the shape and the compression are what must agree.
      assert.equal(direct.status, viaNext.status)
      assert.deepEqual(Object.keys(JSON.parse(direct.body)), Object.keys(JSON.parse(viaNext.body)))
      assert.deepEqual({ ...shape(direct), body: '' }, { ...expected, body: '' })
      assert.equal(direct.headers['content-encoding'], 'gzip', 'a large answer is compressed, as Next compresses it')
      return
    }
    assert.deepEqual(shape(direct), expected)
  })
}
