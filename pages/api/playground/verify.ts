import type { NextApiRequest, NextApiResponse } from 'next'
import { getConfig } from '../../../lib/config'
import { PlaygroundError } from '../../../lib/api/errors'
import { sharedStoreError } from '../../../lib/api/route'
import { enforceRateLimit } from '../../../lib/rate-limit'
import { SharedStoreUnavailable } from '../../../lib/redis'
import { existingVisitorId } from '../../../lib/session'
import { verifyInput } from '../../../lib/playground/inputs'
import { confirmVisitor } from '../../../lib/playground/verifier'
import { notedConsentFlow } from '../../../lib/playground/consent-link'
import { consentingUserId } from '../../../lib/mcp/consenting-user'
import { sendVerifierPage as sendPage } from '../../../lib/playground/verifier-page'

// Next's own body parser would answer a malformed body in plain text before this page runs; the page reads none.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

// A browser navigation (Arcade redirects here after consent), so it answers pages, not JSON.
export default async function verify(req: NextApiRequest, res: NextApiResponse) {
  res.setHeader('Cache-Control', 'no-store')
  const config = getConfig()
  try {
    await enforceRateLimit(req, res, config, 'playground')
  } catch (error) {
    const refused = error instanceof SharedStoreUnavailable ? sharedStoreError(error) : error
    if (!(refused instanceof PlaygroundError)) throw refused
    if (refused.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(refused.extra.retryAfterSeconds))
    return sendPage(res, refused.status, 'Please wait a moment', refused.message, refused.code)
  }
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET')
    return sendPage(res, 405, 'Wrong method', 'Arcade opens this page with GET after consent.', 'method_not_allowed')
  }
  const parsed = verifyInput.safeParse(req.query)
  if (!parsed.success) return sendPage(res, 400, 'Missing flow id', parsed.error.issues[0].message, 'invalid_request')

  try {
    const noted = await notedConsentFlow(req, config)
    const outcome = await confirmVisitor(config, req, parsed.data.flow_id, await consentingUserId(await existingVisitorId(req, res, config), noted), noted)
    if (outcome.kind === 'redirect') {
      res.setHeader('Location', outcome.location)
      res.status(303).end()
      return
    }
    sendPage(res, outcome.status, outcome.title, outcome.message, outcome.code)
  } catch (error) {
    // Same rule as apiRoute: the log gets the kind of failure, never the request (it carries the cookie).
    console.error('playground verifier failed:', error instanceof Error ? error.name : 'unknown error')
    sendPage(res, 500, 'Something went wrong', 'The server could not confirm the authorization. Press Run again.', 'internal_error')
  }
}
