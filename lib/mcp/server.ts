// The site as an MCP server: read-only docs tools (the search and Markdown a reader gets) and the guide's custom
// tool, list_projects. One McpServer per session (or per request, on an instance that does not hold the session).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { SiteConfig } from '../config'
import type { SelfAddress } from '../arcade-client'
import { PlaygroundError } from '../api/errors'
import { searchDocs } from '../docs/search'
import { MAX_LIMIT } from '../docs/search-engine'
import { docsPages, findPage, pageMarkdownOf } from '../docs/served-pages'
import { problemOf, runListProjects, type ListProjectsContext } from './list-projects'
import type { McpSessionRecord } from './session-records'
import { LIST_PROJECTS_EXCHANGES_META, LIST_PROJECTS_PROBLEM_META, LIST_PROJECTS_SCOPES, LIST_PROJECTS_TRACE_META, MCP_TOOLS, type ListProjectsProblem } from '../../contract/mcp'
import type { HttpTrace } from '../http-trace'

/** Where the call came in: what the tools need of the HTTP request that carries it. */
export interface RequestPlace {
  self: SelfAddress
  origin: string
  /** The client's address key (rate-limit.ts clientKey). */
  clientKey: string
}

export interface SessionServerOptions {
  config: SiteConfig
  record: McpSessionRecord
  /** The current request's place (a live session serves many requests). */
  place(): RequestPlace
  /** This instance holds the session's transport, so a server-to-client request gets its answer. */
  live: boolean
}

const VERSION = (JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version

const siteSchema = { id: z.string(), name: z.string(), url: z.string() }

const pageSummary = { path: z.string(), markdownUrl: z.string(), title: z.string(), description: z.string() }

/** Structured content and, for clients that read only text, the same JSON as text (MCP 2025-11-25, tools). */
function structured<T extends Record<string, unknown>>(value: T): CallToolResult & { structuredContent: T } {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value }
}

function problemResult(problem: ListProjectsProblem): CallToolResult {
  const text = problem.url ? `${problem.message}\n\n${problem.url}` : problem.message
  return { isError: true, content: [{ type: 'text', text }], _meta: { [LIST_PROJECTS_PROBLEM_META]: problem } }
}

/** Whether list_projects is served: always in sandbox mode, in live mode only when the operator turns it on. */
export function listProjectsEnabled(config: SiteConfig): boolean {
  return config.mode === 'sandbox' || config.mcpLiveListProjects
}

export function createSessionServer({ config, record, place, live }: SessionServerOptions): McpServer {
  const server = new McpServer(
    { name: 'arcade-atlassian-guide', title: 'Arcade · Atlassian guide', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        "Arcade's setup guide for the Atlassian auth provider. Use search and read_page to answer questions from the guide; list_projects runs the guide's custom tool: it lists the user's Jira projects after they consent at Atlassian through Arcade."
    }
  )
  const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }

  server.registerTool(
    MCP_TOOLS.search,
    {
      title: 'Search the guide',
      description: 'Search the site (the same search a reader uses). Paste an error message to find its troubleshooting entry.',
      inputSchema: { query: z.string().min(1).max(500), limit: z.number().int().min(1).max(MAX_LIMIT).optional() },
      outputSchema: { results: z.array(z.object({ title: z.string(), section: z.string().optional(), url: z.string(), excerpt: z.string() })) },
      annotations: readOnly
    },
    async ({ query, limit }) => {
      const { origin } = place()
      const hits = await searchDocs(query, { limit: limit ?? 5 })
      return structured({ results: hits.map((hit) => ({ ...hit, url: `${origin}${hit.url}` })) })
    }
  )

  server.registerTool(
    MCP_TOOLS.readPage,
    {
      title: 'Read a page',
      description: 'A page of the site as Markdown, code samples inlined (the same text as the page path plus .md).',
      inputSchema: { path: z.string().min(1).max(200).describe('The page path, e.g. /auth-providers/atlassian or /troubleshooting') },
      outputSchema: { path: z.string(), markdownUrl: z.string(), title: z.string(), markdown: z.string() },
      annotations: readOnly
    },
    async ({ path: wanted }) => {
      const { origin } = place()
      // A full URL of this site works too.
      const page = findPage(wanted.startsWith(origin) ? wanted.slice(origin.length) || '/' : wanted)
      if (!page) {
        return { isError: true, content: [{ type: 'text', text: `No page at ${wanted.slice(0, 200)}. list_pages names every page.` }] }
      }
      return structured({ path: page.route, markdownUrl: `${origin}${page.markdownPath}`, title: page.title, markdown: pageMarkdownOf(page) })
    }
  )

  server.registerTool(
    MCP_TOOLS.listPages,
    {
      title: 'List the pages',
      description: 'Every page of the site with its title, description and Markdown address.',
      outputSchema: { pages: z.array(z.object(pageSummary)) },
      annotations: readOnly
    },
    async () => {
      const { origin } = place()
      return structured({ pages: docsPages().map((p) => ({ path: p.route, markdownUrl: `${origin}${p.markdownPath}`, title: p.title, description: p.description })) })
    }
  )

  if (listProjectsEnabled(config)) {
    server.registerTool(
      MCP_TOOLS.listProjects,
      {
        title: "List the user's Jira projects",
        description: `The guide's custom tool: lists the Jira projects of the user's Atlassian site. It needs the user's consent at Atlassian (scope ${LIST_PROJECTS_SCOPES.join(', ')}), asked through Arcade; the first call sends the user to a consent link.${config.mode === 'sandbox' ? ' This site runs in sandbox mode: the Atlassian account and its projects are fictional, one account per MCP session.' : ''}`,
        inputSchema: {
          query: z.string().max(200).optional().describe('Filters the projects by name or key; empty lists them all'),
          site: z.string().max(100).optional().describe('The Atlassian site (its name or subdomain) when the token reaches several; default the first')
        },
        outputSchema: {
          site: z.object(siteSchema),
          sites: z.array(z.object(siteSchema)),
          query: z.string(),
          scopes: z.array(z.string()),
          projects: z.object({
            startAt: z.number(),
            maxResults: z.number(),
            total: z.number().optional(),
            isLast: z.boolean().optional(),
            values: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), projectTypeKey: z.string().optional() }))
          })
        },
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true }
      },
      async (args, extra) => {
        const { self, origin, clientKey } = place()
        const ctx: ListProjectsContext = {
          config,
          self,
          origin,
          clientKey,
          userId: record.userId,
          consentPath:
            live && record.urlElicitation ? 'url-elicitation' : record.protocolVersion >= '2025-11-25' ? 'url-elicitation-required-error' : 'link-in-result',
          elicit: (params, timeoutMs) => server.server.elicitInput(params, { relatedRequestId: extra.requestId, timeout: timeoutMs, signal: extra.signal }),
          notifyComplete: (elicitationId) => server.server.createElicitationCompletionNotifier(elicitationId, { relatedRequestId: extra.requestId })(),
          signal: extra.signal,
          traces: extra._meta?.[LIST_PROJECTS_TRACE_META] === true ? [] : undefined
        }
        // Asked for: the HTTP exchanges the call made, secrets masked (the second Run it panel shows them).
        const withExchanges = (result: CallToolResult): CallToolResult =>
          ctx.traces ? { ...result, _meta: { ...result._meta, [LIST_PROJECTS_EXCHANGES_META]: ctx.traces.flatMap((t: HttpTrace) => t.redacted()) } } : result
        try {
          const outcome = await runListProjects(ctx, args)
          return withExchanges(outcome.kind === 'projects' ? structured({ ...outcome.result }) : problemResult(outcome.problem))
        } catch (error) {
          if (error instanceof PlaygroundError) return withExchanges(problemResult(problemOf(error, origin)))
          if (error instanceof McpError) throw error
          // The log gets the kind of failure only; the result a fixed text (an unknown error may quote a request).
          console.error('mcp list_projects failed:', error instanceof Error ? error.name : 'unknown error')
          return problemResult(problemOf(new PlaygroundError(500, 'internal_error', 'Something went wrong on the server; try again'), origin))
        }
      }
    )
  }
  return server
}
