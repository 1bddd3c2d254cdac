import { writeFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { findSecrets } from '../tests/helpers/secrets'
import { E2E_FAKE_ARCADE_KEY } from './secrets'
import { openDesktopPlayground, runAndAccept, shootState } from './panel-states'

test.describe('a reader files a ticket with a run report', () => {
  test('Copy run report copies the whole run as Markdown, with no key, token or code of the run in it', async ({ page, context }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    // The OAuth authorization codes of this run travel through the consent window's redirects: collect them.
    const codes = new Set<string>()
    context.on('request', (r) => {
      const code = new URL(r.url()).searchParams.get('code')
      if (code) codes.add(code)
    })
    const pg = await openDesktopPlayground(page)
    await runAndAccept(page, pg)
    await pg.getByRole('button', { name: 'Next page' }).click()
    await expect(pg.getByText(/showing 11–20/)).toBeVisible()
    await pg.getByLabel('Jira project query').fill('help')
    await pg.getByLabel('Jira project query').press('Enter')
    await expect(pg.getByText(/matching help/)).toBeVisible()
    expect(codes.size, 'the run went through a real authorization code').toBeGreaterThan(0)

    await pg.getByRole('button', { name: 'Copy run report' }).click()
    await expect(pg.getByText('Run report copied')).toBeVisible()
    const report = await page.evaluate(() => navigator.clipboard.readText())
    writeFileSync(testInfo.outputPath('run-report.md'), report)

    expect(report).toMatch(/^# Run it: Atlassian flow report/)
    expect(report).toMatch(/- Site: sandbox mode, version \d+\.\d+\.\d+, embedded sandbox/)
    expect(report).toContain('- Scopes: `read:jira-work`, `read:jira-user`, `read:me`')
    expect(report).toMatch(/- Restore these inputs: <http:\/\/[^>]+\?scopes=read:jira-work,read:jira-user,read:me[^>]*query=help[^>]*#run-app-code>/)
    expect(report).toMatch(/- Authorization completed: done: `token ••••/)
    expect(report).toMatch(/### 1\. `Run` \(\d+ requests\)/)
    expect(report).toMatch(/### 2\. `Next page` \(\d+ requests?\)/)
    expect(report).toMatch(/### 3\. `Search for "help"` \(\d+ requests?\)/)
    expect(report).toContain('/rest/api/3/project/search')
    expect(report).toMatch(/- status: 200\n- duration: \d+ ms/)
    expect(report).toMatch(/Response body:\n\n```json\n/)

    const leaks = findSecrets(report, { key: E2E_FAKE_ARCADE_KEY, others: [...codes] })
    expect(leaks, 'no key, access token, refresh token or authorization code in the report').toEqual([])
    await shootState(page, pg.getByRole('button', { name: 'Copy run report' }), 'report-copied', testInfo)
  })

  test('a failed run\'s report carries the error code and its troubleshooting link', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const pg = await openDesktopPlayground(page)
    const popupPromise = page.waitForEvent('popup')
    await pg.getByRole('button', { name: /^Run/ }).click()
    await (await popupPromise).getByRole('button', { name: 'Deny' }).click()
    await expect(pg.getByRole('alert')).toHaveAttribute('data-code', 'authorization_failed')
    // Personal data stays out unless the reader ticks the visible choice.
    await expect(pg.getByRole('checkbox', { name: /Include personal data in the report/ })).not.toBeChecked()
    await pg.getByRole('button', { name: 'Copy run report' }).click()
    const report = await page.evaluate(() => navigator.clipboard.readText())
    expect(report).toContain('- Personal data: masked')
    expect(report).toContain('- Outcome: Failed with `authorization_failed`.')
    expect(report).toContain('- Consent: failed (`authorization_failed`)')
    expect(report).not.toContain('awaitingConsent')
    expect(report).toMatch(/Troubleshooting: <http:\/\/[^>]+\/troubleshooting#authorization-failed>/)
  })
})
