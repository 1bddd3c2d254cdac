import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { existingVisitorId } from '../../../lib/session'
import { findCurrentFlow } from '../../../lib/playground/current-flow'
import type { CurrentFlowResponse } from '../../../contract/playground-api'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/** The visitor's flow in progress, so a panel that was reloaded (or returned to) mid-flow can carry it on. */
export default apiRoute({
  method: 'GET',
  input: z.object({}).strict(),
  async handle({ req, res, config }): Promise<CurrentFlowResponse> {
    // A visitor without a session has no flow; asking must not mint an identity.
    const visitorId = await existingVisitorId(req, res, config)
    return { flow: visitorId ? await findCurrentFlow(config, req, visitorId) : null }
  }
})
