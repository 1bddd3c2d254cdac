import { expect, type Locator, type Page } from '@playwright/test'

export const GUIDE = '/auth-providers/atlassian'

/** The first playground on the guide (under the app-code samples), once its code has loaded. */
export function playground(page: Page) {
  return page.locator('section#run-app-code[data-phase]')
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
  // The panel's code loads as its placeholder nears the viewport (LazyPlayground).
  await page.locator('#run-app-code').scrollIntoViewIfNeeded()
  const pg = playground(page)
  await expect(pg.locator('[data-mode]')).toBeVisible()
  return pg
}

/** Run the first panel to the end (sandbox consent accepted) and open every exchange's details. */
export async function runToTheEnd(page: Page) {
  const pg = await openPlayground(page)
  const popup = await runAndGetConsent(page)
  await popup.getByRole('button', { name: 'Accept' }).click()
  await expect(pg.getByRole('table')).toBeVisible()
  await openEveryExchange(pg)
  return pg
}

/** Opens every <details> of the panel (the HTTP exchanges of each step). */
export async function openEveryExchange(pg: Locator) {
  await pg.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)))
}
