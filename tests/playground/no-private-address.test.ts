// No private address in any answer: the Jira step's profile picture (Atlassian /me) in the embedded sandbox named
// the loopback address the site's server called (http://127.0.0.1:<port>/...), whatever host the reader used.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { consentInPopup, startFlow, waitForCompletion } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { JiraResponse } from '../../contract/playground-api'

let site: SiteServer
before(async () => {
  site = await startSite()
})
after(async () => {
  await site.close()
})

test('the Jira answer names the avatar by the site’s own path and carries no loopback address anywhere', async () => {
  const visitor = new Visitor(site.origin)
  const started = await startFlow(visitor)
  await consentInPopup(visitor, started.url!)
  await waitForCompletion(visitor, started.flowId)
  const response = await visitor.request('/api/playground/jira', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Host: 'docs.example.com' },
    body: JSON.stringify({ flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })
  })
  const text = await response.text()
  assert.equal(response.status, 200, text.slice(0, 300))
  const body = JSON.parse(text) as JiraResponse
  assert.match(body.profile?.picture ?? '', /^\/api\/sandbox\/atlassian\/avatars\/user\/[^/]+\.svg$/)
  const { port, hostname } = new URL(site.origin)
  assert.ok(!text.includes(hostname) && !text.includes(`:${port}`), 'no loopback host or port in the answer')
  // The reader's browser can load it from the site.
  const avatar = await visitor.request(body.profile!.picture!)
  assert.equal(avatar.status, 200)
  assert.equal(avatar.headers.get('content-type'), 'image/svg+xml')
})
