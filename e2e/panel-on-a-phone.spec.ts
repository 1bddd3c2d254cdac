import { expect, test } from '@playwright/test'
import { GUIDE } from './playground'
import { runAndAccept, shootState } from './panel-states'

test.describe('the panel on a 390x844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })
  test.describe.configure({ timeout: 60_000 })

  test('Run is within a screen of the panel heading: the scopes fold, their summary names the chosen ones', async ({ page }, testInfo) => {
    await page.goto(`${GUIDE}#run-app-code`)
    const pg = page.locator('section#run-app-code')
    await expect(pg.locator('[data-mode]')).toBeVisible()
    // How far the bottom of Run is below the top of the panel's heading, in CSS pixels.
    const runBelowHeading = () =>
      pg.evaluate((el) => {
        const heading = el.querySelector('h3')!.getBoundingClientRect().top
        return [...el.querySelectorAll('button')].find((b) => /^Run/.test(b.textContent ?? ''))!.getBoundingClientRect().bottom - heading
      })
    // The page's sticky header (64 px) covers the top of the screen, so Run must come within 844 - 64 px.
    expect(await runBelowHeading()).toBeLessThanOrEqual(844 - 64)
    await pg.getByRole('heading', { name: 'Run it' }).evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await expect(pg.getByRole('button', { name: /^Run/ })).toBeInViewport({ ratio: 1 })
    const fold = pg.locator('[data-scopes-fold] > summary')
    await expect(fold).toContainText('read:jira-work, read:jira-user, read:me')
    await shootState(page, fold, 'phone-scopes-folded', testInfo)
    await page.setViewportSize({ width: 390, height: 844 }) // shootState leaves the page at desktop size
    // Open on demand, and the choice shows in the summary.
    await fold.click()
    await pg.getByRole('checkbox', { name: /read:me/ }).uncheck()
    await expect(fold).toContainText('(read:jira-work, read:jira-user)')
    // The fold is what keeps Run that near: with the twelve scopes open, Run is more than a screen below the heading.
    expect(await runBelowHeading()).toBeGreaterThan(844)
  })

  test('no word in the projects table breaks mid-word ("Service management")', async ({ page }, testInfo) => {
    await page.goto(`${GUIDE}#run-app-code`)
    const pg = page.locator('section#run-app-code')
    await expect(pg.locator('[data-mode]')).toBeVisible()
    await runAndAccept(page, pg)
    const table = pg.getByRole('table')
    await expect(table).toContainText('Service management')
    // Each word of each cell lies on one line: a word split across lines has rectangles on two.
    const split = await table.evaluate((el) => {
      const broken: string[] = []
      for (const cell of el.querySelectorAll('td, th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? ''
          for (const match of text.matchAll(/\S+/g)) {
            const range = document.createRange()
            range.setStart(node, match.index!)
            range.setEnd(node, match.index! + match[0].length)
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)))
            if (lines.size > 1) broken.push(match[0])
          }
        }
      }
      return broken
    })
    expect(split).toEqual([])
    expect(await table.evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth)).toBe(true)
    await shootState(page, table, 'phone-projects-table', testInfo)
  })
})
