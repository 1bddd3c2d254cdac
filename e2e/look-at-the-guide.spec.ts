import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`the guide in ${colorScheme} mode`, () => {
    test.use({ colorScheme })

    test('renders in that theme (screenshot saved as an artifact)', async ({ page }, testInfo) => {
      await page.goto(GUIDE)
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${colorScheme}\\b`))
      const code = page.locator('.nextra-code span[style*="--shiki-light"]').first()
      const colour = await code.evaluate((el) => getComputedStyle(el).color)
      const themeVar = await code.evaluate((el, v) => getComputedStyle(el).getPropertyValue(v).trim(), `--shiki-${colorScheme}`)
      expect(colour).toBe(await page.evaluate((hex) => {
        const probe = document.createElement('span')
        probe.style.color = hex
        document.body.append(probe)
        return getComputedStyle(probe).color
      }, themeVar))
      const path = testInfo.outputPath(`guide-${colorScheme}.png`)
      await page.screenshot({ path, fullPage: true })
      await testInfo.attach(`guide-${colorScheme}`, { path, contentType: 'image/png' })
    })

    test('has no serious or critical axe violations', async ({ page }, testInfo) => {
      await page.goto(GUIDE)
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${colorScheme}\\b`))
      const results = await new AxeBuilder({ page }).analyze()
      await testInfo.attach('axe-violations', { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)
      expect(serious).toEqual([])
    })
  })
}
