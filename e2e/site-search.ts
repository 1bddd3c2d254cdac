import type { Page } from '@playwright/test'

/** The sections the search box loads the first time it is used (lib/docs/search-sections-url.ts). */
export const SEARCH_SECTIONS = /\/search-sections\.json$/

/** The site search box, focused, with its index loaded. */
export async function openSiteSearch(page: Page, path = '/') {
  await page.goto(path)
  const input = page.getByRole('combobox', { name: 'Search documentation' }).first()
  const index = page.waitForResponse(SEARCH_SECTIONS)
  await input.click()
  await index
  return input
}
