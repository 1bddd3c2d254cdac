import { expect, test, type Locator } from '@playwright/test'
import { GUIDE } from './playground'
import { openDesktopPlayground, recordRequests, runAndAccept, shootState } from './panel-states'

/** The x position of each character of `fragment` in the element's text, left to right as laid out. */
function charPositions(element: Locator, fragment: string) {
  return element.evaluate((el, wanted) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(wanted)
      if (at < 0) continue
      return [...wanted].map((_, i) => {
        const range = document.createRange()
        range.setStart(node!, at + i)
        range.setEnd(node!, at + i + 1)
        return range.getBoundingClientRect().x
      })
    }
    throw new Error(`no text node holds ${wanted}`)
  }, fragment)
}

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1])

test.describe('every input counts, or says why not', () => {
  // Journeys with two consents and screenshots at four sizes: room for a loaded 2-core machine, still bounded.
  test.describe.configure({ timeout: 60_000 })
  test('the Jira site field steers Search, says why when it names no reachable site, and is in the generated code', async ({ page }, testInfo) => {
    const jira = recordRequests(page, 'jira')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    await expect(pg.getByText(/64 projects on acme-robotics/)).toBeVisible()
    const siteField = pg.getByLabel('Jira site')
    const note = pg.locator('[data-site-note]')

    // A site the authorization does not reach, or no site at all: a note, and no call.
    for (const typed of ['northwind-studio', 'garbage!!']) {
      const calls = jira.length
      await siteField.fill(typed)
      await pg.getByRole('button', { name: 'Search' }).click()
      await expect(note).toContainText(`names no site this authorization reaches (\u2068${typed}\u2069)`)
      await expect(note).toContainText('\u2068acme-robotics\u2069')
      expect(jira.length).toBe(calls)
    }
    await siteField.fill('')
    await expect(note).toHaveCount(0)

    // Grant the second site too: a scope not granted yet asks for consent again, where the reader picks northwind-studio.
    await pg.getByRole('checkbox', { name: /write:jira-work/ }).check()
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: 'Run again' }).click()
    const popup = await popupPromise
    await popup.getByLabel(/northwind-studio/).check()
    await popup.getByRole('button', { name: 'Accept' }).click()
    await expect(pg.getByText(/projects on northwind-studio/)).toBeVisible()

    // Now the field picks the other site for Search, and the code shows it.
    await siteField.fill('ACME-Robotics')
    await expect(pg.locator('[data-slot="site"]')).toHaveText('"ACME-Robotics"')
    await pg.getByRole('button', { name: 'Search' }).click()
    await expect(pg.getByText(/64 projects on acme-robotics/)).toBeVisible()
    const sent = jira[jira.length - 1].postDataJSON()
    expect(sent).toMatchObject({ action: 'site', parts: ['projects'] })
    const sites = (await (await jira[jira.length - 2].response())!.json()).sites as Array<{ id: string; name: string }>
    expect(sent.cloudId).toBe(sites.find((s) => s.name === 'acme-robotics')!.id)
    await expect(pg.locator('[data-group]').first()).toContainText('Search: all projects on \u2068acme-robotics\u2069')
    // And paging stays on it.
    await pg.getByRole('button', { name: 'Next page' }).click()
    await expect(pg.getByText(/64 projects on acme-robotics, showing 11–20/)).toBeVisible()
    await shootState(page, pg.locator('[data-step="projects"]'), 'site-field-steers-search', testInfo)
  })

  test('a repeated URL parameter takes one rule: the last value counts, and a note says so', async ({ page }) => {
    await page.goto(`${GUIDE}?scopes=&scopes=read:me#run-app-code`)
    const app = page.locator('section#run-app-code')
    await expect(app.locator('[data-mode]')).toBeVisible()
    await expect(app.getByRole('checkbox', { name: /read:me/ })).toBeChecked()
    await expect(app.getByRole('checkbox', { name: /read:jira-work/ })).not.toBeChecked()
    await expect(app.locator('[data-link-notes]')).toContainText('Ignored the first 1 of 2 scopes= values: when a link repeats a parameter, the last one counts')
  })

  test("a note isolates the reader's text: a U+202E in an ignored value does not reverse the sentence", async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${GUIDE}?scenario=${encodeURIComponent('abc\u202Edef')}#run-app-code`)
    const notes = page.locator('section#run-app-code [data-link-notes]')
    await expect(notes).toContainText('not a known scenario')
    expect(increasing(await charPositions(notes, 'not a known scenario'))).toBe(true)
    // The measure can fail: the same sentence without the isolate is reversed after the override.
    const bare = await notes.evaluate((el) => {
      const probe = document.createElement('p')
      probe.setAttribute('data-probe', '')
      probe.textContent = 'Ignored scenario=abc\u202Edef: not a known scenario'
      el.after(probe)
      return true
    })
    expect(bare).toBe(true)
    expect(increasing(await charPositions(page.locator('[data-probe]'), 'not a known scenario'))).toBe(false)
    await page.locator('[data-probe]').evaluate((el) => el.remove())
    await shootState(page, notes, 'bidi-isolated-note', testInfo)
  })

  test('a shared link carries the language of the code tabs', async ({ page, browser }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    await page.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'JavaScript' }).click()
    await pg.getByLabel('Jira project query').fill('core')
    await expect.poll(() => new URL(page.url()).searchParams.get('language')).toBe('js')
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await pg.getByRole('button', { name: 'Copy link' }).click()
    const link = await page.evaluate(() => navigator.clipboard.readText())
    expect(new URL(link).searchParams.get('language')).toBe('js')

    // A fresh browser (Python by default) opens the link in JavaScript: the panel's code and the page's tabs.
    const fresh = await browser.newContext({ baseURL: testInfo.project.use.baseURL })
    const other = await fresh.newPage()
    await other.goto(link)
    const code = other.locator('#run-app-code div.nextra-code')
    await expect(code.locator('code')).toHaveAttribute('data-snippet-language', 'js')
    await expect(other.locator('main').getByRole('tablist').first().getByRole('tab', { name: 'JavaScript' })).toHaveAttribute('aria-selected', 'true')
    await fresh.close()
  })
})
