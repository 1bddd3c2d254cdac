import { z } from 'zod'
import { apiRoute } from '../../../lib/api/route'
import { listSitePages } from '../../../lib/docs/site-pages'
import { sitemapXml } from '../../../lib/docs/site-index'
import { originCacheHeaders, siteOrigin } from '../../../lib/site-origin'
import { sendText } from '../../../lib/docs/send-text'


// Every error as JSON, even for a body sent to this GET route (a literal: Next reads it at build time).
export const config = { api: { bodyParser: false } }
/** `/sitemap.xml` (a rewrite in next.config.mjs). */
export default apiRoute({
  method: 'GET',
  allowHead: true,
  input: z.object({}),
  async handle({ req, res, config }) {
    sendText(res, 'application/xml; charset=utf-8', sitemapXml(listSitePages(), siteOrigin(config, req)), originCacheHeaders(config))
  }
})
