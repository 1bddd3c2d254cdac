import { expect, test } from '@playwright/test'
import { activeElement, openDesktopPlayground, shootState } from './panel-states'

test.describe('a reader closes the consent window without accepting', () => {
  test('the panel notices within seconds, explains it, and Reopen the window continues the same flow', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const firstPopup = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await firstPopup
    await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()
    const flowId = (await pg.locator('[data-step="start"] code').innerText()).trim()
    await expect(pg.getByText(/Waiting for you to accept/)).toBeVisible()
    await shootState(page, pg.locator('[data-step="waiting"]'), 'awaiting-consent', testInfo)

    const closedAt = Date.now()
    await popup.close()
    const notice = pg.locator('[data-code="consent_window_closed"]')
    await expect(notice).toBeVisible({ timeout: 3000 })
    testInfo.annotations.push({ type: 'noticed-after', description: `${Date.now() - closedAt} ms` })
    await expect(notice).toContainText('consent window was closed')
    await expect(notice.getByRole('link', { name: 'consent_window_closed' })).toHaveAttribute('href', '/troubleshooting#consent-window-closed')
    await expect(pg.getByText(/Waiting for you to accept/)).toHaveCount(0)
    await expect(notice).toBeFocused()
    expect(await activeElement(page)).not.toBe('BODY')
    await expect(notice).toBeInViewport()
    await shootState(page, notice, 'consent-window-closed', testInfo)

    const reopened = page.waitForEvent('popup')
    await notice.getByRole('button', { name: 'Reopen the window' }).click()
    const again = await reopened
    await again.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByRole('table')).toBeVisible()
    await expect(pg.locator('[data-step="start"] code')).toHaveText(flowId)
  })

  test('Cancel in the notice stops the wait', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()
    await popup.close()
    const notice = pg.locator('[data-code="consent_window_closed"]')
    await notice.getByRole('button', { name: 'Cancel' }).click()
    await expect(pg.getByText('Cancelled. Press Run to start again.')).toBeFocused()
    await expect(pg.getByRole('button', { name: 'Run again' })).toBeEnabled()
    await shootState(page, pg.getByText('Cancelled. Press Run to start again.'), 'cancelled', testInfo)
  })

  test('a blocked window leaves a link to the consent page, in view and focused', async ({ page }, testInfo) => {
    await page.addInitScript(() => {
      window.open = () => null
    })
    const pg = await openDesktopPlayground(page)
    await pg.getByRole('button', { name: /^Run/ }).click()
    const notice = pg.locator('[data-code="popup_blocked"]')
    await expect(notice).toBeFocused()
    await expect(notice).toBeInViewport()
    await expect(notice.getByRole('link', { name: 'Open the consent page' })).toBeVisible()
    await shootState(page, notice, 'popup-blocked', testInfo)
  })

  test('a window that closes itself after Accept is not reported as closed', async ({ page }) => {
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByRole('table')).toBeVisible()
    await page.waitForTimeout(1500)
    await expect(pg.locator('[data-code="consent_window_closed"]')).toHaveCount(0)
  })
})
