import type { NextApiRequest, NextApiResponse } from 'next'
import { getConfig } from '../../../lib/config'
import { PlaygroundError } from '../../../lib/api/errors'
import { sharedStoreError } from '../../../lib/api/route'
import { enforceRateLimit } from '../../../lib/rate-limit'
import { SharedStoreUnavailable } from '../../../lib/redis'
import { noteConsentFlow } from '../../../lib/playground/consent-link'
import { getFlowBindings } from '../../../lib/playground/flow-bindings'
import { statusInput } from '../../../lib/playground/inputs'
import { sendVerifierPage as sendPage } from '../../../lib/playground/verifier-page'

// Next's own body parser would answer a malformed body in plain text before this page runs; the page reads none.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/**
 * The consent link the reader opens (in the popup): notes the flow in this browser for the verifier, then sends
 * the browser on to the consent URL Arcade gave for it. A browser navigation, so it answers pages, not JSON.
 */
export default async function consent(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Cache-Control', 'no-store')
  const config = getConfig()
  try {
    await enforceRateLimit(req, res, config, 'playground')
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET')
      return sendPage(res, 405, 'Wrong method', 'Open this consent link in the browser, as the playground does.', 'method_not_allowed')
    }
    const parsed = statusInput.pick({ flowId: true }).safeParse(req.query)
    if (!parsed.success) return sendPage(res, 400, 'Not a consent link', parsed.error.issues[0].message, 'invalid_request')
    const consentUrl = await getFlowBindings().consentUrlOf(parsed.data.flowId)
    if (!consentUrl) {
      return sendPage(res, 404, 'This consent link is unknown or has expired', 'Go back to the guide and press Run again.', 'flow_not_found')
    }
    await noteConsentFlow(req, res, config, parsed.data.flowId)
    // Only ever the URL Arcade gave for this flow (stored at start), so this is no open redirect.
    res.setHeader('Location', consentUrl)
    res.status(303).end()
  } catch (error) {
    const refused = error instanceof SharedStoreUnavailable ? sharedStoreError(error) : error
    if (refused instanceof PlaygroundError) {
      if (refused.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(refused.extra.retryAfterSeconds))
      return sendPage(res, refused.status, 'Please wait a moment', refused.message, refused.code)
    }
    console.error('playground consent link failed:', error instanceof Error ? error.name : 'unknown error')
    sendPage(res, 500, 'Something went wrong', 'The server could not open the consent page. Press Run again.', 'internal_error')
  }
}
