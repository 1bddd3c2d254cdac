import { expect, test } from '@playwright/test'
import { ANCHORS, GUIDE } from './guide'

test('the guide shows every section of the original, in order, with the same anchors', async ({ page }) => {
  await page.goto(GUIDE)
  await expect(page.getByRole('heading', { level: 1, name: 'Atlassian' })).toBeVisible()
  const ids = await page.locator('main :is(h2, h3, h4)[id]').evaluateAll((els) => els.map((el) => el.id))
  expect(ids).toEqual(ANCHORS)

  for (const id of ANCHORS) {
    await page.goto(`${GUIDE}#${id}`)
    await expect(page.locator(`[id="${id}"]`)).toBeInViewport()
  }
})

test('callouts, the four dashboard steps and both language tab groups are there', async ({ page }) => {
  await page.goto(GUIDE)
  const main = page.locator('main')
  await expect(main.locator('.nextra-callout')).toHaveCount(3)
  await expect(main.locator('.nextra-callout').first()).toContainText('no ready-made Atlassian provider')
  await expect(main.locator('.nextra-callout', { hasText: 'custom user verifier' })).toBeVisible()
  await expect(main.locator('.nextra-steps h4')).toHaveText([
    'Access the Arcade Dashboard',
    'Navigate to the OAuth Providers page',
    'Enter the provider details',
    'Create the provider'
  ])
  await expect(main.getByRole('tablist')).toHaveCount(2)
  for (const tablist of await main.getByRole('tablist').all()) {
    await expect(tablist.getByRole('tab')).toHaveText(['Python', 'JavaScript'])
  }
})

test('the note says what changed from the original guide', async ({ page }) => {
  await page.goto(GUIDE)
  const note = page.locator('.nextra-callout', { hasText: 'Changed from the original guide' })
  await expect(note).toBeVisible()
  for (const fix of ['accessible-resources', 'encode', 'read:jira-work', 'waitForCompletion()']) {
    await expect(note).toContainText(fix)
  }
})

test('heading levels never skip (Lighthouse heading-order)', async ({ page }) => {
  await page.goto(GUIDE)
  const levels = await page
    .locator('main :is(h1, h2, h3, h4, h5, h6)')
    .evaluateAll((els) => els.map((el) => Number(el.tagName[1])))
  expect(levels[0]).toBe(1)
  const skips = levels.flatMap((level, i) => (i > 0 && level > levels[i - 1] + 1 ? [`h${levels[i - 1]} -> h${level}`] : []))
  expect(skips).toEqual([])
})

test('code is highlighted at build time, in both themes, with the seed-style line highlights', async ({ page, request }) => {
  const html = await (await request.get(GUIDE)).text()
  expect(html).toContain('--shiki-light:')
  expect(html).toContain('--shiki-dark:')
  await page.goto(GUIDE)
  const python = page.locator('div.nextra-code', { hasText: 'snippets/app-code.py' })
  // The wait bound, the auth.start call, the bounded wait loop (not its comment).
  await expect(python.locator('[data-highlighted-line]')).toHaveCount(1 + 5 + 7)
  await expect(python.locator('[data-highlighted-line]').first()).toHaveText('MAX_WAIT_MINUTES = 5')
  await expect(python.locator('[data-highlighted-line]').nth(1)).toHaveText('auth_response = client.auth.start(')
})
