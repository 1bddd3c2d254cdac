import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { renderConsentPage, renderMessagePage } from '../lib/sandbox/consent-page'
import { SITE_ICON_DATA_URL, SITE_ICON_SVG } from '../lib/site-icon'

test('public/favicon.svg is the site icon', () => {
  assert.equal(readFileSync('public/favicon.svg', 'utf8').trim(), SITE_ICON_SVG)
})

test('the sandbox pages carry the icon inline, which their Content-Security-Policy lets load', () => {
  const consent = renderConsentPage({
    appName: 'App',
    scopes: ['read:me'],
    sites: [{ cloudId: 'c1', name: 'Site', url: 'https://site.atlassian.net' }],
    requestId: 'r1',
    action: '/authorize',
    userName: 'Ada',
    userEmail: 'ada@example.com'
  })
  for (const page of [consent, renderMessagePage('Done', 'You can close this window.')]) {
    const href = page.html.match(/<link rel="icon" type="image\/svg\+xml" href="([^"]+)">/)?.[1]
    assert.equal(href, SITE_ICON_DATA_URL)
    assert.match(page.headers['Content-Security-Policy'], /img-src [^;]*\bdata:/)
    assert.equal(decodeURIComponent(href!.replace(/^data:image\/svg\+xml,/, '')), SITE_ICON_SVG)
  }
})
