import { expect, test } from '@playwright/test'
import { GUIDE } from './playground'
import { recordRequests, shootState } from './panel-states'

const panel = (page: import('@playwright/test').Page, id: string) => page.locator(`section#${id}`)

test.describe('a link carries the panel\'s inputs', () => {
  test('a link naming the tool panel restores its query and site there, and leaves the first panel at its defaults', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${GUIDE}?scopes=read:jira-work,offline_access&provider=my-atlassian&query=help&site=acme-robotics#run-custom-tool`)
    const tool = panel(page, 'run-custom-tool')
    await expect(tool.locator('[data-mode]')).toBeVisible()
    await expect(tool.getByLabel('Jira project query')).toHaveValue('help')
    await expect(tool.getByLabel('Jira site')).toHaveValue('acme-robotics')
    await expect(tool.locator('header')).toBeInViewport()
    await shootState(page, tool.locator('header'), 'restored-from-link', testInfo)
    // The other panel (loaded once the reader scrolls to it) keeps its defaults.
    const app = panel(page, 'run-app-code')
    await app.scrollIntoViewIfNeeded()
    await expect(app.locator('[data-mode]')).toBeVisible()
    await expect(app.getByLabel('Provider id')).toHaveValue('atlassian')
    await expect(app.getByLabel('Jira project query')).toHaveValue('')
    await expect(app.locator('[data-scopes-fold] > summary')).toContainText('read:jira-work, read:jira-user, read:me')
  })

  test('a link with scopes, provider, query, site and the first panel\'s anchor restores them there, and in a fresh browser', async ({ page, browser }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${GUIDE}?scopes=read:jira-work,offline_access&provider=my-atlassian&query=help&site=acme-robotics#run-app-code`)
    const app = panel(page, 'run-app-code')
    await expect(app.locator('[data-mode]')).toBeVisible()
    await expect(app.getByRole('checkbox', { name: /read:jira-work/ })).toBeChecked()
    await expect(app.getByRole('checkbox', { name: /offline_access/ })).toBeChecked()
    await expect(app.getByRole('checkbox', { name: /read:me/ })).not.toBeChecked()
    await expect(app.getByLabel('Provider id')).toHaveValue('my-atlassian')
    await expect(app.getByLabel('Jira project query')).toHaveValue('help')
    await expect(app.getByLabel('Jira site')).toHaveValue('acme-robotics')

    // Changing an input keeps the address in step, for this panel only.
    await app.getByLabel('Jira project query').fill('core')
    await expect.poll(() => new URL(page.url()).searchParams.get('query')).toBe('core')
    expect(new URL(page.url()).hash).toBe('#run-app-code')

    // Copy link, then open it in a fresh browser context.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await app.getByRole('button', { name: 'Copy link' }).click()
    await expect(app.getByText('Link copied')).toBeVisible()
    const link = await page.evaluate(() => navigator.clipboard.readText())
    expect(link).toContain('#run-app-code')
    const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL })
    const other = await fresh.newPage()
    await other.goto(link)
    const restored = panel(other, 'run-app-code')
    await expect(restored.getByLabel('Jira project query')).toHaveValue('core')
    await expect(restored.getByLabel('Provider id')).toHaveValue('my-atlassian')
    await expect(restored.getByRole('checkbox', { name: /offline_access/ })).toBeChecked()
    await fresh.close()
  })

  test('invalid values are ignored with a visible note, never an error page', async ({ page }, testInfo) => {
    const response = await page.goto(`${GUIDE}?scopes=foo,read:me&provider=bad%20id&scenario=nope#run-app-code`)
    expect(response?.status()).toBe(200)
    const app = panel(page, 'run-app-code')
    const notes = app.locator('[data-link-notes]')
    // Each value sits in a Unicode isolate (U+2068 … U+2069), so it cannot reorder the sentence around it.
    await expect(notes).toContainText('Ignored scopes=\u2068foo\u2069: not a known scope')
    await expect(notes).toContainText('Ignored scenario=\u2068nope\u2069: not a known scenario')
    await expect(notes).toContainText('Ignored provider=\u2068bad id\u2069')
    await expect(app.getByRole('checkbox', { name: /read:me/ })).toBeChecked()
    await expect(app.getByRole('checkbox', { name: /read:jira-work/ })).not.toBeChecked()
    await expect(app.getByLabel('Provider id')).toHaveValue('atlassian')
    await shootState(page, notes, 'ignored-link-values', testInfo)
  })

  test('an armed scenario is announced, sent with Run, and explained next to the failure with its troubleshooting link', async ({ page }, testInfo) => {
    const starts = recordRequests(page, 'start')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${GUIDE}?scopes=read:jira-user,read:me&scenario=scope-mismatch#run-app-code`)
    const app = panel(page, 'run-app-code')
    const armed = app.locator('[data-scenario="scope-mismatch"]')
    await expect(armed).toContainText('Scenario armed: Gateway 401: scope does not match')
    await expect(armed).toContainText('The Jira step will answer')
    await shootState(page, armed, 'scenario-armed', testInfo)

    const popupPromise = page.waitForEvent('popup')
    await app.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    expect(starts[0].postDataJSON()).toMatchObject({ scopes: ['read:jira-user', 'read:me'], scenario: 'scope-mismatch' })
    await popup.getByRole('button', { name: 'Accept' }).click()
    const alert = app.getByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'scope_mismatch')
    await expect(alert.locator('[data-scenario-explained="scope-mismatch"]')).toContainText('read:jira-work')
    await expect(alert.getByRole('link', { name: /Troubleshooting/ })).toHaveAttribute('href', '/troubleshooting#scope-does-not-match')
    await shootState(page, alert, 'scenario-explained', testInfo)

    await app.getByRole('button', { name: 'Clear the scenario' }).click()
    await expect(armed).toHaveCount(0)
    await expect.poll(() => new URL(page.url()).searchParams.has('scenario')).toBe(false)
  })

  test('a consent-screen scenario is explained next to the consent step, where the flow stops', async ({ page }) => {
    await page.goto(`${GUIDE}?scenario=redirect-mismatch#run-app-code`)
    const app = panel(page, 'run-app-code')
    await expect(app.locator('[data-scenario="redirect-mismatch"]')).toContainText('The consent window will show')
    const popupPromise = page.waitForEvent('popup')
    await app.getByRole('button', { name: /^Run/ }).click()
    await popupPromise
    const explained = app.locator('[data-step="consent"] [data-scenario-explained="redirect-mismatch"]')
    await expect(explained).toContainText('Callback URL')
    await expect(explained.getByRole('link')).toHaveAttribute('href', '/troubleshooting#redirect-uri-not-registered')
  })
})
