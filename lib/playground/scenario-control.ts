import type { NextApiRequest } from 'next'
import type { ScenarioName } from '../../contract/scenarios'
import { PlaygroundError } from '../api/errors'
import { upstreams } from '../arcade-client'
import type { SiteConfig } from '../config'

/**
 * Arms (or, with no scenario, disarms) a failure scenario for one visitor in the embedded sandbox, through its
 * server-only control route: the same credential the site's SDK calls carry, never a browser. Sandbox mode only.
 */
export async function setSandboxScenario(config: SiteConfig, req: NextApiRequest, visitorId: string, scenario: ScenarioName | undefined): Promise<void> {
  if (config.mode !== 'sandbox') return
  const { arcadeBaseUrl, arcadeApiKey, extraHeaders } = upstreams(config, { localAddress: req.socket.localAddress, localPort: req.socket.localPort })
  let answer: Response
  try {
    answer = await fetch(`${arcadeBaseUrl}/_sandbox/scenarios`, {
      method: 'POST',
      headers: { ...extraHeaders, Authorization: arcadeApiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user_id: visitorId, scenario: scenario ?? null }),
      signal: AbortSignal.timeout(config.upstreamTimeoutSeconds * 1000)
    })
  } catch {
    throw new PlaygroundError(502, 'arcade_unreachable', 'The sandbox did not answer while setting up the scenario. Try again shortly.')
  }
  if (!answer.ok) {
    throw new PlaygroundError(502, 'arcade_error', `The sandbox refused the scenario (HTTP ${answer.status}). Start again without it.`)
  }
}
