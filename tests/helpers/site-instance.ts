/** One instance of the built site (`npm start`'s server on .next) on a loopback port, in sandbox mode. */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, stopProcess, waitForOutput } from './processes'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** What `npm start` runs (package.json), with the port and host the tests choose. */
const START = ['--import', 'tsx', 'scripts/serve.ts']

/** Settings the site reads: the parent's are dropped so a developer's .env or live key cannot leak in. */
const SITE_SETTING = /^(ARCADE|ATLASSIAN|PLAYGROUND|REDIS|RATE_LIMIT)_|^(SESSION_SECRET|TRUST_PROXY|SITE_URL|CONNECTIONS_PER_ADDRESS)$/

export interface SiteInstance {
  origin: string
  port: number
  /** The server process (for /proc sampling); changes on restart. */
  pid(): number
  /** Stops the process (SIGTERM, bounded); the port stays reserved for `start`. */
  stop(): Promise<void>
  /** Starts it again on the same port with the same settings. */
  start(): Promise<void>
  /** Recent output, for failure messages. */
  output(): string
}

export async function startSiteInstance(settings: Record<string, string>): Promise<SiteInstance> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const name of Object.keys(env)) if (SITE_SETTING.test(name)) delete env[name]
  Object.assign(env, settings)

  let child: ChildProcess | undefined
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  const instance: SiteInstance = {
    origin: `http://127.0.0.1:${port}`,
    port,
    pid: () => child?.pid ?? 0,
    output: () => output,
    async start() {
      const server = spawn(process.execPath, [...START, '-H', '127.0.0.1', '-p', String(port)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      child = server
      server.stdout!.on('data', keep)
      server.stderr!.on('data', keep)
      // 90 s: on a loaded machine (two cores, many jobs) the first start can take 20 s or more.
      await waitForOutput(server, /Ready in/, 90_000, `the site on port ${port}`)
    },
    async stop() {
      if (child) await stopProcess(child)
    }
  }
  await instance.start()
  return instance
}
