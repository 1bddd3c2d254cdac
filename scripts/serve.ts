/**
 * `npm start` (and `npm run dev` with --dev): the site on lib/server/site-server.ts. Takes `next start`'s
 * -p/--port and -H/--hostname, else PORT and HOSTNAME, else port 3000 on every interface.
 */
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
function option(short: string, long: string): string | undefined {
  const at = args.findIndex((arg) => arg === short || arg === long)
  if (at !== -1) return args[at + 1]
  return args.find((arg) => arg.startsWith(`${long}=`))?.slice(long.length + 1)
}

const dev = args.includes('--dev')
const port = Number(option('-p', '--port') ?? process.env.PORT ?? 3000)
const hostname = option('-H', '--hostname') ?? process.env.HOSTNAME ?? '0.0.0.0'
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Not a port: ${option('-p', '--port') ?? process.env.PORT}`)
  process.exit(1)
}
// Next reads NODE_ENV when it loads; `next start` and `next dev` set it the same way.
;(process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production'

const began = performance.now()
const { ConfigError } = await import('../lib/config')
const { startSiteServer } = await import('../lib/server/site-server')
try {
  const site = await startSiteServer({ dev, hostname, port, dir: fileURLToPath(new URL('..', import.meta.url)) })
  console.log(`- Local: ${site.origin}`)
  console.log(`Ready in ${Math.round(performance.now() - began)}ms`)
  const stop = () => void site.close().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
