import { expect, test } from '@playwright/test'
import { existsSync } from 'node:fs'
import { filesUnder, filesWithSecrets, secretsIn } from './secrets'
import { openPlayground, runAndGetConsent } from './playground'

test('the client bundle and the prerendered HTML carry no Arcade key', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'sandbox', 'one look at the build is enough')
  expect(existsSync('.next/static'), 'the e2e run builds the site first').toBe(true)
  const files = [...filesUnder('.next/static'), ...filesUnder('.next/server/pages').filter((f) => f.endsWith('.html'))]
  expect(files.length).toBeGreaterThan(10)
  expect(filesWithSecrets(files)).toEqual([])
})

test('no response the browser receives during a full live run holds the key or a provider token', async ({ page, context }, testInfo) => {
  test.skip(testInfo.project.name !== 'live', 'the live site is the one holding a key')
  const bodies: Array<{ url: string; text: string }> = []
  context.on('response', async (response) => {
    const text = await response.text().catch(() => '')
    bodies.push({ url: response.url(), text })
  })
  const pg = await openPlayground(page)
  const popup = await runAndGetConsent(page)
  await popup.getByRole('button', { name: 'Accept' }).click()
  await expect(pg.getByRole('table')).toBeVisible()
  // The run's exchanges are grouped under the action that caused them.
  const run = pg.locator('[data-group="1"][data-action="run"]')
  await run.locator('summary').click()
  await expect(run).toContainText('/v1/auth/status')

  expect(bodies.length).toBeGreaterThan(10)
  const leaks = bodies.filter((b) => secretsIn(b.text).length > 0).map((b) => b.url)
  expect(leaks).toEqual([])
  // The traces did show the calls that carried them, with the secrets masked.
  await expect(run).toContainText('••••')
})
