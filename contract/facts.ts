// The facts the site states in more than one place, each once, with where it is known from. Pages, samples,
// the panel and the sandbox use these values; tests/facts/facts-agree.test.ts fails when any of them disagrees.
// Pure data: safe in the browser bundle.

export interface Fact<T = unknown> {
  /** What is so, in one sentence a page may paraphrase. */
  statement: string
  /** The value code uses (a number, a name, a reading). */
  value: T
  /** Where it is known from: SDK file, OpenAPI, docs page, engine configuration, or this site's own choice. */
  sources: string[]
  /** What no source settles; the pages mark it unconfirmed and the sandbox takes the strict reading. */
  unconfirmed?: string
}

/** Source names as the pages cite them (full references in the team's Arcade contract notes, arcade.md). */
export const SOURCES = {
  sdkAuth: '`@arcadeai/arcadejs` 2.4.1, src/resources/auth.ts',
  openapi: "Arcade Engine OpenAPI 0.1.0 (/v1/swagger; third-party copy api-evangelist/arcade openapi/arcade-engine-openapi.yml @ 3fb55952)",
  engineConfig: 'Arcade docs, "Arcade Engine configuration" (engine.yaml auth.providers: id, type: oauth2, provider_id: atlassian)',
  authProvidersReference: 'Arcade docs, Auth Providers reference, "Using multiple providers of the same type"',
  atlassianProviderPage: 'Arcade docs, Atlassian auth provider page (the original guide)',
  atlassian3lo: 'Atlassian developer docs, "OAuth 2.0 (3LO) apps" (refresh tokens need offline_access)',
  jiraProjectSearch: 'Atlassian Jira Cloud REST v3, GET /rest/api/3/project/search (OAuth scope read:jira-work)',
  siteChoice: "this site's own choice",
} as const

/** The provider kind Atlassian records carry in Arcade (engine.yaml `provider_id: atlassian`). */
export const ATLASSIAN_PROVIDER_KIND = 'atlassian'

/** The unique ID the guide gives its example provider record (the dashboard's ID field). */
export const EXAMPLE_PROVIDER_RECORD_ID = 'my-atlassian-provider'

export type ProviderSelector = { provider_id: string } | { id: string }

/**
 * How a provider reference picks a provider: the kind `atlassian` goes in `provider_id` (what
 * `auth.start(user, "atlassian")` sends); any other reference is a record's unique ID and goes in `id`.
 */
export function providerSelector(reference: string): ProviderSelector {
  return reference === ATLASSIAN_PROVIDER_KIND ? { provider_id: reference } : { id: reference }
}

export const FACTS = {
  providerChoice: {
    statement:
      '`auth_requirement.provider_id` names the provider kind (`atlassian`) and `auth_requirement.id` one provider record by the unique ID you gave it. ' +
      'With one Atlassian provider, `auth.start(user_id, "atlassian", …)` uses it; with several, `provider_id` alone fails and `auth.authorize()` with `auth_requirement.id` picks one.',
    value: { kind: ATLASSIAN_PROVIDER_KIND, recordIdGoesIn: 'id', startSends: 'provider_id' },
    sources: [SOURCES.sdkAuth, SOURCES.openapi, SOURCES.engineConfig, SOURCES.authProvidersReference, SOURCES.atlassianProviderPage],
    unconfirmed:
      'whether Arcade also resolves a record\'s unique ID given as `provider_id` (what `auth.start(user_id, "my-atlassian-provider", …)` sends); no source says so, and the sandbox refuses it',
  },
  reportedScopes: {
    statement:
      'Which scopes a completed authorization reports in `scopes` is unconfirmed: the sandbox reports the whole grant (earlier scopes and `offline_access` included), so check that the list includes what you need rather than that it equals your request.',
    value: 'whole-grant' as const,
    sources: [SOURCES.openapi],
    unconfirmed: 'Arcade documents `scopes` only as a list of strings',
  },
  offlineAccess: {
    statement:
      'Arcade, not your code, holds the grant and its refresh token and renews the access token. Atlassian issues a refresh token only when `offline_access` is requested; whether Arcade adds it for you is unconfirmed.',
    value: { refreshHeldBy: 'arcade', arcadeAddsOfflineAccess: 'unconfirmed' },
    sources: [SOURCES.atlassianProviderPage, SOURCES.atlassian3lo],
    unconfirmed: 'whether Arcade adds `offline_access` to an Atlassian authorization itself (the sandbox assumes it does)',
  },
  statusWaitSeconds: {
    statement: 'The samples and the panel long-poll `auth.status` with `wait` of 20 seconds; Arcade holds a request for at most 59.',
    value: 20,
    sources: [SOURCES.openapi, SOURCES.siteChoice],
  },
  statusWaitMaxSeconds: {
    statement: '`auth.status` accepts `wait` up to 59 seconds.',
    value: 59,
    sources: [SOURCES.openapi],
  },
  flowLifetimeMinutes: {
    statement: 'The samples and the panel give the user five minutes to consent, then stop waiting.',
    value: 5,
    sources: [SOURCES.siteChoice],
    unconfirmed: "how long Arcade itself keeps a pending authorization",
  },
  projectListingScope: {
    statement: 'Listing Jira projects (`project/search`) needs `read:jira-work`.',
    value: 'read:jira-work',
    sources: [SOURCES.jiraProjectSearch],
  },
  noArcadeAtlassianApp: {
    statement:
      'Arcade runs no Atlassian app of its own: the dashboard lists Atlassian under Included Providers, and you fill it with your own app\'s client ID and secret.',
    value: 'bring-your-own-app',
    sources: [SOURCES.atlassianProviderPage],
  },
  callbackUrlOrder: {
    statement: 'Arcade shows the Redirect URL only when you add the provider, so leave the app\'s Callback URL for later and come back to it.',
    value: 'leave-it-come-back',
    sources: [SOURCES.atlassianProviderPage],
  },
  unknownAuthorizationStatus: {
    statement:
      '`GET /v1/auth/status` with an id Arcade does not know: the OpenAPI lists 200, 400, 401, 415 and 500 (no 404), so the sandbox answers 400.',
    value: 400,
    sources: [SOURCES.openapi],
    unconfirmed: "the status Arcade's engine answers for an unknown id",
  },
} satisfies Record<string, Fact>

export type FactId = keyof typeof FACTS
