import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Arcade from '@arcadeai/arcadejs'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

test('scripts/sandbox.ts serves the sandbox, prints how to point the SDK at it, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SANDBOX_PROVIDERS: 'atlassian-2', SANDBOX_VERIFIER_URL: '/verify' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    const baseUrl = /ARCADE_BASE_URL=(\S+)/.exec(line)?.[1]
    const apiKey = /ARCADE_API_KEY=(\S+)/.exec(line)?.[1]
    assert.ok(baseUrl && apiKey, line)
    assert.equal(apiKey, 'arcade-sandbox-key')
    const arcade = new Arcade({ apiKey, baseURL: baseUrl, maxRetries: 0 })
    assert.deepEqual(await arcade.health.check(), { healthy: true })
    // Two Atlassian records now (atlassian and atlassian-2): the kind alone is ambiguous, a record's id picks one.
    await assert.rejects(arcade.auth.start('u', 'atlassian', { scopes: ['read:me'] }), /multiple providers of the same type/)
    const res = await arcade.auth.authorize({ user_id: 'u', auth_requirement: { id: 'atlassian-2', oauth2: { scopes: ['read:me'] } } })
    assert.equal(res.status, 'pending')
    assert.ok(res.url!.startsWith(`${baseUrl}/atlassian/authorize?`))
  } finally {
    child.kill('SIGTERM')
  }
  const [code] = (await once(child, 'exit')) as [number | null]
  assert.equal(code, 0)
})

test('scripts/sandbox.ts never prints a key that was chosen with SANDBOX_API_KEY', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SANDBOX_API_KEY: 'chosen-key-do-not-print-42' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    assert.match(line, /ARCADE_API_KEY=<your SANDBOX_API_KEY>/)
    assert.doesNotMatch(line, /chosen-key-do-not-print-42/)
  } finally {
    child.kill('SIGTERM')
  }
  await once(child, 'exit')
})

test('scripts/sandbox.ts on a non-loopback HOST refuses the public key: it will not start with it, and with a key of its own answers only that', async () => {
  const refused = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '0.0.0.0', SANDBOX_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Bounded: a sandbox that starts listening instead of refusing is stopped, and the test fails.
    timeout: 15_000,
  })
  let stderr = ''
  refused.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(refused, 'exit')) as [number | null]
  assert.equal(code, 1)
  assert.match(stderr, /HOST=0\.0\.0\.0 is not a loopback address/)
  assert.match(stderr, /SANDBOX_API_KEY/)

  const ownKey = 'an-operator-chosen-key-0123456789'
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '0.0.0.0', SANDBOX_API_KEY: ownKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    const port = /:(\d+)\b/.exec(/ARCADE_BASE_URL=(\S+)/.exec(line)![1]!)![1]
    const baseURL = `http://127.0.0.1:${port}`
    const publicKey = new Arcade({ apiKey: 'arcade-sandbox-key', baseURL, maxRetries: 0 })
    await assert.rejects(publicKey.auth.start('u', 'atlassian', { scopes: ['read:me'] }), (error: { status?: number }) => error.status === 401)
    const own = new Arcade({ apiKey: ownKey, baseURL, maxRetries: 0 })
    assert.equal((await own.auth.start('u', 'atlassian', { scopes: ['read:me'] })).status, 'pending')
  } finally {
    child.kill('SIGTERM')
  }
  await once(child, 'exit')
})
