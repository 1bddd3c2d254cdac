// The site search (lib/docs/search.ts, the same ranking the search box uses): a pasted error string puts the
// troubleshooting entry that quotes it first, each section appears once, and every answer is bounded.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { searchDocs, type DocsSearchHit } from '../../lib/docs/search'
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS } from '../../lib/docs/search-engine'
import { listSitePages } from '../../lib/docs/site-pages'
import { quotedErrors } from '../helpers/troubleshooting-quotes'

const { unique, shared } = quotedErrors()

function assertNoRepeats(query: string, hits: DocsSearchHit[]) {
  const labels = hits.map((h) => `${h.title} › ${h.section ?? ''}`)
  assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), [], `"${query}" lists a heading twice`)
  const urls = hits.map((h) => h.url)
  assert.deepEqual(urls.filter((u, i) => urls.indexOf(u) !== i), [], `"${query}" lists a section twice`)
}

test('the troubleshooting page quotes enough error strings for the test to mean something', () => {
  assert.ok(unique.length >= 40, `only ${unique.length} quoted strings found`)
  assert.ok(new Set(unique.map((q) => q.anchor)).size >= 30)
})

for (const { anchor, quote } of unique) {
  test(`pasting ${JSON.stringify(quote)} puts #${anchor} first`, async () => {
    const hits = await searchDocs(quote)
    assert.equal(hits[0]?.url, `/troubleshooting#${anchor}`, hits.map((h) => h.url).join(', '))
    assertNoRepeats(quote, hits)
  })
}

test('a string several entries quote puts one of them first, and each of them in the first few', async () => {
  const byQuote = new Map<string, typeof shared>()
  for (const q of shared) byQuote.set(q.quote, [...(byQuote.get(q.quote) ?? []), q])
  assert.ok(byQuote.size > 0)
  for (const [quote, quoting] of byQuote) {
    const hits = await searchDocs(quote)
    const urls = hits.map((h) => h.url)
    const wanted = quoting.map((q) => `/troubleshooting#${q.anchor}`)
    assert.ok(wanted.includes(urls[0]), `"${quote}": first is ${urls[0]}`)
    for (const url of wanted) assert.ok(urls.slice(0, 3).includes(url), `"${quote}": ${url} not in the first three`)
    assertNoRepeats(quote, hits)
  }
})

test("the issue's examples: the matching entry first, whether pasted alone or with the words around it", async () => {
  for (const query of ['scope does not match', 'Unauthorized; scope does not match', '  "Unauthorized; scope does not match"  ']) {
    const hits = await searchDocs(query)
    assert.equal(hits[0].url, '/troubleshooting#scope-does-not-match', query)
    assertNoRepeats(query, hits)
  }
  assert.equal((await searchDocs('redirect URL'))[0].url, '/auth-providers/atlassian#enter-the-provider-details')
  assert.equal((await searchDocs('user_mismatch'))[0].url, '/troubleshooting#user-mismatch')
  assert.equal((await searchDocs('access_denied'))[0].url, '/troubleshooting#access-denied')
})

test('hits name the page, the section and a site path whose anchor the page has', async () => {
  const pages = new Map(listSitePages().map((p) => [p.route, p.title]))
  const hits = await searchDocs('consent', { limit: MAX_LIMIT })
  assert.equal(hits.length, MAX_LIMIT)
  for (const hit of hits) {
    const [route, anchor] = hit.url.split('#')
    assert.equal(hit.title, pages.get(route), hit.url)
    if (anchor !== undefined) assert.match(anchor, /^[a-z0-9-]+$/)
    assert.equal(hit.section === undefined, anchor === undefined, `${hit.url}: a section exactly when an anchor`)
    assert.ok(hit.excerpt.length > 0 && hit.excerpt.length <= 190, `${hit.url}: excerpt of ${hit.excerpt.length} characters`)
  }
  assertNoRepeats('consent', hits)
  const entry = (await searchDocs('invalid_grant'))[0]
  assert.deepEqual(
    { title: entry.title, section: entry.section, url: entry.url },
    { title: 'Troubleshooting', section: 'Refresh token expired, rotated away or revoked: invalid_grant', url: '/troubleshooting#refresh-token-invalid-grant' }
  )
  assert.match(entry.excerpt, /invalid_grant/, 'the excerpt shows where the phrase is')
})

test('answers are bounded: the default and largest limits, too short and over-long queries, any characters', async () => {
  assert.equal((await searchDocs('Atlassian')).length, DEFAULT_LIMIT)
  assert.equal((await searchDocs('Atlassian', { limit: 1000 })).length, MAX_LIMIT)
  assert.equal((await searchDocs('Atlassian', { limit: 0 })).length, 1)
  assert.deepEqual(await searchDocs(''), [])
  assert.deepEqual(await searchDocs(' a '), [])
  const long = `${'scope does not match '.repeat(100)}`
  assert.ok(long.length > MAX_QUERY_CHARS)
  assert.ok((await searchDocs(long)).length <= DEFAULT_LIMIT)
  for (const odd of ['(*+?[\\', '\u0000\u202e', '<script>alert(1)</script>', '💥💥', '{"a":']) {
    const hits = await searchDocs(odd)
    assert.ok(Array.isArray(hits) && hits.length <= DEFAULT_LIMIT, odd)
  }
})
