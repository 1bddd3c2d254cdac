import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { openSiteSearch } from './site-search'

// A customer pastes the error they see into the site search and lands on the entry that explains it.
const ERRORS = [
  { query: 'redirect_uri', anchor: 'redirect-uri-not-registered' },
  { query: 'user_mismatch', anchor: 'user-mismatch' },
  { query: 'invalid_grant', anchor: 'refresh-token-invalid-grant' },
  { query: 'scope does not match', anchor: 'scope-does-not-match' },
  { query: 'access_denied', anchor: 'access-denied' }
]

test('searching for an error string lands on its troubleshooting entry', async ({ page }) => {
  const input = await openSiteSearch(page)
  for (const { query, anchor } of ERRORS) {
    await test.step(query, async () => {
      const result = page.locator(`a[href$="/troubleshooting#${anchor}"]`).first()
      await expect(async () => {
        await input.fill('')
        await input.fill(query)
        await expect(result).toBeVisible({ timeout: 1_000 })
      }).toPass({ timeout: 15_000 })
      await result.click()
      await expect(page).toHaveURL(new RegExp(`/troubleshooting#${anchor}$`))
      await expect(page.locator(`#${anchor}`)).toBeInViewport()
      await input.click()
    })
  }
})

test('the troubleshooting page has no serious or critical axe violations', async ({ page }) => {
  await page.goto('/troubleshooting')
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)).toEqual([])
})
