import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { PlaygroundError } from '../../../lib/api/errors'
import { findPage, pageMarkdownOf } from '../../../lib/docs/served-pages'
import { sendText } from '../../../lib/docs/send-text'

// Every error as JSON, even for a body sent to this GET route (a literal: Next reads it at build time).
export const config = { api: { bodyParser: false } }

/**
 * A page's Markdown at the page's own URL, for `Accept: text/markdown` (middleware.ts rewrites here; see
 * lib/docs/markdown-negotiation.ts): the same text as PATH.md, and `Vary: Accept`, which a static file would not say.
 */
export default apiRoute({
  method: 'GET',
  allowHead: true,
  input: z.object({ path: z.string().max(200) }),
  async handle({ res, input }) {
    const page = findPage(input.path)
    if (!page) throw new PlaygroundError(404, 'not_found', 'No page at this path')
    res.setHeader('Vary', 'Accept')
    // The same for every host: the page's Markdown names no origin.
    sendText(res, 'text/markdown; charset=utf-8', pageMarkdownOf(page), { 'Cache-Control': 'public, max-age=300' })
  }
})
