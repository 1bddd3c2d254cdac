import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

test('the setup check runs in sandbox mode and shows every check passing, with the callback URL to compare', async ({ page }) => {
  await page.goto('/setup-check')
  const status = page.getByRole('status')
  await expect(status).toHaveText(/All 6 checks ran: nothing failed\./, { timeout: 20_000 })
  await expect(page.getByRole('heading', { name: 'Results (sandbox mode)' })).toBeVisible()

  const checks = page.locator('li[data-check]')
  // Sandbox mode checks its one provider by kind and by id.
  await expect(checks).toHaveCount(6)
  for (const id of ['arcade-key', 'engine-health', 'provider:atlassian', 'provider:my-atlassian-provider', 'verifier-url', 'atlassian-api']) {
    const check = page.locator(`li[data-check="${id}"]`)
    await expect(check).toHaveAttribute('data-status', 'pass')
    await expect(check).toContainText('Pass')
    await expect(check.getByRole('link')).toHaveAttribute('href', /^\/troubleshooting#[a-z0-9-]+$/)
  }
  await expect(page.locator('li[data-check="provider:atlassian"]')).toContainText(/must list exactly this Callback URL/)
  await expect(page.locator('li[data-check="verifier-url"]')).toContainText('/api/playground/verify')
  await page.screenshot({ path: 'test-results/setup-check-sandbox.png', fullPage: true })
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])

  await page.getByRole('button', { name: 'Run the checks again' }).click()
  await expect(status).toHaveText(/All 6 checks ran/)
  const link = page.locator('li[data-check="provider:atlassian"]').getByRole('link')
  await link.click()
  await expect(page).toHaveURL(/\/troubleshooting#redirect-uri-not-registered$/)
})
