import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { E2E_DOCTOR_TOKEN } from '../playwright.config'

test('the setup check runs in sandbox mode: every check it can make passes, the verifier is there to compare', async ({ page }) => {
  await page.goto('/setup-check')
  const status = page.getByRole('status')
  await expect(status).toContainText('Nothing failed: 4 passed of 5. 1 cannot be checked from this site: compare it by hand.', { timeout: 20_000 })
  await expect(page.getByRole('heading', { name: 'Results (sandbox mode)' })).toBeVisible()

  const checks = page.locator('li[data-check]')
  await expect(checks).toHaveCount(5)
  for (const id of ['arcade-key', 'engine-health', 'provider:atlassian', 'verifier-url', 'atlassian-api']) {
    const check = page.locator(`li[data-check="${id}"]`)
    const verifier = id === 'verifier-url'
    await expect(check).toHaveAttribute('data-status', verifier ? 'info' : 'pass')
    await expect(check).toContainText(verifier ? 'Compare' : 'Pass')
    await expect(check.getByRole('link')).toHaveAttribute('href', /^\/troubleshooting#[a-z0-9-]+$/)
  }
  await expect(page.locator('li[data-check="provider:atlassian"]')).toContainText(/must list exactly this Callback URL/)
  await expect(page.locator('li[data-check="verifier-url"]')).toContainText(/Not checked: .*\/api\/playground\/verify/)
  await page.screenshot({ path: 'test-results/setup-check-sandbox.png', fullPage: true })
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])

  await page.getByRole('button', { name: 'Run the checks again' }).click()
  await expect(status).toContainText('Nothing failed: 4 passed of 5.')
  const link = page.locator('li[data-check="provider:atlassian"]').getByRole('link')
  await link.click()
  await expect(page).toHaveURL(/\/troubleshooting#redirect-uri-not-registered$/)
})

test.describe('in live mode', () => {
  test.use({ baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 2}` })

  test('a visitor without the operator token sees only that the check is the operator’s', async ({ page }) => {
    const calls: string[] = []
    page.on('request', (r) => void (r.url().includes('/api/playground/doctor') && calls.push(r.headers().authorization ?? '')))
    await page.goto('/setup-check')
    const status = page.getByRole('status')
    await expect(status).toContainText("In live mode the set-up check is for the site's operator", { timeout: 20_000 })
    await expect(status.getByRole('link', { name: 'What this means' })).toHaveAttribute('href', '/troubleshooting#operator-only')
    await expect(page.locator('li[data-check]')).toHaveCount(0)
    const token = page.getByLabel('Operator token (DOCTOR_TOKEN)')
    await expect(token).toHaveAttribute('type', 'password')
    await token.fill('not-the-operator-token-000000000000')
    await page.getByRole('button', { name: 'Run the checks', exact: true }).click()
    await expect(status).toContainText('That token was not accepted.')
    expect(calls).toEqual(['', 'Bearer not-the-operator-token-000000000000'])
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => v.id)).toEqual([])

    // The operator's token opens it: the live set-up's checks, the verifier as information.
    await token.fill(E2E_DOCTOR_TOKEN)
    await page.getByRole('button', { name: 'Run the checks', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Results (live mode)' })).toBeVisible({ timeout: 20_000 })
    await expect(page.locator('li[data-check="arcade-key"]')).toHaveAttribute('data-status', 'pass')
    await expect(page.locator('li[data-check="verifier-url"]')).toHaveAttribute('data-status', 'info')
    await expect(page.locator('li[data-check="verifier-url"]')).toContainText('Not checked')
    expect(await page.content(), 'the token is not written into the page').not.toContain(E2E_DOCTOR_TOKEN)
  })
})
