import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

// Sandbox-mode site (the default), and a live-mode site pointed at the standalone sandbox as if it were a
// self-hosted Arcade engine. The fake key is recognisable so tests can prove it never reaches the browser.
export const E2E_FAKE_ARCADE_KEY = 'e2e-fake-arcade-key-7d1c5b9e3a'
/** The live site's operator token for the set-up check (DOCTOR_TOKEN). */
export const E2E_DOCTOR_TOKEN = 'e2e-doctor-token-not-for-production-5e8c2a'
const PORT = Number(process.env.E2E_PORT ?? 3100)
const LIVE_PORT = PORT + 2
const ENGINE_PORT = PORT + 6099 // 9199 by default: not the 9099 a reader's own `npm run sandbox` uses
const SESSION_SECRET = 'e2e-session-secret-not-for-production-0123456789'

// Debian's Chromium, not a Playwright download (the machine has no access to Playwright's CDN).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  throw new Error(
    `No Chromium at ${CHROMIUM}. Install one with \`sudo apt-get install -y chromium\` (Debian/Ubuntu), ` +
      'or set CHROMIUM_PATH to the path of a Chromium or Chrome binary.'
  )
}

const next = (port: number) => `node --import tsx scripts/serve.ts -H 127.0.0.1 -p ${port}`
const common = { timeout: 240_000, reuseExistingServer: !process.env.CI, stdout: 'pipe', stderr: 'pipe' } as const

export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  retries: 0,
  // Two: the journeys mostly wait (popups, long-polls, axe), and every journey is its own reader with its own cookies.
  workers: 2,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu']
    }
  },
  projects: [
    { name: 'sandbox', testIgnore: /server-logs-are-clean/, use: { baseURL: `http://127.0.0.1:${PORT}` } },
    { name: 'live', testMatch: /run-the-playground|secrets-stay-on-the-server/, use: { baseURL: `http://127.0.0.1:${LIVE_PORT}` } },
    // Reads the servers' logs once every journey has run.
    { name: 'logs', testMatch: /server-logs-are-clean/, dependencies: ['sandbox', 'live'] }
  ],
  webServer: [
    {
      // Built with the fake key in the environment, so a leak into the client bundle or HTML would show.
      command: `mkdir -p e2e-artifacts/logs && ARCADE_API_KEY=${E2E_FAKE_ARCADE_KEY} SESSION_SECRET=${SESSION_SECRET} npm run build && ${next(PORT)} 2>&1 | tee e2e-artifacts/logs/sandbox-site.log`,
      url: `http://127.0.0.1:${PORT}/api/playground/config`,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
      ...common
    },
    {
      command: `mkdir -p e2e-artifacts/logs && node --import tsx scripts/sandbox.ts 2>&1 | tee e2e-artifacts/logs/engine.log`,
      url: `http://127.0.0.1:${ENGINE_PORT}/v1/health`,
      env: {
        HOST: '127.0.0.1',
        PORT: String(ENGINE_PORT),
        SANDBOX_API_KEY: E2E_FAKE_ARCADE_KEY,
        SANDBOX_VERIFIER_URL: `http://127.0.0.1:${LIVE_PORT}/api/playground/verify`
      },
      ...common
    },
    {
      command: `mkdir -p e2e-artifacts/logs && ${next(LIVE_PORT)} 2>&1 | tee e2e-artifacts/logs/live-site.log`,
      url: `http://127.0.0.1:${LIVE_PORT}/api/playground/config`,
      env: {
        NEXT_TELEMETRY_DISABLED: '1',
        ARCADE_API_KEY: E2E_FAKE_ARCADE_KEY,
        ARCADE_BASE_URL: `http://127.0.0.1:${ENGINE_PORT}`,
        ATLASSIAN_API_BASE: `http://127.0.0.1:${ENGINE_PORT}/atlassian`,
        SESSION_SECRET,
        DOCTOR_TOKEN: E2E_DOCTOR_TOKEN
      },
      ...common
    }
  ]
})
