import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { engineLabel } from '../../../lib/arcade-client'
import type { PlaygroundConfig } from '../../../contract/playground-api'
import { version } from '../../../package.json'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'GET',
  input: z.object({}).strict(),
  async handle({ config }): Promise<PlaygroundConfig> {
    return {
      mode: config.mode,
      version,
      providerId: config.providerId,
      providerIds: config.providerIds,
      verifierPath: '/api/playground/verify',
      engineLabel: engineLabel(config),
      longPollSeconds: config.longPollSeconds,
      flowTtlSeconds: config.flowTtlSeconds
    }
  }
})
