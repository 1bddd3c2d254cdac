import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { startAuthorization } from '../../../lib/playground/authorization'
import { startInput } from '../../../lib/playground/inputs'

// A literal: Next reads this statically. Our own reader answers every body error as JSON.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'POST',
  input: startInput,
  async handle({ req, res, config, input }) {
    const visitorId = await visitorIdFor(req, res, config)
    return startAuthorization(config, req, visitorId, input.providerId ?? config.providerId, input.scopes)
  }
})
