// Fair shares: a flood of cookieless starts from a dozen loopback addresses cannot push a real visitor's pending
// consent or completed grant out of the sandbox's store or the site's flow bindings. The stores' bounds are
// shrunk (a tenth of the defaults) so that a flood of a few thousand starts overfills them; the rule under test is
// the same at any size.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { reloadConfig } from '../../lib/config'
import { flowBindingBounds } from '../../lib/playground/flow-bindings'
import { embeddedStoreBounds } from '../../lib/sandbox/embedded'
import { parseConsentForm } from '../helpers/sandbox'
import { floodStarts, loopbackAddresses } from '../helpers/flood'
import { startFlow, waitForCompletion, consentInPopup } from '../helpers/flow'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import type { JiraResponse } from '../../contract/playground-api'

// Each start stores three sandbox entries (flow, state, the user's flow list) and one binding: 2,400 starts
// are 7,200 entries and 2,400 bindings, three and two times what the shrunk stores hold.
embeddedStoreBounds.maxStoreEntries = 2_400
flowBindingBounds.maxEntries = 1_200
const ADDRESSES = loopbackAddresses(12)
const STARTS_PER_ADDRESS = 200

let site: SiteServer
before(async () => {
  // The per-address limit is not what is tested here (the reported flood stayed under it).
  process.env.RATE_LIMIT_PER_IP_PER_MINUTE = '1000000'
  reloadConfig()
  site = await startSite()
})
after(async () => {
  await site.close()
  delete process.env.RATE_LIMIT_PER_IP_PER_MINUTE
  reloadConfig()
})

test('a flood of cookieless starts from 12 addresses leaves a visitor’s completed grant and pending consent working', { timeout: 120_000 }, async () => {
  const victim = new Visitor(site.origin)
  const granted = await startFlow(victim, site.origin, ['read:jira-work'])
  await consentInPopup(victim, granted.url!)
  await waitForCompletion(victim, granted.flowId)
  // A second run waits on the consent page: the form is open, not yet submitted.
  const pending = await startFlow(victim, site.origin, ['read:jira-work', 'read:me'])
  assert.equal(pending.status, 'pending')
  const opened = await victim.navigate(new URL(pending.url!, site.origin).href)
  const form = parseConsentForm(opened.at(-1)!.body)

  const flood = await floodStarts({ origin: site.origin, addresses: ADDRESSES, perAddress: STARTS_PER_ADDRESS, deadlineMs: 90_000 })
  assert.equal(flood.sent, ADDRESSES.length * STARTS_PER_ADDRESS, `the whole flood was sent (${JSON.stringify(flood)})`)
  assert.ok((flood.statuses[200] ?? 0) >= flood.sent * 0.95, `the flood's starts were served: ${JSON.stringify(flood.statuses)}`)

  // The completed grant: its flow still answers, its token still lists projects, a new run completes at once.
  assert.equal((await victim.json(`/api/playground/status?flowId=${granted.flowId}`)).body.status, 'completed')
  const jira = await victim.json<JiraResponse>('/api/playground/jira', { flowId: granted.flowId, query: '', startAt: 0, maxResults: 10 })
  assert.equal(jira.status, 200, JSON.stringify(jira.body).slice(0, 300))
  assert.equal(jira.body.projects.values.length, 10)
  assert.equal((await startFlow(victim, site.origin, ['read:jira-work'])).status, 'completed', 'the grant is still held')

  // The pending consent: Accept still works and the flow completes.
  const hops = await victim.navigate(`${site.origin}/api/sandbox/atlassian/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! })
  })
  assert.equal(hops.at(-1)!.status, 200, hops.map((h) => `${h.status} ${h.url} ${h.body.slice(0, 120)}`).join('\n'))
  await waitForCompletion(victim, pending.flowId)
})
