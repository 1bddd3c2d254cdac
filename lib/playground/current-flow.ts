import type { NextApiRequest } from 'next'
import type { SiteConfig } from '../config'
import { PlaygroundError } from '../api/errors'
import { checkOwnedAuthorization } from './authorization'
import { consentLink } from './consent-link'
import { getFlowBindings } from './flow-bindings'
import type { CurrentFlowResponse } from '../../contract/playground-api'

/**
 * Errors that end a flow for good: nothing is left to carry on, so the flow is settled and not offered. A failed
 * or refused authorization is a 409 whatever its cause (lib/playground/failure-causes.ts); a flow gone is a 404.
 */
const ended = (error: PlaygroundError) => error.status === 409 || error.code === 'flow_not_found'

/**
 * The visitor's newest flow that no panel finished or cancelled, with its status as Arcade reports it now (one
 * status call, no wait): pending (consent still to give) or completed (consent given while the page was away).
 */
export async function findCurrentFlow(config: SiteConfig, req: NextApiRequest, visitorId: string): Promise<CurrentFlowResponse['flow']> {
  const bindings = getFlowBindings()
  const flowId = await bindings.currentFlowOf(visitorId)
  if (!flowId) return null
  try {
    const { view } = await checkOwnedAuthorization(config, req, flowId, 0)
    const url = (await bindings.consentUrlOf(flowId)) && consentLink(flowId)
    return { flowId, status: view.status === 'completed' ? 'completed' : 'pending', ...(url && { url }), scopes: view.scopes }
  } catch (error) {
    if (!(error instanceof PlaygroundError) || !ended(error)) throw error
    await bindings.settle(visitorId, flowId)
    return null
  }
}
