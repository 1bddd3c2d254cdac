import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { quotedErrors } from '../tests/helpers/troubleshooting-quotes'
import { openSiteSearch, SEARCH_SECTIONS } from './site-search'

// A customer pastes the error they see into the site search and lands on the entry that explains it.
const { unique, shared } = quotedErrors()

/** The listbox the combobox controls (each search box has its own). */
async function resultsOf(page: Page, input: Locator): Promise<Locator> {
  return page.locator(`[id="${await input.getAttribute('aria-controls')}"]`)
}

/** The results' targets and headings, once the list answers `query`. */
async function resultsFor(page: Page, input: Locator, query: string) {
  await input.fill(query)
  const list = await resultsOf(page, input)
  await expect(list).toHaveAttribute('data-query', query)
  const options = list.getByRole('option')
  await expect(options.first()).toBeVisible()
  const hrefs = await options.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  const headings = await options.evaluateAll((links) => links.map((a) => a.querySelector('span')?.textContent ?? ''))
  return { hrefs, headings }
}

const repeats = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i)

/**
 * Pastes each string into the box the way a browser does (an `insertFromPaste` input event on the field), waits
 * until the list answers that string (its data-query), and reads the results: in one round trip for all.
 */
async function pasteEach(page: Page, input: Locator, quotes: string[]) {
  return input.evaluate(async (field: HTMLInputElement, all: string[]) => {
    const list = document.getElementById(field.getAttribute('aria-controls')!)!
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
    const answers: { quote: string; hrefs: string[]; headings: string[] }[] = []
    for (const quote of all) {
      setValue.call(field, quote)
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: quote }))
      const deadline = Date.now() + 5_000
      while ((list.dataset.query !== quote || list.hidden) && Date.now() < deadline) await new Promise(requestAnimationFrame)
      const options = [...list.querySelectorAll('[role="option"]')]
      answers.push({ quote, hrefs: options.map((a) => a.getAttribute('href') ?? ''), headings: options.map((a) => a.querySelector('span')?.textContent ?? '') })
    }
    return answers
  }, quotes)
}

test('every error string the troubleshooting page quotes, pasted into the search, lists its entry first, each heading once', async ({ page }) => {
  expect(unique.length).toBeGreaterThan(40)
  const input = await openSiteSearch(page)
  const answers = await pasteEach(page, input, unique.map((q) => q.quote))
  unique.forEach(({ quote, anchor }, i) => {
    const { hrefs, headings } = answers[i]
    expect.soft(hrefs[0], `"${quote}"`).toBe(`/troubleshooting#${anchor}`)
    expect.soft(repeats(headings), `"${quote}" repeats a heading`).toEqual([])
    expect.soft(repeats(hrefs), `"${quote}" repeats a section`).toEqual([])
  })
  const sharedAnswers = await pasteEach(page, input, shared.map((q) => q.quote))
  shared.forEach(({ quote, anchor }, i) => {
    expect.soft(sharedAnswers[i].hrefs.slice(0, 3), `"${quote}" (quoted by several entries)`).toContain(`/troubleshooting#${anchor}`)
  })
  // And once the way a person types it, through the keyboard.
  const { hrefs } = await resultsFor(page, input, 'Unauthorized; scope does not match')
  expect(hrefs[0]).toBe('/troubleshooting#scope-does-not-match')
})

test('Enter opens the first result and lands on the entry; the arrow keys choose another', async ({ page }) => {
  const input = await openSiteSearch(page)
  await input.fill('Unauthorized; scope does not match')
  const results = await resultsOf(page, input)
  await expect(results.getByRole('option').first()).toHaveAttribute('href', '/troubleshooting#scope-does-not-match')
  await expect(results.getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  await input.press('Enter')
  await expect(page).toHaveURL(/\/troubleshooting#scope-does-not-match$/)
  await expect(page.locator('#scope-does-not-match')).toBeInViewport()

  await input.fill('redirect_uri')
  const second = results.getByRole('option').nth(1)
  const target = await second.getAttribute('href')
  await input.press('ArrowDown')
  await expect(second).toHaveAttribute('aria-selected', 'true')
  await expect(input).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!)
  await input.press('Enter')
  await expect(page).toHaveURL(new RegExp(`${target!.replace(/[?#]/g, '\\$&')}$`))

  await input.fill('access_denied')
  await expect(results).toBeVisible()
  await input.press('Escape')
  await expect(results).toBeHidden()
  await expect(input).toHaveAttribute('aria-expanded', 'false')
})

test('what is typed before the search has loaded is searched, not dropped', async ({ page }) => {
  // Hold the sections (the real answer, passed on unchanged) until the typing is done.
  let release!: () => void
  const typed = new Promise<void>((resolve) => (release = resolve))
  let held = false
  await page.route(SEARCH_SECTIONS, async (route) => {
    held = true
    await Promise.race([typed, new Promise((resolve) => setTimeout(resolve, 10_000))])
    await route.continue()
  })
  await page.goto('/')
  const input = page.getByRole('combobox', { name: 'Search documentation' }).first()
  await input.pressSequentially('user_mismatch', { delay: 0 })
  await expect.poll(() => held, { message: 'the box asked for its sections when used' }).toBe(true)
  await expect(page.locator('[data-search-status]').first()).toHaveText('Loading the search…')
  release()
  await expect((await resultsOf(page, input)).getByRole('option').first()).toHaveAttribute('href', '/troubleshooting#user-mismatch')
})

for (const theme of ['light', 'dark'] as const) {
  test(`the open search has no axe violations in ${theme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme })
    const input = await openSiteSearch(page, '/troubleshooting')
    await expect(page.locator('html')).toHaveClass(new RegExp(theme))
    await input.fill('invalid_grant')
    await expect((await resultsOf(page, input)).getByRole('option').first()).toBeVisible()
    const results = await new AxeBuilder({ page }).include('[role="search"]').analyze()
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    await input.fill('zzqqxxjj')
    await expect(page.locator('[data-search-status]').filter({ hasText: 'No results.' }).first()).toBeVisible()
  })
}

test('on a 390 px phone the search sits in the menu and its results fit the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/auth-providers/atlassian')
  await page.getByRole('button', { name: /menu/i }).first().click()
  const input = page.getByRole('combobox', { name: 'Search documentation' }).locator('visible=true').first()
  await input.fill('invalid_scope')
  const first = (await resultsOf(page, input)).getByRole('option').first()
  await expect(first).toHaveAttribute('href', '/troubleshooting#scope-not-in-app')
  const box = (await (await resultsOf(page, input)).boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(390)
  await page.screenshot({ path: 'test-results/search-on-a-phone.png' })
  await first.click()
  await expect(page).toHaveURL(/\/troubleshooting#scope-not-in-app$/)
})

test('the troubleshooting page has no serious or critical axe violations', async ({ page }) => {
  await page.goto('/troubleshooting')
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)).toEqual([])
})

test('the same search answers as JSON at /api/docs/search, bounded, with JSON errors', async ({ request }) => {
  const found = await request.get('/api/docs/search', { params: { q: 'Unauthorized; scope does not match', limit: '3' } })
  expect(found.status()).toBe(200)
  const { hits } = (await found.json()) as { hits: { title: string; section?: string; url: string; excerpt: string }[] }
  expect(hits).toHaveLength(3)
  expect(hits[0]).toMatchObject({ title: 'Troubleshooting', section: '401 Unauthorized; scope does not match', url: '/troubleshooting#scope-does-not-match' })
  expect(hits[0].excerpt).toContain('scope does not match')

  for (const [params, field] of [[{ q: 'x'.repeat(301) }, 'q'], [{}, 'q'], [{ q: 'jira', limit: '21' }, 'limit'], [{ q: 'jira', other: '1' }, undefined]] as const) {
    const refused = await request.get('/api/docs/search', { params })
    expect(refused.status()).toBe(400)
    const { error } = await refused.json()
    expect(error.code).toBe('invalid_request')
    expect(error.help).toBe('/troubleshooting#invalid-request')
    if (field) expect(error.field).toBe(field)
  }
  const post = await request.post('/api/docs/search', { data: { q: 'jira' } })
  expect(post.status()).toBe(405)
  expect((await post.json()).error.code).toBe('method_not_allowed')
})
