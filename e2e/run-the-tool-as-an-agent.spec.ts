import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { GUIDE } from './guide'
import { playground } from './playground'

/** The second panel: an MCP client of the site's /mcp calling the guide's list_projects. */
async function openToolPanel(page: Page) {
  await page.goto(GUIDE)
  await page.locator('#run-custom-tool').scrollIntoViewIfNeeded()
  const panel = page.locator('section#run-custom-tool[data-tool-panel]')
  await expect(panel.locator('[data-mode]')).toBeVisible()
  return panel
}

/** Run, accept in the window the elicitation opened, and wait for the projects. */
async function runThroughTheElicitation(page: Page) {
  const panel = page.locator('section#run-custom-tool[data-tool-panel]')
  const popupPromise = page.waitForEvent('popup')
  await panel.getByRole('button', { name: /^Run/ }).click()
  const popup = await popupPromise
  await expect(popup.getByRole('button', { name: 'Accept' })).toBeVisible()
  await expect(panel).toHaveAttribute('data-phase', 'awaitingConsent')
  await popup.getByRole('button', { name: 'Accept' }).click()
  await expect(panel).toHaveAttribute('data-phase', 'ready', { timeout: 15_000 })
  return panel
}

test('the second panel calls list_projects over MCP: the elicitation opens the consent, the same call returns the projects', async ({ page }, testInfo) => {
  const panel = await openToolPanel(page)
  // Its code view is the MCP client call and the tool, not the first panel's auth.start loop.
  const code = panel.locator('pre').first()
  await expect(code).toContainText('list_projects')
  await expect(code).toContainText('elicitation: { url: {} }')
  await expect(code).toContainText(`${new URL(page.url()).origin}/mcp`)
  await expect(code).not.toContainText('auth.start')
  await expect(panel.getByText('Scope the tool declares:')).toContainText('read:jira-work')
  await panel.getByLabel('Jira project query').fill('a')
  await expect(code).toContainText('const QUERY = "a";')

  await runThroughTheElicitation(page)
  await expect(panel.getByRole('table')).toBeVisible()
  await expect(panel.locator('[data-consent="completed"]')).toContainText('notifications/elicitation/complete')
  await expect(panel.locator('[data-granted-scopes]')).toContainText('read:jira-work')

  // The MCP messages, in order: the session, the call, the elicitation and its answer, the completion, the result.
  const messages = panel.locator('[data-mcp-messages] li')
  const methods = await messages.evaluateAll((all) => all.map((li) => li.getAttribute('data-method')))
  for (const method of ['initialize', 'tools/list', 'tools/call', 'elicitation/create', 'notifications/elicitation/complete']) expect(methods).toContain(method)
  expect(methods.indexOf('tools/call')).toBeLessThan(methods.indexOf('elicitation/create'))
  await expect(panel.locator('[data-mcp-messages]')).toContainText('elicitation/create (url mode)')
  await expect(panel.locator('[data-mcp-messages]')).toContainText(/result of tools\/call: \d+ projects/)
  // Beside them, the HTTP requests the tool made on the server.
  await panel.locator('section details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)))
  await expect(panel).toContainText('/oauth/token/accessible-resources')
  await expect(panel).toContainText('/rest/api/3/project/search')
  await panel.screenshot({ path: testInfo.outputPath('tool-panel-ready.png') })

  // Again on the same session: the grant is the session's, so no consent and no window.
  let popups = 0
  page.on('popup', () => popups++)
  await panel.getByRole('button', { name: 'Run again' }).click()
  await expect(panel).toHaveAttribute('data-phase', 'ready')
  await expect(panel.locator('[data-consent]')).toHaveCount(0)
  expect(popups).toBe(0)
})

test("the panels' grants are their own: neither authorizes the other", async ({ page }) => {
  test.setTimeout(60_000)
  const tool = await openToolPanel(page)
  await runThroughTheElicitation(page)

  // The tool's grant belongs to its MCP session: the first panel still has to ask.
  await page.locator('#run-app-code').scrollIntoViewIfNeeded()
  const app = playground(page)
  await expect(app.locator('[data-mode]')).toBeVisible()
  const appConsent = page.waitForEvent('popup')
  await app.getByRole('button', { name: /^Run/ }).click()
  const popup = await appConsent
  await popup.getByRole('button', { name: 'Accept' }).click()
  await expect(app.getByRole('table')).toBeVisible()

  // And the reader's grant does not reach a new MCP session: it is asked for consent again.
  await tool.scrollIntoViewIfNeeded()
  await tool.getByRole('button', { name: 'New MCP session' }).click()
  await expect(tool).toHaveAttribute('data-phase', 'idle')
  await runThroughTheElicitation(page)
  await expect(tool.getByRole('table')).toBeVisible()
})

for (const [name, viewport, colorScheme] of [
  ['laptop light', { width: 1280, height: 800 }, 'light'],
  ['phone dark', { width: 390, height: 844 }, 'dark']
] as const) {
  test.describe(name, () => {
    test.use({ viewport, colorScheme })
    test(`the tool panel waiting and done has no axe violation, and fits the screen (${name})`, async ({ page }, testInfo) => {
      test.setTimeout(90_000)
      const panel = await openToolPanel(page)
      const popupPromise = page.waitForEvent('popup')
      await panel.getByRole('button', { name: /^Run/ }).click()
      const popup = await popupPromise
      await expect(panel).toHaveAttribute('data-phase', 'awaitingConsent')
      expect((await new AxeBuilder({ page }).include('#run-custom-tool').analyze()).violations.map((v) => v.id)).toEqual([])
      await popup.getByRole('button', { name: 'Accept' }).click()
      await expect(panel).toHaveAttribute('data-phase', 'ready', { timeout: 15_000 })
      await panel.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)))
      expect((await new AxeBuilder({ page }).include('#run-custom-tool').analyze()).violations.map((v) => v.id)).toEqual([])
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await panel.screenshot({ path: testInfo.outputPath(`tool-panel-${name.replace(' ', '-')}.png`) })
    })
  })
}
