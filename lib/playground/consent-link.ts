import type { IncomingMessage, ServerResponse } from 'node:http'
import { sealData, unsealData } from 'iron-session'
import type { SiteConfig } from '../config'
import { servedOverHttps } from '../proxy-headers'

/**
 * The site's own consent link, `/api/playground/consent?flowId=…`, is what the reader opens: it notes in the
 * browser which flow this consent is for, then sends the browser on to Arcade's consent URL. Arcade's verifier
 * hop carries only its own flow_id, so this note is how the verifier can tell the flow's owner that a consent
 * was given in another browser or by another visitor, instead of leaving them waiting.
 */
export const CONSENT_LINK_PATH = '/api/playground/consent'
export const CONSENT_COOKIE = 'atlassian_playground_consent'

export function consentLink(flowId: string): string {
  return `${CONSENT_LINK_PATH}?${new URLSearchParams({ flowId })}`
}

/** Sets the sealed note, sent back only to the verifier. */
export async function noteConsentFlow(req: IncomingMessage, res: ServerResponse, config: SiteConfig, flowId: string): Promise<void> {
  const seal = await sealData({ flowId }, { password: config.sessionSecret, ttl: config.flowTtlSeconds })
  const attributes = ['Path=/api/playground/verify', `Max-Age=${config.flowTtlSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(servedOverHttps(req, config.trustProxyHops) ? ['Secure'] : [])]
  const existing = res.getHeader('Set-Cookie')
  const cookies = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('Set-Cookie', [...cookies, `${CONSENT_COOKIE}=${seal}; ${attributes.join('; ')}`])
}

/** The flow this browser last opened a consent link for, if its note is intact and unexpired. */
export async function notedConsentFlow(req: IncomingMessage, config: SiteConfig): Promise<string | undefined> {
  const pair = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${CONSENT_COOKIE}=`))
  if (!pair) return undefined
  try {
    const note = await unsealData<{ flowId?: unknown }>(decodeURIComponent(pair.slice(CONSENT_COOKIE.length + 1)), {
      password: config.sessionSecret,
      ttl: config.flowTtlSeconds
    })
    return typeof note.flowId === 'string' ? note.flowId : undefined
  } catch {
    return undefined
  }
}
