// The wire contract of the site's MCP server (`/mcp`, Streamable HTTP, MCP revision 2025-11-25): tool names and
// the shapes of their arguments and structured results, for any client (an agent, the second Run it panel).
import { REQUIRED_FOR_PROJECTS } from './scopes'

export const MCP_PATH = '/mcp'

/** The largest JSON-RPC message /mcp reads (a tool call's arguments are a few hundred bytes). */
export const MCP_MAX_BODY_BYTES = 64 * 1024

export const MCP_TOOLS = {
  search: 'search',
  readPage: 'read_page',
  listPages: 'list_pages',
  listProjects: 'list_projects'
} as const

/** The scopes the guide's custom tool declares (snippets/list-projects.py: `requires_auth=Atlassian(scopes=[…])`). */
export const LIST_PROJECTS_SCOPES: readonly string[] = [REQUIRED_FOR_PROJECTS]

export interface SearchArgs {
  query: string
  limit?: number
}
export interface SearchResult {
  results: Array<{ title: string; section?: string; url: string; excerpt: string }>
}

export interface ReadPageArgs {
  /** A page's path (`/troubleshooting`) or its Markdown path (`/troubleshooting.md`); an anchor is ignored. */
  path: string
}
export interface ReadPageResult {
  path: string
  markdownUrl: string
  title: string
  markdown: string
}

export interface ListPagesResult {
  pages: Array<{ path: string; markdownUrl: string; title: string; description: string }>
}

export interface ListProjectsArgs {
  /** Filters the projects (Jira's `query`); empty lists them all. */
  query?: string
  /** The Atlassian site to use when the token reaches several: its name or its subdomain. */
  site?: string
}
export interface ListProjectsResult {
  site: { id: string; name: string; url: string }
  sites: Array<{ id: string; name: string; url: string }>
  query: string
  /** The scopes Arcade reports for the authorization. */
  scopes: string[]
  projects: {
    startAt: number
    maxResults: number
    total?: number
    isLast?: boolean
    values: Array<{ id: string; key: string; name: string; projectTypeKey?: string }>
  }
}

/**
 * The `_meta` key of a list_projects result that could not finish (authorization needed or failed): a stable
 * code, and the consent link when the user has to open one.
 */
export const LIST_PROJECTS_PROBLEM_META = 'dev.arcade-atlassian-guide/problem'
export interface ListProjectsProblem {
  code: 'authorization_required' | 'consent_declined' | 'consent_timed_out' | string
  message: string
  url?: string
}

/**
 * Request `_meta` key: a client that sets it to true on a list_projects call gets, in the result's `_meta` under
 * LIST_PROJECTS_EXCHANGES_META, the HTTP exchanges the tool made (Arcade, Atlassian), secrets masked. The second
 * Run it panel asks for them to show beside the MCP messages; an agent need not.
 */
export const LIST_PROJECTS_TRACE_META = 'dev.arcade-atlassian-guide/trace'
export const LIST_PROJECTS_EXCHANGES_META = 'dev.arcade-atlassian-guide/exchanges'
