import type { IncomingMessage, ServerResponse } from 'node:http'
import ipaddr from 'ipaddr.js'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { SiteConfig } from './config'
import { PlaygroundError } from './api/errors'
import { getRedis, SharedStoreUnavailable } from './redis'
import { existingVisitorId } from './session'

/**
 * Separate counters for the playground's routes and the embedded sandbox's browser-facing routes, so a
 * reader's consent hops do not eat into the playground's budget.
 */
export type RateBudget = 'playground' | 'sandbox' | 'reset' | 'mcp'

/**
 * Each budget as a share of the configured limits. One consent makes four sandbox requests (page, Accept,
 * callback, next_uri), so the sandbox gets twice the playground's. A reset mints a new visitor, escaping the
 * per-visitor count, so resets get their own small budget (a twelfth: 10 a minute by default).
 */
// /mcp (its own counter: an agent's calls do not spend a reader's budget) gets the playground's figures.
const BUDGET_FACTOR: Record<RateBudget, number> = { playground: 1, sandbox: 2, reset: 1 / 12, mcp: 1 }

interface Limiters {
  perVisitor: RateLimiterAbstract
  perAddress: RateLimiterAbstract
}

function createLimiters(config: SiteConfig, budget: RateBudget): Limiters {
  const factor = BUDGET_FACTOR[budget]
  const redis = getRedis(config)
  const limiter = (name: string, perMinute: number): RateLimiterAbstract => {
    const options = { points: Math.max(1, Math.ceil(perMinute * factor)), duration: 60, keyPrefix: `${config.redisKeyPrefix}rate:${budget}:${name}` }
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options)
  }
  // Resets are counted per address against the per-visitor figure: each reset is a new visitor.
  const perAddress = budget === 'reset' ? config.rateLimitPerMinute : config.rateLimitPerIpPerMinute
  return { perVisitor: limiter('visitor', config.rateLimitPerMinute), perAddress: limiter('address', perAddress) }
}

const LIMITERS = Symbol.for('arcade-atlassian-playground.rate-limiters')

/** The process's limiters for this config (rebuilt when tests reload the config with other limits). */
function limitersFor(config: SiteConfig, budget: RateBudget): Limiters {
  const store = globalThis as unknown as Record<symbol, { config: SiteConfig; byBudget: Partial<Record<RateBudget, Limiters>> } | undefined>
  if (store[LIMITERS]?.config !== config) store[LIMITERS] = { config, byBudget: {} }
  return (store[LIMITERS].byBudget[budget] ??= createLimiters(config, budget))
}

function withoutIpv4Prefix(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address
}

/**
 * The client's address: the socket's, or with TRUST_PROXY=N the one the N-th proxy from us saw
 * (entries further left in X-Forwarded-For are written by the client and cannot be trusted).
 */
export function clientAddress(req: IncomingMessage, trustProxyHops: number): string {
  const socketAddress = req.socket.remoteAddress ?? 'unknown'
  if (trustProxyHops === 0) return withoutIpv4Prefix(socketAddress)
  const header = req.headers['x-forwarded-for']
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const chain = [...forwarded, socketAddress]
  return withoutIpv4Prefix(chain[Math.max(0, chain.length - 1 - trustProxyHops)]).slice(0, 64)
}

/**
 * The key an address is counted under: an IPv4 address as is, an IPv6 address by its /64, the smallest block
 * one subscriber is given (RFC 6177), so one host cannot take a fresh budget with each of its 2^64 addresses.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64)
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const ipv6 = parsed as ipaddr.IPv6
  if (ipv6.isIPv4MappedAddress()) return ipv6.toIPv4Address().toString()
  return `${ipv6.parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`
}

/** The key a request's client is counted and given a fair share under: its address, or its /64 for IPv6. */
export function clientKey(req: IncomingMessage, trustProxyHops: number): string {
  return addressKey(clientAddress(req, trustProxyHops))
}

/** Counts this request against the visitor's and the address's budgets; throws a 429 PlaygroundError when either is spent. */
export async function enforceRateLimit(req: IncomingMessage, res: ServerResponse, config: SiteConfig, budget: RateBudget): Promise<void> {
  const { perVisitor, perAddress } = limitersFor(config, budget)
  const visitorId = await existingVisitorId(req, res, config)
  const checks = [{ who: 'this network address', key: clientKey(req, config.trustProxyHops), limiter: perAddress }]
  if (visitorId) checks.push({ who: 'this browser', key: visitorId, limiter: perVisitor })
  const outcomes = await Promise.allSettled(checks.map(({ key, limiter }) => limiter.consume(key)))

  let refused: { who: string; msBeforeNext: number } | undefined
  outcomes.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') return
    // rate-limiter-flexible rejects with RateLimiterRes when over the limit, with an Error when its store fails.
    if (!(outcome.reason instanceof RateLimiterRes)) throw new SharedStoreUnavailable(outcome.reason)
    if (!refused || outcome.reason.msBeforeNext > refused.msBeforeNext) refused = { who: checks[i].who, msBeforeNext: outcome.reason.msBeforeNext }
  })
  if (refused) {
    const seconds = Math.max(1, Math.ceil(refused.msBeforeNext / 1000))
    throw new PlaygroundError(429, 'rate_limited', `Too many requests from ${refused.who}: wait ${seconds} s, then try again.`, {
      retryAfterSeconds: seconds
    })
  }
}

/**
 * Counts a request the server refused before any route saw it against its address's budget (the same counter the
 * routes use), so refusals are not free; a 429 PlaygroundError when the budget is spent, undefined otherwise.
 * A store failure counts as "not spent": the refusal is answered anyway.
 */
export async function spendAddressBudget(req: IncomingMessage, config: SiteConfig, budget: RateBudget): Promise<PlaygroundError | undefined> {
  try {
    await limitersFor(config, budget).perAddress.consume(clientKey(req, config.trustProxyHops))
    return undefined
  } catch (outcome) {
    if (!(outcome instanceof RateLimiterRes)) return undefined
    const seconds = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000))
    return new PlaygroundError(429, 'rate_limited', `Too many requests from this network address: wait ${seconds} s, then try again.`, { retryAfterSeconds: seconds })
  }
}
