import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

// The guide's samples on a phone (390 px wide), in both themes: screenshots to look at, and every code line
// within the 80 columns the snippet tests enforce (the live snippet included, as rendered in the page).
for (const colorScheme of ['light', 'dark'] as const) {
  test(`the samples on a phone, ${colorScheme}`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.emulateMedia({ colorScheme })
    await page.goto(GUIDE)
    const blocks = page.locator('main div.nextra-code')
    await expect(blocks.first()).toBeVisible()

    // Only the chosen language's samples are in the DOM (Tabs unmount the other): measure both languages.
    const measure = () =>
      page.locator('main pre code').evaluateAll((codes) =>
        codes.flatMap((code) => (code.textContent ?? '').split('\n').map((line) => [...line].length))
      )
    const tabs = page.locator('main').getByRole('tablist').first()
    const lines = await measure()
    await tabs.getByRole('tab', { name: 'JavaScript' }).click()
    lines.push(...(await measure()))
    await tabs.getByRole('tab', { name: 'Python' }).click()
    expect(lines.length).toBeGreaterThan(100)
    expect(Math.max(...lines)).toBeLessThanOrEqual(80)

    // How many lines a phone shows whole (printed, not asserted: it depends on the font).
    const visible = await page.locator('main pre').first().evaluate((pre) => {
      const probe = document.createElement('span')
      probe.textContent = 'x'.repeat(100)
      pre.querySelector('code')!.append(probe)
      const perChar = probe.getBoundingClientRect().width / 100
      probe.remove()
      const style = getComputedStyle(pre)
      return Math.floor((pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / perChar)
    })
    const cut = lines.filter((n) => n > visible).length
    console.log(`${colorScheme}: ${visible} columns visible at 390 px; ${cut} of ${lines.length} code lines (${Math.round((100 * cut) / lines.length)}%) need a scroll`)

    for (const file of ['snippets/app-code.py', 'snippets/list-projects.py']) {
      await blocks.filter({ hasText: file }).scrollIntoViewIfNeeded()
      await page.screenshot({ path: testInfo.outputPath(`phone-${colorScheme}-${file.replace(/\W+/g, '-')}.png`) })
    }
    await page.locator('#run-app-code').scrollIntoViewIfNeeded()
    await page.locator('#run-app-code div.nextra-code').scrollIntoViewIfNeeded()
    await page.screenshot({ path: testInfo.outputPath(`phone-${colorScheme}-live-snippet.png`) })
  })
}
