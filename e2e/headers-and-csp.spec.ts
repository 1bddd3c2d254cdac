import { createHash } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'

// The built site in a real Chromium: the security headers are there, the Content-Security-Policy blocks
// nothing the pages need (no violation reported), and the interactive parts still work under it.

const PAGES = ['/', '/auth-providers/atlassian', '/troubleshooting']

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
    })
  })
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text())
  })
  return violations
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
}

for (const path of PAGES) {
  test(`${path} carries the security headers and every inline script is allowed by hash`, async ({ request }) => {
    const response = await request.get(path)
    expect(response.status()).toBe(200)
    const headers = response.headers()
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    const policy = directives(headers['content-security-policy'] ?? '')
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
    const scripts = policy.get('script-src') ?? []
    expect(scripts, 'no eval and no blanket inline scripts in production').not.toContain("'unsafe-eval'")
    expect(scripts).not.toContain("'unsafe-inline'")
    // A dependency upgrade that changes an inline script must update INLINE_SCRIPT_HASHES (scripts/inline-script-hashes.mjs).
    const html = await response.text()
    for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (/\ssrc=/.test(attributes) || /type="application\/(ld\+)?json"/.test(attributes)) continue
      const hash = `'sha256-${createHash('sha256').update(body).digest('base64')}'`
      expect(scripts, `inline script "${body.slice(0, 60)}…"`).toContain(hash)
    }
  })

  test(`${path} loads in Chromium with no CSP violation`, async ({ page }) => {
    const violations = await watchViolations(page)
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    await expect(page.locator('html')).toHaveClass(/light|dark/)
    expect(violations).toEqual([])
  })
}

test('under the policy the theme toggle, the search box and any tabs still work', async ({ page }) => {
  const violations = await watchViolations(page)
  await page.goto('/auth-providers/atlassian')
  await page.waitForLoadState('networkidle')

  // Theme: the inline next-themes script ran (a class on <html>), and choosing Dark switches it.
  await page.locator('button[title="Change theme"]:visible').first().click()
  await page.getByRole('option', { name: 'Dark' }).click()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await page.reload()
  await expect(page.locator('html'), 'the choice survives a reload (the inline script reads it)').toHaveClass(/dark/)

  // Search: its index is fetched from this origin (connect-src 'self') and yields results.
  const search = page.getByPlaceholder('Search documentation…').first()
  const index = page.waitForResponse(/\/search-sections\.json$/)
  await search.click()
  await index
  await expect(async () => {
    await search.fill('')
    await search.fill('consent')
    await expect(page.getByRole('listbox').first()).toContainText('Consent denied', { timeout: 2000 })
  }).toPass({ timeout: 15_000 })

  const tabs = page.getByRole('tab')
  if ((await tabs.count()) > 1) {
    await tabs.nth(1).click()
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true')
  } else {
    test.info().annotations.push({ type: 'tabs', description: 'this build of the guide has no tabs to switch' })
  }
  expect(violations).toEqual([])
})

test('API answers carry a policy that loads nothing, and the sandbox consent page keeps its own', async ({ request }) => {
  const api = await request.get('/api/playground/config')
  expect(api.headers()['content-security-policy']).toMatch(/default-src 'none'/)
  expect(api.headers()['x-content-type-options']).toBe('nosniff')
  expect(api.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin')

  const started = await request.post('/api/playground/start', { data: { scopes: ['read:jira-work'] } })
  const mode = (await api.json()).mode
  test.skip(started.status() !== 200 || mode !== 'sandbox', 'the consent page is the sandbox\'s only in sandbox mode')
  // The site's consent link sends the browser on to the sandbox's consent page.
  const consent = await request.get((await started.json()).url)
  expect(consent.url()).toContain('/api/sandbox/atlassian/authorize?')
  const policy = directives(consent.headers()['content-security-policy'] ?? '')
  expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  expect(policy.get('style-src')?.some((s) => s.startsWith("'nonce-"))).toBe(true)
})
