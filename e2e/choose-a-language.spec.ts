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
  expect(await panel.locator('span[style*="--shiki-light"]').count()).toBeGreaterThan(20)
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
