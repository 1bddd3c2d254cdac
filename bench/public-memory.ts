/**
 * What the public can make the site hold: a built site in sandbox mode gets at least 1,000 maximal requests of
 * every kind a stranger can send (the consent page with the most scopes and the longest state, the consent form,
 * Arcade's callbacks, avatars, the refused server routes with the largest bodies, and the site's own start
 * route), and the server's RSS and heap (after a full GC, via bench/memory-probe.cjs) are printed before and after
 * (before = after a warm-up of a tenth of the load, so heap spaces and pools have grown to their working size).
 * Target: growth under 50 MB. Then another visitor's whole flow must still complete. Loopback only; every loop is
 * bounded in count and time.
 *
 *   npm run bench:memory            (builds first if needed)
 *   REQUESTS=2000 npm run bench:memory
 *   ROUNDS=2 npm run bench:memory     (the whole load twice)
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import { ATLASSIAN_SCOPE_ALLOWLIST, MAX_SCOPES_PER_REQUEST } from '../lib/sandbox/atlassian-scopes'
import { startSiteInstance, type SiteInstance } from '../tests/helpers/site-instance'
import { Visitor } from '../tests/helpers/site'
import { consentInPopup, listProjects, startFlow, waitForCompletion } from '../tests/helpers/flow'
import { floodStarts, loopbackAddresses } from '../tests/helpers/flood'
import { parseConsentForm } from '../tests/helpers/sandbox'
import { holdRequest, residentBytes, statusOf } from '../tests/helpers/held-requests'
import { readdirSync } from 'node:fs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const REQUESTS = Math.max(1000, Number(process.env.REQUESTS ?? 1000))
const CONCURRENCY = 16
const WARM_UP = Math.round(REQUESTS / 10)
/** ROUNDS=2 repeats the whole load: a leak keeps growing, an allocator's high-water mark does not. */
const ROUNDS = Math.min(5, Math.max(1, Number(process.env.ROUNDS ?? 1)))
/** Idle time before each of the two readings, as a server has between bursts (V8 shrinks its heap when idle). */
const SETTLE_MS = 5_000
/** No kind may take longer than this; the whole run is bounded by kinds × this. */
const KIND_DEADLINE_MS = 120_000
const TARGET_GROWTH_MB = 50
/** The reported flood: 6,960 cookieless starts from 12 addresses (580 each), every address under the per-address limit. */
const FLOOD_ADDRESSES = loopbackAddresses(12)
const FLOOD_PER_ADDRESS = Math.max(1, Number(process.env.FLOOD_PER_ADDRESS ?? 580))
const FLOOD_DEADLINE_MS = 240_000

const MB = 1024 * 1024
const longest = (n: number) => randomBytes(n).toString('base64url').slice(0, n)
/** The 50 longest known scope names: the largest scope list the consent page accepts. */
const MAX_SCOPES = [...ATLASSIAN_SCOPE_ALLOWLIST].sort((a, b) => b.length - a.length).slice(0, MAX_SCOPES_PER_REQUEST).join(' ')

interface Memory {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
}

let readings = 0

/** Ask the probe for reading n+1 and wait (bounded) for that line in the server's output. */
async function memoryOf(site: SiteInstance): Promise<Memory> {
  const wanted = ++readings
  process.kill(site.pid(), 'SIGUSR2')
  for (let i = 0; i < 50; i++) {
    await sleep(100)
    const line = new RegExp(`MEMORY-PROBE ${wanted} (\\{.*\\})`).exec(site.output())
    if (line) return JSON.parse(line[1]!) as Memory
  }
  throw new Error('the memory probe did not answer (is bench/memory-probe.cjs preloaded?)')
}

type Kind = { name: string; request: (origin: string, i: number) => Promise<Response> }

function kinds(consentUrl: string): Kind[] {
  const consent = new URL(consentUrl, 'http://site.invalid')
  const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer arcade-sandbox-key' }, body: JSON.stringify(body) })
  const attack = {
    user_id: 'u'.repeat(256),
    auth_requirement: { provider_id: 'atlassian', oauth2: { scopes: Array.from({ length: 50 }, () => 's'.repeat(200)) } },
    next_uri: `https://evil.example/${'n'.repeat(2000)}`
  }
  const serverRoutes: Array<[string, RequestInit]> = [
    ['/api/sandbox/v1/auth/authorize', json(attack)],
    ['/api/sandbox/v1/auth/status?id=ac_x&wait=59', { headers: { Authorization: 'arcade-sandbox-key' } }],
    ['/api/sandbox/v1/auth/confirm_user', json({ flow_id: 'f'.repeat(256), user_id: 'u'.repeat(256) })],
    ['/api/sandbox/atlassian/oauth/token', json({ grant_type: 'authorization_code', code: 'c'.repeat(4000), client_id: 'sandbox-client-atlassian', client_secret: 'sandbox-secret-atlassian' })],
    ['/api/sandbox/atlassian/oauth/token/accessible-resources', { headers: { Authorization: `Bearer ${'t'.repeat(4000)}` } }],
    ['/api/sandbox/atlassian/me', { headers: { Authorization: `Bearer ${'t'.repeat(4000)}` } }],
    ['/api/sandbox/_sandbox/scenarios', json({ user_id: 'u', scenario: 'consent-denied' })]
  ]
  return [
    {
      name: 'consent page (GET authorize, 50 scopes, 100-char state)',
      request: (origin) => {
        const url = new URL(consent.pathname + consent.search, origin)
        url.searchParams.set('scope', MAX_SCOPES)
        url.searchParams.set('state', longest(100))
        return fetch(url)
      }
    },
    {
      name: 'consent form (POST authorize, 60 KB)',
      request: (origin) => {
        const form = new URLSearchParams({ request: longest(200), decision: 'accept' })
        for (let i = 0; i < 1200; i++) form.append('site', longest(40))
        return fetch(`${origin}/api/sandbox/atlassian/authorize`, { method: 'POST', body: form })
      }
    },
    {
      name: "Arcade's OAuth callback (long state and code)",
      request: (origin) => fetch(`${origin}/api/sandbox/api/v1/oauth/atlassian/callback?state=${longest(2000)}&code=${longest(4000)}`)
    },
    {
      name: 'callback_success (long flow_id)',
      request: (origin) => fetch(`${origin}/api/sandbox/api/v1/oauth/callback_success?flow_id=${longest(4000)}`)
    },
    {
      name: 'avatars (a new account id each time)',
      request: (origin, i) => fetch(`${origin}/api/sandbox/atlassian/avatars/user/712020%3A${randomBytes(4).toString('hex')}-0000-4000-8000-${String(i).padStart(12, '0')}.svg`)
    },
    {
      name: 'server routes with the public key (largest bodies)',
      request: (origin, i) => {
        const [path, init] = serverRoutes[i % serverRoutes.length]!
        return fetch(`${origin}${path}`, init)
      }
    },
    {
      name: "the site's start route (a new visitor each time)",
      request: (origin) =>
        fetch(`${origin}/api/playground/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ scopes: ['read:jira-work', 'read:jira-user', 'read:me'] }) })
    }
  ]
}

async function send(origin: string, kind: Kind, count = REQUESTS): Promise<{ ms: number; statuses: Map<number, number>; sent: number }> {
  const statuses = new Map<number, number>()
  const deadline = performance.now() + KIND_DEADLINE_MS
  let next = 0
  const began = performance.now()
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++
      const answer = await kind.request(origin, i).catch(() => undefined)
      await answer?.arrayBuffer()
      const status = answer?.status ?? 0
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return { ms: performance.now() - began, statuses, sent: next }
}

/**
 * The flood: a visitor holds a completed grant and a consent page left open; then thousands of cookieless starts
 * (each a new visitor) arrive from a dozen loopback addresses. Afterwards the visitor's grant must still list
 * projects and the open consent must still Accept. Prints what the flood cost in memory.
 */
async function floodAttack(site: SiteInstance): Promise<boolean> {
  const victim = new Visitor(site.origin)
  const granted = await startFlow(victim, site.origin, ['read:jira-work'])
  await consentInPopup(victim, granted.url!)
  await waitForCompletion(victim, granted.flowId)
  const pending = await startFlow(victim)
  const form = parseConsentForm((await victim.navigate(new URL(pending.url!, site.origin).href)).at(-1)!.body)
  await sleep(SETTLE_MS)
  const before = await memoryOf(site)

  const flood = await floodStarts({ origin: site.origin, addresses: FLOOD_ADDRESSES, perAddress: FLOOD_PER_ADDRESS, deadlineMs: FLOOD_DEADLINE_MS })
  await sleep(SETTLE_MS)
  const after = await memoryOf(site)
  const statuses = Object.entries(flood.statuses).map(([status, n]) => `${status}×${n}`).join(' ')
  console.log(`\nflood: ${flood.sent} cookieless starts from ${FLOOD_ADDRESSES.length} addresses in ${(flood.elapsedMs / 1000).toFixed(1)} s (${statuses})`)
  console.log(`flood: RSS ${(before.rss / MB).toFixed(1)} -> ${(after.rss / MB).toFixed(1)} MB, heap after GC ${(before.heapUsed / MB).toFixed(1)} -> ${(after.heapUsed / MB).toFixed(1)} MB`)

  const problems: string[] = []
  const status = await victim.json(`/api/playground/status?flowId=${granted.flowId}`)
  if (status.body.status !== 'completed') problems.push(`the completed flow answered ${status.status} ${JSON.stringify(status.body).slice(0, 120)}`)
  const jira = await victim.json('/api/playground/jira', { flowId: granted.flowId, query: '', startAt: 0, maxResults: 10 })
  if (jira.status !== 200) problems.push(`the grant's Jira call answered ${jira.status} ${JSON.stringify(jira.body).slice(0, 120)}`)
  const hops = await victim.navigate(`${site.origin}/api/sandbox/atlassian/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0]! })
  })
  if (hops.at(-1)!.status !== 200) problems.push(`the open consent's Accept ended ${hops.at(-1)!.status}: ${hops.at(-1)!.body.slice(0, 120)}`)
  else await waitForCompletion(victim, pending.flowId).catch((error: unknown) => problems.push(`the consented flow did not complete: ${String(error).slice(0, 120)}`))
  console.log(problems.length === 0 ? "flood: the visitor's completed grant and open consent both still work" : `flood: the visitor was pushed out: ${problems.join('; ')}`)
  return problems.length === 0
}

/** Open file descriptors of a process (sockets included), from /proc. */
const openFiles = (pid: number) => readdirSync(`/proc/${pid}/fd`).length

/**
 * The slow-body attack of issue 15, from one address: 60 POSTs that promise 9.5 MB and send 256 KB, then 300
 * that trickle a byte every half second. Prints how each was answered and how fast, and RSS and descriptors
 * before, at their peak and after. Fails when any stays open past the server's request timeout plus a margin,
 * or RSS grows 50 MB or more. Bounded: every connection is destroyed by 30 s.
 */
async function slowBodyAttack(site: SiteInstance): Promise<boolean> {
  const head = (length: number) =>
    `POST /api/playground/start HTTP/1.1\r\nHost: 127.0.0.1:${site.port}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`
  const rss0 = await residentBytes(site.pid())
  const fds0 = openFiles(site.pid())
  const began = performance.now()
  const large = Array.from({ length: 60 }, () => holdRequest(site.port, head(9961572), Buffer.alloc(256 * 1024, 0x20)))
  const trickles = Array.from({ length: 300 }, () => holdRequest(site.port, head(2000)))
  const drip = setInterval(() => {
    for (const t of trickles) if (!t.socket.destroyed) t.socket.write(' ')
  }, 500)
  let peakRss = rss0
  let peakFds = fds0
  const sampler = setInterval(() => {
    void residentBytes(site.pid()).then((rss) => (peakRss = Math.max(peakRss, rss)), () => undefined)
    try {
      peakFds = Math.max(peakFds, openFiles(site.pid()))
    } catch {}
  }, 100)
  const stopAll = setTimeout(() => [...large, ...trickles].forEach((r) => r.socket.destroy()), 30_000)
  const [bigAnswers, trickleAnswers] = await Promise.all([Promise.all(large.map((r) => r.settled)), Promise.all(trickles.map((r) => r.settled))])
  clearInterval(drip)
  clearInterval(sampler)
  clearTimeout(stopAll)
  await sleep(SETTLE_MS)
  const rss1 = await residentBytes(site.pid())
  const fds1 = openFiles(site.pid())
  const tally = (answers: Array<{ head?: string; ms: number }>) => {
    const statuses = new Map<string, number>()
    for (const a of answers) statuses.set(String(statusOf(a.head) ?? 'closed'), (statuses.get(String(statusOf(a.head) ?? 'closed')) ?? 0) + 1)
    const slowest = Math.max(...answers.map((a) => a.ms))
    return { summary: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '), slowest }
  }
  const big = tally(bigAnswers)
  const slow = tally(trickleAnswers)
  console.log('')
  console.log(`slow-body attack (one address, ${((performance.now() - began) / 1000).toFixed(1)} s):`)
  console.log(`  60 POSTs promising 9.5 MB, 256 KB sent: ${big.summary}, slowest answered or closed after ${big.slowest.toFixed(0)} ms`)
  console.log(`  300 trickling POSTs (a byte per 500 ms): ${slow.summary}, slowest answered or closed after ${slow.slowest.toFixed(0)} ms`)
  console.log(`  RSS ${(rss0 / MB).toFixed(1)} MB before, ${(peakRss / MB).toFixed(1)} MB at peak, ${(rss1 / MB).toFixed(1)} MB ${SETTLE_MS / 1000} s after; descriptors ${fds0} before, ${peakFds} at peak, ${fds1} after`)
  const ok = big.slowest < 5_000 && slow.slowest < 15_000 && (peakRss - rss0) / MB < TARGET_GROWTH_MB
  console.log(`  target: answered or closed within seconds, RSS growth under ${TARGET_GROWTH_MB} MB: ${ok ? 'met' : 'NOT met'}`)
  return ok
}

async function main() {
  execFileSync('scripts/build-if-needed.sh', { cwd: ROOT, stdio: 'inherit' })
  const site = await startSiteInstance({
    NODE_OPTIONS: `--require ${fileURLToPath(new URL('./memory-probe.cjs', import.meta.url))}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    // The limits would turn most of this into 429s and measure nothing.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000'
  })
  let failed = false
  try {
    // Warm up with one whole flow and a tenth of the load, so the baseline is a server that has run every route
    // (compiled code, grown heap spaces, connection pools): what follows then measures what the load leaves behind.
    const warm = new Visitor(site.origin)
    const warmFlow = await startFlow(warm)
    await consentInPopup(warm, warmFlow.url!)
    await waitForCompletion(warm, warmFlow.flowId)
    await listProjects(warm, warmFlow.flowId)
    for (const kind of kinds(warmFlow.url!)) await send(site.origin, kind, WARM_UP)
    await sleep(SETTLE_MS)
    const before = await memoryOf(site)

    console.log(`public-memory: ${REQUESTS} requests of each kind, ${CONCURRENCY} at a time, against ${site.origin}\n`)
    console.log('kind'.padEnd(58), 'sent'.padStart(6), 'req/s'.padStart(7), 'RSS MB'.padStart(8), 'heap MB'.padStart(8), '  statuses')
    for (let round = 1; round <= ROUNDS; round++) for (const kind of kinds(warmFlow.url!)) {
      const { ms, statuses, sent } = await send(site.origin, kind)
      const now = await memoryOf(site)
      const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')
      console.log(
        (ROUNDS > 1 ? `${round}: ${kind.name}` : kind.name).padEnd(58),
        String(sent).padStart(6),
        (sent / (ms / 1000)).toFixed(0).padStart(7),
        (now.rss / MB).toFixed(1).padStart(8),
        (now.heapUsed / MB).toFixed(1).padStart(8),
        ' ',
        summary
      )
      if (statuses.has(0) || [...statuses.keys()].some((s) => s >= 500)) failed = true
      if (sent < REQUESTS) failed = true
    }

    await sleep(SETTLE_MS)
    const after = await memoryOf(site)
    const growth = (after.rss - before.rss) / MB
    const retained = (after.heapUsed - before.heapUsed) / MB
    const verdict = (mb: number) => `${(mb / TARGET_GROWTH_MB).toFixed(2)} of target: ${mb < TARGET_GROWTH_MB ? 'met' : 'NOT met'}`
    console.log('')
    console.log(`(before and after: after ${SETTLE_MS / 1000} s idle and a full GC)`)
    console.log(`RSS   before ${(before.rss / MB).toFixed(1)} MB, after ${(after.rss / MB).toFixed(1)} MB, growth ${growth.toFixed(1)} MB`)
    console.log(`heap  before ${(before.heapUsed / MB).toFixed(1)} MB, after ${(after.heapUsed / MB).toFixed(1)} MB, growth ${retained.toFixed(1)} MB (heap total ${(after.heapTotal / MB).toFixed(1)} MB, external ${(after.external / MB).toFixed(1)} MB)`)
    console.log(`target: growth under ${TARGET_GROWTH_MB} MB — RSS ${verdict(growth)}; heap kept after GC ${verdict(retained)}`)
    // RSS also holds the allocator's and V8's high-water mark, which a second round (ROUNDS=2) does not raise;
    // what the requests leave behind is the heap kept after a full GC, so that is what fails the run.
    if (retained >= TARGET_GROWTH_MB) failed = true

    if (!(await floodAttack(site))) failed = true
    if (!(await slowBodyAttack(site))) failed = true

    // Another visitor, after all that: the whole flow still completes.
    const visitor = new Visitor(site.origin)
    const t0 = performance.now()
    const started = await startFlow(visitor)
    await consentInPopup(visitor, started.url!)
    await waitForCompletion(visitor, started.flowId)
    const jira = await listProjects(visitor, started.flowId)
    console.log(`another visitor's whole flow completed in ${(performance.now() - t0).toFixed(0)} ms (${jira.projects.total} projects on ${jira.site.name})`)
  } catch (error) {
    failed = true
    console.error('public-memory failed:', error instanceof Error ? error.message : error)
    console.error(site.output().slice(-2000))
  } finally {
    await site.stop()
  }
  process.exit(failed ? 1 : 0)
}

await main()
