import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { assertFlowOwner, checkOwnedAuthorization } from '../../../lib/playground/authorization'
import { statusInput } from '../../../lib/playground/inputs'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'GET',
  input: statusInput,
  async handle({ req, res, config, input }) {
    await assertFlowOwner(input.flowId, await visitorIdFor(req, res, config))
    const { view } = await checkOwnedAuthorization(config, req, input.flowId, input.wait)
    return view
  }
})
