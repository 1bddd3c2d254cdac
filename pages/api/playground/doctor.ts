import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { runChecks } from '../../../lib/doctor/checks'
import type { DoctorResponse } from '../../../contract/playground-api'

// Next's own body parser answers in plain text; apiRoute answers a body on a GET route as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

/** `GET /api/playground/doctor`: the set-up check the /setup-check page shows. */
export default apiRoute({
  method: 'GET',
  input: z.object({}).strict(),
  async handle({ req, config }): Promise<DoctorResponse> {
    return runChecks(config, req)
  }
})
