import { expect, test, type Page } from '@playwright/test'
import { GUIDE } from './guide'
import { openEveryExchange, openPlayground, runToTheEnd } from './playground'
import { sitePages } from './site-pages'

// No page scrolls sideways at any of these widths, in either theme, before or after a run of the panel.
const WIDTHS = [320, 390, 768, 1280]
const LONG_QUERY = 'a-very-long-project-query-with-no-spaces-that-must-wrap-inside-the-panel-'.padEnd(100, 'x')

/** What sticks out past the viewport's right edge (empty when the page fits). */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.scrollingElement!
    if (root.scrollWidth <= root.clientWidth) return []
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && el.getClientRects().length > 0)
      .filter((el) => !el.closest('[aria-hidden="true"], .nextra-scrollbar'))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`)
    return [`scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`, ...culprits]
  })
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of WIDTHS) {
    test.describe(`${width} px, ${colorScheme}`, () => {
      test.use({ colorScheme, viewport: { width, height: width < 768 ? 800 : 900 } })

      test('every page fits without sideways scrolling', async ({ page }) => {
        test.setTimeout(90_000)
        const problems: string[] = []
        for (const route of sitePages()) {
          await page.goto(route)
          await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${colorScheme}\\b`))
          for (const problem of await overflow(page)) problems.push(`${route}: ${problem}`)
        }
        expect(problems).toEqual([])
      })

      test('the guide fits with its panel idle, and after a run with every exchange open and a long query', async ({ page }, testInfo) => {
        test.setTimeout(60_000)
        const pg = await openPlayground(page)
        expect(await overflow(page), 'idle').toEqual([])
        if (width === 390 || width === 1280) await pg.screenshot({ path: testInfo.outputPath(`panel-idle-${width}-${colorScheme}.png`) })

        await runToTheEnd(page)
        expect(await overflow(page), 'after a run').toEqual([])
        await pg.getByLabel('Jira project query').fill(LONG_QUERY)
        await pg.getByRole('button', { name: 'Search', exact: true }).click()
        await expect(pg.getByText(/projects on .* matching/)).toContainText(LONG_QUERY)
        await openEveryExchange(pg)
        expect(await overflow(page), 'after a search with a long query').toEqual([])
        // Inside the panel too, nothing runs past its border (the code sample scrolls within its own box).
        expect(await pg.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
        // The query is shown whole in its title (isolated from the sentence around it: bidi, UAX #9).
        const query = pg.locator(`code[title="\u2068${LONG_QUERY}\u2069"]`).first()
        await expect(query).toHaveCount(1)
        const [queryBox, panelBox] = [await query.boundingBox(), await pg.boundingBox()]
        expect(queryBox!.x + queryBox!.width).toBeLessThanOrEqual(panelBox!.x + panelBox!.width)
        if (width === 390 || width === 1280) {
          await pg.screenshot({ path: testInfo.outputPath(`panel-after-run-${width}-${colorScheme}.png`) })
          await page.screenshot({ path: testInfo.outputPath(`guide-after-run-${width}-${colorScheme}.png`), fullPage: true })
        }
      })
    })
  }
}

test.describe('the scopes table on a phone', () => {
  test.use({ viewport: { width: 320, height: 800 } })

  test('reads as labelled rows, with no column behind a sideways scroll', async ({ page }, testInfo) => {
    await page.goto(GUIDE)
    const table = page.locator('main table', { hasText: 'read:jira-work' })
    await table.scrollIntoViewIfNeeded()
    expect(await table.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
    const cells = table.locator('tbody td')
    expect(await cells.count()).toBe(12)
    for (const cell of await cells.all()) {
      const box = (await cell.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(320)
    }
    // Each cell says which column it belongs to.
    await expect(cells.nth(1)).toHaveAttribute('data-label', 'lets the token call')
    expect(await cells.nth(1).evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"lets the token call"')
    await table.screenshot({ path: testInfo.outputPath('scopes-table-320.png') })
  })
})
