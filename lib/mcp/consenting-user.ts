import { getFlowBindings } from '../playground/flow-bindings'

/** MCP sessions' Arcade user ids (lib/mcp/session-records.ts); a reader's are `visitor-…`. */
export const isMcpUserId = (userId: string) => userId.startsWith('mcp-')

/**
 * Whom the verifier confirms the consent for. A reader's browser is its session's visitor. An agent's user opens
 * the consent link of an MCP call in whatever browser they have, with no session of the MCP client's: the
 * link's note (consent-link.ts) names the flow, and the flow's MCP owner is confirmed. The link is the only
 * proof, which is why list_projects is off in live mode unless the operator turns it on (README).
 */
export async function consentingUserId(visitorId: string | undefined, notedFlowId: string | undefined): Promise<string | undefined> {
  if (!notedFlowId) return visitorId
  const owner = await getFlowBindings().ownerOf(notedFlowId)
  return owner && isMcpUserId(owner) ? owner : visitorId
}
