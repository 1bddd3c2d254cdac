import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import type { PlaygroundConfig } from '../../../components/playground/api-types'

export default apiRoute({
  method: 'GET',
  input: z.object({}).strict(),
  async handle({ config }): Promise<PlaygroundConfig> {
    return {
      mode: config.mode,
      providerId: config.providerId,
      verifierPath: '/api/playground/verify',
      arcadeBaseUrl: config.mode === 'live' ? config.arcadeBaseUrl : undefined,
      longPollSeconds: config.longPollSeconds,
      flowTtlSeconds: config.flowTtlSeconds
    }
  }
})
