// Lighthouse 12.8.2 (mobile: simulated throttling, 4x CPU slowdown, 412 px) on the guide and on two plain pages
// (the home page and /troubleshooting, a long plain content page), nine runs each, interleaved, against a built
// `npm start` on a loopback port. Prints each page's median performance score, Total Blocking Time, DOM size
// and script bytes at load, and the guide's ratios to every plain page.
// Lighthouse stays out of package.json (its lockfile entries break `npm ci`): it runs through npx.
// Usage: npm run bench:lighthouse [-- http://127.0.0.1:3000]   (without a URL it builds if needed and starts one)
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { kb, PAGES, scriptBytes } from './page-weight'

// Nine: one page's TBT spread 150-600 ms across runs here, and five runs' medians flipped the verdict between runs.
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 9)
const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3170)
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage'
const TARGETS = { scoreGap: 2, tbtRatio: 1.2, scriptRatio: 1.05 }
const run = promisify(execFile)

interface Run { score: number; tbt: number; domSize: number; scripts: number }

/** The built site on a loopback port, or the one given on the command line. */
async function site(): Promise<{ base: string; stop(): void }> {
  if (process.argv[2]) return { base: process.argv[2].replace(/\/$/, ''), stop() {} }
  await run('scripts/build-if-needed.sh', [], { maxBuffer: 1 << 26 })
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '-H', '127.0.0.1', '-p', String(PORT)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore'
  })
  const base = `http://127.0.0.1:${PORT}`
  for (let i = 0; i < 100; i++) {
    if (await fetch(base + '/').then((r) => r.ok, () => false)) return { base, stop: () => server.kill() }
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  server.kill()
  throw new Error(`the site did not answer on ${base} within 30 s`)
}

async function lighthouse(url: string, scratch: string): Promise<Run> {
  const out = path.join(scratch, 'report.json')
  // TMPDIR: Chromium leaves a directory per run in the temp folder; this one is removed at the end.
  await run('npx', ['-y', 'lighthouse@12.8.2', url, `--chrome-flags=${CHROME_FLAGS}`, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet'], {
    env: { ...process.env, CHROME_PATH: CHROME, TMPDIR: scratch },
    maxBuffer: 1 << 26
  })
  const report = JSON.parse(await readFile(out, 'utf8'))
  const requests = report.audits['network-requests'].details.items as Array<{ resourceType: string; transferSize: number; priority: string }>
  return {
    score: Math.round(report.categories.performance.score * 100),
    tbt: report.audits['total-blocking-time'].numericValue,
    domSize: report.audits['dom-size'].numericValue,
    // The page's own scripts; Next's prefetches of linked pages (priority VeryLow) are counted apart, as in page-weight.
    scripts: requests.filter((r) => r.resourceType === 'Script' && r.priority !== 'VeryLow').reduce((sum, r) => sum + r.transferSize, 0)
  }
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)]
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** The guide against every plain page: the home page and a long plain content page (a long MDX page with no panel). */
const GUIDE = PAGES.guide
const PLAIN = [PAGES.plain, '/troubleshooting']
const ALL = [GUIDE, ...PLAIN]

const { base, stop } = await site()
const scratch = await mkdtemp(path.join(tmpdir(), 'lighthouse-bench-'))
const runs: Record<string, Run[]> = Object.fromEntries(ALL.map((route) => [route, []]))
try {
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, and each round starts one page later, so no page always runs first on a noisy machine.
    const order = ALL.map((_, k) => ALL[(i + k) % ALL.length])
    for (const route of order) {
      const result = await lighthouse(base + route, scratch)
      runs[route].push(result)
      console.log(`run ${i + 1} ${route}: performance ${result.score}, TBT ${Math.round(result.tbt)} ms, DOM ${result.domSize} elements, scripts ${kb(result.scripts)}`)
    }
  }
  const summary: Record<string, { score: number; tbt: number; tbtSpread: string; domSize: number; scripts: number; lighthouseScripts: number }> = {}
  for (const route of ALL) {
    const r = runs[route]
    const weight = await scriptBytes(base, route)
    summary[route] = { score: median(r.map((x) => x.score)), tbt: median(r.map((x) => x.tbt)), tbtSpread: `${Math.round(quantile(r.map((x) => x.tbt), 0.25))}-${Math.round(quantile(r.map((x) => x.tbt), 0.75))}`, domSize: median(r.map((x) => x.domSize)), scripts: weight.bytes, lighthouseScripts: median(r.map((x) => x.scripts)) }
  }
  console.log('')
  for (const route of ALL) {
    const s = summary[route]
    console.log(`${route} (median of ${RUNS}): performance ${s.score}, TBT ${Math.round(s.tbt)} ms (middle half of runs ${s.tbtSpread} ms), DOM ${s.domSize} elements, ` +
      `scripts at load ${kb(s.scripts)} (page-weight, cache off; Lighthouse saw ${kb(s.lighthouseScripts)})`)
  }
  const guide = summary[GUIDE]
  const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES')
  for (const route of PLAIN) {
    const plain = summary[route]
    const gap = plain.score - guide.score
    const tbtRatio = guide.tbt / Math.max(plain.tbt, 1)
    const scriptRatio = guide.scripts / plain.scripts
    console.log(`guide vs ${route}: performance ${guide.score} vs ${plain.score}, gap ${gap} points (target <= ${TARGETS.scoreGap}: ${verdict(gap <= TARGETS.scoreGap)}); ` +
      `TBT ratio ${tbtRatio.toFixed(2)} (target <= ${TARGETS.tbtRatio}: ${verdict(tbtRatio <= TARGETS.tbtRatio)}); ` +
      `script ratio ${scriptRatio.toFixed(3)} (target <= ${TARGETS.scriptRatio}: ${verdict(scriptRatio <= TARGETS.scriptRatio)})`)
  }
} finally {
  stop()
  await rm(scratch, { recursive: true, force: true })
}
