// The panel's inputs as a link: `?scopes=a,b&provider=…&query=…&site=…&scenario=…&language=…#<panel id>`. A link
// restores inputs only, never a flow, a token or an identity. Invalid values are dropped with a note the panel shows.
import { findScenario } from '../../contract/scenarios'
import { PRESELECTABLE_SCOPES, SCOPE_NAMES } from '../../contract/scopes'
import { isolate } from './reader-text'
import { LANGUAGE_TABS, type SnippetLanguage } from './snippet-types'

export interface PanelInputs {
  scopes: string[]
  providerId: string
  query: string
  site: string
  scenario: string
  /** The language the page's code tabs show (the generated code follows them). */
  language?: SnippetLanguage
}

export const PANEL_PARAMS = ['scopes', 'provider', 'query', 'site', 'scenario', 'language'] as const

const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const SITE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/

export interface ParsedPanelLink {
  inputs: Partial<PanelInputs>
  /** One line per ignored value, e.g. "Ignored scopes=foo: not a known scope". */
  notes: string[]
}

/** The reader's value in a note: cut to 40 characters, and isolated so its bidi controls stay inside it. */
const shown = (value: string) => isolate(value.length > 40 ? `${value.slice(0, 40)}…` : value)

/**
 * The one rule for a parameter a link repeats (`?scopes=&scopes=read:me`): the last value counts, as when a later
 * setting overrides an earlier one; a note says the earlier ones were ignored. Absent: null.
 */
export function lastValue(params: URLSearchParams, name: string, notes: string[]): string | null {
  const values = params.getAll(name)
  if (values.length > 1) notes.push(`Ignored the first ${values.length - 1} of ${values.length} ${name}= values: when a link repeats a parameter, the last one counts`)
  return values.length ? values[values.length - 1] : null
}

/** The inputs a query string sets, and a note for each value it had to ignore. */
export function parsePanelLink(search: string): ParsedPanelLink {
  const params = new URLSearchParams(search)
  const inputs: Partial<PanelInputs> = {}
  const notes: string[] = []

  const scopes = lastValue(params, 'scopes', notes)
  if (scopes !== null) {
    const asked = scopes.split(',').map((s) => s.trim()).filter(Boolean)
    const unknown = asked.filter((s) => !SCOPE_NAMES.includes(s))
    for (const s of unknown) notes.push(`Ignored scopes=${shown(s)}: not a known scope`)
    for (const s of asked.filter((s) => SCOPE_NAMES.includes(s) && !PRESELECTABLE_SCOPES.includes(s))) notes.push(`Ignored scopes=${s}: a link may preselect only the read scopes the guide uses`)
    const known = [...new Set(asked.filter((s) => PRESELECTABLE_SCOPES.includes(s)))]
    if (known.length > 0) inputs.scopes = known
    else if (unknown.length === 0) notes.push('Ignored scopes=: choose at least one scope')
  }

  const provider = lastValue(params, 'provider', notes)
  if (provider !== null) {
    if (PROVIDER_ID.test(provider)) inputs.providerId = provider
    else notes.push(`Ignored provider=${shown(provider)}: not a provider id (letters, digits, . _ -, up to 64)`)
  }

  const query = lastValue(params, 'query', notes)
  if (query !== null) {
    if (query.length <= 100) inputs.query = query
    else notes.push('Ignored query: longer than 100 characters')
  }

  const site = lastValue(params, 'site', notes)
  if (site !== null) {
    if (SITE.test(site)) inputs.site = site
    else notes.push(`Ignored site=${shown(site)}: not a cloud id or site name`)
  }

  const scenario = lastValue(params, 'scenario', notes)
  if (scenario !== null) {
    if (findScenario(scenario)) inputs.scenario = scenario
    else notes.push(`Ignored scenario=${shown(scenario)}: not a known scenario`)
  }

  const language = lastValue(params, 'language', notes)
  if (language !== null) {
    if ((LANGUAGE_TABS as readonly string[]).includes(language)) inputs.language = language as SnippetLanguage
    else notes.push(`Ignored language=${shown(language)}: not one of ${LANGUAGE_TABS.join(', ')}`)
  }

  return { inputs, notes }
}

/** True when the query string carries any of the panel's parameters. */
export function hasPanelParams(search: string): boolean {
  const params = new URLSearchParams(search)
  return PANEL_PARAMS.some((p) => params.has(p))
}

/** The link that restores these inputs in the panel `panelId` (other query parameters of the page are kept). */
export function panelLink(href: string, panelId: string, inputs: PanelInputs): string {
  const url = new URL(href)
  for (const p of PANEL_PARAMS) url.searchParams.delete(p)
  url.searchParams.set('scopes', inputs.scopes.join(','))
  if (inputs.providerId) url.searchParams.set('provider', inputs.providerId)
  if (inputs.query) url.searchParams.set('query', inputs.query)
  if (inputs.site) url.searchParams.set('site', inputs.site)
  if (inputs.scenario) url.searchParams.set('scenario', inputs.scenario)
  if (inputs.language) url.searchParams.set('language', inputs.language)
  url.hash = panelId
  // Commas and colons read better than %2C and %3A in a scope list (both are legal in a query).
  return url.toString().replace(/scopes=([^&#]*)/, (_, v: string) => `scopes=${v.replace(/%2C/gi, ',').replace(/%3A/gi, ':')}`)
}
