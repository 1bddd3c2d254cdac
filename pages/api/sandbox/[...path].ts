import type { NextApiRequest, NextApiResponse } from 'next'
import { getEmbeddedSandbox } from '@/lib/sandbox/embedded'

/** Mounts the sandbox emulator; it exists only in sandbox mode (no ARCADE_API_KEY). */
export const config = { api: { bodyParser: false, externalResolver: true, responseLimit: false } }

export default function sandboxRoute(req: NextApiRequest, res: NextApiResponse): void {
  if (process.env.ARCADE_API_KEY) {
    res.status(404).json({ error: { code: 'sandbox_disabled', message: 'The sandbox is off: the site runs in live mode (ARCADE_API_KEY is set).' } })
    return
  }
  getEmbeddedSandbox().handler(req, res)
}
