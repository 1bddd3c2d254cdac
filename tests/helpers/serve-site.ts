/** The route harness as its own process (PORT, default a free one), so a test can restart "the server". */
import { startSite } from './site'

const site = await startSite(Number(process.env.PORT ?? 0))
console.log(`site listening on ${site.origin}`)
process.once('SIGTERM', () => void site.close().then(() => process.exit(0)))
