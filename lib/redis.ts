import { Redis } from 'ioredis'
import type { SiteConfig } from './config'

/** Bound on connecting and on every command: with Redis down, a request fails in seconds, never hangs. */
export const REDIS_TIMEOUT_MS = 2_000

/** Raised when Redis does not answer in time; routes turn it into a clear 503. */
export class SharedStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`Redis did not answer: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'SharedStoreUnavailable'
  }
}

/**
 * A new connection (the caller owns it). Pub/sub needs its own: a subscribed connection runs no other command.
 * `pipelined`: the commands issued in one event-loop turn go out in one write (ioredis's auto-pipelining); under load
 * a write per command was about 5% of each instance's time. Not for a subscriber connection.
 */
export function createRedisConnection(url: string, { pipelined = false }: { pipelined?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    enableAutoPipelining: pipelined,
    connectTimeout: REDIS_TIMEOUT_MS,
    commandTimeout: REDIS_TIMEOUT_MS,
    // One retry after a reconnect, then the command fails instead of waiting in the offline queue.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, REDIS_TIMEOUT_MS),
    // Our own pub/sub code re-subscribes on reconnect and then wakes its listeners (see redis-store.ts).
    autoResubscribe: false,
    lazyConnect: false
  })
  // Without a listener ioredis prints every reconnect failure; one line per outage state is enough.
  let lastProblem = ''
  redis.on('error', (error: Error) => {
    if (error.message === lastProblem) return
    lastProblem = error.message
    console.error(`redis: ${error.message}`)
  })
  redis.on('ready', () => {
    lastProblem = ''
  })
  return redis
}

const SHARED = Symbol.for('arcade-atlassian-playground.redis')

/** The process's command connection, made on first use (globalThis: Next may load this module once per route bundle). */
export function getRedis(config: SiteConfig): Redis | undefined {
  if (!config.redisUrl) return undefined
  const store = globalThis as unknown as Record<symbol, { url: string; redis: Redis } | undefined>
  const current = store[SHARED]
  if (current?.url === config.redisUrl) return current.redis
  current?.redis.disconnect()
  const redis = createRedisConnection(config.redisUrl, { pipelined: true })
  store[SHARED] = { url: config.redisUrl, redis }
  return redis
}
