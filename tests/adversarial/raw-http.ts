/**
 * A deliberately dumb HTTP/1.1 client for hostile requests: it writes exactly the bytes it is given (duplicate
 * headers, odd targets, CR/LF, no Host), which fetch and http.request refuse to send, and reads the answer.
 */
import { connect } from 'node:net'

export interface RawRequest {
  method: string
  /** The request-target exactly as sent. */
  target: string
  /** In order, duplicates allowed; a Host header is added unless one is given (or `omitHost`). */
  headers: Array<[string, string]>
  body?: Buffer
  /** Send the body in chunks (Transfer-Encoding: chunked) instead of with a Content-Length. */
  chunked?: boolean
  omitHost?: boolean
}

export interface RawAnswer {
  status: number
  /** Lower-case names; repeated headers joined with ", " (set-cookie kept apart). */
  headers: Record<string, string>
  setCookies: string[]
  body: string
}

function decodeChunked(data: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  while (at < data.length) {
    const lineEnd = data.indexOf('\r\n', at)
    if (lineEnd === -1) break
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16)
    if (!Number.isFinite(size) || size === 0) break
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(parts)
}

function parseAnswer(data: Buffer): RawAnswer {
  // An interim "100 Continue" (answering Expect: 100-continue) precedes the real answer.
  while (/^HTTP\/1\.[01] 1\d\d /.test(data.subarray(0, 13).toString('latin1'))) data = data.subarray(data.indexOf('\r\n\r\n') + 4)
  const headEnd = data.indexOf('\r\n\r\n')
  if (headEnd === -1) throw new Error(`no complete answer (${data.length} bytes: ${JSON.stringify(data.subarray(0, 200).toString('latin1'))})`)
  const [statusLine, ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1])
  const headers: Record<string, string> = {}
  const setCookies: string[] = []
  for (const line of lines) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === 'set-cookie') setCookies.push(value)
    else headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  const rawBody = data.subarray(headEnd + 4)
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? decodeChunked(rawBody) : rawBody
  return { status, headers, setCookies, body: body.toString('utf8') }
}

/** Sends one request on its own connection (Connection: close) and reads until the server closes it. */
export function sendRaw(port: number, request: RawRequest, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    // The server may answer (413, 400) and close before reading the whole body: a reset then is expected.
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      try {
        resolve(parseAnswer(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    })
    const lines = [`${request.method} ${request.target} HTTP/1.1`]
    if (!request.omitHost && !request.headers.some(([name]) => name.toLowerCase() === 'host')) lines.push(`Host: 127.0.0.1:${port}`)
    for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
    // A request that frames its own body (a lying Content-Length, an odd Transfer-Encoding) is sent as given.
    const framed = request.headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))
    if (request.body && request.chunked) lines.push('Transfer-Encoding: chunked')
    else if (request.body && !framed) lines.push(`Content-Length: ${request.body.length}`)
    lines.push('Connection: close', '', '')
    socket.write(Buffer.from(lines.join('\r\n'), 'latin1'))
    if (request.body && request.chunked) {
      for (let at = 0; at < request.body.length; at += 8192) {
        const piece = request.body.subarray(at, at + 8192)
        socket.write(`${piece.length.toString(16)}\r\n`)
        socket.write(piece)
        socket.write('\r\n')
      }
      socket.write('0\r\n\r\n')
    } else if (request.body) socket.write(request.body)
  })
}
