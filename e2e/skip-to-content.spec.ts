import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

for (const path of ['/', GUIDE]) {
  test(`on ${path} the first Tab reaches "Skip to content", and Enter moves focus to the main content`, async ({ page }) => {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport()
    await page.keyboard.press('Enter')
    const focused = page.locator(':focus')
    await expect(focused).toHaveAttribute('id', 'main-content')
    expect(await focused.evaluate((el) => el.closest('main') !== null && el.querySelector('h1') !== null)).toBe(true)
    // The next Tab continues inside the content, not back in the navbar.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)
  })
}
