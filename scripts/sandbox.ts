/**
 * Standalone sandbox: Arcade's auth API and Atlassian's OAuth, identity and Jira APIs on a loopback port,
 * like a self-hosted Arcade engine (default 127.0.0.1:9099).
 *
 *   HOST, PORT                 where to listen (default 127.0.0.1, 9099)
 *   SANDBOX_API_KEY            the Arcade API key it accepts (default `arcade-sandbox-key`: a public, fixed value, not a secret,
 *                              so it opens the sandbox only on a loopback HOST; any other HOST needs a key of your own)
 *   SANDBOX_VERIFIER_URL       custom user verifier URL (absolute, or a path on this server)
 *   SANDBOX_PROVIDERS          comma list of extra Atlassian provider record ids (besides `atlassian`)
 *   SANDBOX_FAULTS=1           serve the fault-injection API at /_sandbox/faults
 *   SANDBOX_PUBLIC_BASE        the base browsers use to reach it (default http://HOST:PORT)
 *   SANDBOX_NEXT_URI_ORIGINS   comma list of origins a `next_uri` may point at, besides the public base's own
 */
import { createServer } from 'node:http'
import { createSandbox, DEFAULT_PROVIDERS } from '../lib/sandbox/index'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 9099)
const DEFAULT_KEY = 'arcade-sandbox-key'
const apiKey = process.env.SANDBOX_API_KEY || DEFAULT_KEY
// The default key is public; a key someone chose stays out of the log.
const keyForLog = apiKey === DEFAULT_KEY ? DEFAULT_KEY : '<your SANDBOX_API_KEY>'
/** Only this machine can reach a loopback address; anywhere else the public key would open the sandbox to anyone. */
const isLoopback = (name: string) => /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '::1' || name === 'localhost'
const MIN_OWN_KEY_LENGTH = 16
if (!isLoopback(host) && (apiKey === DEFAULT_KEY || apiKey.length < MIN_OWN_KEY_LENGTH)) {
  console.error(
    `sandbox: HOST=${host} is not a loopback address, so the public key ${DEFAULT_KEY} is refused there. ` +
      `Set SANDBOX_API_KEY to a key of your own (at least ${MIN_OWN_KEY_LENGTH} characters), or leave HOST unset to listen on 127.0.0.1.`,
  )
  process.exit(1)
}
const extraProviders = (process.env.SANDBOX_PROVIDERS ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter((id) => id && id !== 'atlassian')

const server = createServer()
server.listen(port, host, () => {
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const urlHost = host.includes(':') ? `[${host}]` : host
  const baseUrl = `http://${urlHost}:${actualPort}`
  const sandbox = createSandbox({
    apiKey,
    publicBase: process.env.SANDBOX_PUBLIC_BASE || baseUrl,
    verifierUrl: process.env.SANDBOX_VERIFIER_URL || undefined,
    providers: [...DEFAULT_PROVIDERS, ...extraProviders.map((id) => ({ id, type: 'atlassian' }))],
    allowFaultInjection: process.env.SANDBOX_FAULTS === '1',
    nextUriOrigins: (process.env.SANDBOX_NEXT_URI_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
  })
  server.on('request', sandbox.handler)
  console.log(`Arcade/Atlassian sandbox listening on ${baseUrl} — point the Arcade SDK at it with ARCADE_BASE_URL=${baseUrl} ARCADE_API_KEY=${keyForLog}`)

  const shutdown = () => {
    server.close()
    server.closeIdleConnections()
    void sandbox.close().then(() => process.exit(0))
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
})
