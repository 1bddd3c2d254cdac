// The site search for server code (the agents' endpoint, API routes): the same sections and ranking as the
// search box, built once per process from the pages themselves.
import { siteSections } from './doc-sections'
import { createDocsIndex, searchDocsIndex, type DocsIndex, type DocsSearchHit } from './search-engine'

export type { DocsSearchHit } from './search-engine'

let index: Promise<DocsIndex> | undefined

function docsIndex(): Promise<DocsIndex> {
  // A failed build is not kept: the next search tries again.
  index ??= Promise.resolve()
    .then(() => createDocsIndex(siteSections()))
    .catch((error: unknown) => {
      index = undefined
      throw error
    })
  return index
}

/** The site's sections that answer `query`, best first: at most `limit` (default 8, at most 20). */
export async function searchDocs(query: string, options?: { limit?: number }): Promise<DocsSearchHit[]> {
  return searchDocsIndex(await docsIndex(), query, options)
}
