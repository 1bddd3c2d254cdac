import { LRUCache } from 'lru-cache'
import type { SiteConfig } from './config'
import { getRedis, SharedStoreUnavailable } from './redis'

/**
 * Visitor ids given up by "Start over": a session cookie naming one is treated as no session, so the old cookie
 * stops working (it would otherwise keep its identity, flows and grants for the cookie's 7 days). Kept as long as
 * a cookie lives; in Redis when configured, so every instance refuses it. Resets are rate limited per address,
 * and the memory list is bounded too.
 */
export interface RevokedVisitors {
  revoke(visitorId: string, ttlSeconds: number): Promise<void>
  isRevoked(visitorId: string): Promise<boolean>
}

const MAX_REMEMBERED = 200_000

function memoryList(): RevokedVisitors {
  const revoked = new LRUCache<string, true>({ max: MAX_REMEMBERED })
  return {
    async revoke(visitorId, ttlSeconds) {
      revoked.set(visitorId, true, { ttl: ttlSeconds * 1000 })
    },
    async isRevoked(visitorId) {
      return revoked.has(visitorId)
    }
  }
}

function redisList(config: SiteConfig): RevokedVisitors {
  const redis = getRedis(config)!
  const key = (visitorId: string) => `${config.redisKeyPrefix}revoked-visitor:${visitorId}`
  const run = <T>(command: Promise<T>) =>
    command.catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  return {
    async revoke(visitorId, ttlSeconds) {
      await run(redis.set(key(visitorId), '1', 'EX', ttlSeconds))
    },
    async isRevoked(visitorId) {
      return (await run(redis.exists(key(visitorId)))) === 1
    }
  }
}

const KEY = Symbol.for('arcade-atlassian-playground.revoked-visitors')

export function getRevokedVisitors(config: SiteConfig): RevokedVisitors {
  const store = globalThis as unknown as Record<symbol, { url?: string; list: RevokedVisitors } | undefined>
  if (!store[KEY] || store[KEY].url !== config.redisUrl) store[KEY] = { url: config.redisUrl, list: config.redisUrl ? redisList(config) : memoryList() }
  return store[KEY].list
}
