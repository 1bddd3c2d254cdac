/**
 * The load generator's browser stand-in: tests/helpers/site.ts's Visitor (one cookie jar, manual redirects) on
 * node:http with keep-alive instead of fetch. The generator shares the machine's two cores with the servers it
 * measures, and fetch cost it about 10 ms of CPU per flow, a fifth of the machine at 2,000 visitors. It sends what
 * Node's fetch sends (the same headers, gzip accepted and undone here), so the servers do the same work as before.
 */
import { Agent, request } from 'node:http'
import { gunzipSync, inflateSync } from 'node:zlib'

const agent = new Agent({ keepAlive: true })

/** What Node's fetch (undici) puts on every request. */
const FETCH_HEADERS = { accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' }

export class LightVisitor {
  private readonly cookies = new Map<string, string>()

  constructor(readonly origin: string) {}

  request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin)
    const headers: Record<string, string> = { ...FETCH_HEADERS }
    new Headers(init.headers).forEach((value, name) => (headers[name] = value))
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    let body: string | undefined
    if (init.body instanceof URLSearchParams) {
      body = init.body.toString()
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8'
    } else if (typeof init.body === 'string') {
      body = init.body
      headers['content-type'] ??= 'text/plain;charset=UTF-8'
    } else if (init.body != null) throw new Error('LightVisitor sends string and form bodies only')
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))

    return new Promise<Response>((resolve, reject) => {
      const req = request(target, { method: init.method ?? 'GET', headers, agent, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          for (const line of res.headers['set-cookie'] ?? []) {
            const [pair] = line.split(';')
            const at = pair!.indexOf('=')
            this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim())
          }
          const raw = Buffer.concat(chunks)
          const encoding = res.headers['content-encoding']
          const content = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw
          const answer = new Headers()
          for (const [name, value] of Object.entries(res.headers)) {
            if (name === 'content-encoding' || name === 'content-length' || value === undefined) continue
            for (const one of Array.isArray(value) ? value : [value]) answer.append(name, one)
          }
          const status = res.statusCode ?? 0
          resolve(new Response([101, 204, 205, 304].includes(status) ? null : content, { status, headers: answer }))
        })
      })
      req.on('error', reject)
      req.end(body)
    })
  }
}
