import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomUUID } from 'node:crypto'
import { getIronSession } from 'iron-session'
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
const openedSessions = new WeakMap<IncomingMessage, ReturnType<typeof unsealSession>>()

function openSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig) {
  let session = openedSessions.get(req)
  if (!session) openedSessions.set(req, (session = unsealSession(req, res, config)))
  return session
}

async function unsealSession(req: IncomingMessage, res: ServerResponse, config: SiteConfig) {
  const open = () =>
    getIronSession<VisitorSession>(req, res, {
      password: config.sessionSecret,
      cookieName: SESSION_COOKIE,
      ttl: SESSION_TTL_SECONDS,
      cookieOptions: { httpOnly: true, sameSite: 'lax', secure: servedOverHttps(req, config.trustProxyHops), path: '/' }
    })
  let session: Awaited<ReturnType<typeof open>>
  try {
    session = await open()
  } catch {
    // iron-session shrugs off a bad signature or an expired seal, but throws on a cookie it cannot even parse
    // (a forged "Fe26.2*…" with a wrong prefix, bad base64). That too is just "no session": a fresh one replaces it.
    req.headers.cookie = withoutSessionCookie(req.headers.cookie ?? '')
    session = await open()
  }
  // An identity given up by "Start over" is no session either: the old cookie stops working.
  if (session.visitorId && (await getRevokedVisitors(config).isRevoked(session.visitorId))) session.visitorId = undefined
  return session
}

/**
 * The visitor's id from the signed, encrypted session cookie, minted on first use.
 * This id, never a value from the request, is the Arcade user_id.
 */
export async function visitorIdFor(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string> {
  const session = await openSession(req, res, config)
  if (!session.visitorId) {
    session.visitorId = `visitor-${randomUUID()}`
    await session.save()
  }
  return session.visitorId
}

/**
 * A new visitor id in a new session cookie, whatever the request carried: the reader's fresh start. The old id is
 * revoked (its cookie no longer opens a session anywhere), and its flows stay bound to it, so nobody can use them.
 */
export async function replaceVisitorId(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string> {
  const session = await openSession(req, res, config)
  if (session.visitorId) await getRevokedVisitors(config).revoke(session.visitorId, SESSION_TTL_SECONDS)
  session.visitorId = `visitor-${randomUUID()}`
  await session.save()
  return session.visitorId
}

/** The visitor's id if the request carries a valid session cookie; never mints one. */
export async function existingVisitorId(req: IncomingMessage, res: ServerResponse, config: SiteConfig): Promise<string | undefined> {
  const session = await openSession(req, res, config)
  return session.visitorId
}
