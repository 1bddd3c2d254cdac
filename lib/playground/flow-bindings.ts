import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { boundsWithOwnerShare, FairLru } from '../fair-lru'
import { getRedis, SharedStoreUnavailable } from '../redis'
import { setWithOwnerBudget } from '../redis-owner-budget'

/** Why a consent could not be confirmed for the flow's owner, as the custom verifier found it. */
export type ConsentRefusal = 'user_mismatch' | 'no_session'

/**
 * Which visitor started which Arcade flow (a flow id presented by anyone else is refused), the consent URL Arcade
 * gave for it (the site's consent link sends the browser there), and whether the verifier refused a consent for it.
 * Each binding counts against the client address that started the flow: past its share, that address's own oldest
 * bindings go, never another's (fair-lru.ts, redis-owner-budget.ts).
 */
export interface FlowBindings {
  bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, address?: string): Promise<void>
  ownerOf(flowId: string): Promise<string | undefined>
  consentUrlOf(flowId: string): Promise<string | undefined>
  recordRefusal(flowId: string, refusal: ConsentRefusal, ttlSeconds: number): Promise<void>
  refusalOf(flowId: string): Promise<ConsentRefusal | undefined>
}

interface FlowRecord {
  owner: string
  consentUrl?: string
  refusal?: ConsentRefusal
}

/**
 * The most bindings one process keeps in memory, and the bytes; one client address may hold a sixteenth (3,125
 * bindings, in Redis too). Read when the bindings are first made (a test may shrink them to flood them quickly).
 */
export const flowBindingBounds = { maxEntries: 50_000, maxBytes: 64 * 1024 * 1024 }
const perAddress = () => boundsWithOwnerShare(flowBindingBounds.maxEntries, flowBindingBounds.maxBytes)
const UNATTRIBUTED = 'unattributed'

export class MemoryFlowBindings implements FlowBindings {
  private readonly flows = new FairLru<FlowRecord>(perAddress())

  private put(flowId: string, record: FlowRecord, ttlMs: number, address = UNATTRIBUTED) {
    const bytes = 2 * (flowId.length + record.owner.length + (record.consentUrl?.length ?? 0)) + 128
    this.flows.set(flowId, record, { owner: address, ttlMs, bytes })
  }

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, address?: string) {
    this.put(flowId, { owner: visitorId, consentUrl }, ttlSeconds * 1000, address)
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
    if (flow) this.put(flowId, { ...flow, refusal }, this.flows.remainingTtl(flowId))
  }

  async refusalOf(flowId: string) {
    return this.flows.get(flowId)?.refusal
  }
}

/** Shared by every instance, so a flow started on one can be polled and finished on another. */
export class RedisFlowBindings implements FlowBindings {
  /** `prefix` names the owner keys; the consent URL and a refusal sit beside them (flow ids hold no ':'). */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string
  ) {}

  private async run<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  }

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, address = UNATTRIBUTED) {
    if (consentUrl) await this.run(this.redis.set(`${this.prefix}${flowId}:consent`, consentUrl, 'EX', ttlSeconds))
    // The owner key counts against the address; evicting one of its old flows takes that flow's siblings too.
    const budget = { sharesPrefix: `${this.prefix}shares:`, maxEntries: perAddress().perOwnerEntries, siblingSuffixes: [':consent', ':refused'] }
    await this.run(setWithOwnerBudget(this.redis, budget, address.slice(0, 64), this.prefix + flowId, visitorId, ttlSeconds * 1000))
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
  return redis ? new RedisFlowBindings(redis, `${config.redisKeyPrefix}flow-owner:`) : new MemoryFlowBindings()
}
