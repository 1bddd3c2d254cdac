import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { startAuthorization } from '../../../lib/playground/authorization'
import { startInput } from '../../../lib/playground/inputs'

// The body is read by apiRoute, with a size limit and JSON errors (Next's parser answers in plain text).
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'POST',
  input: startInput,
  async handle({ req, res, config, input }) {
    const visitorId = await visitorIdFor(req, res, config)
    return startAuthorization(config, req, visitorId, input.providerId ?? config.providerId, input.scopes)
  }
})
