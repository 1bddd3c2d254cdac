import { LRUCache } from 'lru-cache'
import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { getRedis, SharedStoreUnavailable } from '../redis'

/** Which visitor started which Arcade flow: a flow id presented by anyone else is refused. */
export interface FlowBindings {
  bind(flowId: string, visitorId: string, ttlSeconds: number): Promise<void>
  ownerOf(flowId: string): Promise<string | undefined>
}

class MemoryFlowBindings implements FlowBindings {
  private readonly owners = new LRUCache<string, string>({ max: 50_000, ttl: 3600_000 })

  async bind(flowId: string, visitorId: string, ttlSeconds: number) {
    this.owners.set(flowId, visitorId, { ttl: ttlSeconds * 1000 })
  }

  async ownerOf(flowId: string) {
    return this.owners.get(flowId)
  }
}

/** Shared by every instance, so a flow started on one can be polled and finished on another. */
export class RedisFlowBindings implements FlowBindings {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string
  ) {}

  async bind(flowId: string, visitorId: string, ttlSeconds: number) {
    await this.redis.set(this.prefix + flowId, visitorId, 'EX', ttlSeconds).catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  }

  async ownerOf(flowId: string) {
    const owner = await this.redis.get(this.prefix + flowId).catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
    return owner ?? undefined
  }
}

const KEY = Symbol.for('arcade-atlassian-playground.flow-bindings')

export function getFlowBindings(): FlowBindings {
  const store = globalThis as unknown as Record<symbol, FlowBindings | undefined>
  return (store[KEY] ??= createFlowBindings())
}

function createFlowBindings(): FlowBindings {
  const config = getConfig()
  const redis = getRedis(config)
  return redis ? new RedisFlowBindings(redis, `${config.redisKeyPrefix}flow-owner:`) : new MemoryFlowBindings()
}
