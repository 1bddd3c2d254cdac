import { LRUCache } from 'lru-cache'

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

const KEY = Symbol.for('arcade-atlassian-playground.flow-bindings')

export function getFlowBindings(): FlowBindings {
  const store = globalThis as unknown as Record<symbol, FlowBindings | undefined>
  return (store[KEY] ??= new MemoryFlowBindings())
}
