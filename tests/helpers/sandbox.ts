/**
 * Test helpers for driving the sandbox over real HTTP: start a standalone server on a free loopback port,
 * and play the browser's part of the OAuth dance (consent page, callback, verifier hop) with plain fetch.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Arcade from '@arcadeai/arcadejs'
import { createSandbox, type Sandbox, type SandboxOptions } from '../../lib/sandbox/index'

export const TEST_API_KEY = 'test-sandbox-key'

export interface StartedSandbox {
  /** e.g. `http://127.0.0.1:54321`: the SDK's baseURL and the sandbox's public base. */
  baseUrl: string
  /** Atlassian's API base in this sandbox (where `https://api.atlassian.com` would be). */
  atlassianBase: string
  apiKey: string
  sandbox: Sandbox
  /** A real SDK client pointed at the sandbox (no retries, so tests see the first answer). */
  arcade: Arcade
  /** How many HTTP requests the sandbox has received so far (any path, any client). */
  requestCount(): number
  close(): Promise<void>
}

export type StandaloneOptions = Partial<Omit<SandboxOptions, 'publicBase' | 'basePath'>>

/** Start `createSandbox` behind `http.createServer` on 127.0.0.1:0. */
export async function startStandaloneSandbox(options: StandaloneOptions = {}): Promise<StartedSandbox> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const apiKey = options.apiKey ?? TEST_API_KEY
  const sandbox = createSandbox({ ...options, apiKey, publicBase: baseUrl })
  let requests = 0
  server.on('request', () => void requests++)
  server.on('request', sandbox.handler)
  return {
    baseUrl,
    atlassianBase: `${baseUrl}/atlassian`,
    apiKey,
    sandbox,
    arcade: new Arcade({ apiKey, baseURL: baseUrl, maxRetries: 0 }),
    requestCount: () => requests,
    async close() {
      await sandbox.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export interface BrowserHop {
  status: number
  /** The Location header, resolved to an absolute URL (undefined when the response is not a redirect). */
  location?: string
  body: string
}

/** One browser request without following redirects. */
export async function visit(url: string, baseUrl: string, init: RequestInit = {}): Promise<BrowserHop> {
  const res = await fetch(new URL(url, baseUrl), { ...init, redirect: 'manual' })
  const location = res.headers.get('location')
  return { status: res.status, location: location ? new URL(location, baseUrl).href : undefined, body: await res.text() }
}

/** The consent page's form, read the way a browser would: the opaque request id and the offered sites. */
export function parseConsentForm(html: string): { action: string; requestId: string; siteIds: string[] } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1]
  if (!action || !requestId) throw new Error('consent page has no consent form')
  const siteIds = [...html.matchAll(/type="radio" name="site" value="([^"]+)"/g)].map((m) => m[1]!)
  return { action, requestId, siteIds }
}

export interface ConsentOptions {
  baseUrl: string
  /** Press Accept (default) or Deny. */
  accept?: boolean
  /** Sites to grant; default the pre-selected (first) one. Several ids build a multi-site grant at once. */
  siteIds?: string[]
}

/** Open the consent URL, submit the form, and return where Atlassian sends the browser (redirect_uri?code=… or ?error=…). */
export async function consentOverHttp(consentUrl: string, { baseUrl, accept = true, siteIds }: ConsentOptions): Promise<BrowserHop & { location: string }> {
  const page = await visit(consentUrl, baseUrl)
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.body.slice(0, 200)}`)
  const form = parseConsentForm(page.body)
  const body = new URLSearchParams({ request: form.requestId, decision: accept ? 'accept' : 'deny' })
  for (const id of siteIds ?? form.siteIds.slice(0, 1)) body.append('site', id)
  const hop = await visit(form.action, baseUrl, { method: 'POST', body })
  if (!hop.location) throw new Error(`consent answered ${hop.status} without a redirect`)
  return { ...hop, location: hop.location }
}

/**
 * Play the custom verifier: read `flow_id` from the 303 Location, confirm the user with the SDK, then let the
 * "browser" visit `next_uri`, which is what finalises the grant.
 */
export async function completeVerifierHop(
  verifierLocation: string,
  { arcade, baseUrl, userId }: { arcade: Arcade; baseUrl: string; userId: string },
): Promise<{ flowId: string; authId: string; nextUri: string; nextUriVisit: BrowserHop }> {
  const flowId = new URL(verifierLocation).searchParams.get('flow_id')
  if (!flowId) throw new Error(`no flow_id in ${verifierLocation}`)
  const confirmed = await arcade.auth.confirmUser({ flow_id: flowId, user_id: userId })
  if (!confirmed.next_uri) throw new Error('confirm_user returned no next_uri')
  return { flowId, authId: confirmed.auth_id, nextUri: confirmed.next_uri, nextUriVisit: await visit(confirmed.next_uri, baseUrl) }
}

export interface AuthorizedUser {
  authId: string
  token: string
}

/**
 * The whole flow over HTTP, as the site and a browser would run it: `auth.start`, consent, the Arcade callback,
 * the verifier hop when one is configured, then `auth.status` until completed.
 */
export async function authorizeOverHttp(
  started: StartedSandbox,
  { userId, scopes, providerId = 'atlassian', siteIds }: { userId: string; scopes: string[]; providerId?: string; siteIds?: string[] },
): Promise<AuthorizedUser> {
  const { arcade, baseUrl } = started
  const start = await arcade.auth.start(userId, providerId, { scopes })
  if (start.status === 'completed') return { authId: start.id!, token: start.context!.token! }
  const consent = await consentOverHttp(start.url!, { baseUrl, siteIds })
  const callback = await visit(consent.location, baseUrl)
  if (callback.location && new URL(callback.location).searchParams.has('flow_id')) {
    await completeVerifierHop(callback.location, { arcade, baseUrl, userId })
  }
  const status = await arcade.auth.status({ id: start.id!, wait: 1 })
  if (status.status !== 'completed' || !status.context?.token) throw new Error(`flow ended ${status.status}`)
  return { authId: start.id!, token: status.context.token }
}
