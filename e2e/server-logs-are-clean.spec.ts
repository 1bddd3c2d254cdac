import { expect, test } from '@playwright/test'
import { E2E_FAKE_ARCADE_KEY, filesContaining, filesUnder, PROVIDER_TOKEN } from './secrets'

// Runs after every journey (project dependencies): the servers' whole output must hold no key or token.
test('the servers logged neither the Arcade key nor any provider token', () => {
  const logs = filesUnder('e2e-artifacts/logs')
  expect(logs.map((l) => l.split('/').pop()).sort()).toEqual(['engine.log', 'live-site.log', 'sandbox-site.log'])
  expect(filesContaining(logs, /Atlassian playground: (sandbox|live) mode/).length, 'the sites did log (start-up line)').toBe(2)
  expect(filesContaining(logs, E2E_FAKE_ARCADE_KEY)).toEqual([])
  expect(filesContaining(logs, PROVIDER_TOKEN)).toEqual([])
})
