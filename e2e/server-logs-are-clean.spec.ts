import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { filesUnder, filesWithSecrets } from './secrets'

// Runs after every journey (project dependencies): the servers' whole output must hold no key or token.
test('the servers logged neither the Arcade key nor any provider token or code', () => {
  const logs = filesUnder('e2e-artifacts/logs')
  expect(logs.map((l) => l.split('/').pop()).sort()).toEqual(['engine.log', 'live-site.log', 'sandbox-site.log'])
  const started = logs.filter((log) => /Atlassian playground: (sandbox|live) mode/.test(readFileSync(log, 'utf8')))
  expect(started.length, 'both sites logged their start-up line, so the logs were captured').toBe(2)
  expect(filesWithSecrets(logs, { codesToo: true })).toEqual([])
})
