// The set-up check's answer, kept briefly: each run makes several upstream calls with the operator's key, so
// repeats within CACHE_SECONDS (a reload, a second tab, a script in a loop) share one run, in flight or done.
import { LRUCache } from 'lru-cache'
import type { NextApiRequest } from 'next'
import type { DoctorResponse } from '../../contract/playground-api'
import type { SiteConfig } from '../config'
import { siteOrigin } from '../site-origin'
import { runChecks } from './checks'

export const CACHE_SECONDS = 30

/** One run per configuration and origin (the answer names URLs built from the origin). */
const runs = new LRUCache<string, Promise<DoctorResponse>>({ max: 16, ttl: CACHE_SECONDS * 1000 })
const configIds = new WeakMap<SiteConfig, number>()
let nextConfigId = 0

function keyOf(config: SiteConfig, req: NextApiRequest): string {
  if (!configIds.has(config)) configIds.set(config, nextConfigId++)
  return `${configIds.get(config)} ${siteOrigin(config, req)}`
}

export function cachedChecks(config: SiteConfig, req: NextApiRequest): Promise<DoctorResponse> {
  const key = keyOf(config, req)
  let run = runs.get(key)
  if (!run) {
    run = runChecks(config, req)
    // A run that threw is not kept: the next request tries again.
    run.catch(() => runs.delete(key))
    runs.set(key, run)
  }
  return run
}
