/**
 * A bounded in-memory cache in which every entry belongs to the client (network address) whose request made it,
 * so that no client can push another's entries out. Two rules:
 *
 * - each owner holds at most `perOwner` entries and bytes; past that, its own least recently used go first;
 * - past the global bounds, entries go from the owner holding the most bytes, its least recently used first.
 *
 * A flood from a dozen addresses therefore only ever evicts the flood's own entries, and a visitor whose run holds
 * a few kilobytes is evicted only once every other owner holds no more than that visitor does.
 *
 * lru-cache (used elsewhere) has no notion of an owner, and one lru-cache per owner preallocates arrays sized to
 * its `max`, which thousands of owners would multiply; so this is two Maps (insertion order = recency) and totals.
 */

export interface FairLruBounds {
  maxEntries: number
  maxBytes: number
  /** What one owner may hold. */
  perOwnerEntries: number
  perOwnerBytes: number
}

interface Entry<V> {
  owner: string
  value: V
  bytes: number
  expiresAt: number
}

interface Share {
  bytes: number
  /** The owner's keys, least recently used first. */
  keys: Set<string>
}

/** The share of each bound one owner may hold: a sixteenth, so a dozen flooding addresses cannot fill the cache. */
export const DEFAULT_OWNER_SHARE = 1 / 16

export function boundsWithOwnerShare(maxEntries: number, maxBytes: number, share = DEFAULT_OWNER_SHARE): FairLruBounds {
  return { maxEntries, maxBytes, perOwnerEntries: Math.max(1, Math.floor(maxEntries * share)), perOwnerBytes: Math.max(1, Math.floor(maxBytes * share)) }
}

export class FairLru<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private readonly shares = new Map<string, Share>()
  private totalBytes = 0

  constructor(
    private readonly bounds: FairLruBounds,
    private readonly now: () => number = Date.now
  ) {}

  get size(): number {
    return this.entries.size
  }

  get bytes(): number {
    return this.totalBytes
  }

  /** Entries and bytes one owner holds now (for tests and benches). */
  shareOf(owner: string): { entries: number; bytes: number } {
    const share = this.shares.get(owner)
    return { entries: share?.keys.size ?? 0, bytes: share?.bytes ?? 0 }
  }

  get(key: string): V | undefined {
    const entry = this.live(key)
    if (!entry) return undefined
    const share = this.shares.get(entry.owner)!
    share.keys.delete(key)
    share.keys.add(key)
    return entry.value
  }

  /** Milliseconds until the entry expires, or 0 when absent. */
  remainingTtl(key: string): number {
    const entry = this.live(key)
    return entry ? entry.expiresAt - this.now() : 0
  }

  /**
   * Store under `owner`. Rewriting a live entry keeps its first owner: a request from elsewhere that updates
   * someone's record (their consent, their flow) must not move it into a share that is being flooded.
   */
  set(key: string, value: V, { owner, ttlMs, bytes }: { owner: string; ttlMs: number; bytes: number }): void {
    const kept = this.live(key)?.owner ?? owner
    this.delete(key)
    let share = this.shares.get(kept)
    if (!share) this.shares.set(kept, (share = { bytes: 0, keys: new Set() }))
    this.entries.set(key, { owner: kept, value, bytes, expiresAt: this.now() + Math.max(1, ttlMs) })
    share.keys.add(key)
    share.bytes += bytes
    this.totalBytes += bytes
    // The owner's own oldest first (never the entry just written), then the largest owner's while over the whole bound.
    while ((share.keys.size > this.bounds.perOwnerEntries || share.bytes > this.bounds.perOwnerBytes) && share.keys.size > 1) {
      this.delete(share.keys.values().next().value!)
    }
    while ((this.entries.size > this.bounds.maxEntries || this.totalBytes > this.bounds.maxBytes) && this.entries.size > 1) {
      const largest = this.largestShare()
      const victim = largest.keys.values().next().value!
      if (victim === key && largest.keys.size === 1) break
      this.delete(victim === key ? [...largest.keys][1]! : victim)
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    const share = this.shares.get(entry.owner)!
    share.keys.delete(key)
    share.bytes -= entry.bytes
    this.totalBytes -= entry.bytes
    if (share.keys.size === 0) this.shares.delete(entry.owner)
  }

  clear(): void {
    this.entries.clear()
    this.shares.clear()
    this.totalBytes = 0
  }

  private live(key: string): Entry<V> | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt > this.now()) return entry
    this.delete(key)
    return undefined
  }

  private largestShare(): Share {
    let largest: Share | undefined
    for (const share of this.shares.values()) if (!largest || share.bytes > largest.bytes) largest = share
    return largest!
  }
}
