import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { searchDocs, type DocsSearchHit } from '../../../lib/docs/search'
import { MAX_LIMIT, MAX_QUERY_CHARS } from '../../../lib/docs/search-engine'

// Every error as JSON, even for a body sent to this GET route (a literal: Next reads it at build time).
export const config = { api: { bodyParser: false } }

const input = z
  .object({
    q: z.string({ required_error: 'q is required: the words or the error string to search for' }).max(MAX_QUERY_CHARS, `q must be at most ${MAX_QUERY_CHARS} characters`),
    limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`).optional()
  })
  .strict()

/** `GET /api/docs/search?q=…&limit=…`: the site search as JSON, the same ranking as the search box. */
export default apiRoute({
  method: 'GET',
  input,
  async handle({ input }): Promise<{ hits: DocsSearchHit[] }> {
    return { hits: await searchDocs(input.q, { limit: input.limit }) }
  }
})
