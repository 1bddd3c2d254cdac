import type { NextApiRequest, NextApiResponse } from 'next'
import { unknownApiPath } from '../../lib/api/refusals'
import { sendError } from '../../lib/api/route'

// Nothing to parse: every request here is answered the same way, without reading its body.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/**
 * Any path under /api that no route serves, whatever the method: a JSON 404 like every other API error, instead
 * of Next's HTML page. Next prefers the specific routes (/api/playground/*, /api/sandbox/[...path]) to this one.
 */
export default function unknownApiRoute(_req: NextApiRequest, res: NextApiResponse): void {
  res.setHeader('Cache-Control', 'no-store')
  sendError(res, unknownApiPath())
}
