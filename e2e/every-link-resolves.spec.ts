import { expect, test } from '@playwright/test'
import { sitePages } from './site-pages'

test('every internal link and #anchor on the built site resolves', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(120_000)
  const origin = new URL(baseURL!).origin
  // Every page the build has (e2e/site-pages.ts), so pages that nothing links to are crawled too.
  const queue = ['/', ...sitePages()]
  const ids = new Map<string, Set<string>>() // page -> element ids
  const status = new Map<string, number>()
  const links: { from: string; path: string; hash: string }[] = []
  const external = new Set<string>()

  while (queue.length > 0) {
    const route = queue.shift()!
    if (status.has(route)) continue
    const response = await page.goto(route)
    status.set(route, response?.status() ?? 0)
    if (!response?.ok()) continue
    await page.waitForLoadState('networkidle')
    ids.set(route, new Set(await page.locator('[id]').evaluateAll((els) => els.map((el) => el.id))))
    for (const href of await page.locator('a[href]').evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href))) {
      const url = new URL(href)
      if (url.origin !== origin) {
        if (url.protocol.startsWith('http')) external.add(url.href)
        continue
      }
      const target = url.pathname.replace(/\/$/, '') || '/'
      links.push({ from: route, path: target, hash: decodeURIComponent(url.hash.slice(1)) })
      if (!status.has(target)) queue.push(target)
    }
  }

  const broken = [
    ...[...status].filter(([, code]) => code !== 200).map(([route, code]) => {
      const from = [...new Set(links.filter((l) => l.path === route).map((l) => l.from))]
      return `${route}: HTTP ${code} (linked from ${from.join(', ') || 'the page list'})`
    }),
    ...links
      .filter((l) => l.hash && status.get(l.path) === 200 && !ids.get(l.path)!.has(l.hash))
      .map((l) => `${l.from} -> ${l.path}#${l.hash}: no element with that id`)
  ]
  const report = `checked ${status.size} pages, ${links.length} internal links\n` +
    `external links (listed, not fetched):\n${[...external].sort().map((u) => `  ${u}`).join('\n')}`
  console.log(report)
  await testInfo.attach('links', { body: report, contentType: 'text/plain' })
  expect(status.size).toBeGreaterThanOrEqual(6)
  expect([...new Set(broken)]).toEqual([])
})
