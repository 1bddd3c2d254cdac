import type { NextApiRequest, NextApiResponse } from 'next'
import { getEmbeddedSandbox, isInternalCall } from '@/lib/sandbox/embedded'
import { PlaygroundError } from '@/lib/api/errors'
import { sendError, sharedStoreError } from '@/lib/api/route'
import { getConfig } from '@/lib/config'
import { enforceRateLimit } from '@/lib/rate-limit'
import { SharedStoreUnavailable } from '@/lib/redis'

/** Mounts the sandbox emulator; it exists only in sandbox mode (no ARCADE_API_KEY). */
export const config = { api: { bodyParser: false, externalResolver: true, responseLimit: false } }

export default async function sandboxRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  if (process.env.ARCADE_API_KEY) {
    res.status(404).json({ error: { code: 'sandbox_disabled', message: 'The sandbox is off: the site runs in live mode (ARCADE_API_KEY is set).' } })
    return
  }
  if (!isInternalCall(req)) {
    try {
      await enforceRateLimit(req, res, getConfig(), 'sandbox')
    } catch (error) {
      if (error instanceof SharedStoreUnavailable) return sendError(res, sharedStoreError(error))
      if (error instanceof PlaygroundError) return sendError(res, error)
      throw error
    }
  }
  getEmbeddedSandbox().handler(req, res)
}
