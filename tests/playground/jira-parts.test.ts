// The Jira step's partial runs (contract JiraRequest.parts): a page turn or a search calls project/search alone.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { consentInPopup, startFlow, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { ApiErrorBody, JiraResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

const atlassianCalls = (jira: JiraResponse) => jira.exchanges.map((e) => e.url).filter((u) => /\/atlassian\//.test(u))

async function completedFlow() {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  await consentInPopup(visitor, started.url!)
  await waitForCompletion(visitor, started.flowId)
  return { visitor, flowId: started.flowId }
}

test('parts projects with the cloud id calls project/search alone, tagged with the action', async () => {
  const { visitor, flowId } = await completedFlow()
  const full = await visitor.json<JiraResponse>('/api/playground/jira', { flowId, query: '', startAt: 0, maxResults: 10, action: 'run' })
  assert.equal(full.status, 200, JSON.stringify(full.body))
  assert.equal(atlassianCalls(full.body).filter((u) => /accessible-resources/.test(u)).length, 1)
  const cloudId = full.body.site.id

  const turn = await visitor.json<JiraResponse>('/api/playground/jira', { flowId, cloudId, query: '', startAt: 10, maxResults: 10, parts: ['projects'], action: 'page' })
  assert.equal(turn.status, 200, JSON.stringify(turn.body))
  const calls = atlassianCalls(turn.body)
  assert.equal(calls.length, 1, calls.join('\n'))
  assert.match(calls[0], /\/rest\/api\/3\/project\/search\?/)
  assert.equal(turn.body.projects.startAt, 10)
  assert.equal(turn.body.sites, undefined)
  assert.equal(turn.body.myself, undefined)
  assert.ok(turn.body.exchanges.every((e) => e.action === 'page'))
})

test('parts projects without a cloud id is a JSON 400 naming cloudId; a site name picks the site', async () => {
  const { visitor, flowId } = await completedFlow()
  const missing = await visitor.json<ApiErrorBody>('/api/playground/jira', { flowId, query: '', startAt: 0, maxResults: 10, parts: ['projects'] })
  assert.equal(missing.status, 400)
  assert.equal(missing.body.error.code, 'invalid_request')
  assert.equal(missing.body.error.field, 'cloudId')

  const first = await visitor.json<JiraResponse>('/api/playground/jira', { flowId, query: '', startAt: 0, maxResults: 10 })
  const byName = await visitor.json<JiraResponse>('/api/playground/jira', { flowId, site: first.body.site.name, query: '', startAt: 0, maxResults: 10 })
  assert.equal(byName.status, 200, JSON.stringify(byName.body))
  assert.equal(byName.body.site.id, first.body.site.id)
})
