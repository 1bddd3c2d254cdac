import Arcade from '@arcadeai/arcadejs'
import type { SiteConfig } from './config'
import { CLIENT_ADDRESS_HEADER, internalCallerHeaders, SANDBOX_API_KEY, SANDBOX_BASE_PATH } from './sandbox/embedded'

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

/** Which Arcade the site talks to, as a visitor may see it: never a private host or port. */
export function engineLabel(config: SiteConfig): string {
  if (config.mode === 'sandbox') return 'embedded sandbox'
  return config.arcadeBaseUrl ? 'self-hosted engine' : 'Arcade Cloud'
}

const PUBLIC_ORIGINS = ['https://api.arcade.dev', 'https://cloud.arcade.dev', 'https://api.atlassian.com', 'https://auth.atlassian.com']

/**
 * Origins the reader must not see, each with what the trace shows instead: a self-hosted engine (and a custom
 * Atlassian base) by a label, the embedded sandbox's loopback address as nothing (its paths are site-relative).
 */
function traceLabels(config: SiteConfig, self: SelfAddress): Array<[origin: string, label: string]> {
  if (config.mode === 'sandbox') return [[selfOrigin(self), '']]
  const labels: Array<[string, string]> = []
  const engine = config.arcadeBaseUrl ? new URL(config.arcadeBaseUrl).origin : undefined
  if (engine && !PUBLIC_ORIGINS.includes(engine)) labels.push([engine, 'https://<self-hosted engine>'])
  const atlassian = new URL(config.atlassianApiBase).origin
  if (atlassian !== engine && !PUBLIC_ORIGINS.includes(atlassian)) labels.push([atlassian, 'https://<Atlassian API base>'])
  return labels
}

/**
 * The Arcade API base and Atlassian API base this request should use, how the trace names them, and the headers the
 * calls carry. `clientKey` (rate-limit.ts clientKey) is the visitor whose request causes the calls; in sandbox mode it
 * goes along, so what the sandbox keeps for them counts against their address's share of its store, not the site's.
 */
export function upstreams(config: SiteConfig, self: SelfAddress, clientKey?: string) {
  const labels = traceLabels(config, self)
  if (config.mode === 'live') {
    return { arcadeBaseUrl: config.arcadeBaseUrl, arcadeApiKey: config.arcadeApiKey!, atlassianApiBase: config.atlassianApiBase, extraHeaders: {}, labels }
  }
  const sandbox = `${selfOrigin(self)}${SANDBOX_BASE_PATH}`
  return { arcadeBaseUrl: sandbox, arcadeApiKey: SANDBOX_API_KEY, atlassianApiBase: `${sandbox}/atlassian`, extraHeaders: { ...internalCallerHeaders(), ...(clientKey ? { [CLIENT_ADDRESS_HEADER]: clientKey } : {}) }, labels }
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
