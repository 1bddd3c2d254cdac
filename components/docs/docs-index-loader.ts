// The search box's index, loaded once per page view the first time a reader uses the box: the search code
// (MiniSearch) and the sections JSON the build wrote. Shared by the navbar's box and the phone menu's.
import type { DocsIndex, DocSection, DocsSearchHit } from '../../lib/docs/search-engine'
import { SEARCH_SECTIONS_URL } from '../../lib/docs/search-sections-url'

const LOAD_TIME_LIMIT_MS = 15_000

/** The loaded index, ready to search. */
export type DocsSearch = (query: string, options: { limit: number }) => DocsSearchHit[]

let loading: Promise<DocsSearch> | undefined

export function loadDocsSearch(): Promise<DocsSearch> {
  loading ??= (async (): Promise<DocsSearch> => {
    const [engine, response] = await Promise.all([
      import('../../lib/docs/search-engine'),
      fetch(SEARCH_SECTIONS_URL, { signal: AbortSignal.timeout(LOAD_TIME_LIMIT_MS) })
    ])
    if (!response.ok) throw new Error(`search sections answered ${response.status}`)
    const index: DocsIndex = engine.createDocsIndex((await response.json()) as DocSection[])
    return (query, options) => engine.searchDocsIndex(index, query, options)
  })().catch((error: unknown) => {
    // Not kept: the next focus tries again.
    loading = undefined
    throw error
  })
  return loading
}
