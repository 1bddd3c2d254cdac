// Server logs never carry the Arcade key or a provider token: whole live-mode flows (and the failures that log)
// run in a child process with a recognisable fake key and SDK debug logging requested, and all its output is searched.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findSecrets } from '../helpers/secrets'

const here = dirname(fileURLToPath(import.meta.url))
const FAKE_KEY = 'arc_FAKEKEY_for_log_redaction_7f3a9c2e5b1d'

test('findSecrets finds the key and every issued token shape, and ignores masked ones', () => {
  const text = `key ${FAKE_KEY} at sbx_at_AAAAAAAAAAAAAAAAAAAAAAAA rt sbx_rt_BBBBBBBBBBBBBBBBBBBBBBBB code sbx_code_CCCCCCCCCCCCCCCCCCCCCCCC masked ••••CCCC`
  assert.deepEqual(
    findSecrets(text, { key: FAKE_KEY }).map((f) => f.kind),
    ['arcade_key', 'access_token', 'refresh_token', 'authorization_code']
  )
  assert.deepEqual(findSecrets('masked ••••9c2e, sbx_at_ alone, nothing else', { key: FAKE_KEY }), [])
})

test('logs of full flows with a recognisable key contain neither the key nor any issued token', { timeout: 60_000 }, async () => {
  const resultFile = join(mkdtempSync(join(tmpdir(), 'log-redaction-')), 'result.json')
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures/live-flows.ts')], {
    cwd: resolve(here, '../..'),
    // ARCADE_LOG=debug asks the SDK for request logs: the site's clients must stay silent regardless.
    env: { ...process.env, FAKE_ARCADE_KEY: FAKE_KEY, RESULT_FILE: resultFile, ARCADE_LOG: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(code, 0, `the flows failed:\n${log}`)

  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { completed: number; tokens: string[]; statuses: number[] }
  assert.equal(result.completed, 2, 'both flows ran to the Jira step')
  assert.equal(result.tokens.length, 2, 'Arcade issued a token per flow')
  assert.deepEqual(result.statuses.slice(-4), [502, 502, 404, 502], 'the failures that log were reached')
  assert.deepEqual(findSecrets(log, { key: FAKE_KEY, others: result.tokens }), [], `secrets in the log:\n${log}`)
})
