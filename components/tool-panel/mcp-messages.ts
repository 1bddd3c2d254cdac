// The MCP messages the panel's client sent and received, in words a reader scanning the list knows.
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { LIST_PROJECTS_EXCHANGES_META } from '../../contract/mcp'

export interface LoggedMessage {
  direction: 'sent' | 'received'
  message: JSONRPCMessage
}

/** The panel keeps the newest messages only: a long session must not grow the page without bound. */
export const MAX_LOGGED_MESSAGES = 60

type Any = Record<string, any>

/** The request each response answers, by direction and id: a response to a request the other side sent. */
function requestOf(log: LoggedMessage[], index: number): Any | undefined {
  const { direction, message } = log[index]
  const id = (message as Any).id
  for (let i = index - 1; i >= 0; i--) {
    const earlier = log[i].message as Any
    if (log[i].direction !== direction && earlier.method && earlier.id === id) return earlier
  }
  return undefined
}

/** A one-line title: "tools/call list_projects", "elicitation/create (url mode)", "result of tools/call: 12 projects". */
export function describeMessage(log: LoggedMessage[], index: number): string {
  const message = log[index].message as Any
  if (message.method) {
    if (message.method === 'tools/call') return `tools/call ${message.params?.name ?? ''}`.trim()
    if (message.method === 'elicitation/create') return `elicitation/create (${message.params?.mode ?? 'form'} mode)`
    return message.method
  }
  const request = requestOf(log, index)
  const about = request ? `${request.method}` : `request ${message.id}`
  if (message.error) return `error for ${about}: ${message.error.code} ${message.error.message}`
  const result = message.result ?? {}
  if (request?.method === 'tools/call') {
    const projects = result.structuredContent?.projects
    if (result.isError) return `result of tools/call: error ${result._meta?.['dev.arcade-atlassian-guide/problem']?.code ?? ''}`.trim()
    return `result of tools/call: ${projects?.total ?? projects?.values?.length ?? 0} projects`
  }
  if (request?.method === 'elicitation/create') return `result of elicitation/create: ${result.action}`
  if (request?.method === 'tools/list') return `result of tools/list: ${(result.tools ?? []).map((t: Any) => t.name).join(', ')}`
  if (request?.method === 'initialize') return `result of initialize: protocol ${result.protocolVersion}`
  return `result of ${about}`
}

/** The message as JSON for the reader, with the HTTP exchanges it carries named instead of repeated (they show below). */
export function messageJson(message: JSONRPCMessage): string {
  const exchanges = (message as Any).result?._meta?.[LIST_PROJECTS_EXCHANGES_META]
  if (!Array.isArray(exchanges)) return JSON.stringify(message, null, 2)
  const result = (message as Any).result
  const shown = { ...message, result: { ...result, _meta: { ...result._meta, [LIST_PROJECTS_EXCHANGES_META]: `(${exchanges.length} HTTP exchanges, listed below)` } } }
  return JSON.stringify(shown, null, 2)
}
