/** The reader's whole sandbox flow, step by step, through any site origin (a cookie-keeping Visitor). */
import assert from 'node:assert/strict'
import { parseConsentForm } from './sandbox'
import type { Visitor } from './site'
import type { JiraResponse, StartResponse, StatusResponse } from '../../contract/playground-api'

export const ALL_SCOPES = ['read:jira-work', 'read:jira-user', 'read:me']

/** `origin` picks the instance; without it the Visitor's own. */
export async function startFlow(visitor: Visitor, origin = visitor.origin, scopes = ALL_SCOPES): Promise<StartResponse> {
  const started = await visitor.json<StartResponse>(`${origin}/api/playground/start`, { scopes })
  assert.equal(started.status, 200, JSON.stringify(started.body))
  return started.body
}

/** The popup: the consent page, Accept, then every redirect (callback, the site's verifier, next_uri). */
export async function consentInPopup(visitor: Visitor, consentUrl: string, origin = visitor.origin) {
  // The site's consent link, then Arcade's consent URL, then the consent page.
  const opened = await visitor.navigate(new URL(consentUrl, origin).href)
  const page = opened.at(-1)!
  assert.equal(page.status, 200, 'consent page')
  const form = parseConsentForm(page.body)
  const body = new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
  const hops = await visitor.navigate(`${origin}/api/sandbox/atlassian/authorize`, { method: 'POST', body })
  assert.ok(hops.some((h) => h.url.includes('/api/playground/verify?flow_id=') && h.status === 303), `verifier hop: ${hops.map((h) => `${h.status} ${h.url}`).join(' -> ')}`)
  assert.equal(hops.at(-1)!.status, 200, `last hop: ${hops.at(-1)!.body.slice(0, 200)}`)
  return hops
}

export async function waitForCompletion(visitor: Visitor, flowId: string, origin = visitor.origin): Promise<StatusResponse> {
  const status = await visitor.json<StatusResponse>(`${origin}/api/playground/status?flowId=${encodeURIComponent(flowId)}&wait=5`)
  assert.equal(status.status, 200, JSON.stringify(status.body))
  assert.equal(status.body.status, 'completed')
  return status.body
}

export async function listProjects(visitor: Visitor, flowId: string, origin = visitor.origin): Promise<JiraResponse> {
  const jira = await visitor.json<JiraResponse>(`${origin}/api/playground/jira`, { flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(jira.status, 200, JSON.stringify(jira.body))
  assert.equal(jira.body.projects.values.length, 10)
  return jira.body
}
