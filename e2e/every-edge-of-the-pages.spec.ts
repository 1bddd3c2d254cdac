import { expect, test, type Page } from '@playwright/test'
import { CONSENT_WINDOW } from '../components/playground/consent-window'
import { GUIDE } from './guide'
import { openPlayground, runAndGetConsent } from './playground'

// The pages' edges (issue 16, build item 4): the 404 page, the sidebar's Tab order, the consent window, the panel
// placeholder without JavaScript, the table of contents, the "what changed" fold, code and tables that fit.

const LAPTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

/** Words (letters, digits, underscores) of the page's Markdown tables that a line break cuts in two. */
function wordsCutInTables(page: Page): Promise<string[]> {
  return page.locator('main table').evaluateAll((tables) => {
    const cut: string[] = []
    for (const table of tables) {
      const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/[\p{L}\p{N}_]+/gu)) {
          const range = document.createRange()
          range.setStart(node, word.index!)
          range.setEnd(node, word.index! + word[0].length)
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
          if (lines.size > 1) cut.push(word[0])
        }
      }
    }
    return cut
  })
}

test('an unknown address answers the 404 page in the site\'s layout, with search and a way home', async ({ page }) => {
  const response = await page.goto('/no-such-page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  await expect(page.locator('.nextra-nav-container')).toBeVisible()
  const body = page.locator('main')
  await expect(body.getByRole('link', { name: 'The home page' })).toHaveAttribute('href', '/')
  await expect(body.getByRole('link', { name: 'The Atlassian guide' })).toHaveAttribute('href', GUIDE)
  // The search box in the page's body is the site's own search component, the navbar's (whose results the
  // search journeys test): the same field, and it takes a query.
  const search = body.locator('.not-found-search input, input.not-found-search')
  await expect(search).toHaveCount(1)
  await expect(search).toBeVisible()
  const navbarSearch = page.locator('.nextra-nav-container input').first()
  expect(await search.getAttribute('placeholder')).toBe(await navbarSearch.getAttribute('placeholder'))
  await search.fill('verifier')
  await expect(search).toHaveValue('verifier')
  await search.fill('')
  await search.press('Escape')
  await body.getByRole('link', { name: 'The home page' }).click()
  await expect(page).toHaveURL(/\/$/)
})

test('the 404 page is not one of the site\'s pages: not in the sidebar, the sitemap or llms.txt', async ({ page, request }) => {
  await page.goto('/')
  await expect(page.locator('.nextra-sidebar-container').getByRole('link', { name: 'Page not found' })).toHaveCount(0)
  expect(await (await request.get('/sitemap.xml')).text()).not.toContain('404')
  expect(await (await request.get('/llms.txt')).text()).not.toContain('Page not found')
})

test('only the sidebar links a reader can see take the keyboard focus', async ({ page }) => {
  await page.setViewportSize(LAPTOP)
  await page.goto(GUIDE)
  // The guide's page opens its own section; the other sections with children ("User-facing Agents",
  // "Create Tools") stay collapsed, their links clipped to nothing.
  const links = page.locator('.nextra-sidebar-container nav a[href], .nextra-sidebar-container ul a[href]')
  const hidden = await links.evaluateAll((all) =>
    all.filter((a) => {
      // A link is hidden when a collapsed (0 px, overflow hidden) section clips it away.
      const rect = a.getBoundingClientRect()
      for (let p = a.parentElement; p; p = p.parentElement) {
        const box = p.getBoundingClientRect()
        if (getComputedStyle(p).overflow === 'hidden' && (box.height < 1 || rect.bottom <= box.top || rect.top >= box.bottom)) return true
      }
      return false
    }).map((a) => a.getAttribute('href'))
  )
  expect(hidden.length).toBeGreaterThan(0)
  const stops: string[] = []
  await page.locator('.nextra-sidebar-container a[href]').first().focus()
  for (let i = 0; i < 40; i++) {
    const href = await page.evaluate(() => document.activeElement?.closest('.nextra-sidebar-container') ? (document.activeElement.getAttribute('href') ?? '(control)') : null)
    if (href === null) break
    stops.push(href)
    await page.keyboard.press('Tab')
  }
  expect(stops.length).toBeGreaterThan(3)
  expect(stops.filter((href) => hidden.includes(href))).toEqual([])
})

test('on a phone the closed menu takes no keyboard focus; opened, its links do', async ({ page }) => {
  await page.setViewportSize(PHONE)
  await page.goto(GUIDE)
  // Tab from the top of the page until the skip link, the navbar and the main content have had their turn.
  const inMenu = async () => page.evaluate(() => Boolean(document.activeElement?.closest('.nextra-sidebar-container')))
  const stopsInClosedMenu: number[] = []
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab')
    if (await inMenu()) stopsInClosedMenu.push(i)
  }
  expect(stopsInClosedMenu).toEqual([])
  await page.getByRole('button', { name: 'Menu' }).click()
  const first = page.locator('.nextra-sidebar-container a[href]:visible').first()
  await expect(first).toBeVisible()
  await first.focus()
  expect(await inMenu()).toBe(true)
})

test('the consent window fits the panel\'s popup and has an icon', async ({ page }) => {
  const failed: string[] = []
  page.context().on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`))
  await openPlayground(page)
  const popup = await runAndGetConsent(page)
  await popup.setViewportSize(CONSENT_WINDOW)
  const fit = await popup.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    innerHeight: window.innerHeight,
    accept: document.querySelector('button[value="accept"]')!.getBoundingClientRect().bottom
  }))
  expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight)
  expect(fit.innerHeight - fit.accept).toBeGreaterThanOrEqual(16)
  const icon = popup.locator('link[rel~="icon"]')
  await expect(icon).toHaveCount(1)
  const loads = await icon.evaluate((link: HTMLLinkElement) =>
    new Promise<boolean>((resolve) => {
      const image = new Image()
      image.onload = () => resolve(image.naturalWidth > 0)
      image.onerror = () => resolve(false)
      image.src = link.href
    })
  )
  expect(loads).toBe(true)
  await popup.waitForLoadState('networkidle')
  expect(failed).toEqual([])
})

test('without JavaScript the placeholders link to the page\'s Markdown and samples, with no dead button', async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto(GUIDE)
  const placeholders = page.locator('section[data-placeholder]')
  await expect(placeholders).toHaveCount(2)
  await expect(placeholders.getByRole('button')).toHaveCount(0)
  for (const placeholder of await placeholders.all()) {
    const markdown = placeholder.getByRole('link', { name: 'this page as Markdown' })
    await expect(markdown).toHaveAttribute('href', `${GUIDE}.md`)
    const samples = await placeholder.getByRole('link', { name: 'the samples above' }).getAttribute('href')
    expect(samples).toMatch(/^#/)
    await expect(page.locator(samples!)).toHaveCount(1)
  }
  expect((await request.get(`${GUIDE}.md`)).ok()).toBe(true)
  await context.close()
})

test('with JavaScript the placeholder offers to open the panel', async ({ page }) => {
  await page.goto(GUIDE)
  await expect(page.locator('#run-custom-tool[data-placeholder]').getByRole('button', { name: 'Open the panel' })).toBeVisible()
})

/** The one table-of-contents link drawn in a colour of its own (the current heading), or null. */
function highlightedTocLink(page: Page): Promise<string | null> {
  return page.getByRole('navigation', { name: 'table of contents' }).locator('li a').evaluateAll((links) => {
    const colours = links.map((a) => getComputedStyle(a).color)
    const odd = links.filter((_, i) => colours.filter((c) => c === colours[i]).length === 1)
    return odd.length === 1 ? odd[0].textContent : null
  })
}

test('the table of contents follows the reader, also after a jump', async ({ page }) => {
  await page.setViewportSize(LAPTOP)
  await page.goto(`${GUIDE}#create-the-provider`)
  const toc = page.getByRole('navigation', { name: 'table of contents' })
  const follows = async (heading: string | RegExp) => {
    await expect.poll(() => highlightedTocLink(page)).toMatch(heading)
    await expect(toc.locator('a[aria-current]')).toHaveText(heading)
  }
  await follows('Create the provider')
  // One jump from the dashboard steps into the panel, past the "app code" heading.
  await openPlayground(page)
  const jumpTo = (selector: string) =>
    page.evaluate((s) => window.scrollTo({ top: document.querySelector(s)!.getBoundingClientRect().top + window.scrollY - 80, behavior: 'instant' }), selector)
  await jumpTo('#run-app-code')
  await follows('Using Atlassian auth in app code')
  await jumpTo('#run-custom-tool')
  await follows('Using Atlassian auth in custom tools')
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }))
  await follows(/documented here/)
  await expect(toc.getByRole('link', { name: 'View as Markdown' })).toHaveAttribute('href', `${GUIDE}.md`)
})

test('the "what changed" note folds: short at first, open on demand, and a link to it opens it', async ({ page }) => {
  await page.setViewportSize(LAPTOP)
  await page.goto(GUIDE)
  const note = page.locator('.nextra-callout', { hasText: 'Changed from the original guide' })
  const fold = note.locator('details#changes-from-the-original')
  await expect(fold).not.toHaveAttribute('open')
  const folded = (await note.boundingBox())!.height
  expect(folded).toBeLessThan(160)
  await expect(note.getByText('The cloud id.')).toBeHidden()
  await note.getByText('Show the changes').click()
  await expect(note.getByText('The cloud id.')).toBeVisible()
  await expect(note.getByRole('link', { name: 'custom tools' })).toHaveAttribute('href', '#using-atlassian-auth-in-custom-tools')

  await page.goto(`${GUIDE}#changes-from-the-original`)
  await expect(page.locator('details#changes-from-the-original')).toHaveAttribute('open', '')
  await page.goto('/')
  await page.getByRole('link', { name: 'A note at the top of the guide' }).click()
  await expect(page.locator('details#changes-from-the-original')).toHaveAttribute('open', '')
  await expect(page.getByText('The cloud id.')).toBeInViewport()
})

test('the guide\'s code fits a 1280 px laptop without sideways scrolling, in both languages and the panels', async ({ page }) => {
  await page.setViewportSize(LAPTOP)
  await page.goto(GUIDE)
  const overflowing = () =>
    page.locator('main pre').evaluateAll((pres) =>
      pres.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).map((pre) => (pre.textContent ?? '').slice(0, 40))
    )
  const tabs = page.locator('main').getByRole('tablist').first()
  const found = await overflowing()
  await tabs.getByRole('tab', { name: 'JavaScript' }).click()
  found.push(...(await overflowing()))
  for (const id of ['#run-app-code', '#run-custom-tool']) {
    // The placeholder is swapped for the panel as it nears the viewport: scroll by script, then wait for the panel.
    await page.evaluate((s) => document.querySelector(s)!.scrollIntoView(), id)
    await expect(page.locator(`section${id}[data-phase]`)).toBeVisible()
  }
  found.push(...(await overflowing()))
  await tabs.getByRole('tab', { name: 'Python' }).click()
  found.push(...(await overflowing()))
  expect(await page.locator('main pre').count()).toBeGreaterThan(3)
  expect(found).toEqual([])
})

for (const [name, viewport] of Object.entries({ phone: PHONE, laptop: LAPTOP })) {
  test(`the pages' tables fit their column and break no word, ${name}`, async ({ page }) => {
    await page.setViewportSize(viewport)
    for (const route of ['/', GUIDE, '/sandbox']) {
      await page.goto(route)
      const tables = page.locator('main table')
      expect(await tables.count(), route).toBeGreaterThan(0)
      const wide = await tables.evaluateAll((all) =>
        all.flatMap((table) => {
          const column = table.closest('main')!.getBoundingClientRect()
          const box = table.getBoundingClientRect()
          return table.scrollWidth > table.clientWidth + 1 || box.right > column.right + 1 ? [table.textContent!.slice(0, 40)] : []
        })
      )
      expect(wide, route).toEqual([])
      expect(await wordsCutInTables(page), route).toEqual([])
    }
  })
}

// Screenshots of every new state, both widths, both themes (looked at by hand; attached to the report).
for (const colorScheme of ['light', 'dark'] as const) {
  for (const [name, viewport] of Object.entries({ laptop: LAPTOP, phone: PHONE })) {
    test(`screenshots of the new states, ${name}, ${colorScheme}`, async ({ page }, testInfo) => {
      test.setTimeout(120_000)
      await page.setViewportSize(viewport)
      await page.emulateMedia({ colorScheme })
      const shot = (state: string) => page.screenshot({ path: testInfo.outputPath(`${state}-${name}-${colorScheme}.png`) })
      await page.goto('/no-such-page')
      await shot('404')
      await page.goto(GUIDE)
      const note = page.locator('.nextra-callout', { hasText: 'Changed from the original guide' })
      await note.scrollIntoViewIfNeeded()
      await shot('note-folded')
      await note.getByText('Show the changes').click()
      await shot('note-open')
      await page.locator('main div.nextra-code').first().scrollIntoViewIfNeeded()
      await shot('code')
      await page.goto('/sandbox')
      await page.locator('main table').last().scrollIntoViewIfNeeded()
      await shot('sandbox-table')
      await page.goto(GUIDE)
      await page.locator('main table').first().scrollIntoViewIfNeeded()
      await shot('guide-table')
      await openPlayground(page)
      const popupPage = await runAndGetConsent(page)
      await popupPage.setViewportSize(CONSENT_WINDOW)
      await popupPage.emulateMedia({ colorScheme })
      await popupPage.screenshot({ path: testInfo.outputPath(`consent-${name}-${colorScheme}.png`) })
      await popupPage.close()

      const context = await page.context().browser()!.newContext({ javaScriptEnabled: false, viewport, colorScheme })
      const noScript = await context.newPage()
      await noScript.goto(GUIDE)
      await noScript.locator('#run-app-code').scrollIntoViewIfNeeded()
      await noScript.screenshot({ path: testInfo.outputPath(`no-js-placeholder-${name}-${colorScheme}.png`) })
      await context.close()
    })
  }
}
