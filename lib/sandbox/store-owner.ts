import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Who the sandbox's current request stores entries for: the client address whose request made them (fair-lru.ts,
 * redis-store.ts). Carried through the handler's async calls, so the handlers need not pass it to every write.
 */
const currentOwner = new AsyncLocalStorage<string>()

/** Writes made outside any request (a test's direct call, the embedding server's own calls) are counted here. */
export const UNATTRIBUTED_OWNER = 'unattributed'

export function runAsStoreOwner<T>(owner: string, work: () => T): T {
  return currentOwner.run(owner, work)
}

export function storeOwner(): string {
  return currentOwner.getStore() ?? UNATTRIBUTED_OWNER
}

/** An owner as a key part: bounded in length and free of the separators keys use. */
export function ownerKeyPart(owner: string): string {
  return owner.replace(/[^A-Za-z0-9.:_-]/g, '_').slice(0, 64) || UNATTRIBUTED_OWNER
}
