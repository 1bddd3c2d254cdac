// A world of its own for each visitor: every Arcade user id consents as its own derived Atlassian account, holds
// only its own grants, and nothing one visitor does changes what another sees (standalone sandbox and the site).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { accountIdForUser, personForAccount, personForUser } from '../../lib/sandbox/accounts'
import { consentOverHttp, parseConsentForm, startStandaloneSandbox, visit, type StartedSandbox } from '../helpers/sandbox'
import { startSite, Visitor, type SiteServer } from '../helpers/site'
import { waitForCompletion } from '../helpers/flow'
import type { JiraResponse, StartResponse } from '../../contract/playground-api'

const SCOPES = ['read:jira-work', 'read:jira-user', 'read:me']

test('accounts are derived: stable per user id, distinct across user ids, and the person follows from the account id alone', () => {
  const a = accountIdForUser('visitor-a')
  assert.equal(accountIdForUser('visitor-a'), a)
  assert.match(a, /^712020:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  const ids = new Set(Array.from({ length: 200 }, (_, i) => accountIdForUser(`visitor-${i}`)))
  assert.equal(ids.size, 200)
  const person = personForAccount(a)!
  assert.deepEqual(personForUser('visitor-a'), person)
  assert.match(person.displayName, /^[A-Z][a-z]+ [A-Z][a-z]+$/)
  assert.match(person.email, /^[a-z]+\.[a-z]+\.[0-9a-f]{2}@example\.com$/)
  assert.equal(personForAccount('712020:not-a-uuid'), undefined)
})

describe('standalone sandbox', () => {
  let s: StartedSandbox
  before(async () => {
    s = await startStandaloneSandbox()
  })
  after(async () => {
    await s.close()
  })

  /** Start, open the consent page (returning what it shows), accept with the given site, finish. */
  async function authorize(userId: string, pickSite: (siteIds: string[]) => string, scopes = SCOPES) {
    const started = await s.arcade.auth.start(userId, 'atlassian', { scopes })
    const page = await visit(started.url!, s.baseUrl)
    const form = parseConsentForm(page.body)
    const consent = await consentOverHttp(started.url!, { baseUrl: s.baseUrl, siteIds: [pickSite(form.siteIds)] })
    await visit(consent.location, s.baseUrl)
    const done = await s.arcade.auth.status({ id: started.id!, wait: 1 })
    assert.equal(done.status, 'completed')
    return { page: page.body, token: done.context!.token!, done, siteIds: form.siteIds }
  }
  const gateway = async (token: string, path: string) =>
    fetch(`${s.atlassianBase}${path}`, { headers: { Authorization: `Bearer ${token}` } })

  test('each user consents as its own account, reaches only the site it chose, and /me and /myself answer for it', async () => {
    const a = await authorize('iso-a', (ids) => ids[1]!)
    const b = await authorize('iso-b', (ids) => ids[0]!)
    const [acme, northwind] = [a.siteIds[0]!, a.siteIds[1]!]
    const personA = personForUser('iso-a')
    const personB = personForUser('iso-b')
    assert.notEqual(personA.accountId, personB.accountId)
    assert.ok(a.page.includes(personA.displayName) && !a.page.includes(personB.displayName), 'the consent page names the signed-in visitor')
    assert.ok(b.page.includes(personB.displayName))

    const sitesA = (await (await gateway(a.token, '/oauth/token/accessible-resources')).json()) as Array<{ id: string; name: string }>
    const sitesB = (await (await gateway(b.token, '/oauth/token/accessible-resources')).json()) as Array<{ id: string; name: string }>
    assert.deepEqual(sitesA.map((x) => x.name), ['northwind-studio'])
    assert.deepEqual(sitesB.map((x) => x.name), ['acme-robotics'])
    assert.equal((await gateway(a.token, `/ex/jira/${acme}/rest/api/3/project/search`)).status, 401, "A's token does not reach B's site")
    const northwindProjects = await (await gateway(a.token, `/ex/jira/${northwind}/rest/api/3/project/search`)).json()
    assert.equal(northwindProjects.total, 5)

    assert.equal((await (await gateway(a.token, '/me')).json()).account_id, personA.accountId)
    assert.equal((await (await gateway(b.token, '/me')).json()).email, personB.email)
    assert.equal((await (await gateway(a.token, `/ex/jira/${northwind}/rest/api/3/myself`)).json()).displayName, personA.displayName)
    assert.equal((a.done.context?.user_info as { account_id?: string }).account_id, personA.accountId)

    // The avatar route renders any visitor's initials from the account id alone.
    const me = await (await gateway(a.token, '/me')).json()
    const avatar = await fetch(me.picture)
    assert.equal(avatar.status, 200)
    const initials = personA.displayName.split(' ').map((w) => w[0]).join('')
    assert.match(await avatar.text(), new RegExp(`aria-label="${initials}"`))
  })

  test('the most recently chosen site comes first; a completed authorization reports the whole grant', async () => {
    const first = await authorize('iso-order', (ids) => ids[0]!)
    // A wider request needs consent again; this time the other site is chosen.
    const second = await authorize('iso-order', (ids) => ids[1]!, [...SCOPES, 'manage:jira-project'])
    const sites = (await (await gateway(second.token, '/oauth/token/accessible-resources')).json()) as Array<{ name: string }>
    assert.deepEqual(sites.map((x) => x.name), ['northwind-studio', 'acme-robotics'])
    assert.ok(first.token !== second.token)

    // A later request for fewer scopes completes at once and reports what the token carries.
    const again = await s.arcade.auth.start('iso-order', 'atlassian', { scopes: ['read:me'] })
    assert.equal(again.status, 'completed')
    assert.deepEqual([...again.scopes!].sort(), ['manage:jira-project', 'offline_access', ...SCOPES].sort())
  })

  test("one user's denial leaves another user's pending flow and grant alone", async () => {
    const keep = await authorize('iso-keeper', (ids) => ids[0]!)
    const denier = await s.arcade.auth.start('iso-denier', 'atlassian', { scopes: SCOPES })
    const other = await s.arcade.auth.start('iso-waiter', 'atlassian', { scopes: SCOPES })
    const denied = await consentOverHttp(denier.url!, { baseUrl: s.baseUrl, accept: false })
    await visit(denied.location, s.baseUrl)
    assert.equal((await s.arcade.auth.status({ id: denier.id! })).status, 'failed')
    assert.equal((await s.arcade.auth.status({ id: other.id! })).status, 'pending')
    assert.equal((await gateway(keep.token, '/me')).status, 200)
  })
})

describe('the site (embedded sandbox)', () => {
  let site: SiteServer
  before(async () => {
    site = await startSite()
  })
  after(async () => {
    await site.close()
  })

  async function runWithSite(visitor: Visitor, siteIndex: number) {
    const started = (await visitor.json<StartResponse>('/api/playground/start', { scopes: SCOPES })).body
    // The site's consent link, then Arcade's consent URL, then the consent page.
    const hops = await visitor.navigate(started.url!)
    const form = parseConsentForm(hops[hops.length - 1]!.body)
    await visitor.navigate('/api/sandbox/atlassian/authorize', {
      method: 'POST',
      body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[siteIndex]! })
    })
    await waitForCompletion(visitor, started.flowId)
    const jira = await visitor.json<JiraResponse>('/api/playground/jira', { flowId: started.flowId, query: '', startAt: 0, maxResults: 10 })
    assert.equal(jira.status, 200, JSON.stringify(jira.body))
    return { html: hops[hops.length - 1]!.body, jira: jira.body }
  }

  test('two visitors at once: each sees only the site they chose, as themselves', async () => {
    const [north, acme] = await Promise.all([runWithSite(new Visitor(site.origin), 1), runWithSite(new Visitor(site.origin), 0)])
    assert.equal(north.jira.site.name, 'northwind-studio')
    assert.deepEqual(north.jira.sites!.map((x) => x.name), ['northwind-studio'])
    assert.equal(north.jira.projects.total, 5)
    assert.equal(acme.jira.site.name, 'acme-robotics')
    assert.deepEqual(acme.jira.sites!.map((x) => x.name), ['acme-robotics'])
    assert.equal(acme.jira.projects.total, 64)
    assert.notEqual(north.jira.profile!.account_id, acme.jira.profile!.account_id)
    assert.notEqual(north.jira.myself!.accountId, acme.jira.myself!.accountId)
    assert.ok(north.html.includes(north.jira.profile!.name))
  })
})
