import { randomUUID } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { Redis } from 'ioredis'
import { getConfig } from '../config'
import { getRedis, SharedStoreUnavailable } from '../redis'

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
/** At most this many session records in one instance's memory (the oldest idle go first). */
export const MCP_MAX_SESSION_RECORDS = 5_000

export interface McpSessionRecords {
  create(record: Omit<McpSessionRecord, 'userId'>): Promise<{ sessionId: string; record: McpSessionRecord }>
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
  private readonly records = new LRUCache<string, McpSessionRecord>({ max: MCP_MAX_SESSION_RECORDS, ttl: MCP_SESSION_IDLE_SECONDS * 1000, updateAgeOnGet: true })

  async create(fields: Omit<McpSessionRecord, 'userId'>) {
    const made = newRecord(fields)
    this.records.set(made.sessionId, made.record)
    return made
  }

  async touch(sessionId: string) {
    return SESSION_ID.test(sessionId) ? this.records.get(sessionId) : undefined
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

  async create(fields: Omit<McpSessionRecord, 'userId'>) {
    const made = newRecord(fields)
    await this.run(this.redis.set(this.prefix + made.sessionId, JSON.stringify(made.record), 'EX', MCP_SESSION_IDLE_SECONDS))
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
