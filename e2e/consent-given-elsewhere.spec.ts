import { expect, test } from '@playwright/test'
import { openDesktopPlayground, recordRequests, shootState } from './panel-states'

test('a flow consented in another browser is explained as user_mismatch with its help link, not waited on', async ({ page, browser }, testInfo) => {
  const starts = recordRequests(page, 'start')
  const pg = await openDesktopPlayground(page)
  const popupPromise = page.waitForEvent('popup')
  await pg.getByRole('button', { name: /^Run/ }).click()
  const popup = await popupPromise
  const started = await (await starts[0].response())!.json()
  expect(String(started.url)).toMatch(/^\/api\/playground\/consent\?/)
  await popup.close()

  // Someone else (another browser, no session of this visitor) opens the consent link and accepts.
  const elsewhere = await browser.newContext({ baseURL: testInfo.project.use.baseURL })
  const other = await elsewhere.newPage()
  await other.goto(started.url)
  await other.getByRole('button', { name: 'Accept' }).click()
  await other.waitForLoadState()
  await elsewhere.close()

  const alert = pg.getByRole('alert').filter({ hasText: 'user_mismatch' })
  // The verifier's refusal wakes the status long-poll in flight, so the panel says so at once, not after it.
  await expect(alert).toHaveAttribute('data-code', 'user_mismatch', { timeout: 3_000 })
  await expect(alert.getByRole('link', { name: 'What this means and how to fix it' })).toHaveAttribute('href', /\/troubleshooting#/)
  await expect(alert).toBeFocused()
  await shootState(page, alert, 'user-mismatch', testInfo)
})
