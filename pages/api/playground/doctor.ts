import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { cachedChecks } from '../../../lib/doctor/cached-checks'
import { mayRunSetupCheck, operatorOnly } from '../../../lib/doctor/operator-access'
import type { DoctorResponse } from '../../../contract/playground-api'

// Next's own body parser answers in plain text; apiRoute answers a body on a GET route as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/**
 * `GET /api/playground/doctor`: the set-up check the /setup-check page shows. Open in sandbox mode; in live mode
 * only with the operator's token, refused before any upstream call. Repeats within seconds share one run.
 */
export default apiRoute({
  method: 'GET',
  input: z.object({}).strict(),
  async handle({ req, config }): Promise<DoctorResponse> {
    if (!mayRunSetupCheck(config, req.headers.authorization)) throw operatorOnly()
    return cachedChecks(config, req)
  }
})
