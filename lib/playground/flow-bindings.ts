import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { boundsWithOwnerShare, FairLru } from '../fair-lru'
import { createRedisConnection, getRedis, SharedStoreUnavailable } from '../redis'
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
  bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, context?: BindingContext): Promise<void>
  ownerOf(flowId: string): Promise<string | undefined>
  consentUrlOf(flowId: string): Promise<string | undefined>
  /** The sandbox scenario armed when the flow started, so a failure can be told by its cause. */
  scenarioOf(flowId: string): Promise<string | undefined>
  recordRefusal(flowId: string, refusal: ConsentRefusal, ttlSeconds: number): Promise<void>
  refusalOf(flowId: string): Promise<ConsentRefusal | undefined>
  /** Resolves with the refusal once one is recorded for the flow (at once if one is), or undefined when `signal` aborts. */
  waitForRefusal(flowId: string, signal: AbortSignal): Promise<ConsentRefusal | undefined>
  /** The visitor's newest flow that no panel has finished or cancelled yet (bind makes a flow the newest). */
  currentFlowOf(visitorId: string): Promise<string | undefined>
  /** The panel finished or cancelled this flow: a reload no longer offers to carry it on. */
  settle(visitorId: string, flowId: string): Promise<void>
}

/** What else a binding keeps: the scenario armed at its start, and the client address it counts against. */
export interface BindingContext {
  scenario?: string
  address?: string
}

interface FlowRecord {
  owner: string
  consentUrl?: string
  scenario?: string
  refusal?: ConsentRefusal
}

/**
 * Waits for `refusals` to emit the flow id, re-reading the record each time (and once at the start, after
 * listening, so a refusal recorded just before is not missed). One listener per held status request.
 */
function waitOnEvents(bindings: FlowBindings, refusals: EventEmitter, flowId: string, signal: AbortSignal): Promise<ConsentRefusal | undefined> {
  if (signal.aborted) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const finish = (refusal: ConsentRefusal | undefined) => {
      refusals.off(flowId, check)
      signal.removeEventListener('abort', stop)
      resolve(refusal)
    }
    const check = () => {
      bindings.refusalOf(flowId).then((refusal) => refusal && finish(refusal), () => undefined)
    }
    const stop = () => finish(undefined)
    refusals.on(flowId, check)
    signal.addEventListener('abort', stop, { once: true })
    check()
  })
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
  /** Each visitor's newest unsettled flow, shared out by address like the flows themselves. */
  private readonly current = new FairLru<string>(perAddress())
  private readonly refusals = new EventEmitter().setMaxListeners(0)

  private put(flowId: string, record: FlowRecord, ttlMs: number, address = UNATTRIBUTED) {
    const bytes = 2 * (flowId.length + record.owner.length + (record.consentUrl?.length ?? 0) + (record.scenario?.length ?? 0)) + 128
    this.flows.set(flowId, record, { owner: address, ttlMs, bytes })
  }

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, { scenario, address = UNATTRIBUTED }: BindingContext = {}) {
    this.put(flowId, { owner: visitorId, consentUrl, scenario }, ttlSeconds * 1000, address)
    this.current.set(visitorId, flowId, { owner: address, ttlMs: ttlSeconds * 1000, bytes: 2 * (visitorId.length + flowId.length) + 64 })
  }

  async scenarioOf(flowId: string) {
    return this.flows.get(flowId)?.scenario
  }

  waitForRefusal(flowId: string, signal: AbortSignal) {
    return waitOnEvents(this, this.refusals, flowId, signal)
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
    if (!flow) return
    this.put(flowId, { ...flow, refusal }, this.flows.remainingTtl(flowId))
    this.refusals.emit(flowId)
  }

  async refusalOf(flowId: string) {
    return this.flows.get(flowId)?.refusal
  }
}

/** Shared by every instance, so a flow started on one can be polled and finished on another. */
export class RedisFlowBindings implements FlowBindings {
  private readonly refusals = new EventEmitter().setMaxListeners(0)
  private subscriber?: Redis

  /**
   * `prefix` names the owner keys; the consent URL, the scenario and a refusal sit beside them (flow ids hold no
   * ':'). `subscribe` makes the connection that hears refusals recorded on other instances (made on first wait).
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly subscribe: () => Redis = () => redis.duplicate()
,
    private readonly currentPrefix = `${prefix}current:`
  ) {}

  private get channel() {
    return `${this.prefix}refusals`
  }

  /** One subscription for every flow; after a (re)connect every waiter re-reads, as a notice may have been lost. */
  private listen() {
    if (this.subscriber) return
    const subscriber = (this.subscriber = this.subscribe())
    const join = () => {
      subscriber
        .subscribe(this.channel)
        .then(() => this.refusals.eventNames().forEach((flowId) => this.refusals.emit(flowId)))
        .catch(() => undefined)
    }
    subscriber.on('ready', join)
    if (subscriber.status === 'ready') join()
    subscriber.on('message', (_channel: string, flowId: string) => this.refusals.emit(flowId))
  }

  waitForRefusal(flowId: string, signal: AbortSignal) {
    this.listen()
    return waitOnEvents(this, this.refusals, flowId, signal)
  }

  async scenarioOf(flowId: string) {
    return (await this.run(this.redis.get(`${this.prefix}${flowId}:scenario`))) ?? undefined
  }

  /** Closes the refusal subscription (tests; a server keeps it for its life). */
  async close() {
    this.refusals.removeAllListeners()
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect())
    this.subscriber = undefined
  }

  private async run<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  }

  async bind(flowId: string, visitorId: string, ttlSeconds: number, consentUrl?: string, { scenario, address = UNATTRIBUTED }: BindingContext = {}) {
    if (consentUrl || scenario) {
      const multi = this.redis.multi()
      if (consentUrl) multi.set(`${this.prefix}${flowId}:consent`, consentUrl, 'EX', ttlSeconds)
      if (scenario) multi.set(`${this.prefix}${flowId}:scenario`, scenario, 'EX', ttlSeconds)
      await this.run(multi.exec())
    }
    // The owner key counts against the address; evicting one of its old flows takes that flow's siblings too.
    const budget = { sharesPrefix: `${this.prefix}shares:`, maxEntries: perAddress().perOwnerEntries, siblingSuffixes: [':consent', ':refused', ':scenario'] }
    await this.run(setWithOwnerBudget(this.redis, budget, address.slice(0, 64), this.prefix + flowId, visitorId, ttlSeconds * 1000))
    // The visitor's newest flow, for a panel reloaded mid-flow: one key per visitor, counted against the same
    // address in a share of its own, so a flood of new visitors evicts only its own.
    const currentBudget = { sharesPrefix: `${this.currentPrefix}shares:`, maxEntries: perAddress().perOwnerEntries, siblingSuffixes: [] }
    await this.run(setWithOwnerBudget(this.redis, currentBudget, address.slice(0, 64), this.currentPrefix + visitorId, flowId, ttlSeconds * 1000))
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
    // Wakes the owner's status request, on whichever instance holds it.
    await this.run(this.redis.publish(this.channel, flowId))
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
  return redis
    ? new RedisFlowBindings(redis, `${config.redisKeyPrefix}flow-owner:`, () => createRedisConnection(config.redisUrl!), `${config.redisKeyPrefix}current-flow:`)
    : new MemoryFlowBindings()
}
