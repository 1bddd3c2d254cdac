/**
 * The playground's API routes by path: every request a Run makes to the site itself. The site's server answers
 * them through Next's own API resolver, without Next's router (site-server.ts), and the route tests serve the
 * same table (tests/helpers/site.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js'
import { searchParamsToUrlQuery } from 'next/dist/shared/lib/router/utils/querystring.js'
import * as configRoute from '../../pages/api/playground/config'
import * as consentRoute from '../../pages/api/playground/consent'
import * as doctorRoute from '../../pages/api/playground/doctor'
import * as flowRoute from '../../pages/api/playground/flow'
import * as jiraRoute from '../../pages/api/playground/jira'
import * as resetRoute from '../../pages/api/playground/reset'
import * as settleFlowRoute from '../../pages/api/playground/settle-flow'
import * as startRoute from '../../pages/api/playground/start'
import * as statusRoute from '../../pages/api/playground/status'
import * as verifyRoute from '../../pages/api/playground/verify'

export type RouteModule = { default: (req: never, res: never) => unknown; config?: unknown }

export const PLAYGROUND_ROUTES: Readonly<Record<string, RouteModule>> = {
  '/api/playground/config': configRoute,
  '/api/playground/consent': consentRoute,
  '/api/playground/doctor': doctorRoute,
  '/api/playground/flow': flowRoute,
  '/api/playground/jira': jiraRoute,
  '/api/playground/reset': resetRoute,
  '/api/playground/settle-flow': settleFlowRoute,
  '/api/playground/start': startRoute,
  '/api/playground/status': statusRoute,
  '/api/playground/verify': verifyRoute
}

/** A query as Next hands it to a route (its own conversion): one value as a string, a repeated name as an array. */
export function nextQuery(search: string): Record<string, string | string[]> {
  return searchParamsToUrlQuery(new URLSearchParams(search)) as Record<string, string | string[]>
}

// The preview-mode keys guard Next's draft mode, which no route here uses.
const API_CONTEXT = { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '', trustHostHeader: false }

/** Serves one request with a route module the way Next does (its apiResolver: the route's body-parser config, req.query, res.json). */
export function resolveApiRoute(req: IncomingMessage, res: ServerResponse, route: RouteModule, pathname: string, query: Record<string, string | string[]>): Promise<void> {
  // Not in development mode: the site's server sends routes here only in production.
  return apiResolver(req, res, query, route, API_CONTEXT as never, false, false, pathname)
}
