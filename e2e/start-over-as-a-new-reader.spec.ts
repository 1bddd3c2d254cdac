import { expect, test } from '@playwright/test'
import { openDesktopPlayground, recordRequests, runAndAccept, shootState } from './panel-states'

test.describe('the panel tells the truth about the token and can start afresh', () => {
  test('the scopes shown are the ones the token carries; a wider earlier grant is explained with how to see the difference', async ({ page }, testInfo) => {
    const statuses = recordRequests(page, 'status')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    // A first grant is not "wider": the offline_access Arcade adds is said to be Arcade's, not an earlier grant.
    await expect(pg.locator('[data-arcade-added]')).toContainText('offline_access')
    await expect(pg.locator('[data-extra-scopes]')).toHaveCount(0)

    await pg.getByRole('checkbox', { name: /read:me/ }).uncheck()
    await pg.getByRole('button', { name: 'Run again' }).click()
    await expect(pg).toHaveAttribute('data-phase', 'ready')
    await expect(pg.getByRole('table')).toBeVisible()
    const reported = (await (await statuses[statuses.length - 1].response())!.json()).scopes as string[]
    const granted = pg.locator('[data-granted-scopes]')
    for (const scope of reported) await expect(granted).toContainText(scope)
    await expect(granted).toContainText('read:me')
    await expect(pg.locator('[data-extra-scopes]')).toContainText('Start over as a new reader, then Run without read:me')
    await shootState(page, pg.locator('[data-extra-scopes]'), 'wider-grant', testInfo)
  })

  test('Start over as a new reader clears the run, shows the server\'s message, and the next Run asks for consent again', async ({ page, request }, testInfo) => {
    const probe = await request.post('/api/playground/reset', { data: {} })
    expect(probe.status()).toBe(200)
    const resets = recordRequests(page, 'reset')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    await pg.getByRole('button', { name: 'Start over as a new reader' }).click()
    const message = pg.locator('[data-reset]')
    await expect(message).toContainText(/new visitor/)
    expect(resets).toHaveLength(1)
    expect(resets[0].method()).toBe('POST')
    await expect(pg).toHaveAttribute('data-phase', 'idle')
    await expect(pg.getByRole('list', { name: 'Run steps' })).toHaveCount(0)
    await expect(pg.locator('[data-group]')).toHaveCount(0)
    await shootState(page, message, 'started-over', testInfo)

    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    const popup = await popupPromise
    await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()
  })
})
