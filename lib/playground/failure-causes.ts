// What the site can say about a failed or stuck authorization, by cause. Arcade's status says only `failed`
// (SDK resources/shared.ts: AuthorizationResponse has no reason), so the cause is named only where the site
// knows it: a sandbox scenario armed for the flow, or the verifier's own refusal. Otherwise the message lists
// the causes the consent window tells apart, rather than guessing one.
import { findScenario, type Scenario } from '../../contract/scenarios'
import { PlaygroundError } from '../api/errors'
import type { ConsentRefusal } from './flow-bindings'

/** A `failed` status: the armed scenario's cause when there is one, else what Arcade's status lets the site say. */
export function failedAuthorization(scenarioName: string | undefined): PlaygroundError {
  const scenario = findScenario(scenarioName)
  if (scenario?.name === 'consent-denied') {
    return new PlaygroundError(
      409,
      'consent_denied',
      'The consent was declined: Atlassian sent error=access_denied back to Arcade instead of a code, so Arcade failed the authorization. Press Run again and choose Accept.'
    )
  }
  if (scenario?.name === 'wrong-client-secret') {
    return new PlaygroundError(
      409,
      'token_exchange_refused',
      "Atlassian's token endpoint refused Arcade's code exchange after your Accept: it answered 401 access_denied, Unauthorized, because the Client Secret stored in the Arcade provider is not the app's. Copy the Secret from the app's Settings tab into the provider, then press Run again."
    )
  }
  return new PlaygroundError(
    409,
    'authorization_failed',
    "Arcade reports that the authorization failed; its status does not say why. The consent window shows the answer: error=access_denied means the consent was declined (press Run and choose Accept); a 401 from Atlassian's token endpoint means the Client Secret stored in the Arcade provider is wrong."
  )
}

/**
 * An armed scenario that stops on Atlassian's own error page: the browser never returns to Arcade, so the flow
 * would stay pending until it expires. The panel stops waiting at once and says what the window shows.
 */
export function stoppedAtAtlassian(scenario: Scenario): PlaygroundError | undefined {
  if (scenario.stage !== 'consent-screen' || !scenario.code) return undefined
  return new PlaygroundError(
    409,
    scenario.code,
    `The consent window stops on Atlassian's own error page, which shows "${scenario.symptom}", and never returns to Arcade: the authorization stays pending until it expires, so the panel stopped waiting. ${scenario.explanation.split('. ').slice(-1)[0]}`
  )
}

/** The verifier refused the consent it got for this flow (see verifier.ts); under the scenario, the verifier's own cause. */
export function refusedConsent(refusal: ConsentRefusal, scenarioName?: string): PlaygroundError {
  const message =
    scenarioName === 'user-mismatch'
      ? "The site's custom user verifier called confirm_user and Arcade answered user_mismatch: the user id the verifier confirmed is not the one this authorization was started for. In your app, pass confirm_user the user id your app gave auth.start, read from the verifier's own session."
      : refusal === 'user_mismatch'
        ? "The site's custom user verifier called confirm_user and Arcade answered user_mismatch: the consent was given in another browser or by another visitor, so the user id confirmed is not the one this authorization was started for. Press Run again and consent in the window it opens, in this browser."
        : "The consent reached the site's custom user verifier in a browser without this site's session (it was given in another browser or by another visitor), so the verifier could not confirm who consented. Press Run again and consent in the window it opens, in this browser."
  return new PlaygroundError(409, 'user_mismatch', message)
}
