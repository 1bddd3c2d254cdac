import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { runChecks } from '../../../lib/doctor/checks'
import type { DoctorResponse } from '../../../contract/playground-api'

/** `GET /api/playground/doctor`: the set-up check the /setup-check page shows. */
export default apiRoute({
  method: 'GET',
  input: z.object({}),
  async handle({ req, config }): Promise<DoctorResponse> {
    return runChecks(config, req)
  }
})
