import Arcade from '@arcadeai/arcadejs'
import type { SiteConfig } from './config'
import { internalCallerHeaders, SANDBOX_API_KEY, SANDBOX_BASE_PATH } from './sandbox/embedded'

/** Where this server can reach itself, for calls to the embedded sandbox (never taken from a header). */
export interface SelfAddress {
  localAddress?: string
  localPort?: number
}

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

/** The longest Retry-After the SDK may sleep through before its one retry; longer waits go to the reader. */
export const MAX_RETRY_WAIT_SECONDS = 2

function retryAfterSeconds(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms'))
  if (headers.has('retry-after-ms') && Number.isFinite(ms)) return ms / 1000
  const value = headers.get('retry-after')
  if (value === null) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return seconds
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : (date - Date.now()) / 1000
}

/**
 * The SDK sleeps for whatever Retry-After says (an hour, if Arcade says so) before retrying. Past a short
 * bound, mark the answer not retryable so the reader is told how long to wait instead.
 */
function boundedRetryWaits(fetchFn: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init)
    const wait = retryAfterSeconds(response.headers)
    if (wait === undefined || wait <= MAX_RETRY_WAIT_SECONDS) return response
    const headers = new Headers(response.headers)
    headers.set('x-should-retry', 'false')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}

/** The official SDK client, pointed at Arcade (live) or the embedded sandbox, with bounded retries and timeouts. */
export function createArcadeClient(config: SiteConfig, self: SelfAddress, fetchFn: typeof fetch): Arcade {
  const { arcadeBaseUrl, arcadeApiKey } = upstreams(config, self)
  return new Arcade({
    apiKey: arcadeApiKey,
    baseURL: arcadeBaseUrl ?? null,
    fetch: boundedRetryWaits(fetchFn),
    timeout: config.upstreamTimeoutSeconds * 1000,
    maxRetries: 1,
    logLevel: 'off'
  })
}
