import type { Page } from '@playwright/test'

/**
 * The site search box, ready to type in. Nextra drops what is typed while its index loads, so wait for the
 * index first (callers still retype inside `expect(...).toPass()`).
 */
export async function openSiteSearch(page: Page) {
  await page.goto('/')
  const input = page.getByPlaceholder('Search documentation…').first()
  const index = page.waitForResponse((response) => response.url().includes('nextra-data-en-US.json'))
  await input.click()
  await index
  return input
}
