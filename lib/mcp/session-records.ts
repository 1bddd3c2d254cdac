import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { boundsWithOwnerShare, FairLru } from '../fair-lru'
import { getRedis, SharedStoreUnavailable } from '../redis'
import { setWithOwnerBudget } from '../redis-owner-budget'

/**
 * What any instance must know about an MCP session to serve it: its own sandbox identity (the Arcade user id its
 * tools ask tokens for) and what its client declared at initialize. Kept in the shared store (Redis with several
 * instances), so a session's tool calls work on any instance; the live transport itself stays on one.
 */
export interface McpSessionRecord {
  userId: string
  /** The client declared `elicitation.url` (MCP 2025-11-25). */
  urlElicitation: boolean
  /** The protocol revision agreed at initialize: older clients know no -32042 error. */
  protocolVersion: string
}

/** An idle session is forgotten after this long; every request refreshes it. */
export const MCP_SESSION_IDLE_SECONDS = 30 * 60
/**
 * At most this many session records in one instance's memory, and a sixteenth of them per client address (its /64
 * for IPv6): past its share an address's own oldest go first, so no client can push out another's sessions. Redis
 * keeps the same share per address.
 */
export const MCP_MAX_SESSION_RECORDS = 5_000
/** Read when the records are first made (a test may shrink them to flood them quickly). */
export const mcpSessionBounds = { maxEntries: MCP_MAX_SESSION_RECORDS }
const recordBounds = () => boundsWithOwnerShare(mcpSessionBounds.maxEntries, mcpSessionBounds.maxEntries * 512)

export interface McpSessionRecords {
  /** `owner`: the client's address key (rate-limit.ts clientKey), whose share the record counts against. */
  create(record: Omit<McpSessionRecord, 'userId'>, owner: string): Promise<{ sessionId: string; record: McpSessionRecord }>
  /** The record, its idle time restarted; undefined when unknown, expired or deleted. */
  touch(sessionId: string): Promise<McpSessionRecord | undefined>
  delete(sessionId: string): Promise<void>
}

const SESSION_ID = /^[0-9a-f-]{36}$/

function newRecord(fields: Omit<McpSessionRecord, 'userId'>) {
  // Two unguessable ids: the session id travels in a header, the user id never leaves the server.
  return { sessionId: randomUUID(), record: { ...fields, userId: `mcp-${randomUUID()}` } }
}

class MemorySessionRecords implements McpSessionRecords {
  private readonly records = new FairLru<McpSessionRecord>(recordBounds())

  private put(sessionId: string, record: McpSessionRecord, owner: string) {
    this.records.set(sessionId, record, { owner, ttlMs: MCP_SESSION_IDLE_SECONDS * 1000, bytes: sessionId.length + JSON.stringify(record).length })
  }

  async create(fields: Omit<McpSessionRecord, 'userId'>, owner: string) {
    const made = newRecord(fields)
    this.put(made.sessionId, made.record, owner)
    return made
  }

  async touch(sessionId: string) {
    const record = SESSION_ID.test(sessionId) ? this.records.get(sessionId) : undefined
    // Its idle time restarts; a rewrite keeps the record in its first owner's share.
    if (record) this.put(sessionId, record, '')
    return record
  }

  async delete(sessionId: string) {
    this.records.delete(sessionId)
  }
}

class RedisSessionRecords implements McpSessionRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string
  ) {}

  private async run<T>(command: Promise<T>): Promise<T> {
    return command.catch((error: unknown) => {
      throw new SharedStoreUnavailable(error)
    })
  }

  async create(fields: Omit<McpSessionRecord, 'userId'>, owner: string) {
    const made = newRecord(fields)
    const budget = { sharesPrefix: `${this.prefix}shares:`, maxEntries: recordBounds().perOwnerEntries }
    await this.run(setWithOwnerBudget(this.redis, budget, owner.slice(0, 64), this.prefix + made.sessionId, JSON.stringify(made.record), MCP_SESSION_IDLE_SECONDS * 1000))
    return made
  }

  async touch(sessionId: string) {
    if (!SESSION_ID.test(sessionId)) return undefined
    const raw = await this.run(this.redis.getex(this.prefix + sessionId, 'EX', MCP_SESSION_IDLE_SECONDS))
    return raw ? (JSON.parse(raw) as McpSessionRecord) : undefined
  }

  async delete(sessionId: string) {
    await this.run(this.redis.del(this.prefix + sessionId))
  }
}

const KEY = Symbol.for('arcade-atlassian-playground.mcp-session-records')

export function getMcpSessionRecords(): McpSessionRecords {
  const store = globalThis as unknown as Record<symbol, McpSessionRecords | undefined>
  return (store[KEY] ??= createRecords())
}

function createRecords(): McpSessionRecords {
  const config = getConfig()
  const redis = getRedis(config)
  return redis ? new RedisSessionRecords(redis, `${config.redisKeyPrefix}mcp-session:`) : new MemorySessionRecords()
}
