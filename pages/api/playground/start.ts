import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { startAuthorization } from '../../../lib/playground/authorization'
import { startInput } from '../../../lib/playground/inputs'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'POST',
  input: startInput,
  async handle({ req, res, config, input }) {
    const visitorId = await visitorIdFor(req, res, config)
    return startAuthorization(config, req, visitorId, input.providerId ?? config.providerId, input.scopes)
  }
})
