import type { IncomingMessage, ServerResponse } from 'node:http'
import { createHash, timingSafeEqual } from 'node:crypto'

/** JSON and form bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024

/** A response decided deep inside a handler; the router turns it into bytes. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  })
  res.end(html)
}

export function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' })
  res.end()
}

/** The media type of the request body (lower case, no parameters), or undefined when absent or unparsable. */
export function requestMediaType(req: IncomingMessage): string | undefined {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  return type || undefined
}

/**
 * Read the whole body as text, refusing more than MAX_BODY_BYTES. `tooLarge` builds the error in the
 * caller's dialect (Arcade and Atlassian shape their errors differently).
 */
export async function readBodyText(req: IncomingMessage, tooLarge: () => HttpError): Promise<string> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw tooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Constant-time string comparison (hashing first so lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** decodeURIComponent, or undefined for a malformed escape such as `%E0%A4%A` (which would throw). */
export function tryDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** The bearer token of a request, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return match?.[1]
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * Join a base that may be absolute (`http://127.0.0.1:9099`) or path-only (`/api/sandbox`) with a path.
 * Path-only results are what the embedded sandbox hands the browser, so every URL stays same-origin.
 */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path
}

/** The absolute origin + prefix under which this request reached the sandbox, for links in API responses. */
export function absoluteBase(req: IncomingMessage, publicBase: string): string {
  if (/^https?:\/\//i.test(publicBase)) return publicBase.replace(/\/+$/, '')
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim()
  const proto = forwardedProto === 'https' ? 'https' : 'http'
  const host = req.headers.host ?? '127.0.0.1'
  return `${proto}://${host}${publicBase.replace(/\/+$/, '')}`
}
