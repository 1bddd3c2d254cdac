import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { assertMatchesJiraSchema } from '../helpers/jira-schema'
import { personForUser } from '../../lib/sandbox/accounts'
import { authorizeOverHttp, startStandaloneSandbox, type StartedSandbox } from '../helpers/sandbox'

describe('Atlassian gateway: accessible-resources, /me and Jira', () => {
  let s: StartedSandbox
  let fullToken: string
  let workOnlyToken: string
  let bigSite: string
  let smallSite: string

  before(async () => {
    // Atlassian keeps one grant per app per account, so the narrower token comes from a second app (provider record).
    s = await startStandaloneSandbox({ providers: [{ id: 'atlassian-full', type: 'atlassian' }, { id: 'atlassian-work', type: 'atlassian' }] })
    ;[bigSite, smallSite] = s.sandbox.world.sites.map((site) => site.cloudId) as [string, string]
    fullToken = (await authorizeOverHttp(s, { userId: 'jira-full', scopes: ['read:jira-work', 'read:jira-user', 'read:me'], siteIds: [bigSite, smallSite], providerId: 'atlassian-full' })).token
    workOnlyToken = (await authorizeOverHttp(s, { userId: 'jira-work', scopes: ['read:jira-work'], siteIds: [bigSite], providerId: 'atlassian-work' })).token
  })
  after(() => s.close())

  const get = (path: string, token = fullToken) => fetch(`${s.atlassianBase}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
  const search = async (cloudId: string, query = '') => {
    const res = await get(`/ex/jira/${cloudId}/rest/api/3/project/search${query}`)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type')!, /^application\/json/)
    const body = await res.json()
    assertMatchesJiraSchema('PageBeanProject', body)
    return body
  }

  test('the world has a large site with all three project types and several categories, and a small one', () => {
    const [big, small] = s.sandbox.world.sites
    assert.ok(big!.projects.length >= 60)
    assert.deepEqual(new Set(big!.projects.map((p) => p.projectTypeKey)), new Set(['software', 'service_desk', 'business']))
    assert.ok(big!.categories.length >= 3)
    assert.ok(small!.projects.length > 0 && small!.projects.length < 10)
  })

  test('accessible-resources lists the granted sites with their scopes', async () => {
    const res = await get('/oauth/token/accessible-resources')
    assert.equal(res.status, 200)
    const sites = (await res.json()) as Array<{ id: string; name: string; url: string; scopes: string[]; avatarUrl: string }>
    assert.deepEqual(sites.map((x) => x.id).sort(), [bigSite, smallSite].sort())
    for (const site of sites) {
      assert.match(site.url, /^https:\/\/[a-z-]+\.atlassian\.net$/)
      assert.ok(site.scopes.includes('read:jira-work'))
      assert.ok(!site.scopes.includes('offline_access'))
      assert.equal((await fetch(site.avatarUrl)).headers.get('content-type'), 'image/svg+xml')
    }
    const workOnly = await (await get('/oauth/token/accessible-resources', workOnlyToken)).json()
    assert.deepEqual(workOnly.map((x: { id: string }) => x.id), [bigSite])
  })

  test('/me returns the profile with read:me and a scope error without it', async () => {
    const me = await (await get('/me')).json()
    assert.equal(me.account_id, personForUser('jira-full').accountId)
    assert.equal(me.email, personForUser('jira-full').email)
    assert.equal(me.account_type, 'atlassian')
    assert.match(me.picture, /^http:\/\/127\.0\.0\.1:\d+\/atlassian\/avatars\/user\//)
    const denied = await get('/me', workOnlyToken)
    assert.equal(denied.status, 401)
    assert.equal(denied.headers.get('x-failure-category'), 'FAILURE_CLIENT_SCOPE_CHECK')
  })

  test('paging walks every project exactly once, with nextPage only when another page exists', async () => {
    const expected = s.sandbox.world.sites[0]!.projects.length
    const seen: string[] = []
    let next: string | undefined = `${s.atlassianBase}/ex/jira/${bigSite}/rest/api/3/project/search?maxResults=25`
    let pages = 0
    while (next) {
      const res: Response = await fetch(next, { headers: { Authorization: `Bearer ${fullToken}` } })
      const page = (await res.json()) as { total: number; maxResults: number; isLast: boolean; nextPage?: string; values: Array<{ id: string }> }
      assertMatchesJiraSchema('PageBeanProject', page)
      assert.equal(page.total, expected)
      assert.equal(page.maxResults, 25)
      assert.equal(page.isLast, page.nextPage === undefined)
      seen.push(...page.values.map((p: { id: string }) => p.id))
      next = page.nextPage
      pages++
    }
    assert.equal(pages, Math.ceil(expected / 25))
    assert.equal(seen.length, expected)
    assert.equal(new Set(seen).size, expected)
  })

  test('maxResults defaults to 50 and is clamped to 100', async () => {
    const first = await search(bigSite)
    assert.equal(first.maxResults, 50)
    assert.equal(first.values.length, 50)
    assert.equal(first.startAt, 0)
    assert.equal(first.isLast, false)
    const clamped = await search(bigSite, '?maxResults=1000')
    assert.equal(clamped.maxResults, 100)
    assert.equal(clamped.isLast, true)
    assert.equal(clamped.nextPage, undefined)
    const bad = await get(`/ex/jira/${bigSite}/rest/api/3/project/search?startAt=-1`)
    assert.equal(bad.status, 400)
    assertMatchesJiraSchema('ErrorCollection', await bad.json())
  })

  test('query matches key or name case-insensitively', async () => {
    const byName = await search(bigSite, '?query=HELP%20desk')
    assert.ok(byName.values.length > 0)
    for (const p of byName.values) assert.match(p.name, /help desk/i)
    const byKey = await search(bigSite, '?query=payc')
    assert.ok(byKey.values.some((p: { key: string }) => p.key === 'PAYC'))
    assert.equal((await search(bigSite, '?query=zzzz-nothing')).total, 0)
  })

  test('typeKey filters by a comma list of project types', async () => {
    const desks = await search(bigSite, '?typeKey=service_desk&maxResults=100')
    assert.ok(desks.total > 0)
    assert.ok(desks.values.every((p: { projectTypeKey: string }) => p.projectTypeKey === 'service_desk'))
    const two = await search(bigSite, '?typeKey=software,business&maxResults=100')
    assert.equal(two.total + desks.total, s.sandbox.world.sites[0]!.projects.length)
  })

  test('orderBy key, name and category, ascending and descending', async () => {
    const keys = (await search(bigSite, '?maxResults=100')).values.map((p: { key: string }) => p.key)
    assert.deepEqual(keys, [...keys].sort((a: string, b: string) => a.localeCompare(b)))
    const keysDesc = (await search(bigSite, '?maxResults=100&orderBy=-key')).values.map((p: { key: string }) => p.key)
    assert.deepEqual(keysDesc, [...keys].reverse())
    const names = (await search(bigSite, '?maxResults=100&orderBy=%2Bname')).values.map((p: { name: string }) => p.name)
    assert.deepEqual(names, [...names].sort((a: string, b: string) => a.localeCompare(b)))
    const categories = (await search(bigSite, '?maxResults=100&orderBy=-category')).values.map(
      (p: { projectCategory?: { name: string } }) => p.projectCategory?.name ?? '',
    )
    assert.deepEqual(categories, [...categories].sort((a: string, b: string) => b.localeCompare(a)))
    assert.equal((await get(`/ex/jira/${bigSite}/rest/api/3/project/search?orderBy=colour`)).status, 400)
  })

  test('expand=description,insight,lead still matches the schema', async () => {
    const page = await search(bigSite, '?expand=description,insight,lead&maxResults=5')
    const project = page.values[0]
    assert.ok(project.description)
    assert.equal(typeof project.insight.totalIssueCount, 'number')
    assert.ok(project.lead.accountId)
  })

  test('myself validates against the User schema and needs read:jira-user', async () => {
    for (const site of [bigSite, smallSite]) {
      const res = await get(`/ex/jira/${site}/rest/api/3/myself`)
      assert.equal(res.status, 200)
      const me = await res.json()
      assertMatchesJiraSchema('User', me)
      assert.equal(me.accountId, personForUser('jira-full').accountId)
      assert.equal(me.displayName, personForUser('jira-full').displayName)
    }
    const denied = await get(`/ex/jira/${bigSite}/rest/api/3/myself`, workOnlyToken)
    assert.equal(denied.status, 401)
    assert.deepEqual(await denied.json(), { code: 401, message: 'Unauthorized; scope does not match' })
    assert.equal(denied.headers.get('x-failure-category'), 'FAILURE_CLIENT_SCOPE_CHECK')
  })

  test('project/search needs read:jira-work', async () => {
    const idOnly = (await authorizeOverHttp(s, { userId: 'jira-me-only', scopes: ['read:jira-user'], providerId: 'atlassian-full' })).token
    const denied = await get(`/ex/jira/${bigSite}/rest/api/3/project/search`, idOnly)
    assert.equal(denied.status, 401)
    assert.deepEqual(await denied.json(), { code: 401, message: 'Unauthorized; scope does not match' })
    assert.equal(denied.headers.get('x-failure-category'), 'FAILURE_CLIENT_SCOPE_CHECK')
  })

  test('a bad token is 401, an unknown cloud id 404, a site outside the grant 401', async () => {
    const bad = await get(`/ex/jira/${bigSite}/rest/api/3/project/search`, 'sbx_at_forged')
    assert.equal(bad.status, 401)
    assert.equal(bad.headers.get('x-failure-category'), null)
    const none = await fetch(`${s.atlassianBase}/ex/jira/${bigSite}/rest/api/3/myself`)
    assert.equal(none.status, 401)
    const unknown = await get('/ex/jira/00000000-0000-4000-8000-000000000000/rest/api/3/project/search')
    assert.equal(unknown.status, 404)
    assert.match(unknown.headers.get('content-type')!, /^application\/json/)
    const outside = await get(`/ex/jira/${smallSite}/rest/api/3/project/search`, workOnlyToken)
    assert.equal(outside.status, 401)
  })

  test('an expired access token is 401', async () => {
    const short = await startStandaloneSandbox({ ttl: { accessTokenSeconds: 1 } })
    try {
      const { token } = await authorizeOverHttp(short, { userId: 'expiring', scopes: ['read:jira-work'] })
      const cloudId = short.sandbox.world.sites[0]!.cloudId
      const call = () => fetch(`${short.atlassianBase}/ex/jira/${cloudId}/rest/api/3/project/search`, { headers: { Authorization: `Bearer ${token}` } })
      assert.equal((await call()).status, 200)
      await new Promise((r) => setTimeout(r, 1100))
      assert.equal((await call()).status, 401)
    } finally {
      await short.close()
    }
  })
})
