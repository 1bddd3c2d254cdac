import type { NextApiRequest, NextApiResponse } from 'next'
import { handleMcpRequest } from '../../lib/mcp/http'

// The route reads its own body (bounded, answered in JSON-RPC); a stream may outlive the handler's first write.
// A literal: Next reads this export statically at build time.
export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } }

/** `/mcp` (a rewrite in next.config.mjs): the site's MCP server, Streamable HTTP. */
export default function mcp(req: NextApiRequest, res: NextApiResponse) {
  return handleMcpRequest(req, res)
}
