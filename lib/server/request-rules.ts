import { MAX_BODY_BYTES as ROUTE_MAX_BODY_BYTES } from '../api/route'
import type { RateBudget } from '../rate-limit'
import { MCP_MAX_BODY_BYTES } from '../../contract/mcp'
import { MAX_BODY_BYTES as SANDBOX_MAX_BODY_BYTES } from '../sandbox/http'

/**
 * What the server lets through to Next, judged on the request line and headers alone (lib/server/early-refusal.ts).
 * One line per route: a new route adds its line here, above the catch-alls at the end. The route itself still
 * validates everything; this table only keeps bodies it would refuse from ever being read.
 */
export interface RequestRule {
  /** Exact paths (as requested, before next.config.mjs rewrites), or a prefix ending in '/'. */
  paths?: readonly string[]
  prefix?: string
  methods: readonly string[]
  /** 0: the route takes no body at all. */
  maxBodyBytes: number
  /** Media types a body may have (lower case, no parameters); undefined: the route judges the type itself. */
  contentTypes?: readonly string[]
  /** Which rate budget an early refusal here spends (lib/rate-limit.ts). */
  budget: RateBudget
  /** Any path under it that no route serves: a request with a body gets the catch-all's 404 without being read. */
  unknownApi?: true
}

const JSON_ONLY = ['application/json'] as const
const READ = ['GET', 'HEAD'] as const

export const REQUEST_RULES: readonly RequestRule[] = [
  { paths: ['/api/playground/config', '/api/playground/status', '/api/playground/doctor', '/api/playground/flow'], methods: ['GET'], maxBodyBytes: 0, budget: 'playground' },
  { paths: ['/api/playground/verify', '/api/playground/consent'], methods: ['GET'], maxBodyBytes: 0, budget: 'playground' },
  { paths: ['/api/playground/start', '/api/playground/jira', '/api/playground/reset', '/api/playground/settle-flow'], methods: ['POST'], maxBodyBytes: ROUTE_MAX_BODY_BYTES, contentTypes: JSON_ONLY, budget: 'playground' },
  { paths: ['/llms.txt', '/sitemap.xml', '/robots.txt', '/api/docs/llms', '/api/docs/sitemap', '/api/docs/robots'], methods: READ, maxBodyBytes: 0, budget: 'playground' },
  { paths: ['/api/docs/search', '/api/docs/markdown'], methods: READ, maxBodyBytes: 0, budget: 'playground' },
  // MCP answers a wrong type or bad JSON in JSON-RPC itself (lib/mcp/http.ts), so only its size bound is here.
  { paths: ['/mcp', '/api/mcp'], methods: ['GET', 'POST', 'DELETE'], maxBodyBytes: MCP_MAX_BODY_BYTES, budget: 'mcp' },
  // The emulator answers a wrong type in its own services' dialects (lib/sandbox), so only its size bound is here.
  { prefix: '/api/sandbox/', methods: ['GET', 'POST', 'DELETE'], maxBodyBytes: SANDBOX_MAX_BODY_BYTES, budget: 'sandbox' },
  // pages/api/[[...unknown]].ts answers any method with a JSON 404.
  { prefix: '/api/', paths: ['/api'], methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], maxBodyBytes: 0, budget: 'playground', unknownApi: true },
  // Pages, their Markdown twins, public/ and _next/static: files and prerendered HTML.
  { prefix: '/', methods: READ, maxBodyBytes: 0, budget: 'playground' }
]

export function ruleFor(pathname: string): RequestRule {
  const rule = REQUEST_RULES.find((candidate) => candidate.paths?.includes(pathname) || (candidate.prefix !== undefined && pathname.startsWith(candidate.prefix)))
  // The last rule's prefix '/' matches every origin-form path; anything else (`*`, absolute-form) gets it too.
  return rule ?? REQUEST_RULES[REQUEST_RULES.length - 1]!
}
