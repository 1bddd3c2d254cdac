import { expect, test, type Locator } from '@playwright/test'
import type { Exchange, JiraResponse } from '../contract/playground-api'
import { openDesktopPlayground, recordRequests, runAndAccept, shootState } from './panel-states'

const JIRA_CALLS = { search: /\/rest\/api\/3\/project\/search/, sites: /\/oauth\/token\/accessible-resources/, myself: /\/rest\/api\/3\/myself/, me: /\/me(\?|$)/ }

function countJiraCalls(urls: string[]) {
  return Object.fromEntries(Object.entries(JIRA_CALLS).map(([name, pattern]) => [name, urls.filter((u) => pattern.test(u)).length]))
}

/** The request URLs an action group lists, read from the panel (the group's details opened). */
async function urlsIn(group: Locator) {
  await group.locator('summary').click()
  return (await group.locator('code').allInnerTexts()).map((t) => t.replace(/^\S+\s+/, '').trim())
}

test.describe('the HTTP exchanges say which action caused them', () => {
  test('a page turn makes exactly one Jira call, shown in its own numbered group, newest first', async ({ page }, testInfo) => {
    const jira = recordRequests(page, 'jira')
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    const run = pg.locator('[data-group="1"]')
    await expect(run).toHaveAttribute('data-action', 'run')
    const runUrls = await urlsIn(run)
    expect(countJiraCalls(runUrls)).toEqual({ search: 1, sites: 1, myself: 1, me: 1 })

    await pg.getByRole('button', { name: 'Next page' }).click()
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    const turn = pg.locator('[data-group="2"]')
    await expect(turn).toHaveAttribute('data-action', 'page')
    await expect(turn).toContainText('2. Next page')
    expect(countJiraCalls(await urlsIn(turn))).toEqual({ search: 1, sites: 0, myself: 0, me: 0 })

    // On the wire: the page turn asked for projects alone, and its answer carries that one Jira call.
    const request = jira[jira.length - 1]
    expect(request.postDataJSON()).toMatchObject({ action: 'page', parts: ['projects'], startAt: 10 })
    const answer = (await (await request.response())!.json()) as JiraResponse
    expect(countJiraCalls(answer.exchanges.map((e: Exchange) => e.url))).toEqual({ search: 1, sites: 0, myself: 0, me: 0 })

    await pg.getByRole('button', { name: 'Previous page' }).click()
    await expect(pg.getByText(/showing 1–10/)).toBeVisible()
    await expect(pg.locator('[data-group="3"]')).toContainText('3. Previous page')
    // Newest first: Previous page, Next page, Run.
    expect(await pg.locator('[data-group]').evaluateAll((els) => els.map((el) => el.getAttribute('data-group')))).toEqual(['3', '2', '1'])
    // The earlier groups are left as they were: the run still lists its own calls once.
    expect(countJiraCalls(await run.locator('code').allInnerTexts())).toEqual({ search: 1, sites: 1, myself: 1, me: 1 })
    await shootState(page, pg.locator('[data-group="3"]'), 'exchange-groups', testInfo)
  })

  test('each group names what its calls are and which query a search ran; the names add up to the count', async ({ page }, testInfo) => {
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    const run = pg.locator('[data-group="1"]')
    const summary = (await run.locator(':scope > span').last().innerText()).trim()
    // "(7 requests: Arcade authorize, Arcade status (long-poll), Arcade status, accessible-resources, …)"
    const [, total, names] = /^\((\d+) requests?: (.+)\)$/.exec(summary)!
    expect(names).not.toContain('Arcade token')
    expect(names).toMatch(/^Arcade authorize, Arcade status \(long-poll\)/)
    expect(names).toContain('accessible-resources')
    expect(names).toContain('Jira project search')
    const counted = names.split(', ').reduce((n, part) => n + Number(/×(\d+)$/.exec(part)?.[1] ?? 1), 0)
    expect(counted).toBe(Number(total))
    expect(await run.locator('li code').count()).toBe(Number(total))

    await pg.getByLabel('Jira project query').fill('help')
    await pg.getByRole('button', { name: 'Search' }).click()
    await expect(pg.getByText(/matching help/)).toBeVisible()
    await expect(pg.locator('[data-group="2"]')).toContainText('2. Search for "\u2068help\u2069" (2 requests: Arcade status, Jira project search)')
    await pg.getByLabel('Jira project query').fill('')
    await pg.getByRole('button', { name: 'Search' }).click()
    await expect(pg.locator('[data-group="3"]')).toContainText('3. Search: all projects')
    await shootState(page, pg.locator('[data-group="2"]'), 'labelled-groups', testInfo)
  })
})
