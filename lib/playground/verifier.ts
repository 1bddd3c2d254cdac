import { BadRequestError, NotFoundError } from '@arcadeai/arcadejs'
import type { NextApiRequest } from 'next'
import type { SiteConfig } from '../config'
import { SANDBOX_BASE_PATH } from '../sandbox/embedded'
import { explainArcadeError } from './arcade-errors'
import { tracedArcade } from './authorization'
import { getFlowBindings, type ConsentRefusal } from './flow-bindings'

export type VerifierOutcome =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: number; title: string; message: string; code: string }

const ARCADE_CLOUD_ORIGINS = ['https://api.arcade.dev', 'https://cloud.arcade.dev']

/** Only Arcade's own pages may be the next hop: anything else would make this route an open redirect. */
export function isAllowedNextUri(nextUri: string, config: SiteConfig): boolean {
  if (config.mode === 'sandbox') {
    return nextUri.startsWith(`${SANDBOX_BASE_PATH}/`) && !nextUri.startsWith('//') && !nextUri.includes('\\')
  }
  let url: URL
  try {
    url = new URL(nextUri)
  } catch {
    return false
  }
  const allowed = config.arcadeBaseUrl ? [new URL(config.arcadeBaseUrl).origin] : ARCADE_CLOUD_ORIGINS
  return allowed.includes(url.origin)
}

/**
 * The custom user verifier: confirm that the visitor who consented is the one who started the flow,
 * then send the browser straight on to next_uri. Waiting for completion here would deadlock:
 * Arcade finishes the grant only once next_uri is visited.
 */
export async function confirmVisitor(
  config: SiteConfig,
  req: NextApiRequest,
  flowId: string,
  visitorId: string | undefined,
  /** The site flow this browser opened a consent link for, if any (see consent-link.ts). */
  notedFlowId?: string
): Promise<VerifierOutcome> {
  // Tell the flow's owner, whose status check would otherwise wait out the flow for a confirmation that never comes.
  const refuse = async (refusal: ConsentRefusal) => {
    if (!notedFlowId) return
    // In the noted flow's owner's own browser a refusal cannot be about that flow (confirming its owner would have
    // succeeded): it is someone else's flow_id, e.g. a cross-site link, and must not mark the owner's flow. The one
    // exception is the sandbox's user-mismatch scenario, armed for this very flow, which makes that confirmation fail.
    const bindings = getFlowBindings()
    if (visitorId !== undefined && (await bindings.ownerOf(notedFlowId)) === visitorId && (await bindings.scenarioOf(notedFlowId)) !== 'user-mismatch') return
    await bindings.recordRefusal(notedFlowId, refusal, config.flowTtlSeconds)
  }
  if (!visitorId) {
    await refuse('no_session')
    return {
      kind: 'page',
      status: 401,
      code: 'no_session',
      title: 'We could not tell who you are',
      message: 'This browser has no playground session, so the authorization cannot be confirmed. Open the guide in this browser, press Run again and consent in the window it opens.'
    }
  }
  const { client } = tracedArcade(config, req)
  try {
    const confirmed = await client.auth.confirmUser({ flow_id: flowId, user_id: visitorId })
    if (!confirmed.next_uri) {
      return { kind: 'page', status: 200, code: 'confirmed', title: 'Authorization confirmed', message: 'You can close this window and return to the guide.' }
    }
    if (!isAllowedNextUri(confirmed.next_uri, config)) {
      return {
        kind: 'page',
        status: 502,
        code: 'arcade_error',
        title: 'Unexpected next step',
        message: 'Arcade asked to continue on a page outside Arcade, which this site refuses. Start again; if it persists, check ARCADE_BASE_URL.'
      }
    }
    return { kind: 'redirect', location: confirmed.next_uri }
  } catch (error) {
    if (error instanceof BadRequestError) {
      const mismatch = (error.error as { error?: string } | undefined)?.error === 'user_mismatch'
      if (mismatch) await refuse('user_mismatch')
      return {
        kind: 'page',
        status: 403,
        code: mismatch ? 'user_mismatch' : 'flow_not_found',
        title: mismatch ? 'This authorization belongs to someone else' : 'This authorization can no longer be confirmed',
        message: mismatch
          ? 'The authorization was started in another browser or by another visitor, so it was not confirmed here. The playground that started it now says so; press Run there, and consent in the window it opens.'
          : 'Arcade no longer accepts a confirmation for this flow (it was already confirmed, or it expired). Press Run again.'
      }
    }
    if (error instanceof NotFoundError) {
      return {
        kind: 'page',
        status: 404,
        code: 'flow_not_found',
        title: 'This authorization is unknown',
        message: 'Arcade does not know this flow (it expired, or the link was changed). Press Run again.'
      }
    }
    const explained = explainArcadeError(error, 'confirm')
    return { kind: 'page', status: explained.status, code: explained.code, title: 'Arcade could not confirm the authorization', message: explained.message }
  }
}
