import { apiRoute } from '../../../lib/api/route'
import { visitorIdFor } from '../../../lib/session'
import { PlaygroundError } from '../../../lib/api/errors'
import { assertFlowOwner, checkAuthorization, tracedArcade, withExchanges } from '../../../lib/playground/authorization'
import { jiraInput } from '../../../lib/playground/inputs'
import { runJiraStep } from '../../../lib/playground/jira-step'
import type { Exchange, JiraResponse } from '../../../contract/playground-api'

// Next's own body parser answers in plain text; apiRoute reads the body itself and answers every error as JSON.
// A literal, not an imported constant: Next reads this export statically at build time.
export const config = { api: { bodyParser: false } }

export default apiRoute({
  method: 'POST',
  input: jiraInput,
  async handle({ req, res, config, input }): Promise<JiraResponse> {
    const tagged = (exchanges: Exchange[]) => exchanges.map((e) => ({ ...e, action: input.action ?? 'run' }))
    await assertFlowOwner(input.flowId, await visitorIdFor(req, res, config))
    // The token stays on the server: fetched from Arcade for this request, never stored or sent on.
    const { view, token } = await checkAuthorization(config, req, input.flowId, 0)
    if (view.status !== 'completed' || !token) {
      throw new PlaygroundError(409, 'flow_not_completed', 'The authorization is not complete yet: finish the consent step first.')
    }
    const { trace, atlassianApiBase } = tracedArcade(config, req)
    trace.addSecret(token)
    try {
      const result = await runJiraStep({ ...input, token, scopes: view.scopes }, atlassianApiBase, trace)
      return { ...result, exchanges: tagged([...view.exchanges, ...trace.redacted()]) }
    } catch (error) {
      if (error instanceof PlaygroundError) throw withExchanges(error, tagged([...view.exchanges, ...trace.redacted()]))
      throw error
    }
  }
})
