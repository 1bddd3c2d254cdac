import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import { parse as parseCookie } from 'cookie'
import { getIronSession } from 'iron-session'
import { LRUCache } from 'lru-cache'
import type { SiteConfig } from './config'
import { getRevokedVisitors } from './revoked-visitors'
import { servedOverHttps } from './proxy-headers'

interface VisitorSession {
  visitorId?: string
}

export const SESSION_COOKIE = 'atlassian_playground'
const SESSION_TTL_SECONDS = 7 * 24 * 3600

function withoutSessionCookie(header: string): string {
  return header
    .split(';')
    .filter((pair) => pair.split('=')[0].trim() !== SESSION_COOKIE)
    .join(';')
}

// One request opens its session once: the rate limiter and the route both ask, and unsealing costs a key derivation.
const openedSessions = new WeakMap<IncomingMessage, Promise<OpenedSession>>()

interface OpenedSession {
  visitorId?: string
  /** Writes a new session cookie with this visitor id (iron-session seals it). */
  save(visitorId: string): Promise<void>
}

/**
 * Cookies already unsealed, by their sealed value: a visitor's every request carries the same seal, and each unseal
 * is two key derivations, an HMAC and a decryption (7–9% of the server's time under load). An entry is kept at
 * most a minute and never past the seal's own expiry; only a seal that unsealed to a visitor id is kept, so forged
 * cookies take no room. The revocation check ("Start over") still runs on every request.
 */
const VERIFIED_SEALS = Symbol.for('arcade-atlassian-playground.verified-seals')
const SEAL_CACHE_MS = 60_000
function verifiedSeals(): LRUCache<string, { secret: string; visitorId: string }> {
  const store = globalThis as unknown as Record<symbol, LRUCache<string, { secret: string; visitorId: string }> | undefined>
  return (store[VERIFIED_SEALS] ??= new LRUCache({ max: 20_000, maxSize: 20_000 * 512, sizeCalculation: (_value, key) => Math.max(1, key.length), ttlAutopurge: false }))
}

/** An iron seal's own expiry (ms since the epoch): its sixth `*` field, before the `~version` suffix. */
function sealExpiry(sealed: string): number {
  return Number(sealed.split('~')[0]!.split('*')[5] ?? 0)
}

function remember(sealed: string, config: SiteConfig, visitorId: string): void {
  const ttl = Math.min(SEAL_CACHE_MS, sealExpiry(sealed) - Date.now())
  if (ttl > 0) verifiedSeals().set(sealed, { secret: config.sessionSecret, visitorId }, { ttl })
}

/** The session cookie's value in the Set-Cookie headers the response carries so far. */
function newSealIn(res: ServerResponse): string | undefined {
  const header = res.getHeader('set-cookie')
  const lines = Array.isArray(header) ? header : typeof header === 'string' ? [header] : []
  const line = lines.filter((candidate) => candidate.startsWith(`${SESSION_COOKIE}=`)).at(-1)
  return line ? parseCookie(line.split(';')[0]!)[SESSION_COOKIE] : undefined
}

function sealFromCookies(req: IncomingMessage): string | undefined {
  const sealed = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE]
  return sealed && sealed.length <= 4096 ? sealed : undefined
}

function openSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<OpenedSession> {
  let session = openedSessions.get(req)
  if (!session) openedSessions.set(req, (session = unsealSession(req, res, config)))
  return session
}

function ironSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig) {
  return getIronSession<VisitorSession>(req, res, {
    password: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: servedOverHttps(req, config.trustProxyHops), path: '/' }
  })
}

async function unsealedVisitorId(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string | undefined> {
  const sealed = sealFromCookies(req)
  if (!sealed) return undefined
  const seals = verifiedSeals()
  const known = seals.get(sealed)
  if (known && known.secret === config.sessionSecret && sealExpiry(sealed) > Date.now()) return known.visitorId
  try {
    const { visitorId } = await ironSession(req, res, config)
    if (visitorId) remember(sealed, config, visitorId)
    return visitorId
  } catch {
    // iron-session shrugs off a bad signature or an expired seal, but throws on a cookie it cannot even parse
    // (a forged "Fe26.2*…" with a wrong prefix, bad base64). That too is just "no session": a fresh one replaces it.
    return undefined
  }
}

async function unsealSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<OpenedSession> {
  let visitorId = await unsealedVisitorId(req, res, config)
  // An identity given up by "Start over" is no session either: the old cookie stops working.
  if (visitorId && (await getRevokedVisitors(config).isRevoked(visitorId))) visitorId = undefined
  const opened: OpenedSession = {
    visitorId,
    async save(newId) {
      // The old cookie is not opened again: whatever it held, the new one replaces it.
      req.headers.cookie = withoutSessionCookie(req.headers.cookie ?? '')
      const session = await ironSession(req, res, config)
      session.visitorId = newId
      await session.save()
      opened.visitorId = newId
      // The new seal is known to open to this visitor: its next request (on this instance) skips the unseal too.
      const sealed = newSealIn(res)
      if (sealed) remember(sealed, config, newId)
    }
  }
  return opened
}

/**
 * The visitor's id from the signed, encrypted session cookie, minted on first use.
 * This id, never a value from the request, is the Arcade user_id.
 */
export async function visitorIdFor(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string> {
  const session = await openSession(req, res, config)
  if (!session.visitorId) await session.save(`visitor-${randomUUID()}`)
  return session.visitorId!
}

/**
 * A new visitor id in a new session cookie, whatever the request carried: the reader's fresh start. The old id is
 * revoked (its cookie no longer opens a session anywhere), and its flows stay bound to it, so nobody can use them.
 */
export async function replaceVisitorId(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string> {
  const session = await openSession(req, res, config)
  if (session.visitorId) await getRevokedVisitors(config).revoke(session.visitorId, SESSION_TTL_SECONDS)
  await session.save(`visitor-${randomUUID()}`)
  return session.visitorId!
}

/** The visitor's id if the request carries a valid session cookie; never mints one. */
export async function existingVisitorId(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string | undefined> {
  const session = await openSession(req, res, config)
  return session.visitorId
}
