import { apiRoute } from '../../../lib/api/route'
import { PlaygroundError } from '../../../lib/api/errors'
import { visitorIdFor } from '../../../lib/session'
import { startAuthorization } from '../../../lib/playground/authorization'
import { startInput } from '../../../lib/playground/inputs'
import { setSandboxScenario } from '../../../lib/playground/scenario-control'
import { PRESELECTABLE_SCOPES } from '../../../contract/scopes'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'POST',
  input: startInput,
  async handle({ req, res, config, input }) {
    const providerId = input.providerId ?? config.providerId
    if (!config.providerIds.includes(providerId)) {
      throw new PlaygroundError(403, 'provider_not_allowed', `This site lets visitors start only these provider ids: ${config.providerIds.join(', ')}. Pick one of them (ARCADE_PROVIDER_IDS sets the list).`, {
        field: 'providerId'
      })
    }
    if (input.scenario && config.mode !== 'sandbox') {
      throw new PlaygroundError(400, 'invalid_request', 'scenario: failure scenarios play only in the sandbox; this site talks to the real Arcade. Start without a scenario.', { field: 'scenario' })
    }
    const beyond = input.scopes.filter((scope) => !PRESELECTABLE_SCOPES.includes(scope))
    if (beyond.length > 0 && config.mode === 'live') {
      throw new PlaygroundError(400, 'invalid_request', `scopes: this site starts only the read scopes the guide uses (${PRESELECTABLE_SCOPES.join(', ')}) with its real Atlassian app; ${beyond.join(', ')} can be tried in the sandbox.`, { field: 'scopes' })
    }
    const visitorId = await visitorIdFor(req, res, config)
    // Armed for this visitor alone until a start without one (or its TTL); a start without one disarms it.
    await setSandboxScenario(config, visitorId, input.scenario)
    return startAuthorization(config, req, visitorId, providerId, input.scopes, input.scenario)
  }
})
