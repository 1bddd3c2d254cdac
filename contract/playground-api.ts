// The wire contract between the Run it panel (browser) and the site's API routes (server): the one neutral
// module both import. Nothing here may import from components/ or lib/.

export type FlowStatus = 'not_started' | 'pending' | 'completed' | 'failed'

export interface Exchange {
  step: string
  /** The reader's action that caused this call (Run, Next page, Search, …), for grouping in the panel. */
  action?: PanelAction
  method: string
  url: string
  status: number | null
  durationMs: number
  requestBody?: unknown
  responseBody?: unknown
  /** The response headers support reads (RESPONSE_EVIDENCE_HEADERS), lower-case names; secrets masked. */
  responseHeaders?: Record<string, string>
  error?: string
}

/**
 * The response headers the troubleshooting page tells support to look for, kept in every exchange: Jira's
 * `Retry-After` and `RateLimit-Reason` (Atlassian's "Rate limiting" page), `X-Failure-Category` (the gateway's
 * failure class on a 401/403) and `WWW-Authenticate` (RFC 6750: why a bearer token was refused).
 */
export const RESPONSE_EVIDENCE_HEADERS = ['retry-after', 'ratelimit-reason', 'x-ratelimit-reset', 'x-failure-category', 'www-authenticate'] as const

export interface ApiErrorBody {
  error: {
    code: ErrorCode
    message: string
    /** Troubleshooting page anchor that explains this error. */
    help: string
    field?: string
    retryAfterSeconds?: number
  }
  exchanges?: Exchange[]
}

/** Every error code the playground can show; each has a section on /troubleshooting. */
export const ERROR_CODES = [
  'invalid_request',
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'forbidden_origin',
  'rate_limited',
  'no_session',
  'flow_not_found',
  'flow_not_completed',
  'consent_denied',
  'authorization_failed',
  'token_exchange_refused',
  'redirect_uri_not_registered',
  'app_not_shared',
  'scope_not_in_app',
  'flow_timed_out',
  'popup_blocked',
  'arcade_unreachable',
  'arcade_rejected_key',
  'arcade_rate_limited',
  'arcade_error',
  'provider_not_found',
  'provider_not_allowed',
  'user_mismatch',
  'consent_window_closed',
  'not_found',
  'operator_only',
  'scope_mismatch',
  'atlassian_token_rejected',
  'no_accessible_site',
  'site_not_reachable',
  'cloud_id_unknown',
  'jira_rate_limited',
  'jira_unavailable',
  'jira_error',
  'internal_error'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** What the reader did that made the panel call the server. */
export type PanelAction = 'run' | 'page' | 'search' | 'site'

export interface PlaygroundConfig {
  mode: 'sandbox' | 'live'
  /** The site's version (package.json), for run reports. */
  version: string
  providerId: string
  /** The provider ids a visitor may start (ARCADE_PROVIDER_IDS); the first is the default. */
  providerIds: string[]
  /** Where Arcade must send the reader after consent (register it in Arcade's dashboard in live mode). */
  verifierPath: string
  /**
   * Which Arcade the site talks to, as a label a visitor may see ("Arcade Cloud", "self-hosted engine",
   * "embedded sandbox"): never a private host or port.
   */
  engineLabel: string
  longPollSeconds: number
  flowTtlSeconds: number
}

export interface StartRequest {
  scopes: string[]
  providerId?: string
  /** Sandbox mode only: a failure scenario to play for this visitor alone (see contract/scenarios.ts). */
  scenario?: string
}

export interface StartResponse {
  flowId: string
  status: FlowStatus
  /**
   * The consent link to open (absent once completed): the site's `/api/playground/consent?flowId=…`, which notes
   * the flow in the consenting browser and sends it on to Arcade's consent URL.
   */
  url?: string
  scopes: string[]
  exchanges: Exchange[]
}

export interface StatusResponse {
  flowId: string
  status: FlowStatus
  /** The scopes as Arcade reports them for this authorization: once completed, what the token carries. */
  scopes: string[]
  /** The provider token, masked: the browser never gets the token itself. */
  maskedToken?: string
  exchanges: Exchange[]
}

/**
 * `GET /api/playground/flow`: the visitor's newest flow that no panel finished or cancelled (a reload or a
 * return mid-flow finds it here), with its status as Arcade reports it now; `flow: null` when there is none.
 */
export interface CurrentFlowResponse {
  flow: {
    flowId: string
    status: 'pending' | 'completed'
    /** The site's consent link, to reopen the consent window while pending (absent when the flow needed no consent). */
    url?: string
    scopes: string[]
  } | null
}

/** `POST /api/playground/settle-flow`: the panel finished or cancelled this flow, so a reload no longer offers it. */
export interface SettleFlowRequest {
  flowId: string
}

export interface Site {
  id: string
  name: string
  url: string
  scopes: string[]
}

export interface ProjectRow {
  id: string
  key: string
  name: string
  projectTypeKey?: string
}

/** Which parts of the Jira step to run: a page turn or a search asks for `projects` alone. */
export type JiraPart = 'sites' | 'projects' | 'profile'

export interface JiraRequest {
  flowId: string
  /** A cloud id, or a site name such as `acme-robotics`; default the first site the token reaches. */
  cloudId?: string
  site?: string
  query: string
  startAt: number
  maxResults: number
  /** Default all three. With `projects` alone, `cloudId` is required and only project/search is called. */
  parts?: JiraPart[]
  action?: PanelAction
}

/** `POST /api/playground/reset`: a new visitor identity (new session, so a new sandbox account with no grants). */
export interface ResetResponse {
  mode: 'sandbox' | 'live'
  /** One plain sentence for the reader (in live mode: the old identity's grants stay with Arcade). */
  message: string
}

export interface JiraResponse {
  /** Absent when `parts` left out `sites` (a page turn): the panel keeps the ones it has. */
  site: Site
  sites?: Site[]
  projects: {
    startAt: number
    maxResults: number
    total?: number
    isLast?: boolean
    values: ProjectRow[]
  }
  query: string
  /** Present when the token has read:jira-user. */
  myself?: { accountId: string; displayName: string; emailAddress?: string; timeZone?: string }
  /** Present when the token has read:me. */
  profile?: { account_id: string; name: string; email?: string; nickname?: string; picture?: string }
  /** Steps that were skipped or failed without stopping the run (e.g. /me without read:me). */
  notes: string[]
  exchanges: Exchange[]
}

/** `GET /api/playground/doctor`: one line of the set-up check. */
export interface DoctorCheck {
  /** `arcade-key`, `engine-health`, `provider:<provider id>`, `verifier-url`, `atlassian-api`. */
  id: string
  /** `info`: a check the site cannot make (it says what to compare by hand); never counted as a pass. */
  status: 'pass' | 'warn' | 'fail' | 'info'
  title: string
  /** What was found, in plain words (never a key or token). */
  detail: string
  /** The troubleshooting entry (or guide step) that explains this check and how to fix it. */
  help: string
}

export interface DoctorResponse {
  mode: 'sandbox' | 'live'
  /** When the checks ran (ISO 8601): a repeat within a few seconds gets the same answer, not new upstream calls. */
  checkedAt: string
  checks: DoctorCheck[]
}
