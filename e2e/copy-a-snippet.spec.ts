import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { GUIDE } from './guide'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const SAMPLES = [
  { group: 0, tab: 'Python', file: 'snippets/app-code.py' },
  { group: 0, tab: 'JavaScript', file: 'snippets/app-code.mjs' },
  { group: 1, tab: 'Python', file: 'snippets/list-projects.py' },
  { group: 1, tab: 'JavaScript', file: 'snippets/list-jira-projects.ts' }
]

for (const { group, tab, file } of SAMPLES) {
  test(`the copy button copies exactly ${file}`, async ({ page }) => {
    await page.goto(GUIDE)
    await page.locator('main').getByRole('tablist').nth(group).getByRole('tab', { name: tab }).click()
    const block = page.locator('div.nextra-code').filter({ has: page.getByText(file, { exact: true }) })
    await block.getByRole('button', { name: 'Copy code' }).click()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    // The file's text; a code block has no final newline.
    expect(copied).toBe(readFileSync(file, 'utf8').replace(/\n$/, ''))
    // Its tokens are coloured by the page's token classes, in whichever tab was open first (recma-static-code.mjs).
    const colours = await block.locator('code').evaluate((code) => new Set([...code.querySelectorAll('span span')].map((span) => getComputedStyle(span).color)).size)
    expect(colours).toBeGreaterThan(2)
  })
}
