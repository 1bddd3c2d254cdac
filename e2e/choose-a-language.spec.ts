import { expect, type Page, test } from '@playwright/test'
import { GUIDE, VERIFIER } from './guide'

async function expectLanguage(page: Page, language: 'Python' | 'JavaScript', files: string[]) {
  const tablists = page.locator('main').getByRole('tablist')
  await expect(tablists).toHaveCount(files.length)
  for (const [i, file] of files.entries()) {
    await expect(tablists.nth(i).getByRole('tab', { name: language })).toHaveAttribute('aria-selected', 'true')
    // Only the selected panel is visible (and so in the accessibility tree).
    await expect(page.getByRole('tabpanel').nth(i)).toContainText(file)
  }
}

test('the JavaScript tab shows the JavaScript sample, and the choice survives a reload and another page', async ({ page }) => {
  await page.goto(GUIDE)
  await expectLanguage(page, 'Python', ['snippets/app-code.py', 'snippets/list-projects.py'])

  await page.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'JavaScript' }).click()
  const panel = page.getByRole('tabpanel').first()
  await expect(panel).toContainText('import { Arcade } from "@arcadeai/arcadejs";')
  await expect(panel).toContainText('await client.auth.start(userId, "atlassian"')
  expect(await panel.locator('code span[class^="sk"]').count()).toBeGreaterThan(20)
  await expectLanguage(page, 'JavaScript', ['snippets/app-code.mjs', 'snippets/list-jira-projects.ts'])

  await page.reload()
  await expectLanguage(page, 'JavaScript', ['snippets/app-code.mjs', 'snippets/list-jira-projects.ts'])

  await page.goto(VERIFIER)
  await expectLanguage(page, 'JavaScript', ['snippets/verify-user.ts'])

  // And back: choosing Python on that page carries over to the guide.
  await page.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'Python' }).click()
  await page.goto(GUIDE)
  await expectLanguage(page, 'Python', ['snippets/app-code.py', 'snippets/list-projects.py'])
})

test('the Run it panel shows its code in the language chosen in the Tabs, highlighted, with the inputs filled in', async ({ page }) => {
  await page.goto(GUIDE)
  const panel = page.locator('#run-app-code')
  // The panel's code loads as its placeholder nears the viewport (LazyPlayground).
  await panel.scrollIntoViewIfNeeded()
  const code = panel.locator('div.nextra-code')
  // Python is the Tabs' first item, so it is what a new reader sees, in the samples and in the panel.
  await expect(code).toContainText('snippets/playground-run.py')
  await expect(code.locator('code')).toHaveAttribute('data-snippet-language', 'python')

  await page.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'JavaScript' }).click()
  await expect(code).toContainText('snippets/playground-run.mjs')
  await expect(code.locator('code')).toHaveAttribute('data-snippet-language', 'js')
  await expect(code).toContainText('import { Arcade } from "@arcadeai/arcadejs";')

  // Choosing Python in any language Tabs (here the second group) switches the panel too.
  await page.locator('main').getByRole('tablist').nth(1).getByRole('tab', { name: 'Python' }).click()
  await expect(code).toContainText('snippets/playground-run.py')
  await expect(code.locator('code')).toHaveAttribute('data-snippet-language', 'python')
  await expect(code).toContainText('from arcadepy import Arcade')
  await expect(code).toContainText('PROVIDER = {"provider_id": "atlassian"}')
  expect(await code.locator('span[style*="--shiki-light"]').count()).toBeGreaterThan(50)

  await panel.getByLabel('Jira project query').fill('Pay & Co')
  await expect(panel.locator('[data-slot="query"]')).toHaveText('"Pay & Co"')
  await expect(code).toContainText('QUERY = "Pay & Co"')

  // The choice survives a reload, as the Tabs' does.
  await page.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'JavaScript' }).click()
  await page.reload()
  await expect(code).toContainText('snippets/playground-run.mjs')
  await expect(code).toContainText('const PROVIDER = { provider_id: "atlassian" };')
})
