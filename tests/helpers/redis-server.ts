/** A throwaway redis-server on a free loopback port, with no persistence; stopped by the test that started it. */
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort, waitForOutput, stopProcess } from './processes'

const ENSURE_REDIS = fileURLToPath(new URL('../../scripts/ensure-redis.sh', import.meta.url))

export interface RedisServer {
  url: string
  pid: number
  stop(): Promise<void>
}

/** Installs redis-server only where scripts/ensure-redis.sh may (root on CI); elsewhere fails saying what to install. */
function ensureRedisServer(): void {
  const ensured = spawnSync(ENSURE_REDIS, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 300_000 })
  if (ensured.status !== 0) throw new Error(ensured.stderr.trim() || 'scripts/ensure-redis.sh failed')
}

export async function startRedisServer(): Promise<RedisServer> {
  ensureRedisServer()
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  await waitForOutput(child, /Ready to accept connections/, 10_000, 'redis-server')
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      await stopProcess(child)
    }
  }
}

