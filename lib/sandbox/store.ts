import { EventEmitter } from 'node:events'
import { boundsWithOwnerShare, FairLru } from '../fair-lru'
import { storeOwner } from './store-owner'

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
  /** Bound on the number of entries. */
  maxEntries?: number
  /** Bound on the bytes held (keys and values, as UTF-16 in memory). */
  maxBytes?: number
  /** The share of both bounds one client address may hold (fair-lru.ts; default 1); past it, its own oldest go. */
  ownerShare?: number
}

/** The memory store's default bounds. */
export const DEFAULT_MAX_ENTRIES = 20_000
export const DEFAULT_MAX_BYTES = 24 * 1024 * 1024

/**
 * In-process store with per-entry TTL, bounded by entry count and by bytes, shared fairly between the client
 * addresses whose requests made the entries (fair-lru.ts), values kept as JSON text so no identity leaks.
 */
export function createMemoryStore({ maxEntries = DEFAULT_MAX_ENTRIES, maxBytes = DEFAULT_MAX_BYTES, ownerShare }: MemoryStoreOptions = {}): SandboxStore {
  const entries = new FairLru<string>(boundsWithOwnerShare(maxEntries, maxBytes, ownerShare ?? 1))
  // A JS string costs about two bytes a character, plus the entry's own bookkeeping.
  const sizeOf = (key: string, text: string) => 2 * (text.length + key.length) + 64
  const changes = new EventEmitter()
  // One listener per held long-poll; the long-poll count is bounded by the caller, not by this default.
  changes.setMaxListeners(0)

  return {
    async get<T extends StoredValue>(key: string) {
      const text = entries.get(key)
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    async set(key, value, ttlMs) {
      const text = serialise(key, value)
      entries.set(key, text, { owner: storeOwner(), ttlMs: Math.max(1, Math.round(ttlMs)), bytes: sizeOf(key, text) })
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
