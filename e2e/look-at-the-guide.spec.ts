import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

// Accessibility (axe at every impact level, in every panel state) is checked by axe-every-state.spec.ts.
for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`the guide in ${colorScheme} mode`, () => {
    test.use({ colorScheme })

    test('renders in that theme (screenshot saved as an artifact)', async ({ page }, testInfo) => {
      await page.goto(GUIDE)
      await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${colorScheme}\\b`))
      // A code token: its colour pair is a class from the page's token rules (lib/mdx/recma-static-code.mjs).
      const code = page.locator('main pre code span[class^="sk"]').first()
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
  })
}
