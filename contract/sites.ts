// How the reader names an Atlassian site in the panel's "Jira site" field and in `site=` links: by its cloud id,
// its name, or the first label of its URL (`acme-robotics` for https://acme-robotics.atlassian.net), in any case.
// The server's Jira step and the panel's Search and page buttons both choose the site by this one rule.
import type { Site } from './playground-api'

export const CLOUD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True when `wanted` (a name, not a cloud id) names this site. */
export function siteAnswersTo(site: Pick<Site, 'name' | 'url'>, wanted: string): boolean {
  const name = wanted.trim().toLowerCase()
  let label: string | undefined
  try {
    label = new URL(site.url).hostname.split('.')[0].toLowerCase()
  } catch {
    label = undefined
  }
  return site.name.toLowerCase() === name || label === name
}

/** The site that `value` (a cloud id or a name) names among `sites`; the first site when `value` is empty. */
export function findSite<S extends Pick<Site, 'id' | 'name' | 'url'>>(sites: readonly S[], value: string): S | undefined {
  const wanted = value.trim()
  if (!wanted) return sites[0]
  return CLOUD_ID.test(wanted) ? sites.find((s) => s.id === wanted) : sites.find((s) => siteAnswersTo(s, wanted))
}
