import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { assertFlowOwner } from '../../../lib/playground/authorization'
import { getFlowBindings } from '../../../lib/playground/flow-bindings'
import { flowIdSchema } from '../../../lib/playground/inputs'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/** The panel finished or cancelled its flow: a reload no longer offers to carry it on. */
export default apiRoute({
  method: 'POST',
  input: z.object({ flowId: flowIdSchema }).strict(),
  async handle({ req, res, config, input }) {
    const visitorId = await visitorIdFor(req, res, config)
    await assertFlowOwner(input.flowId, visitorId)
    await getFlowBindings().settle(visitorId, input.flowId)
    return { settled: input.flowId }
  }
})
