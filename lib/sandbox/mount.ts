import type { IncomingMessage, ServerResponse } from 'node:http'
import { PlaygroundError } from '../api/errors'
import { sendError, sendJson, sharedStoreError } from '../api/route'
import { getConfig } from '../config'
import { enforceRateLimit } from '../rate-limit'
import { SharedStoreUnavailable } from '../redis'
import { getEmbeddedSandbox, isInternalCall, SANDBOX_BASE_PATH } from './embedded'

/** Whether a request path is the embedded sandbox's (everything under SANDBOX_BASE_PATH). */
export function isSandboxPath(pathname: string): boolean {
  return pathname.startsWith(`${SANDBOX_BASE_PATH}/`)
}

/**
 * Serves one request to the embedded sandbox: off in live mode; browser requests spend the address's and the
 * visitor's sandbox budget; the site's own calls (isInternalCall) were counted when the visitor's request came in.
 * The site's server (lib/server/site-server.ts) calls this straight for sandbox paths, without Next's router: every
 * SDK call the site makes in sandbox mode is one of these, and Next's per-request work doubled each flow's cost.
 */
export async function serveSandboxRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Only the site's own refusals come here; the sandbox's answers set their own caching.
  const refuse = (error: PlaygroundError) => {
    res.setHeader('Cache-Control', 'no-store')
    sendError(res, error)
  }
  if (process.env.ARCADE_API_KEY) {
    res.setHeader('Cache-Control', 'no-store')
    sendJson(res, 404, { error: { code: 'sandbox_disabled', message: 'The sandbox is off: the site runs in live mode (ARCADE_API_KEY is set).' } })
    return
  }
  if (!isInternalCall(req)) {
    try {
      await enforceRateLimit(req, res, getConfig(), 'sandbox')
    } catch (error) {
      if (error instanceof SharedStoreUnavailable) return refuse(sharedStoreError(error))
      if (error instanceof PlaygroundError) return refuse(error)
      throw error
    }
  }
  getEmbeddedSandbox().handler(req, res)
}
