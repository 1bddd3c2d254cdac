/**
 * Load benchmark (npm run bench): loopback only, bounded in count and time. Runs the load of bench/load.ts
 * against one instance of the built site (in-memory state), then two instances sharing a Redis, and prints
 * flows completed / started, each route's p50/p99, the probe's latency while long-polls are held, and the
 * servers' peak memory (RSS sampled from /proc). Exits non-zero if any flow is lost.
 *
 * With neither setting it runs the targets' plan: one instance at 200 and 1,000 visitors, two at 200 and 2,000
 * (about five minutes). Each run gets fresh instances (and a fresh Redis).
 *   BENCH_VISITORS   concurrent visitors per scenario instead (at most 2000)
 *   BENCH_SCENARIOS  `single`, `pair` or `both`: one instance in memory, two sharing Redis
 *
 * Targets: one instance, 1,000 visitors: no flow lost, start p99 under 1 s, the probe's p99 under 250 ms while
 * consents are under way; two instances with Redis, 2,000 visitors: no flow lost. These cores are shared: the
 * machine's load average is printed with each run, and figures from a loaded machine say little.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { startRedisServer, type RedisServer } from '../tests/helpers/redis-server'
import { startSiteInstance, type SiteInstance } from '../tests/helpers/site-instance'
import { percentile, runLoad, type LoadReport } from './load'

type Kind = 'single' | 'pair'
interface Run {
  kind: Kind
  visitors: number
}

function plan(): Run[] {
  const scenarios = process.env.BENCH_SCENARIOS
  if (scenarios !== undefined && !['single', 'pair', 'both'].includes(scenarios)) throw new Error('BENCH_SCENARIOS must be single, pair or both')
  const kinds: Kind[] = scenarios === 'single' ? ['single'] : scenarios === 'pair' ? ['pair'] : ['single', 'pair']
  if (process.env.BENCH_VISITORS === undefined && scenarios === undefined) {
    return [{ kind: 'single', visitors: 200 }, { kind: 'pair', visitors: 200 }, { kind: 'single', visitors: 1000 }, { kind: 'pair', visitors: 2000 }]
  }
  const visitors = Math.min(2000, Math.max(1, Number(process.env.BENCH_VISITORS ?? 200)))
  return kinds.map((kind) => ({ kind, visitors }))
}

const PLAN = plan()
/** Arrivals over 12 s, 3 s held, consents over 20 s: the rest is slack for the flows to finish. */
const deadlineFor = (visitors: number) => 60_000 + visitors * 30
/** The whole run stops by itself, whatever happens (every run, starting the servers and Redis). */
const OVERALL_DEADLINE_MS = PLAN.reduce((sum, run) => sum + deadlineFor(run.visitors) + 60_000, 60_000)

const overall = setTimeout(() => {
  console.error(`bench: overall deadline of ${OVERALL_DEADLINE_MS / 1000} s passed; stopping`)
  process.exit(2)
}, OVERALL_DEADLINE_MS)
overall.unref()

/** A process and all its descendants, from /proc (a process that ended meanwhile is left out). */
function processTree(pid: number): number[] {
  try {
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean))
    return [pid, ...children.flatMap((child) => processTree(Number(child)))]
  } catch {
    return []
  }
}

/** The sum of one /proc reading over a process tree; a process that ended between two reads counts 0. */
function overTree(pid: number, read: (pid: number) => number): number {
  return processTree(pid).reduce((sum, member) => {
    try {
      return sum + read(member)
    } catch {
      return sum
    }
  }, 0)
}

/** RSS in bytes of a process and all its descendants. */
const treeRss = (pid: number) => overTree(pid, (p) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) * 1024)

/** CPU seconds (user + system) of a process and its descendants (clock ticks of 1/100 s). */
const treeCpuSeconds = (pid: number) =>
  overTree(pid, (p) => {
    // The fields after the command name (which may hold spaces) start at its closing parenthesis.
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  })

/** The kernel's count of connections dropped because a listening socket's accept queue was full (Linux). */
function listenOverflows(): number | undefined {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n')
    const names = lines.find((line) => line.startsWith('TcpExt:') && line.includes('ListenOverflows'))?.split(' ')
    const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(' ')
    const at = names?.indexOf('ListenOverflows') ?? -1
    return at > 0 && values ? Number(values[at]) : undefined
  } catch {
    return undefined
  }
}

/** Samples each process tree every 100 ms and keeps each one's peak. */
function samplePeakRss(pids: () => number[]) {
  const peaks = new Map<number, number>()
  const timer = setInterval(() => {
    for (const pid of pids()) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, treeRss(pid)))
  }, 100)
  return () => {
    clearInterval(timer)
    return peaks
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(value < 10 ? 1 : 0)} ms`)

function printReport(title: string, visitors: number, report: LoadReport, memory: Array<[string, number]>) {
  console.log(`\n== ${title}`)
  // Other work on the machine shows up in every latency below; the load average says how much there was.
  console.log(`machine load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`)
  console.log(`flows completed / started: ${report.completed} / ${report.started} (of ${visitors} visitors) in ${(report.elapsedMs / 1000).toFixed(1)} s; peak long-polls held at once: ${report.peakHeldLongPolls}`)
  const rows = [...report.latencies].map(([step, values]) => [step, String(values.length), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(Math.max(...values))])
  for (const [phase, values] of [['only long-polls held', report.probeWhileHeld.quiet], ['long-polls held, consents under way', report.probeWhileHeld.busy]] as const) {
    rows.push([`probe GET /api/playground/config: ${phase}`, String(values.length), ms(percentile(values, 50)), ms(percentile(values, 99)), ms(values.length ? Math.max(...values) : NaN)])
  }
  const width = Math.max(...rows.map((r) => r[0].length))
  console.log(`${'step'.padEnd(width)}  ${'count'.padStart(5)}  ${'p50'.padStart(8)}  ${'p99'.padStart(8)}  ${'max'.padStart(8)}`)
  for (const [step, count, p50, p99, max] of rows) console.log(`${step.padEnd(width)}  ${count.padStart(5)}  ${p50.padStart(8)}  ${p99.padStart(8)}  ${max.padStart(8)}`)
  console.log(`peak RSS: ${memory.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}`)
  for (const failure of report.failures.slice(0, 10)) console.log(`  failed: ${failure}`)
}

/**
 * A few whole flows on each instance before the timed run, as a site that has served anyone has done: the first
 * requests to each route load its code and warm the JIT (the first ~50 starts took 150-450 ms, the rest ~10 ms).
 */
const WARM_UP_VISITORS = 10

async function scenario(title: string, visitors: number, instances: SiteInstance[], redis?: RedisServer): Promise<boolean> {
  const warmUp = await runLoad({ origins: instances.map((i) => i.origin), visitors: WARM_UP_VISITORS, arrivalSpreadMs: 0, quietHoldMs: 0, consentSpreadMs: 0, deadlineMs: 60_000 })
  if (warmUp.completed !== WARM_UP_VISITORS) throw new Error(`bench: the warm-up flows failed: ${warmUp.failures.slice(0, 3).join('; ')}`)
  const overflowsBefore = listenOverflows()
  const processes: Array<[string, number]> = instances.map((instance, i) => [`instance ${String.fromCharCode(65 + i)}`, instance.pid()])
  if (redis) processes.push(['redis-server', redis.pid])
  const cpuBefore = processes.map(([, pid]) => treeCpuSeconds(pid))
  const generatorBefore = process.cpuUsage()
  const stopSampling = samplePeakRss(() => processes.map(([, pid]) => pid))
  const report = await runLoad({ origins: instances.map((i) => i.origin), visitors, arrivalSpreadMs: 12_000, quietHoldMs: 3_000, consentSpreadMs: 20_000, deadlineMs: deadlineFor(visitors) })
  const peaks = stopSampling()
  const cpu = processes.map(([name, pid], i): [string, number] => [name, treeCpuSeconds(pid) - cpuBefore[i]])
  const generator = process.cpuUsage(generatorBefore)
  cpu.push(['load generator (this process)', (generator.user + generator.system) / 1e6])
  const memory = processes.map(([name, pid]): [string, number] => [name, peaks.get(pid) ?? 0])
  printReport(title, visitors, report, memory)
  // What the run cost the machine: on these 2 cores, more CPU-seconds than 2 x the run's busy window means queueing.
  const siteSeconds = cpu.filter(([name]) => name.startsWith('instance')).reduce((sum, [, seconds]) => sum + seconds, 0)
  const perThousand = report.completed > 0 ? `; the site's ${(siteSeconds * 1000 / report.completed).toFixed(1)} s per 1,000 completed flows` : ''
  console.log(`CPU during the run: ${cpu.map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`).join(', ')}${perThousand}`)
  const overflowsAfter = listenOverflows()
  // Each one is a connection the client's TCP retries only after 1 s (then 3 s, 7 s): it shows as a slow request.
  if (overflowsBefore !== undefined && overflowsAfter !== undefined) console.log(`connections dropped by a full accept queue (the whole machine): ${overflowsAfter - overflowsBefore}`)
  if (instances.length === 1 && visitors === 1000) {
    const start = percentile(report.latencies.get('start') ?? [], 99)
    const probe = percentile(report.probeWhileHeld.busy, 99)
    const met = report.completed === visitors && start < 1000 && probe < 250
    console.log(`targets (one instance, 1,000): no flow lost, start p99 ${ms(start)} < 1 s, probe p99 ${ms(probe)} < 250 ms: ${met ? 'met' : 'MISSED'}`)
  }
  return report.completed === visitors && report.failures.length === 0
}

/**
 * Settings for the bench: each visitor's address comes from X-Forwarded-For (TRUST_PROXY=1, as behind a load
 * balancer), the per-address limits are lifted (the probe and the setup share 127.0.0.1, and behind a proxy the
 * connection bound is the proxy's); per visitor stays the default.
 */
const benchSettings = (extra: Record<string, string> = {}) => ({ TRUST_PROXY: '1', RATE_LIMIT_PER_IP_PER_MINUTE: '1000000', CONNECTIONS_PER_ADDRESS: '100000', SESSION_SECRET: randomBytes(32).toString('hex'), ...extra })

async function main() {
  execFileSync(fileURLToPath(new URL('../scripts/build-if-needed.sh', import.meta.url)), { stdio: 'inherit' })
  let ok = true
  for (const { kind, visitors } of PLAN) {
    const cleanup: Array<() => Promise<void>> = []
    try {
      if (kind === 'single') {
        const single = await startSiteInstance(benchSettings())
        cleanup.push(() => single.stop())
        ok = (await scenario(`one instance, in-memory state, ${visitors} visitors`, visitors, [single])) && ok
      } else {
        const redis = await startRedisServer()
        cleanup.push(() => redis.stop())
        const settings = benchSettings({ REDIS_URL: redis.url })
        const pair = await Promise.all([startSiteInstance(settings), startSiteInstance(settings)])
        cleanup.push(...pair.map((instance) => () => instance.stop()))
        ok = (await scenario(`two instances sharing Redis, ${visitors} visitors (each flow starts on one and is finished on the other)`, visitors, pair, redis)) && ok
      }
    } finally {
      // Servers first, then Redis, each run's before the next run starts.
      for (const stop of cleanup.reverse()) await stop().catch(() => undefined)
    }
  }
  console.log(ok ? '\nno flow lost' : '\nSOME FLOWS WERE LOST')
  process.exit(ok ? 0 : 1)
}

await main()
