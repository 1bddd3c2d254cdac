import { expect, test } from '@playwright/test'
import { GUIDE } from './playground'
import { openDesktopPlayground, recordRequests, runAndAccept, shootState } from './panel-states'

test.describe('a flow survives the page', () => {
  test.describe.configure({ timeout: 60_000 })
  test('after a reload mid-flow the panel finds the flow, offers to carry on or cancel, and an Accept meanwhile completes its run', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()

    await page.reload()
    const found = pg.locator('[data-found-flow]')
    // A reload loads the panel, its settings and the flow in progress: three round trips on a busy machine.
    await expect(found).toContainText('still waiting for your consent', { timeout: 15_000 })
    await expect(found.getByRole('button', { name: 'Carry on: reopen the consent window' })).toBeVisible()
    await expect(found.getByRole('button', { name: 'Cancel' })).toBeVisible()
    await expect(pg).toHaveAttribute('data-phase', 'flowFound')
    await shootState(page, found, 'flow-found-after-reload', testInfo)

    // The window the reader left open: Accept there, and the reloaded panel finishes the run.
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByRole('table')).toBeVisible()
    await expect(pg).toHaveAttribute('data-phase', 'ready')
    await expect(pg.locator('[data-group="1"]')).toContainText('Run (carried on after the page was reloaded)')
    // Finished: another reload offers nothing.
    await page.reload()
    await expect(pg.locator('[data-mode]')).toBeVisible()
    await expect(pg).toHaveAttribute('data-phase', 'idle')
  })

  test('Carry on reopens the consent window; Cancel forgets the flow, so the next reload starts idle', async ({ page }) => {
    const pg = await openDesktopPlayground(page)
    const first = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    await (await first).close()
    await page.reload()
    const found = pg.locator('[data-found-flow]')
    const reopened = page.waitForEvent('popup')
    await found.getByRole('button', { name: 'Carry on: reopen the consent window' }).click()
    const popup = await reopened
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByRole('table')).toBeVisible()

    // A second flow, cancelled after a reload: it is not offered again.
    await pg.getByRole('checkbox', { name: /write:jira-work/ }).check()
    const second = page.waitForEvent('popup')
    await pg.getByRole('button', { name: 'Run again' }).click()
    await (await second).close()
    const settles = recordRequests(page, 'settle-flow')
    await page.reload()
    await pg.locator('[data-found-flow]').getByRole('button', { name: 'Cancel' }).click()
    await expect(pg).toHaveAttribute('data-phase', 'cancelled')
    await expect.poll(() => settles.length).toBe(1)
    await (await settles[0].response())?.finished()
    await page.reload()
    await expect(pg.locator('[data-mode]')).toBeVisible()
    await expect(pg).toHaveAttribute('data-phase', 'idle')
  })

  test('Start over in one tab resets the panel in another with a sentence, which then runs as the new reader; the tool panel keeps its own identity', async ({ page, context }, testInfo) => {
    const app = await openDesktopPlayground(page, GUIDE)
    await runAndAccept(page, app)
    // The same reader in a second tab (one cookie jar): its panel's run needs no consent.
    const other = await context.newPage()
    await other.setViewportSize({ width: 1280, height: 800 })
    await other.goto(GUIDE)
    await other.locator('#run-app-code').scrollIntoViewIfNeeded()
    const otherApp = other.locator('section#run-app-code[data-phase]')
    await expect(otherApp.locator('[data-mode]')).toBeVisible()
    await otherApp.getByRole('button', { name: /^Run/ }).click()
    await expect(otherApp.getByRole('table')).toBeVisible()

    await app.getByRole('button', { name: 'Start over as a new reader' }).click()
    await expect(app.locator('[data-reset]')).toContainText('new visitor')
    const notice = otherApp.locator('[data-reset]')
    await expect(notice).toContainText('Another panel on this page started over as a new reader')
    await expect(otherApp).toHaveAttribute('data-phase', 'idle')
    await expect(otherApp.getByRole('table')).toHaveCount(0)
    await shootState(other, notice, 'other-panel-started-over', testInfo)

    // The reset panel is usable: its Run asks the new reader for consent, and finishes.
    const popupPromise = other.waitForEvent('popup')
    await otherApp.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(otherApp.getByRole('table')).toBeVisible()
    await expect(otherApp.locator('[data-code="flow_not_found"]')).toHaveCount(0)

    // The tool panel is an MCP session of its own (issue 14): a reader's Start over does not touch it.
    const tool = page.locator('section#run-custom-tool')
    await tool.scrollIntoViewIfNeeded()
    await expect(tool.locator('[data-mode]')).toBeVisible()
    await expect(tool.locator('[data-reset]')).toHaveCount(0)
    await expect(tool).toHaveAttribute('data-phase', 'idle')
  })
})
