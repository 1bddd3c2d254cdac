import { expect, test } from '@playwright/test'
import { openSiteSearch } from './site-search'

test('search finds the redirect URL step and jumps to it', async ({ page }) => {
  const input = await openSiteSearch(page)
  const step = page.locator('a[href$="/auth-providers/atlassian#enter-the-provider-details"]')
  await expect(async () => {
    await input.fill('')
    await input.fill('redirect URL')
    await expect(step.first()).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 15_000 })
  await expect(step.first()).toContainText(/redirect url/i)

  await step.first().click()
  await expect(page).toHaveURL(/\/auth-providers\/atlassian#enter-the-provider-details$/)
  await expect(page.locator('#enter-the-provider-details')).toBeInViewport()
})

test('every section the search can land on is a heading the page has, with that anchor', async ({ request }) => {
  const sections = (await (await request.get('/search-sections.json')).json()) as { url: string; section?: string }[]
  expect(sections.length).toBeGreaterThan(50)
  const pages = new Map<string, string>()
  for (const { url, section } of sections) {
    const [route, anchor] = url.split('#')
    if (!pages.has(route)) pages.set(route, await (await request.get(route)).text())
    if (anchor === undefined) continue
    const heading = pages.get(route)!.match(new RegExp(`<h[2-6][^>]*\\bid="${anchor}"[^>]*>`))
    expect.soft(heading, `${url} (${section}) is no heading on ${route}`).not.toBeNull()
  }
})
