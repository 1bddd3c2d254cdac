import type { IncomingMessage, ServerResponse } from 'node:http'
import { PlaygroundError, errorBody } from '../api/errors'
import { sharedStoreError } from '../api/route'
import { getConfig } from '../config'
import { enforceRateLimit } from '../rate-limit'
import { SharedStoreUnavailable } from '../redis'
import { getEmbeddedSandbox, isInternalCall, SANDBOX_BASE_PATH } from './embedded'

/** Whether a request path is the embedded sandbox's (everything under SANDBOX_BASE_PATH). */
export function isSandboxPath(pathname: string): boolean {
  return pathname.startsWith(`${SANDBOX_BASE_PATH}/`)
}

function sendJsonError(res: ServerResponse, error: PlaygroundError): void {
  sendJson(res, error.status, errorBody(error), error)
}

function sendJson(res: ServerResponse, status: number, body: unknown, error?: PlaygroundError): void {
  const text = JSON.stringify(body)
  for (const [name, value] of Object.entries(error?.extra.headers ?? {})) res.setHeader(name, value)
  if (error?.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.extra.retryAfterSeconds))
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }).end(text)
}

/**
 * Serves one request to the embedded sandbox: off in live mode; browser requests spend the address's and the
 * visitor's sandbox budget; the site's own calls (isInternalCall) were counted when the visitor's request came in.
 * The site's server (lib/server/site-server.ts) calls this straight for sandbox paths, without Next's router: every
 * SDK call the site makes in sandbox mode is one of these, and Next's per-request work doubled each flow's cost.
 */
export async function serveSandboxRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (process.env.ARCADE_API_KEY) {
    sendJson(res, 404, { error: { code: 'sandbox_disabled', message: 'The sandbox is off: the site runs in live mode (ARCADE_API_KEY is set).' } })
    return
  }
  if (!isInternalCall(req)) {
    try {
      await enforceRateLimit(req, res, getConfig(), 'sandbox')
    } catch (error) {
      if (error instanceof SharedStoreUnavailable) return sendJsonError(res, sharedStoreError(error))
      if (error instanceof PlaygroundError) return sendJsonError(res, error)
      throw error
    }
  }
  getEmbeddedSandbox().handler(req, res)
}
