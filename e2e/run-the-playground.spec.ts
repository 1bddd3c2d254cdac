import { expect, test } from '@playwright/test'
import { openPlayground, runAndGetConsent } from './playground'

test.describe('a reader runs the Atlassian flow from the guide', () => {
  test('Accept leads to the sandbox Jira projects, and the next page works', async ({ page }, testInfo) => {
    const pg = await openPlayground(page)
    await expect(pg.locator('[data-mode]')).toHaveAttribute('data-mode', testInfo.project.name === 'live' ? 'live' : 'sandbox')
    const started = Date.now()
    const popup = await runAndGetConsent(page)
    await expect(popup.getByText(/sandbox/i).first()).toBeVisible()
    await popup.getByRole('button', { name: 'Accept' }).click()

    const table = pg.getByRole('table')
    await expect(table).toBeVisible()
    // Speed is measured by bench/run-to-projects.ts; here it is only recorded.
    testInfo.annotations.push({ type: 'run-to-projects', description: `${Date.now() - started} ms from Run to the projects table` })
    await expect.poll(() => popup.isClosed(), { message: 'the consent window closes itself' }).toBe(true)
    await expect(table.getByRole('row')).toHaveCount(11)
    await expect(pg.locator('[data-step="completed"]')).toContainText('••••')
    await expect(pg.locator('[data-step="profile"]')).toContainText('Jira user:')

    const firstKey = await table.getByRole('row').nth(1).getByRole('cell').first().innerText()
    await pg.getByRole('button', { name: 'Next page' }).click()
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).not.toHaveText(firstKey)

    // Exchanges are grouped by the action that caused them: the page turn is the second group.
    const pageTurn = pg.locator('[data-group="2"][data-action="page"]')
    await pageTurn.locator('summary').click()
    await expect(pageTurn).toContainText('/rest/api/3/project/search')
    await pg.screenshot({ path: testInfo.outputPath('accepted.png') })
  })

  // Arcade's status says only `failed`, so without an armed scenario the panel names the causes, not one guess.
  test('Deny leads to an explained failure with a link, and the Consent step is not marked done', async ({ page }, testInfo) => {
    const pg = await openPlayground(page)
    const popup = await runAndGetConsent(page)
    await popup.getByRole('button', { name: 'Deny' }).click()
    const alert = pg.getByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'authorization_failed')
    await expect(alert).toContainText('error=access_denied means the consent was declined')
    await expect(alert.getByRole('link')).toHaveAttribute('href', '/troubleshooting#authorization-failed')
    await expect(pg.locator('[data-step="consent"]')).toHaveAttribute('data-state', 'failed')
    await expect(pg.locator('[data-step="waiting"]')).toHaveAttribute('data-state', 'todo')
    await pg.screenshot({ path: testInfo.outputPath('denied.png') })
    await alert.getByRole('link').click()
    await expect(page.locator('#authorization-failed')).toBeVisible()
  })

  test('a scope set without read:jira-work is warned about and ends in the scope-mismatch explanation', async ({ page }, testInfo) => {
    const pg = await openPlayground(page)
    await pg.getByRole('checkbox', { name: /read:jira-work/ }).uncheck()
    await expect(pg.getByRole('status').filter({ hasText: 'cannot list Jira projects' })).toBeVisible()
    await expect(pg.locator('[data-slot="scopes"]')).not.toContainText('read:jira-work')
    const popup = await runAndGetConsent(page)
    await popup.getByRole('button', { name: 'Accept' }).click()
    const alert = pg.getByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'scope_mismatch')
    await expect(alert.getByRole('link')).toHaveAttribute('href', '/troubleshooting#scope-mismatch')
    await pg.screenshot({ path: testInfo.outputPath('scope-mismatch.png') })
  })

  test('the whole flow works with the keyboard alone', async ({ page }, testInfo) => {
    const pg = await openPlayground(page)
    const run = pg.getByRole('button', { name: /^Run/ })
    await run.focus()
    const popupPromise = page.waitForEvent('popup')
    await page.keyboard.press('Enter')
    const popup = await popupPromise
    const accept = popup.getByRole('button', { name: 'Accept' })
    await expect(accept).toBeVisible()
    // Tab through the consent page until Accept has focus, as a keyboard user would.
    for (let i = 0; i < 20 && !(await accept.evaluate((el) => el === document.activeElement)); i++) await popup.keyboard.press('Tab')
    await expect(accept).toBeFocused()
    await popup.keyboard.press('Enter')
    await expect(pg.getByRole('table')).toBeVisible()
    const next = pg.getByRole('button', { name: 'Next page' })
    await next.focus()
    await page.keyboard.press('Enter')
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    await pg.screenshot({ path: testInfo.outputPath('keyboard.png') })
  })

  test('the reader\'s inputs show up in the snippet, and the query filters the projects', async ({ page }) => {
    const pg = await openPlayground(page)
    await pg.getByRole('checkbox', { name: /offline_access/ }).check()
    await expect(pg.locator('[data-slot="scopes"]')).toContainText('"offline_access"')
    await pg.getByLabel('Provider id').fill('my-atlassian-provider')
    // A provider's own ID goes in auth_requirement.id (the kind, atlassian, in provider_id).
    await expect(pg.locator('[data-slot="providerId"]')).toHaveText(/^\{ ?"?id"?: "my-atlassian-provider" ?\}$/)
    await pg.getByLabel('Provider id').fill('atlassian')
    await pg.getByLabel('Jira project query').fill('help')
    await expect(pg.locator('[data-slot="query"]')).toHaveText('"help"')
    const popup = await runAndGetConsent(page)
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByText(/matching help/)).toBeVisible()
    const names = await pg.getByRole('table').locator('tbody tr').allInnerTexts()
    expect(names.length).toBeGreaterThan(0)
    for (const row of names) expect(row.toLowerCase()).toContain('help')
  })
})

test.describe('failures in the browser are explained', () => {
  test('a blocked popup offers a link that continues the flow', async ({ page, context }, testInfo) => {
    await page.addInitScript(() => {
      window.open = () => null
    })
    const pg = await openPlayground(page)
    await pg.getByRole('button', { name: /^Run/ }).click()
    const notice = pg.locator('[data-code="popup_blocked"]')
    await expect(notice).toBeVisible()
    await expect(notice.getByRole('link', { name: 'popup_blocked' })).toHaveAttribute('href', '/troubleshooting#popup-blocked')
    await pg.screenshot({ path: testInfo.outputPath('popup-blocked.png') })
    const tabPromise = context.waitForEvent('page')
    await notice.getByRole('link', { name: 'Open the consent page' }).click()
    const tab = await tabPromise
    await tab.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByRole('table')).toBeVisible()
  })

  test('a flow with no consent times out with an explanation instead of waiting forever', async ({ page }, testInfo) => {
    await page.clock.install()
    const pg = await openPlayground(page)
    const popup = await runAndGetConsent(page)
    await expect(pg.getByText(/Waiting for you to accept/)).toBeVisible()
    await page.clock.fastForward('11:00')
    const alert = pg.getByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'flow_timed_out')
    await expect(alert.getByRole('link')).toHaveAttribute('href', '/troubleshooting#flow-timed-out')
    await expect.poll(() => popup.isClosed()).toBe(true)
    await pg.screenshot({ path: testInfo.outputPath('timed-out.png') })
  })

  test('Cancel stops the wait', async ({ page }) => {
    const pg = await openPlayground(page)
    await runAndGetConsent(page)
    await pg.getByRole('button', { name: 'Cancel' }).click()
    await expect(pg.getByText('Cancelled. Press Run to start again.')).toBeVisible()
    await expect(pg.getByRole('button', { name: /^Run again/ })).toBeEnabled()
  })
})
