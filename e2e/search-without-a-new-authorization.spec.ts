import { expect, test } from '@playwright/test'
import { openDesktopPlayground, recordRequests, runAndAccept, shootState } from './panel-states'

test.describe('each control does one thing', () => {
  test('Enter in the query searches the completed authorization: no new start, no popup, projects alone', async ({ page }, testInfo) => {
    const starts = recordRequests(page, 'start')
    const jira = recordRequests(page, 'jira')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    expect(starts).toHaveLength(1)
    const flowId = (await pg.locator('[data-step="start"] code').innerText()).trim()

    let popups = 0
    page.on('popup', () => popups++)
    const query = pg.getByLabel('Jira project query')
    await query.fill('help')
    await query.press('Enter')
    await expect(pg.getByText(/matching help/)).toBeVisible()
    for (const row of await pg.getByRole('table').locator('tbody tr').allInnerTexts()) expect(row.toLowerCase()).toContain('help')
    expect(starts, 'Enter after a run starts no new authorization').toHaveLength(1)
    expect(popups).toBe(0)
    await expect(pg.locator('[data-step="start"] code')).toHaveText(flowId)

    const search = jira[jira.length - 1]
    const { site } = await (await jira[0].response())!.json()
    expect(search.postDataJSON()).toMatchObject({ flowId, action: 'search', parts: ['projects'], cloudId: site.id, query: 'help', startAt: 0 })

    // The Search button does the same.
    await query.fill('core')
    await pg.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(pg.getByText(/matching core/)).toBeVisible()
    expect(starts).toHaveLength(1)
    expect(jira[jira.length - 1].postDataJSON()).toMatchObject({ action: 'search', parts: ['projects'], query: 'core' })
    await expect(pg.locator('[data-group]')).toHaveCount(3)
    await shootState(page, pg.locator('[data-group="3"]'), 'searched', testInfo)
  })

  test('before any completed authorization, Enter in the query does what Run does', async ({ page }) => {
    const starts = recordRequests(page, 'start')
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByLabel('Jira project query').fill('help')
    await pg.getByLabel('Jira project query').press('Enter')
    const popup = await popupPromise
    expect(starts).toHaveLength(1)
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByText(/matching help/)).toBeVisible()
  })

  test('Run opens the consent window only when Arcade asks for consent', async ({ page }, testInfo) => {
    const starts = recordRequests(page, 'start')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)

    let popups = 0
    page.on('popup', () => popups++)
    await pg.getByRole('button', { name: 'Run again' }).click()
    await expect.poll(() => starts.length).toBe(2)
    await expect(pg).toHaveAttribute('data-phase', 'ready')
    await expect(pg.getByRole('table')).toBeVisible()
    expect((await starts[1].response())?.status()).toBe(200)
    expect(popups, 'no consent needed, so no window (not even about:blank)').toBe(0)
    await expect(pg.locator('[data-step="consent"]')).toContainText('Not needed')
    await shootState(page, pg.locator('[data-step="consent"]'), 'no-consent-needed', testInfo)
  })
})
