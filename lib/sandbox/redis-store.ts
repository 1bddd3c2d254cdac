import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { serialise, type SandboxStore, type StoredValue } from './store'

export interface RedisStoreOptions {
  /** Command connection; shared with the rest of the process, so `close()` leaves it open. */
  redis: Redis
  /** A connection of the store's own for pub/sub (a subscribed connection runs no other command); closed by `close()`. */
  subscriber: Redis
  /** Prepended to every key and channel, e.g. `atlassian-playground:sandbox:`. */
  prefix: string
}

/**
 * The sandbox's state in Redis, so several instances serve one sandbox: values as JSON with a TTL, `take` as
 * GETDEL, and change notices over pub/sub so a long-poll held on one instance wakes when another changes the flow.
 */
export function createRedisStore({ redis, subscriber, prefix }: RedisStoreOptions): SandboxStore {
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
      // Bounded per value here; per visitor by the handlers (flows per user id are capped); in time by the TTL.
      await redis.set(prefix + key, serialise(key, value), 'PX', Math.max(1, Math.round(ttlMs)))
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
