import { expect, test, type Locator, type Page } from '@playwright/test'
import { activeElement, openDesktopPlayground, runAndAccept, shootState } from './panel-states'

/** The newest result is on screen and holds focus (never <body>). */
async function expectResultInViewAndFocused(page: Page, result: Locator) {
  await expect(result).toBeInViewport()
  await expect(result).toBeFocused()
  expect(await activeElement(page)).not.toBe('BODY')
}

test.describe('a reader follows each result without hunting for it', () => {
  test('after Run the newest result is in view and has focus; a page turn and a search keep the reader at the control they used; each is announced', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const projectsHeading = pg.locator('[data-step="projects"] h4')
    const announcer = pg.locator('[data-announcement]')
    await expect(announcer).toHaveAttribute('aria-live', 'polite')

    await runAndAccept(page, pg)
    await expectResultInViewAndFocused(page, projectsHeading)
    await expect(pg.getByRole('table')).toBeInViewport({ ratio: 0.3 })
    await expect(announcer).toHaveText(/Jira projects loaded: showing 1 to 10/)
    await shootState(page, projectsHeading, 'run-done', testInfo)

    // Reach the paging buttons the way a reader would, then turn the page: the new page is beside the button.
    await page.mouse.wheel(0, -3000)
    const next = pg.getByRole('button', { name: 'Next page' })
    await next.click()
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    await expect(announcer).toHaveText(/showing 11 to 20/)
    await expectResultInViewAndFocused(page, next)
    await shootState(page, next, 'next-page', testInfo)

    const previous = pg.getByRole('button', { name: 'Previous page' })
    await previous.press('Enter')
    await expect(pg.getByText(/showing 1–10/)).toBeVisible()
    await expectResultInViewAndFocused(page, previous)

    await page.evaluate(() => window.scrollTo(0, 0))
    const query = pg.getByLabel('Jira project query')
    await query.fill('help')
    await query.press('Enter')
    await expect(pg.getByText(/matching help/)).toBeVisible()
    await expect(announcer).toHaveText(/matching "\u2068help\u2069"/)
    await expectResultInViewAndFocused(page, query)
    await shootState(page, query, 'search', testInfo)
  })

  test('a failure is brought into view with focus on the explanation', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await popup.getByRole('button', { name: 'Deny' }).click()
    const alert = pg.getByRole('alert')
    await expect(alert).toHaveAttribute('data-code', 'authorization_failed')
    await expectResultInViewAndFocused(page, alert)
    await expect(pg.locator('[data-announcement]')).toContainText('Failed:')
    await shootState(page, alert, 'denied', testInfo)
  })

  test('with reduced motion the result jumps into view instead of gliding', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' })
    const pg = await openDesktopPlayground(page)
    await page.evaluate(() => {
      const calls: unknown[] = []
      ;(window as unknown as { scrollCalls: unknown[] }).scrollCalls = calls
      const original = Element.prototype.scrollIntoView
      Element.prototype.scrollIntoView = function (this: Element, arg?: boolean | ScrollIntoViewOptions) {
        calls.push(arg)
        return original.call(this, arg)
      }
    })
    await runAndAccept(page, pg)
    await expect(pg.locator('[data-step="projects"] h4')).toBeFocused()
    const calls = await page.evaluate(() => (window as unknown as { scrollCalls: Array<ScrollIntoViewOptions | undefined> }).scrollCalls)
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) expect(call?.behavior).toBe('auto')
  })
})
