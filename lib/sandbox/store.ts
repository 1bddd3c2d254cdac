import { EventEmitter } from 'node:events'
import { LRUCache } from 'lru-cache'

/** A JSON-serialisable value: what a store may hold, so a shared (e.g. Redis) store can replace the memory one. */
export type StoredValue = string | number | boolean | null | StoredValue[] | { [key: string]: StoredValue | undefined }

/**
 * The sandbox's whole state lives behind this interface. It is deliberately small and async so that a
 * networked implementation (Redis: GET/SET PX/GETDEL/PUBLISH) can be dropped in without touching the handlers.
 * Values go in and come out as copies; callers never rely on object identity.
 */
export interface SandboxStore {
  get<T extends StoredValue>(key: string): Promise<T | undefined>
  set(key: string, value: StoredValue, ttlMs: number): Promise<void>
  delete(key: string): Promise<void>
  /** Atomically read and delete (single-use values: authorization codes, consent requests). */
  take<T extends StoredValue>(key: string): Promise<T | undefined>
  /** Tell subscribers of `channel` that something changed (e.g. a flow's status). */
  publish(channel: string): Promise<void>
  /** Listen for `publish(channel)`; returns the unsubscribe function. */
  subscribe(channel: string, listener: () => void): () => void
  close(): Promise<void>
}

/** The largest value either store accepts; the sandbox's own records are a few KB at most. */
export const MAX_VALUE_BYTES = 32 * 1024

export class StoredValueTooLarge extends Error {
  constructor(key: string, bytes: number) {
    super(`sandbox store: value for ${key.split(':').slice(0, 2).join(':')} is ${bytes} bytes (limit ${MAX_VALUE_BYTES})`)
  }
}

/** The value as stored text, refused when larger than MAX_VALUE_BYTES. */
export function serialise(key: string, value: StoredValue): string {
  const text = JSON.stringify(value)
  const bytes = Buffer.byteLength(text)
  if (bytes > MAX_VALUE_BYTES) throw new StoredValueTooLarge(key, bytes)
  return text
}

export interface MemoryStoreOptions {
  /** Bound on the number of entries; the least recently used go first. */
  maxEntries?: number
  /** Bound on the bytes held (keys and values, as UTF-16 in memory); the least recently used go first. */
  maxBytes?: number
}

/**
 * In-process store: an LRU with per-entry TTL, bounded by entry count and by bytes, values kept as JSON text so
 * no identity leaks between calls.
 */
export function createMemoryStore({ maxEntries = 20_000, maxBytes = 24 * 1024 * 1024 }: MemoryStoreOptions = {}): SandboxStore {
  const entries = new LRUCache<string, string>({
    max: maxEntries,
    maxSize: maxBytes,
    // A JS string costs about two bytes a character; the small per-entry overhead is covered by the entry cap.
    sizeCalculation: (value, key) => 2 * (value.length + key.length),
    ttlAutopurge: false,
  })
  const changes = new EventEmitter()
  // One listener per held long-poll; the long-poll count is bounded by the caller, not by this default.
  changes.setMaxListeners(0)

  return {
    async get<T extends StoredValue>(key: string) {
      const text = entries.get(key)
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    async set(key, value, ttlMs) {
      entries.set(key, serialise(key, value), { ttl: Math.max(1, Math.round(ttlMs)) })
    },
    async delete(key) {
      entries.delete(key)
    },
    async take<T extends StoredValue>(key: string) {
      const text = entries.get(key)
      entries.delete(key)
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    async publish(channel) {
      changes.emit(channel)
    },
    subscribe(channel, listener) {
      changes.on(channel, listener)
      return () => changes.off(channel, listener)
    },
    async close() {
      changes.removeAllListeners()
      entries.clear()
    },
  }
}
