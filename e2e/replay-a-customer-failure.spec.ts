// Support replays a customer's failure: each scenario armed by URL, Run pressed, the consent window answered the
// way the customer would, then the customer's symptom is found where the customer sees it (the popup or the
// panel), the panel's headline names the cause's own code and help link, the step markers say what happened,
// no spinner is left turning, and the panel explains the scenario with its troubleshooting entry.
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test'
import { findScenario, SCENARIOS, type ScenarioName } from '../contract/scenarios'
import { GUIDE, openEveryExchange } from './playground'
import { openDesktopPlayground } from './panel-states'

type Scenario = (typeof SCENARIOS)[number]

const armedUrl = (name: string) => `${GUIDE}?scenario=${name}#run-app-code`

/** The HTTP exchange of the panel whose URL contains `urlPart` (every step's exchanges opened first). */
async function exchange(pg: Locator, urlPart: string) {
  await openEveryExchange(pg)
  return pg.locator('details li').filter({ has: pg.page().locator('code', { hasText: urlPart }) }).last()
}

type Marker = 'todo' | 'active' | 'done' | 'skipped' | 'failed'
const STEP_IDS = ['start', 'consent', 'waiting', 'completed', 'sites', 'projects', 'profile'] as const
const markers = (...states: Marker[]) => Object.fromEntries(STEP_IDS.map((id, i) => [id, states[i] ?? 'todo']))
/** Where each kind of failure leaves the steps. */
const STOPPED_AT_CONSENT = markers('done', 'failed')
const REFUSED_AFTER_ACCEPT = markers('done', 'done', 'done', 'failed')
const FAILED_AT_SITES = markers('done', 'done', 'done', 'done', 'failed')
const FAILED_AT_PROJECTS = markers('done', 'done', 'done', 'done', 'done', 'failed')
const ALL_DONE = markers('done', 'done', 'done', 'done', 'done', 'done', 'done')

/** What the customer does in the consent window, and where the symptom shows. */
interface Replay {
  /** Each step's marker once the run has stopped. */
  steps: Record<string, Marker>
  /** Press Accept on the consent page; false where Atlassian shows its own error page instead. */
  accept: boolean
  /** The symptom on the page the consent window opens on, before the customer does anything. */
  consentPage?: (popup: Page, scenario: Scenario) => Promise<void>
  /** The failure code the panel reports; none when the run still ends with the projects table. */
  code?: string
  /** The symptom in the consent window once the panel has answered (the window stays open to show it). */
  popupAfter?: (popup: Page, scenario: Scenario) => Promise<void>
  /** The symptom in the panel, as the customer reads it there. */
  panel?: (pg: Locator, scenario: Scenario) => Promise<void>
}

const atlassianErrorPage = async (popup: Page, scenario: Scenario) => {
  await expect(popup.locator('body')).toContainText(scenario.symptom)
  await expect(popup.getByRole('button', { name: 'Accept' })).toHaveCount(0)
}

const REPLAYS: Record<ScenarioName, Replay> = {
  'redirect-mismatch': { accept: false, steps: STOPPED_AT_CONSENT, code: 'redirect_uri_not_registered', consentPage: atlassianErrorPage },
  'app-not-shared': { accept: false, steps: STOPPED_AT_CONSENT, code: 'app_not_shared', consentPage: atlassianErrorPage },
  'scope-not-in-app': { accept: false, steps: STOPPED_AT_CONSENT, code: 'scope_not_in_app', consentPage: atlassianErrorPage },
  'consent-denied': {
    accept: true,
    steps: STOPPED_AT_CONSENT,
    code: 'consent_denied',
    // Atlassian sent the browser back to Arcade's callback with the error in its address; Arcade's page quotes it.
    popupAfter: async (popup, s) => {
      expect(popup.url()).toContain(s.symptom)
      await expect(popup.locator('body')).toContainText(`Atlassian answered ${s.symptom}`)
    }
  },
  'user-mismatch': {
    accept: true,
    steps: REFUSED_AFTER_ACCEPT,
    code: 'user_mismatch',
    // The site's verifier page: confirm_user answered user_mismatch, so it refused to confirm.
    popupAfter: async (popup) => {
      await expect(popup).toHaveURL(/\/api\/playground\/verify\?flow_id=/)
      await expect(popup.locator('body')).toContainText('This authorization belongs to someone else')
    }
  },
  'wrong-client-secret': {
    accept: true,
    steps: REFUSED_AFTER_ACCEPT,
    code: 'token_exchange_refused',
    // Arcade's callback page quotes what Atlassian's token endpoint answered.
    popupAfter: async (popup, s) => {
      await expect(popup.locator('body')).toContainText(`answered 401 ${s.symptom}`)
    }
  },
  'refresh-revoked': {
    accept: true,
    steps: ALL_DONE,
    // Arcade asks for consent again, and the consent page says why.
    consentPage: async (popup, s) => {
      await expect(popup.locator('body')).toContainText('Why you see this again')
      await expect(popup.locator('body')).toContainText(`403 ${s.symptom}`)
    }
  },
  'scope-mismatch': {
    accept: true,
    steps: FAILED_AT_PROJECTS,
    code: 'scope_mismatch',
    panel: async (pg, s) => {
      const search = await exchange(pg, '/project/search')
      await expect(search.locator('> div').first()).toContainText('401')
      await expect(search.getByRole('group', { name: /^Response body/ })).toContainText(s.symptom)
    }
  },
  'no-jira-site': {
    accept: true,
    steps: FAILED_AT_SITES,
    code: 'no_accessible_site',
    panel: async (pg) => {
      const sites = await exchange(pg, 'accessible-resources')
      await expect(sites.locator('> div').first()).toContainText('200')
      await expect(sites.getByRole('group', { name: /^Response body/ })).toHaveText('[]')
    }
  },
  'jira-rate-limited': {
    accept: true,
    steps: FAILED_AT_PROJECTS,
    code: 'jira_rate_limited',
    panel: async (pg) => {
      const search = await exchange(pg, '/project/search')
      await expect(search.locator('> div').first()).toContainText('429')
      await expect(pg.getByRole('alert')).toContainText(/wait \d+ s before trying again/)
    }
  }
}

async function shoot(page: Page, popup: Page, target: Locator, testInfo: TestInfo, name: string) {
  if (!popup.isClosed()) await popup.screenshot({ path: testInfo.outputPath(`${name}-popup-at-the-end.png`) })
  await target.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.screenshot({ path: testInfo.outputPath(`${name}-panel.png`) })
}

test.describe('support replays a customer failure from a link', () => {
  for (const scenario of SCENARIOS) {
    const replay = REPLAYS[scenario.name]
    test(`${scenario.name}: the customer's symptom, the cause's own headline and markers, and the panel explains it`, async ({ page }, testInfo) => {
      const pg = await openDesktopPlayground(page, armedUrl(scenario.name))
      await expect(pg.locator(`[data-scenario="${scenario.name}"]`)).toContainText(`Scenario armed: ${scenario.title}`)
      expect(replay.code, 'the replay expects the code the scenario names').toBe(findScenario(scenario.name)?.code)

      const popupPromise = page.waitForEvent('popup')
      await pg.getByRole('button', { name: /^Run/ }).click()
      const popup = await popupPromise
      await popup.waitForLoadState()
      await replay.consentPage?.(popup, scenario)
      await popup.screenshot({ path: testInfo.outputPath(`${scenario.name}-consent-window.png`) })
      if (replay.accept) await popup.getByRole('button', { name: 'Accept' }).click()

      const alert = pg.getByRole('alert')
      if (replay.code) {
        // The verifier's refusal must reach the panel within two seconds of Accept (it wakes the long-poll).
        await expect(alert).toHaveAttribute('data-code', replay.code, { timeout: scenario.name === 'user-mismatch' ? 2_000 : 10_000 })
        await expect(alert.locator('code').first()).toHaveText(replay.code)
        await expect(alert.getByRole('link').first()).toHaveAttribute('href', `/troubleshooting#${replay.code.replace(/_/g, '-')}`)
        // Stopped on Atlassian's own page: the panel says what that page shows.
        if (scenario.stage === 'consent-screen') await expect(alert).toContainText(`Atlassian's own error page, which shows "${scenario.symptom}"`)
      } else if (replay.accept) {
        await expect(pg.getByRole('table')).toBeVisible()
      }
      // The markers say what happened, and no spinner is left turning.
      for (const [id, marker] of Object.entries(replay.steps)) await expect(pg.locator(`[data-step="${id}"]`), id).toHaveAttribute('data-state', marker)
      await expect(pg.locator('[data-step][data-state="active"]')).toHaveCount(0)

      await replay.popupAfter?.(popup, scenario)
      await replay.panel?.(pg, scenario)
      // The explanation sits in the failure the scenario causes, or next to the consent step where it played.
      const where = replay.code && scenario.stage !== 'consent-screen' ? alert : pg.locator('[data-step="consent"]')
      const explained = where.locator(`[data-scenario-explained="${scenario.name}"]`)
      await expect(explained).toContainText(scenario.title)
      await expect(explained).toContainText(scenario.explanation)
      await expect(explained.getByRole('link', { name: `Troubleshooting: ${scenario.title}` })).toHaveAttribute(
        'href',
        `/troubleshooting#${scenario.anchor}`
      )
      await shoot(page, popup, explained, testInfo, scenario.name)
    })
  }

  test('a troubleshooting entry\'s "See it happen" link opens the guide with that scenario armed', async ({ page }) => {
    const scenario = SCENARIOS.find((s) => s.name === 'consent-denied')!
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`/troubleshooting#${scenario.anchor}`)
    await page.getByRole('link', { name: scenario.name, exact: true }).click()
    await expect(page).toHaveURL((url) => url.pathname === GUIDE && url.searchParams.get('scenario') === scenario.name && url.hash === '#run-app-code')
    const armed = page.locator('section#run-app-code').locator(`[data-scenario="${scenario.name}"]`)
    await expect(armed).toContainText(`Scenario armed: ${scenario.title}`)
    await expect(armed).toContainText(scenario.symptom)
  })
})
