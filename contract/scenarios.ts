// Real-world failures the sandbox can replay for one visitor (`?scenario=<name>` on the guide). Shared by the
// panel (the armed banner and the explanation), the troubleshooting page ("See it happen" links) and the
// sandbox emulator (what it answers differently). A scenario changes what the emulated Atlassian or Arcade
// answers, never the site's own code path.
import type { ErrorCode } from './playground-api'

/** Where the reader meets the symptom, in the order a person meets it. */
export type ScenarioStage = 'consent-screen' | 'back-at-the-app' | 'verifier' | 'token-endpoint' | 'jira'

export interface Scenario {
  name: string
  title: string
  stage: ScenarioStage
  /** The troubleshooting entry (anchor on /troubleshooting) that explains it. */
  anchor: string
  /** What the customer sees, in the words or status the real service uses (quoted on the troubleshooting page). */
  symptom: string
  /** One or two sentences: the cause and the fix. */
  explanation: string
  /** The code the panel's failure headline names for this cause; none when the run still ends well. */
  code?: ErrorCode
}

export const SCENARIOS = [
  {
    name: 'redirect-mismatch',
    code: 'redirect_uri_not_registered',
    title: 'Callback URL not registered for the app',
    stage: 'consent-screen',
    anchor: 'redirect-uri-not-registered',
    symptom: 'redirect_uri is not registered for client',
    explanation:
      "Atlassian stops on its own error page and never returns to Arcade: the app's Callback URL (Authorization tab) is not the Redirect URL Arcade shows for this provider. Copy Arcade's Redirect URL into the app exactly."
  },
  {
    name: 'app-not-shared',
    code: 'app_not_shared',
    title: 'App not shared: only its owner can consent',
    stage: 'consent-screen',
    anchor: 'app-not-shared',
    symptom: "You don't have access to this app",
    explanation:
      "The Atlassian app's Distribution status is \"Not sharing\", so only the developer who owns it can authorize it. In the developer console, open Distribution and share the app."
  },
  {
    name: 'scope-not-in-app',
    code: 'scope_not_in_app',
    title: "Scope not in the app's Permissions",
    stage: 'consent-screen',
    anchor: 'scope-not-in-app',
    symptom: 'invalid_scope',
    explanation:
      "A requested scope is not added to the Atlassian app's Permissions tab, so Atlassian refuses the request. Add the API and scope to the app, or stop requesting it."
  },
  {
    name: 'consent-denied',
    code: 'consent_denied',
    title: 'The user declined',
    stage: 'back-at-the-app',
    anchor: 'access-denied',
    symptom: 'error=access_denied',
    explanation:
      'The user chose Deny (or Cancel) on the consent screen; Atlassian sends access_denied back and Arcade fails the authorization. Start again and choose Accept.'
  },
  {
    name: 'user-mismatch',
    code: 'user_mismatch',
    title: 'user_mismatch at confirm_user',
    stage: 'verifier',
    anchor: 'user-mismatch',
    symptom: '"error":"user_mismatch"',
    explanation:
      "The custom verifier confirmed a different user id than the one the authorization was started for. Pass confirm_user the same user id your app gave auth.start, read from the verifier's own session."
  },
  {
    name: 'wrong-client-secret',
    code: 'token_exchange_refused',
    title: 'Wrong client secret',
    stage: 'token-endpoint',
    anchor: 'wrong-client-secret',
    symptom: '{"error":"access_denied","error_description":"Unauthorized"}',
    explanation:
      "Atlassian's token endpoint refused Arcade's code exchange (401) because the Client Secret stored in the Arcade provider does not match the app's. Copy the Secret from the app's Settings tab into the provider again."
  },
  {
    name: 'refresh-revoked',
    title: 'Refresh token expired, rotated away or revoked',
    stage: 'token-endpoint',
    anchor: 'refresh-token-invalid-grant',
    symptom: '{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}',
    explanation:
      'The stored refresh token no longer works (unused for 90 days, already rotated, or revoked by a password change), so Arcade cannot refresh the token and the user must consent again.'
  },
  {
    name: 'scope-mismatch',
    code: 'scope_mismatch',
    title: 'Gateway 401: scope does not match',
    stage: 'jira',
    anchor: 'scope-does-not-match',
    symptom: 'Unauthorized; scope does not match',
    explanation:
      'The token lacks the scope the Jira operation needs (read:jira-work for project search). Refreshing does not help: request the scope and have the user consent again.'
  },
  {
    name: 'no-jira-site',
    code: 'no_accessible_site',
    title: 'No accessible resources: the account has no Jira site',
    stage: 'jira',
    anchor: 'no-accessible-resources',
    symptom: 'accessible-resources answered []',
    explanation:
      'The account that consented has no Jira site this app can reach, so there is no cloud id to call. Consent with an account that has a Jira Cloud site, and pick that site on the consent screen.'
  },
  {
    name: 'jira-rate-limited',
    code: 'jira_rate_limited',
    title: 'Jira 429 with Retry-After',
    stage: 'jira',
    anchor: 'jira-429-retry-after',
    symptom: '429 Too Many Requests, Retry-After',
    explanation:
      'Jira is rate limiting the app. Wait the number of seconds in Retry-After before the next call, and back off; retrying early only extends the wait.'
  }
] as const satisfies readonly Scenario[]

export type ScenarioName = (typeof SCENARIOS)[number]['name']

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name) as ScenarioName[]

export function findScenario(name: string | null | undefined): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}
