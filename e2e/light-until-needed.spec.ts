import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

// The guide costs about what a plain page costs until a reader comes near a Run it panel.
// (Lighthouse scores and ratios: npm run bench:lighthouse.)
const LIGHTHOUSE_DOM_LIMIT = 1400

test.use({ viewport: { width: 412, height: 823 } }) // Lighthouse's mobile screen

test('at load the guide stays under Lighthouse\'s DOM-size limit and has no panel code', async ({ page }) => {
  const scripts: string[] = []
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()))
  await page.goto(GUIDE)
  await page.waitForLoadState('networkidle')
  const elements = await page.evaluate(() => document.querySelectorAll('*').length)
  test.info().annotations.push({ type: 'dom-size', description: `${elements} elements at load` })
  expect(elements).toBeLessThanOrEqual(LIGHTHOUSE_DOM_LIMIT)
  await expect(page.locator('section[data-placeholder]')).toHaveCount(2)
  await expect(page.locator('section[data-phase]')).toHaveCount(0)

  // None of the scripts loaded with the page carries the panel's code (it is the code that calls this route).
  const atLoad = [...scripts]
  for (const url of atLoad) expect(await (await page.request.get(url)).text(), url).not.toContain('/api/playground/config')

  // Scrolling towards the first panel fetches its chunk, and the panel replaces its placeholder.
  const panelChunk = page.waitForResponse(
    async (r) => r.request().resourceType() === 'script' && !atLoad.includes(r.url()) && (await r.text()).includes('/api/playground/config')
  )
  await page.locator('#run-app-code').scrollIntoViewIfNeeded()
  await panelChunk
  await expect(page.locator('section[data-phase]').first()).toHaveAttribute('id', 'run-app-code')
  await expect(page.locator('#run-app-code [data-mode]')).toBeVisible()
})

test('a link to a panel\'s anchor loads that panel at once and lands on it', async ({ page }) => {
  await page.goto(`${GUIDE}#run-custom-tool`)
  const panel = page.locator('section#run-custom-tool[data-phase]')
  await expect(panel).toBeVisible()
  await expect(panel.getByRole('heading', { name: 'Run it' })).toBeInViewport()
})

test('focusing a placeholder loads its panel and keeps the focus inside it', async ({ page }) => {
  await page.goto(GUIDE)
  await page.waitForLoadState('networkidle')
  await page.locator('#run-custom-tool[data-placeholder] button').focus()
  await expect(page.locator('section#run-custom-tool[data-phase]')).toBeVisible()
  expect(await page.evaluate(() => document.activeElement?.closest('#run-custom-tool') !== null)).toBe(true)
})

test('the placeholder carries the panel\'s name, heading and introduction', async ({ request }) => {
  const html = await (await request.get(GUIDE)).text()
  expect(html).toContain('id="run-app-code"')
  expect(html).toContain('aria-label="Run it: the app code&#x27;s authorization and Jira call"')
  expect(html).toContain('id="run-custom-tool"')
  expect(html).toMatch(/<h3[^>]*>Run it<\/h3>/)
})
