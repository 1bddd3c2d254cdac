import { expect, type Locator, type Page, type Request, type TestInfo } from '@playwright/test'
import { GUIDE, playground } from './playground'

const VARIANTS = [
  { name: 'desktop-light', width: 1280, height: 800, colorScheme: 'light' },
  { name: 'desktop-dark', width: 1280, height: 800, colorScheme: 'dark' },
  { name: 'phone-light', width: 390, height: 844, colorScheme: 'light' },
  { name: 'phone-dark', width: 390, height: 844, colorScheme: 'dark' }
] as const

/**
 * Screenshots of one state of the panel at desktop 1280x800 and phone 390x844, light and dark, with `target`
 * in view, saved under test-results/. Leaves the page at desktop size in light mode.
 */
export async function shootState(page: Page, target: Locator, state: string, testInfo: TestInfo) {
  for (const v of VARIANTS) {
    await page.setViewportSize({ width: v.width, height: v.height })
    await page.emulateMedia({ colorScheme: v.colorScheme, reducedMotion: 'reduce' })
    await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${v.colorScheme}\\b`))
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await page.screenshot({ path: testInfo.outputPath(`${state}-${v.name}.png`) })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: null })
}

/** The requests the page makes to one playground route, recorded as they happen. */
export function recordRequests(page: Page, route: string) {
  const seen: Request[] = []
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === `/api/playground/${route}`) seen.push(r)
  })
  return seen
}

/** The element that has focus, described for a failure message; "BODY" when focus was dropped. */
export function activeElement(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement
    return el && el !== document.body ? `${el.tagName}:${(el.textContent ?? '').trim().slice(0, 40)}` : 'BODY'
  })
}

/** Open the guide at 1280x800 and wait until the first panel knows its mode. */
export async function openDesktopPlayground(page: Page, url = GUIDE) {
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.goto(url)
  // A panel loads as its placeholder nears the viewport (LazyPlayground), or at once when the URL's anchor names it.
  const named = /#(run-[a-z-]+)$/.exec(url)?.[1] ?? 'run-app-code'
  // The placeholder may be swapped for the panel while it is being scrolled to: scroll again to the one now there.
  await expect(async () => {
    await page.locator(`#${named}`).scrollIntoViewIfNeeded({ timeout: 2_000 })
  }).toPass({ timeout: 10_000 })
  const pg = playground(page)
  await expect(pg.locator('[data-mode]')).toBeVisible()
  return pg
}

/** Run, accept in the consent popup, and wait for the projects table. */
export async function runAndAccept(page: Page, pg: Locator) {
  const popupPromise = page.waitForEvent('popup')
  await pg.getByRole('button', { name: /^Run/ }).click()
  const popup = await popupPromise
  await popup.getByRole('button', { name: 'Accept' }).click()
  await expect(pg.getByRole('table')).toBeVisible()
  return popup
}
