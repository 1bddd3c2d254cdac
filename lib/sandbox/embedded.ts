import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { getConfig } from '../config'
import { DEFAULT_OWNER_SHARE } from '../fair-lru'
import { clientKey } from '../rate-limit'
import { createRedisConnection, getRedis } from '../redis'
import { ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID } from '../../contract/facts'
import { createSandbox, type ProviderRecord, type Sandbox, type SandboxStore } from './index'
import { createRedisStore } from './redis-store'
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES } from './store'

/**
 * The sandbox as the site embeds it (sandbox mode: no ARCADE_API_KEY). The key is a fixed, public value: it only
 * opens this in-process emulator, never anything real, and in the embedded sandbox it is not enough on its own:
 * server-only routes (Arcade's API, the token endpoint, the Atlassian and Jira APIs, /_sandbox/*) also need the
 * per-process internal caller token below, which only the site's own server-side calls carry.
 */
export const SANDBOX_API_KEY = 'arcade-sandbox-key'
/** Where `pages/api/sandbox/[...path].ts` mounts the handler; also the SDK's base URL path in sandbox mode. */
export const SANDBOX_BASE_PATH = '/api/sandbox'
/** The site's custom user verifier route. */
export const SANDBOX_VERIFIER_PATH = '/api/playground/verify'

/**
 * One Atlassian provider, with the unique ID the guide gives its example, so the panel can name it both
 * documented ways: by kind (`atlassian`) and by its ID (`my-atlassian-provider`).
 */
export const EMBEDDED_PROVIDERS: ProviderRecord[] = [{ id: EXAMPLE_PROVIDER_RECORD_ID, type: ATLASSIAN_PROVIDER_KIND }]

// Next can evaluate a module more than once (dev reloads, separate route bundles); globalThis keeps one sandbox per process.
const globalForSandbox = globalThis as typeof globalThis & { __arcadeSandbox?: Sandbox }

/** The memory store's bounds, read when the sandbox is first made (a test may shrink them to flood it quickly). */
export const embeddedStoreBounds = { maxStoreEntries: DEFAULT_MAX_ENTRIES, maxStoreBytes: DEFAULT_MAX_BYTES }

export function getEmbeddedSandbox(): Sandbox {
  globalForSandbox.__arcadeSandbox ??= createSandbox({
    apiKey: SANDBOX_API_KEY,
    basePath: SANDBOX_BASE_PATH,
    // Path-only, so every URL the browser sees is same-origin with the site, whatever host it was reached on.
    publicBase: SANDBOX_BASE_PATH,
    verifierUrl: SANDBOX_VERIFIER_PATH,
    providers: EMBEDDED_PROVIDERS,
    store: sharedStore(),
    ...embeddedStoreBounds,
    storeOwnerShare: DEFAULT_OWNER_SHARE,
    ownerOf: storeOwnerOf,
    isServerCall: isInternalCall,
  })
  return globalForSandbox.__arcadeSandbox
}

/** With REDIS_URL every instance serves the same sandbox; without it, the default in-memory store. */
function sharedStore(): SandboxStore | undefined {
  const config = getConfig()
  const redis = getRedis(config)
  if (!redis || !config.redisUrl) return undefined
  return createRedisStore({
    redis,
    subscriber: createRedisConnection(config.redisUrl),
    prefix: `${config.redisKeyPrefix}sandbox:`,
    // The same share per address as the memory store's (Redis itself has no bound of the store's own).
    perOwnerEntries: Math.floor(embeddedStoreBounds.maxStoreEntries * DEFAULT_OWNER_SHARE),
  })
}

/**
 * The site's own calls to its embedded sandbox carry this header with a per-process random token (32 random
 * bytes, never sent to a browser, never logged). It is the server credential of the sandbox's server-only
 * routes, and it keeps those calls out of the per-address rate limit (the visitor's request that caused them
 * was already counted). The site only ever calls its own process (selfOrigin), so a per-process token suffices
 * with several instances too. It does not depend on the caller's address: behind a proxy, everyone is loopback.
 */
export const INTERNAL_CALLER_HEADER = 'x-playground-internal-call'

/**
 * On the site's own calls, the address of the visitor whose request caused them, so what the sandbox stores for
 * that visitor counts against that address's share of its store (fair-lru.ts), not against the site's.
 */
export const CLIENT_ADDRESS_HEADER = 'x-playground-client-address'

/** Whose share a sandbox request's writes count against: the visitor's address (its /64 for IPv6), named by the site or seen here. */
function storeOwnerOf(req: IncomingMessage): string {
  if (isInternalCall(req)) {
    const named = req.headers[CLIENT_ADDRESS_HEADER]
    return typeof named === 'string' && named.length > 0 && named.length <= 64 ? named : 'site'
  }
  return clientKey(req, getConfig().trustProxyHops)
}

const globalForToken = globalThis as typeof globalThis & { __arcadeSandboxCallerToken?: string }

export function internalCallerHeaders(): Record<string, string> {
  globalForToken.__arcadeSandboxCallerToken ??= randomBytes(32).toString('base64url')
  return { [INTERNAL_CALLER_HEADER]: globalForToken.__arcadeSandboxCallerToken }
}

export function isInternalCall(req: IncomingMessage): boolean {
  const presented = req.headers[INTERNAL_CALLER_HEADER]
  const expected = globalForToken.__arcadeSandboxCallerToken
  if (typeof presented !== 'string' || !expected || presented.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(presented), Buffer.from(expected))
}
