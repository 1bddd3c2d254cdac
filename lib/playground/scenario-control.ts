import type { ScenarioName } from '../../contract/scenarios'
import type { SiteConfig } from '../config'
import { getEmbeddedSandbox } from '../sandbox/embedded'

/**
 * Arms (or, with no scenario, disarms) a failure scenario for one visitor in the embedded sandbox. Sandbox mode
 * only. The sandbox runs in this process, so this is a call, not an HTTP request: a round trip to the sandbox's
 * control route on every start made each start wait on the sandbox's queue, which under load timed out (502).
 */
export async function setSandboxScenario(config: SiteConfig, visitorId: string, scenario: ScenarioName | undefined): Promise<void> {
  if (config.mode !== 'sandbox') return
  await getEmbeddedSandbox().setScenario(visitorId, scenario ?? null)
}
