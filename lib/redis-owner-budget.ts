import type { Redis } from 'ioredis'

/**
 * fair-lru.ts's per-owner rule in Redis: every key is listed, by creation time, in a sorted set of the client
 * address whose request created it; past `maxEntries` that owner's oldest keys (and their sibling keys) are
 * deleted, in the same script, so no address can grow Redis without bound or push out another's keys. Rewriting an
 * existing key leaves its listing alone (it stays its creator's). Values are bounded in size by their callers, so
 * an entry count bounds the bytes too.
 */
const SET_WITH_BUDGET = `
local existed = redis.call('EXISTS', KEYS[1]) == 1
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if existed then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess <= 0 then return 0 end
local oldest = redis.call('ZPOPMIN', KEYS[2], excess)
for i = 1, #oldest, 2 do
  redis.call('DEL', oldest[i])
  for s = 5, #ARGV do redis.call('DEL', oldest[i] .. ARGV[s]) end
end
return excess
`

export interface OwnerBudget {
  /** Where the owners' sorted sets live, e.g. `atlassian-playground:sandbox:shares:`. */
  sharesPrefix: string
  maxEntries: number
  /** Keys named `<key><suffix>` that go with a key when it is evicted (e.g. a flow's `:consent`). */
  siblingSuffixes?: string[]
}

type WithBudgetCommand = Redis & { setWithOwnerBudget(...args: string[]): Promise<number> }

// defineCommand sends the script once and then runs it by its SHA (EVALSHA), re-sending it if Redis lost it.
const defined = new WeakSet<Redis>()

/** SET key value PX ttl, counted against `owner`'s budget. Resolves to how many of the owner's old keys went. */
export async function setWithOwnerBudget(redis: Redis, budget: OwnerBudget, owner: string, key: string, value: string, ttlMs: number): Promise<number> {
  if (!defined.has(redis)) {
    redis.defineCommand('setWithOwnerBudget', { numberOfKeys: 2, lua: SET_WITH_BUDGET })
    defined.add(redis)
  }
  const shares = `${budget.sharesPrefix}${owner}`
  const args = [value, String(Math.max(1, Math.round(ttlMs))), String(Date.now()), String(budget.maxEntries), ...(budget.siblingSuffixes ?? [])]
  return Number(await (redis as WithBudgetCommand).setWithOwnerBudget(key, shares, ...args))
}
