import Arcade from '@arcadeai/arcadejs'
import type { SiteConfig } from './config'
import { internalCallerHeaders, SANDBOX_API_KEY, SANDBOX_BASE_PATH } from './sandbox/embedded'

/** Where this server can reach itself, for calls to the embedded sandbox (never taken from a header). */
export interface SelfAddress {
  localAddress?: string
  localPort?: number
}

export { SANDBOX_BASE_PATH as EMBEDDED_SANDBOX_PATH } from './sandbox/embedded'

export function selfOrigin({ localAddress, localPort }: SelfAddress): string {
  let host = localAddress ?? '127.0.0.1'
  if (host.startsWith('::ffff:')) host = host.slice('::ffff:'.length)
  else if (host === '::' || host === '') host = '::1'
  else if (host === '0.0.0.0') host = '127.0.0.1'
  if (host.includes(':')) host = `[${host}]`
  return `http://${host}:${localPort ?? 3000}`
}

/** The Arcade API base and Atlassian API base this request should use. */
export function upstreams(config: SiteConfig, self: SelfAddress) {
  if (config.mode === 'live') {
    return { arcadeBaseUrl: config.arcadeBaseUrl, arcadeApiKey: config.arcadeApiKey!, atlassianApiBase: config.atlassianApiBase, extraHeaders: {} }
  }
  const sandbox = `${selfOrigin(self)}${SANDBOX_BASE_PATH}`
  return { arcadeBaseUrl: sandbox, arcadeApiKey: SANDBOX_API_KEY, atlassianApiBase: `${sandbox}/atlassian`, extraHeaders: internalCallerHeaders() }
}

/** The official SDK client, pointed at Arcade (live) or the embedded sandbox, with bounded retries. */
export function createArcadeClient(config: SiteConfig, self: SelfAddress, fetchFn: typeof fetch): Arcade {
  const { arcadeBaseUrl, arcadeApiKey } = upstreams(config, self)
  return new Arcade({
    apiKey: arcadeApiKey,
    baseURL: arcadeBaseUrl ?? null,
    fetch: fetchFn,
    timeout: (config.longPollSeconds + 10) * 1000,
    maxRetries: 1,
    logLevel: 'off'
  })
}
