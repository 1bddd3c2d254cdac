import { expect, test } from '@playwright/test'
import { openSiteSearch } from './site-search'

test('search finds the redirect URL step and jumps to it', async ({ page }) => {
  const input = await openSiteSearch(page)
  const step = page.locator('a[href$="/auth-providers/atlassian#enter-the-provider-details"]')
  await expect(async () => {
    await input.fill('')
    await input.fill('redirect URL')
    await expect(step.first()).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await expect(step.first()).toContainText(/redirect url/i)

  await step.first().click()
  await expect(page).toHaveURL(/\/auth-providers\/atlassian#enter-the-provider-details$/)
  await expect(page.locator('#enter-the-provider-details')).toBeInViewport()
})
