import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { CONSENT_WINDOW } from '../components/playground/consent-window'
import { GUIDE } from './guide'
import { openEveryExchange, openPlayground, runAndGetConsent, runToTheEnd } from './playground'
import { sitePages } from './site-pages'

// axe with no impact filter: minor and moderate findings count as much as serious and critical ones.

// The longest file by far: its journeys are independent, so both workers share it.
test.describe.configure({ mode: 'parallel' })

async function violations(page: Page, testInfo: TestInfo, name: string): Promise<string[]> {
  await expect(page.locator('html')).toHaveClass(/\b(light|dark)\b/)
  const results = await new AxeBuilder({ page }).analyze()
  await testInfo.attach(`axe-${name}`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
  return results.violations.map(
    (v) => `${name}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | ')}`
  )
}

const SCREENS = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 800 } }

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [screen, viewport] of Object.entries(SCREENS)) {
    test.describe(`${screen}, ${colorScheme}`, () => {
      test.use({ colorScheme, viewport })

      test('every page has no axe violation at any impact level', async ({ page }, testInfo) => {
        test.setTimeout(120_000)
        const found: string[] = []
        for (const route of sitePages()) {
          await page.goto(route)
          await page.waitForLoadState('networkidle')
          found.push(...(await violations(page, testInfo, route)))
        }
        expect(found).toEqual([])
      })

      test('the guide\'s panel has none idle, waiting, completed with every exchange open, and failed', async ({ page }, testInfo) => {
        test.setTimeout(90_000)
        const found: string[] = []
        const pg = await openPlayground(page)
        found.push(...(await violations(page, testInfo, 'idle')))

        const waiting = await runAndGetConsent(page)
        await expect(pg).toHaveAttribute('data-phase', 'awaitingConsent')
        found.push(...(await violations(page, testInfo, 'waiting')))
        await waiting.getByRole('button', { name: 'Accept' }).click()
        await expect(pg.getByRole('table')).toBeVisible()
        await openEveryExchange(pg)
        found.push(...(await violations(page, testInfo, 'completed')))

        // A new visitor (no session cookie) has granted nothing yet, so the next run asks for consent again.
        await page.context().clearCookies()
        const denied = await runAndGetConsent(page)
        await denied.getByRole('button', { name: 'Deny' }).click()
        await expect(pg.getByRole('alert')).toHaveAttribute('data-code', 'authorization_failed')
        await openEveryExchange(pg)
        found.push(...(await violations(page, testInfo, 'failed')))
        expect(found).toEqual([])
      })

      test('the 404 page and the guide with its "what changed" note open have none', async ({ page }, testInfo) => {
        test.setTimeout(60_000)
        const found: string[] = []
        await page.goto('/no-such-page')
        found.push(...(await violations(page, testInfo, '404')))
        await page.goto(GUIDE)
        await page.locator('#changes-from-the-original > summary').click()
        await expect(page.locator('#changes-from-the-original')).toHaveAttribute('open', '')
        found.push(...(await violations(page, testInfo, 'note open')))
        expect(found).toEqual([])
      })

      test('the consent window has none', async ({ page }, testInfo) => {
        await openPlayground(page)
        const popup = await runAndGetConsent(page)
        await popup.setViewportSize(CONSENT_WINDOW)
        const results = await new AxeBuilder({ page: popup }).analyze()
        await testInfo.attach('axe-consent', { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
        expect(results.violations.map((v) => `consent: ${v.id} (${v.impact})`)).toEqual([])
      })

      test('both panels loaded and completed at once keep distinct landmarks', async ({ page }, testInfo) => {
        test.setTimeout(60_000)
        await runToTheEnd(page)
        await page.locator('#run-custom-tool').scrollIntoViewIfNeeded()
        await expect(page.locator('section[data-phase]')).toHaveCount(2)
        expect(await violations(page, testInfo, 'two panels')).toEqual([])
        const names = await page.locator('section[data-phase]').evaluateAll((all) => all.map((s) => s.getAttribute('aria-label')))
        expect(new Set(names).size).toBe(2)
      })
    })
  }
}

test('the guide at load, before any panel has loaded, passes too', async ({ page }, testInfo) => {
  await page.goto(GUIDE)
  await expect(page.locator('section[data-placeholder]')).toHaveCount(2)
  expect(await violations(page, testInfo, 'placeholders')).toEqual([])
})
