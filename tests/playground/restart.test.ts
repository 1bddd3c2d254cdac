// Without Redis a flow lives in one process's memory: after a restart the reader is told to start again.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { startFlow } from '../helpers/flow'
import { stopProcess, waitForOutput } from '../helpers/processes'
import { Visitor } from '../helpers/site'

const SERVE_SITE = fileURLToPath(new URL('../helpers/serve-site.ts', import.meta.url))

async function serveSite(port: number, sessionSecret?: string): Promise<{ child: ChildProcess; origin: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) }
  delete env.REDIS_URL
  delete env.SESSION_SECRET
  if (sessionSecret) env.SESSION_SECRET = sessionSecret
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SITE], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let origin = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    origin ||= /site listening on (\S+)/.exec(chunk.toString())?.[1] ?? ''
  })
  await waitForOutput(child, /site listening on/, 20_000, 'the site harness')
  return { child, origin }
}

for (const [setup, secret] of [
  ['with a fixed SESSION_SECRET (the cookie survives)', randomBytes(32).toString('hex')],
  ['without SESSION_SECRET (the cookie is no longer readable)', undefined]
] as const) {
  test(`a flow started before a restart is flow_not_found afterwards, with the troubleshooting link: ${setup}`, async () => {
    let server = await serveSite(0, secret)
    try {
      const visitor = new Visitor(server.origin)
      const started = await startFlow(visitor)
      await stopProcess(server.child)
      server = await serveSite(Number(new URL(server.origin).port), secret)

      const status = await visitor.json(`/api/playground/status?flowId=${started.flowId}&wait=1`)
      assert.equal(status.status, 404)
      assert.equal(status.body.error.code, 'flow_not_found')
      assert.equal(status.body.error.help, '/troubleshooting#flow-not-found')
      assert.match(status.body.error.message, /Start again/)
      const jira = await visitor.json('/api/playground/jira', { flowId: started.flowId })
      assert.equal(jira.body.error.code, 'flow_not_found')

      // The consent popup of the lost flow is a page that says to start again, not an error dump (Atlassian's
      // authorize page answers only a state Arcade is waiting on, so it stores nothing for a lost one).
      const page = await visitor.request(started.url!)
      assert.equal(page.status, 400)
      assert.match(await page.text(), /unknown or has expired[\s\S]*start again/)
    } finally {
      await stopProcess(server.child)
    }
  })
}

test('the troubleshooting section for flow_not_found names the restart and says to start again', async () => {
  const page = await readFile(new URL('../../pages/troubleshooting.mdx', import.meta.url), 'utf8')
  const section = page.slice(page.indexOf('[#flow-not-found]'), page.indexOf('###', page.indexOf('[#flow-not-found]')))
  assert.match(section, /server restarted/)
  assert.match(section, /start again/i)
})
