import type { FaultInjector } from './faults'
import type { SandboxStore } from './store'
import type { World } from './world'

/** An Arcade auth provider record (what `auth_requirement.id` / `provider_id` select). */
export interface ProviderRecord {
  id: string
  /** The provider type, e.g. `atlassian`; `provider_id: <type>` works when exactly one record has it. */
  type: string
}

/** The Atlassian OAuth app behind one provider record, as registered in the (fictional) developer console. */
export interface OAuthApp {
  providerId: string
  name: string
  clientId: string
  /** A fixed, documented sandbox value: not a secret. */
  clientSecret: string
  /** The one registered callback: Arcade's per-provider callback, as the browser sees it. */
  redirectUri: string
}

export interface SandboxTtls {
  /** An Arcade authorization flow, from authorize to its last status poll. */
  flowSeconds: number
  /** The consent page's pending request. */
  consentSeconds: number
  /** Atlassian authorization codes (single use). */
  authorizationCodeSeconds: number
  /** Atlassian access tokens (`expires_in`). */
  accessTokenSeconds: number
  /** Atlassian refresh tokens: inactivity expiry, reset by each rotation. */
  refreshTokenSeconds: number
  /** How long a rotated refresh token may still be exchanged (Atlassian's reuse leeway). */
  refreshReuseLeewaySeconds: number
  /** How long after consent `confirm_user` is accepted. */
  confirmWindowSeconds: number
  /** An Arcade-held grant (user + provider record). */
  grantSeconds: number
}

export interface SandboxConfig {
  apiKey: string
  basePath: string
  publicBase: string
  verifierUrl?: string
  providers: ProviderRecord[]
  longPollCapSeconds: number
  ttl: SandboxTtls
  allowFaultInjection: boolean
  /** Origins an absolute `next_uri` may point at, besides the public base's own. */
  nextUriOrigins: string[]
}

/** What every route handler gets. */
export interface SandboxContext {
  config: SandboxConfig
  store: SandboxStore
  world: World
  faults: FaultInjector
  apps: OAuthApp[]
  /** Aborted by `close()`: releases injected delays; held long-polls use `onClose`. */
  closing: AbortSignal
  /**
   * Run `listener` once when the sandbox closes; returns the unregister function. One Set for every held
   * long-poll, instead of one listener each on `closing` (a thousand held long-polls made Node warn of a leak).
   */
  onClose(listener: () => void): () => void
}
