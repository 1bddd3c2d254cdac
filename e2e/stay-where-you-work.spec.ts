import { expect, test, type Page } from '@playwright/test'
import { activeElement, openDesktopPlayground, runAndAccept, shootState } from './panel-states'

const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY))

test.describe('a reader refines and pages the results where they work', () => {
  test.describe.configure({ timeout: 60_000 })
  test('Enter in the query and Next page by keyboard keep focus and scroll where they were, and the live region says what came', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const announcer = pg.locator('[data-announcement]')
    await runAndAccept(page, pg)
    // Run still brings the first result into view, with focus on it.
    await expect(pg.locator('[data-step="projects"] h4')).toBeFocused()
    await expect(pg.getByRole('table').locator('tbody tr').first()).toBeInViewport()

    const query = pg.getByLabel('Jira project query')
    await query.scrollIntoViewIfNeeded()
    await query.fill('help')
    const before = await scrollY(page)
    await query.press('Enter')
    await expect(pg.getByText(/projects on acme-robotics matching help/)).toBeVisible()
    await expect(announcer).toHaveText(/Jira projects matching "\u2068help\u2069" loaded: showing 1 to \d+ of \d+/)
    await expect(query).toBeFocused()
    expect(Math.abs((await scrollY(page)) - before)).toBeLessThanOrEqual(2)
    await shootState(page, query, 'search-kept-focus', testInfo)

    // Paging through by keyboard: Enter, Enter, … on the one button, which keeps focus while its page loads.
    await query.fill('')
    await query.press('Enter')
    await expect(pg.getByText(/showing 1–10/)).toBeVisible()
    const next = pg.getByRole('button', { name: 'Next page' })
    await next.focus()
    const atNext = await scrollY(page)
    await page.keyboard.press('Enter')
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    await expect(announcer).toHaveText(/showing 11 to 20/)
    await expect(next).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(pg.getByText(/showing 21–30/)).toBeVisible()
    await expect(next).toBeFocused()
    expect(await activeElement(page)).toBe('BUTTON:Next page')
    expect(Math.abs((await scrollY(page)) - atNext)).toBeLessThanOrEqual(2)
    await shootState(page, next, 'page-turn-kept-focus', testInfo)
  })

  test('at 1280x800 the query, its buttons and the first rows share one screen', async ({ page }, testInfo) => {
    // No gliding scroll (the panel's after Run, the page's smooth scrolling) to race the measure.
    await page.emulateMedia({ reducedMotion: 'reduce' })
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    const query = pg.getByLabel('Jira project query')
    // The query just below the page's sticky header (64 px), where a reader who scrolled to it sees it.
    await query.evaluate((el) => {
      el.scrollIntoView({ block: 'start', behavior: 'instant' })
      window.scrollBy({ top: -80, behavior: 'instant' })
    })
    for (const element of [query, pg.getByRole('button', { name: 'Search' }), pg.getByRole('button', { name: 'Run again' })]) {
      await expect(element).toBeInViewport({ ratio: 1 })
    }
    const rows = pg.getByRole('table').locator('tbody tr')
    for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toBeInViewport({ ratio: 1 })
    await page.screenshot({ path: testInfo.outputPath('query-and-first-rows-1280x800.png') })
  })
})
