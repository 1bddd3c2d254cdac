import { LRUCache } from 'lru-cache'
import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { getRedis, SharedStoreUnavailable } from '../redis'

/** Why a consent could not be confirmed for the flow's owner, as the custom verifier found it. */
export type ConsentRefusal = 'user_mismatch' | 'no_session'

/**
 * Which visitor started which Arcade flow (a flow id presented by anyone else is refused), the consent URL Arcade
 * gave for it (the site's consent link sends the browser there), and whether the verifier refused a consent for it.
 */
export interface FlowBindings {
  bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string): Promise<void>
  ownerOf(flowId: string): Promise<string | undefined>
  consentUrlOf(flowId: string): Promise<string | undefined>
  recordRefusal(flowId: string, refusal: ConsentRefusal, ttlSeconds: number): Promise<void>
  refusalOf(flowId: string): Promise<ConsentRefusal | undefined>
  /** The visitor's newest flow that no panel has finished or cancelled yet (bind makes a flow the newest). */
  currentFlowOf(visitorId: string): Promise<string | undefined>
  /** The panel finished or cancelled this flow: a reload no longer offers to carry it on. */
  settle(visitorId: string, flowId: string): Promise<void>
}

interface FlowRecord {
  owner: string
  consentUrl?: string
  refusal?: ConsentRefusal
}

class MemoryFlowBindings implements FlowBindings {
  private readonly flows = new LRUCache<string, FlowRecord>({ max: 50_000, ttl: 3600_000 })
  /** One flow id per visitor: bounded like the flows themselves. */
  private readonly current = new LRUCache<string, string>({ max: 50_000, ttl: 3600_000 })

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string) {
    this.flows.set(flowId, { owner: visitorId, consentUrl }, { ttl: ttlSeconds * 1000 })
    this.current.set(visitorId, flowId, { ttl: ttlSeconds * 1000 })
  }

  async currentFlowOf(visitorId: string) {
    const flowId = this.current.get(visitorId)
    return flowId && this.flows.get(flowId)?.owner === visitorId ? flowId : undefined
  }

  async settle(visitorId: string, flowId: string) {
    if (this.current.get(visitorId) === flowId) this.current.delete(visitorId)
  }

  async ownerOf(flowId: string) {
    return this.flows.get(flowId)?.owner
  }

  async consentUrlOf(flowId: string) {
    return this.flows.get(flowId)?.consentUrl
  }

  async recordRefusal(flowId: string, refusal: ConsentRefusal) {
    const flow = this.flows.get(flowId)
    // Only a flow this site started; the record keeps its own expiry.
    if (flow) this.flows.set(flowId, { ...flow, refusal }, { ttl: this.flows.getRemainingTTL(flowId) })
  }

  async refusalOf(flowId: string) {
    return this.flows.get(flowId)?.refusal
  }
}

/** Shared by every instance, so a flow started on one can be polled and finished on another. */
export class RedisFlowBindings implements FlowBindings {
  /**
   * `prefix` names the owner keys; the consent URL and a refusal sit beside them (flow ids hold no ':').
   * `currentPrefix` names each visitor's newest unsettled flow.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly currentPrefix = `${prefix}current:`
  ) {}

  private async run<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  }

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string) {
    const multi = this.redis.multi().set(this.prefix + flowId, visitorId, 'EX', ttlSeconds)
    if (consentUrl) multi.set(`${this.prefix}${flowId}:consent`, consentUrl, 'EX', ttlSeconds)
    multi.set(this.currentPrefix + visitorId, flowId, 'EX', ttlSeconds)
    await this.run(multi.exec())
  }

  async currentFlowOf(visitorId: string) {
    const flowId = (await this.run(this.redis.get(this.currentPrefix + visitorId))) ?? undefined
    return flowId && (await this.ownerOf(flowId)) === visitorId ? flowId : undefined
  }

  async settle(visitorId: string, flowId: string) {
    // Only if it is still the newest: a flow started meanwhile on another instance stays on offer.
    if ((await this.run(this.redis.get(this.currentPrefix + visitorId))) === flowId) await this.run(this.redis.del(this.currentPrefix + visitorId))
  }

  async ownerOf(flowId: string) {
    return (await this.run(this.redis.get(this.prefix + flowId))) ?? undefined
  }

  async consentUrlOf(flowId: string) {
    return (await this.run(this.redis.get(`${this.prefix}${flowId}:consent`))) ?? undefined
  }

  async recordRefusal(flowId: string, refusal: ConsentRefusal, ttlSeconds: number) {
    // Only a flow this site started (the owner key exists).
    if ((await this.ownerOf(flowId)) === undefined) return
    await this.run(this.redis.set(`${this.prefix}${flowId}:refused`, refusal, 'EX', ttlSeconds))
  }

  async refusalOf(flowId: string) {
    return ((await this.run(this.redis.get(`${this.prefix}${flowId}:refused`))) ?? undefined) as ConsentRefusal | undefined
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
  return redis ? new RedisFlowBindings(redis, `${config.redisKeyPrefix}flow-owner:`, `${config.redisKeyPrefix}current-flow:`) : new MemoryFlowBindings()
}
