import type { ServerResponse } from 'node:http'
import type { NextApiRequest, NextApiResponse } from 'next'
import getRawBody from 'raw-body'
import type { z } from 'zod'
import { ConfigError, getConfig, type SiteConfig } from '../config'
import { requestedOrigin } from '../proxy-headers'
import { enforceRateLimit } from '../rate-limit'
import { SharedStoreUnavailable } from '../redis'
import { errorBody, PlaygroundError } from './errors'
import { bodyNotJson, bodyNotTaken, bodyTooLarge, internalError, methodNotAllowed } from './refusals'

export const MAX_BODY_BYTES = 16 * 1024

interface RouteContext<T> {
  req: NextApiRequest
  res: NextApiResponse
  config: SiteConfig
  input: T
}

interface RouteSpec<T> {
  method: 'GET' | 'POST'
  /** Validates the query (GET) or the JSON body (POST). */
  input: z.ZodType<T, z.ZodTypeDef, unknown>
  /** A POST that may come without any body (read as `{}`), for actions that take no input. */
  bodyOptional?: boolean
  /** A GET route that answers HEAD too (the crawler files). */
  allowHead?: boolean
  handle(ctx: RouteContext<T>): Promise<unknown>
}

function firstIssue(error: z.ZodError): PlaygroundError {
  const issue = error.issues[0]
  const field = issue.path.join('.') || undefined
  const where = field ? `${field}: ` : ''
  return new PlaygroundError(400, 'invalid_request', `${where}${issue.message}`, { field })
}

function hasNoBody(req: NextApiRequest): boolean {
  return req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] ?? '0') === '0'
}

async function readJsonBody(req: NextApiRequest): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') {
    throw bodyNotJson()
  }
  let text: string
  try {
    text = await getRawBody(req, { limit: MAX_BODY_BYTES, encoding: 'utf8' })
  } catch (error) {
    const type = (error as { type?: string }).type
    if (type === 'entity.too.large') {
      throw bodyTooLarge(MAX_BODY_BYTES)
    }
    throw new PlaygroundError(400, 'invalid_request', 'The request body could not be read')
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new PlaygroundError(400, 'invalid_request', 'The request body is not valid JSON')
  }
}

/** A state-changing request from a browser must come from this site's own pages: same scheme, host and port. */
function checkOrigin(req: NextApiRequest, config: SiteConfig): void {
  const origin = req.headers.origin
  if (origin === undefined) return
  const own = requestedOrigin(req, config.trustProxyHops)
  let sameOrigin = false
  try {
    // URL normalises case and default ports, so https://a.test and https://a.test:443 are one origin.
    sameOrigin = own !== undefined && new URL(origin).origin === new URL(own).origin
  } catch {
    sameOrigin = false
  }
  if (!sameOrigin) {
    throw new PlaygroundError(403, 'forbidden_origin', 'This request must come from the playground on this site')
  }
}

/** Redis down or slow: a clear, retryable answer instead of a hung request (the log says which command failed). */
export function sharedStoreError(error: SharedStoreUnavailable): PlaygroundError {
  console.error(error.message)
  return new PlaygroundError(503, 'internal_error', "The site's shared storage is not answering; try again in a moment.", { retryAfterSeconds: 5 })
}

/** A PlaygroundError as the JSON answer, on a Next API response or a plain node:http one (lib/sandbox/mount.ts). */
export function sendError(res: ServerResponse, error: PlaygroundError): void {
  for (const [name, value] of Object.entries(error.extra.headers ?? {})) res.setHeader(name, value)
  if (error.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.extra.retryAfterSeconds))
  sendJson(res, error.status, errorBody(error))
}

/** JSON with its length, written straight to the socket's response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text)
}

/** One API route: method, input validation and JSON errors, so the handler only does its own work. */
export function apiRoute<T>(spec: RouteSpec<T>) {
  return async function handler(req: NextApiRequest, res: NextApiResponse) {
    res.setHeader('Cache-Control', 'no-store')
    try {
      const config = getConfig()
      // Counted before anything else, so malformed requests spend the budget too.
      await enforceRateLimit(req, res, config, 'playground')
      // HEAD is a GET without the body (Node leaves it out), as crawlers use it on /llms.txt, /robots.txt, /sitemap.xml.
      const asGet = spec.allowHead === true && req.method === 'HEAD'
      if (req.method !== spec.method && !asGet) {
        throw methodNotAllowed(spec.allowHead ? [spec.method, 'HEAD'] : [spec.method])
      }
      let raw: unknown = req.query
      // A GET's inputs are in its query; a body is a client mistake, refused before a byte of it is read.
      if (spec.method === 'GET' && !hasNoBody(req)) {
        throw bodyNotTaken()
      }
      if (spec.method === 'POST') {
        checkOrigin(req, config)
        raw = spec.bodyOptional && hasNoBody(req) ? {} : await readJsonBody(req)
      }
      const parsed = spec.input.safeParse(raw)
      if (!parsed.success) throw firstIssue(parsed.error)
      const body = await spec.handle({ req, res, config, input: parsed.data })
      if (!res.headersSent) res.status(200).json(body)
    } catch (error) {
      if (error instanceof PlaygroundError) return sendError(res, error)
      if (error instanceof SharedStoreUnavailable) return sendError(res, sharedStoreError(error))
      if (error instanceof ConfigError) {
        return sendError(res, new PlaygroundError(500, 'internal_error', 'The server is misconfigured; its log names the setting to fix'))
      }
      console.error('playground route failed:', error instanceof Error ? error.name : 'unknown error')
      sendError(res, internalError())
    }
  }
}
