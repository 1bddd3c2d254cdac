// The JSON the playground's API routes answer. Shared by the routes (server) and the component (browser).

export type FlowStatus = 'not_started' | 'pending' | 'completed' | 'failed'

export interface Exchange {
  step: string
  method: string
  url: string
  status: number | null
  durationMs: number
  requestBody?: unknown
  responseBody?: unknown
  error?: string
}

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
  'flow_forbidden',
  'flow_not_completed',
  'consent_denied',
  'flow_timed_out',
  'popup_blocked',
  'arcade_unreachable',
  'arcade_rejected_key',
  'arcade_rate_limited',
  'arcade_error',
  'provider_not_found',
  'scope_mismatch',
  'atlassian_token_rejected',
  'no_accessible_site',
  'jira_rate_limited',
  'jira_unavailable',
  'jira_error',
  'internal_error'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface PlaygroundConfig {
  mode: 'sandbox' | 'live'
  providerId: string
  /** Where Arcade must send the reader after consent (register it in Arcade's dashboard in live mode). */
  verifierPath: string
  /** The self-hosted engine in use, when not Arcade Cloud (live mode). */
  arcadeBaseUrl?: string
  longPollSeconds: number
  flowTtlSeconds: number
}

export interface StartResponse {
  flowId: string
  status: FlowStatus
  /** The consent URL to open (absent once completed). */
  url?: string
  scopes: string[]
  exchanges: Exchange[]
}

export interface StatusResponse {
  flowId: string
  status: FlowStatus
  scopes: string[]
  /** The provider token, masked: the browser never gets the token itself. */
  maskedToken?: string
  exchanges: Exchange[]
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

export interface JiraResponse {
  site: Site
  sites: Site[]
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
