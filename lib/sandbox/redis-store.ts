import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { DEFAULT_OWNER_SHARE } from '../fair-lru'
import { setWithOwnerBudget } from '../redis-owner-budget'
import { DEFAULT_MAX_ENTRIES, serialise, type SandboxStore, type StoredValue } from './store'
import { ownerKeyPart, storeOwner } from './store-owner'

export interface RedisStoreOptions {
  /** Command connection; shared with the rest of the process, so `close()` leaves it open. */
  redis: Redis
  /** A connection of the store's own for pub/sub (a subscribed connection runs no other command); closed by `close()`. */
  subscriber: Redis
  /** Prepended to every key and channel, e.g. `atlassian-playground:sandbox:`. */
  prefix: string
  /** Entries one client address may hold (default a sixteenth of the memory store's bound: 1,250). */
  perOwnerEntries?: number
}

/**
 * The sandbox's state in Redis, so several instances serve one sandbox: values as JSON with a TTL, `take` as
 * GETDEL, and change notices over pub/sub so a long-poll held on one instance wakes when another changes the flow.
 */
export function createRedisStore({ redis, subscriber, prefix, perOwnerEntries = Math.floor(DEFAULT_MAX_ENTRIES * DEFAULT_OWNER_SHARE) }: RedisStoreOptions): SandboxStore {
  const budget = { sharesPrefix: `${prefix}shares:`, maxEntries: perOwnerEntries }
  const channelPrefix = `${prefix}changes:`
  const changes = new EventEmitter()
  // One listener per held long-poll; the long-poll count is bounded by the caller.
  changes.setMaxListeners(0)

  // One pattern subscription for all channels: subscribing per long-poll would race with the re-read that follows it.
  const listen = () => {
    subscriber
      .psubscribe(`${channelPrefix}*`)
      // Notices sent while (re)connecting are lost: wake every waiter so it re-reads.
      .then(() => changes.eventNames().forEach((channel) => changes.emit(channel)))
      .catch(() => undefined)
  }
  subscriber.on('ready', listen)
  if (subscriber.status === 'ready') listen()
  subscriber.on('pmessage', (_pattern: string, channel: string) => changes.emit(channel.slice(channelPrefix.length)))

  const parse = <T>(text: string | null) => (text === null ? undefined : (JSON.parse(text) as T))

  return {
    async get<T extends StoredValue>(key: string) {
      return parse<T>(await redis.get(prefix + key))
    },
    async set(key, value, ttlMs) {
      // Bounded per value here, per client address by the budget, per visitor by the handlers, in time by the TTL.
      await setWithOwnerBudget(redis, budget, ownerKeyPart(storeOwner()), prefix + key, serialise(key, value), ttlMs)
    },
    async delete(key) {
      await redis.del(prefix + key)
    },
    async take<T extends StoredValue>(key: string) {
      return parse<T>(await redis.getdel(prefix + key))
    },
    async publish(channel) {
      await redis.publish(channelPrefix + channel, '')
    },
    subscribe(channel, listener) {
      changes.on(channel, listener)
      return () => changes.off(channel, listener)
    },
    async close() {
      changes.removeAllListeners()
      subscriber.removeListener('ready', listen)
      await subscriber.quit().catch(() => subscriber.disconnect())
    }
  }
}
