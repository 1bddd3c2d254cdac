import { expect, type Page } from '@playwright/test'

export const GUIDE = '/auth-providers/atlassian'

/** The first playground on the guide (under the app-code samples). */
export function playground(page: Page) {
  return page.locator('section[data-phase]').first()
}

/** Press Run and return the consent popup once its page has loaded. */
export async function runAndGetConsent(page: Page) {
  const pg = playground(page)
  const popupPromise = page.waitForEvent('popup')
  await pg.getByRole('button', { name: /^Run/ }).click()
  const popup = await popupPromise
  await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()
  return popup
}

/** Open the guide and wait until the playground knows its mode. */
export async function openPlayground(page: Page) {
  await page.goto(GUIDE)
  const pg = playground(page)
  await pg.scrollIntoViewIfNeeded()
  await expect(pg.locator('[data-mode]')).toBeVisible()
  return pg
}
