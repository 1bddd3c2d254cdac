import type { NextApiRequest, NextApiResponse } from 'next'
import { serveSandboxRequest } from '@/lib/sandbox/mount'

/**
 * Mounts the sandbox emulator under Next too (the site's own server answers these paths before Next does; this
 * route serves `next start` and the route tests). It exists only in sandbox mode (no ARCADE_API_KEY).
 */
export const config = { api: { bodyParser: false, externalResolver: true, responseLimit: false } }

export default function sandboxRoute(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  return serveSandboxRequest(req, res)
}
