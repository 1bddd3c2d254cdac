// Client JavaScript weight of the guide vs the plainest page: the gzip bytes on the wire of every script
// each page loads, cache disabled. Usage: npx tsx bench/page-weight.ts [http://127.0.0.1:3100]
import { chromium } from '@playwright/test'
import { pathToFileURL } from 'node:url'

/** The guide, and the plainest page of the site (text and links, nothing interactive) to compare it with. */
export const PAGES = { plain: '/', guide: '/auth-providers/atlassian' }

export interface Weight { bytes: number; files: number; prefetched: number }

/**
 * Scripts the page loads for itself. Next also prefetches the code of pages that visible links point to:
 * a <link rel=prefetch> (priority VeryLow) and then the same URL as a script; those URLs are counted apart.
 */
export async function scriptBytes(base: string, route: string): Promise<Weight> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    const prefetchUrls = new Set<string>()
    const urls = new Map<string, string>()
    const scripts = new Set<string>()
    const weight: Weight = { bytes: 0, files: 0, prefetched: 0 }
    cdp.on('Network.requestWillBeSent', (e) => {
      urls.set(e.requestId, e.request.url)
      if (e.request.initialPriority === 'VeryLow') prefetchUrls.add(e.request.url)
    })
    cdp.on('Network.responseReceived', (e) => { if (e.type === 'Script' || /\.m?js(\?|$)/.test(e.response.url)) scripts.add(e.requestId) })
    cdp.on('Network.loadingFinished', (e) => {
      if (!scripts.has(e.requestId)) return
      if (prefetchUrls.has(urls.get(e.requestId)!)) weight.prefetched += e.encodedDataLength
      else { weight.bytes += e.encodedDataLength; weight.files++ }
    })
    const response = await page.goto(base + route, { waitUntil: 'networkidle' })
    if (!response?.ok()) throw new Error(`${base + route} answered ${response?.status()}`)
    return weight
  } finally {
    await browser.close()
  }
}

export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`

async function main() {
  const base = process.argv[2] ?? process.env.BENCH_URL ?? 'http://127.0.0.1:3100'
  const plain = await scriptBytes(base, PAGES.plain)
  const guide = await scriptBytes(base, PAGES.guide)
  for (const [name, w] of [['plain', plain], ['guide', guide]] as const) {
    console.log(`${name} ${PAGES[name]}: ${kb(w.bytes)} of scripts in ${w.files} files (gzip transfer);` +
      ` not counted: ${kb(w.prefetched)} prefetched for linked pages`)
  }
  console.log(`ratio guide/plain: ${(guide.bytes / plain.bytes).toFixed(3)} (+${((guide.bytes / plain.bytes - 1) * 100).toFixed(1)}%)`)
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main()
