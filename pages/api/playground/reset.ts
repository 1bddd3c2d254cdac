import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { enforceRateLimit } from '../../../lib/rate-limit'
import { replaceVisitorId } from '../../../lib/session'
import type { ResetResponse } from '../../../contract/playground-api'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

const MESSAGES: Record<ResetResponse['mode'], string> = {
  sandbox: 'You are now a new visitor with a fresh sandbox account that has no grants, so the next Run asks for consent again.',
  live: 'You are now a new visitor with a new Arcade user id; the grants your previous identity gave stay with Arcade until you revoke them there or in your Atlassian account.'
}

/** A fresh start: a new session cookie, so a new visitor id (a new Arcade user_id); the old flows stay with the old id. */
export default apiRoute({
  method: 'POST',
  input: z.object({}).strict(),
  bodyOptional: true,
  async handle({ req, res, config }): Promise<ResetResponse> {
    // Each reset escapes the per-visitor budget, so resets have a small budget of their own per address.
    await enforceRateLimit(req, res, config, 'reset')
    await replaceVisitorId(req, res, config)
    return { mode: config.mode, message: MESSAGES[config.mode] }
  }
})
