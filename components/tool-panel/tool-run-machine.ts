// The second Run it panel's run, as named states: the panel is an MCP client calling the guide's list_projects.
import type { Exchange } from '../../contract/playground-api'
import type { ListProjectsResult } from '../../contract/mcp'

export type ToolRunName =
  /** Nothing run yet (or a new MCP session). */
  | 'idle'
  /** initialize and tools/list on a new MCP session. */
  | 'connecting'
  /** tools/call list_projects is in flight, no consent asked (yet). */
  | 'calling'
  /** The server sent a URL-mode elicitation and the consent window is open: the call waits for the consent. */
  | 'awaitingConsent'
  /** As awaitingConsent, but the browser blocked the window: the panel offers the link. */
  | 'consentWindowBlocked'
  /** The call returned the projects. */
  | 'ready'
  | 'failed'
  | 'cancelled'

export interface ToolRunError {
  code: string
  message: string
  help: string
}

export interface ToolRunState {
  name: ToolRunName
  /** The elicitation's URL (the site's consent link) and message, when the server asked for consent. */
  consent?: { url: string; message: string; completed: boolean }
  result?: ListProjectsResult
  /** The HTTP exchanges the tool made on the server (Arcade, Atlassian), secrets masked. */
  exchanges: Exchange[]
  error?: ToolRunError
}

export type ToolRunEvent =
  | { type: 'connect' }
  | { type: 'call' }
  | { type: 'elicited'; url: string; message: string; window: 'open' | 'blocked' }
  | { type: 'windowOpened' }
  | { type: 'consentCompleted' }
  | { type: 'result'; result: ListProjectsResult; exchanges: Exchange[] }
  | { type: 'failed'; error: ToolRunError; exchanges: Exchange[] }
  | { type: 'cancel' }
  | { type: 'newSession' }

export const initialToolRun: ToolRunState = { name: 'idle', exchanges: [] }

const IN_FLIGHT: ToolRunName[] = ['connecting', 'calling', 'awaitingConsent', 'consentWindowBlocked']

export const isToolRunning = (state: ToolRunState) => IN_FLIGHT.includes(state.name)

export function toolRunReducer(state: ToolRunState, event: ToolRunEvent): ToolRunState {
  switch (event.type) {
    case 'connect':
      return { name: 'connecting', exchanges: [] }
    case 'call':
      return { name: 'calling', exchanges: [] }
    case 'elicited':
      if (!isToolRunning(state)) return state
      return { ...state, name: event.window === 'open' ? 'awaitingConsent' : 'consentWindowBlocked', consent: { url: event.url, message: event.message, completed: false } }
    case 'windowOpened':
      return state.name === 'consentWindowBlocked' ? { ...state, name: 'awaitingConsent' } : state
    case 'consentCompleted':
      return state.consent ? { ...state, consent: { ...state.consent, completed: true } } : state
    case 'result':
      if (!isToolRunning(state)) return state
      return { ...state, name: 'ready', result: event.result, exchanges: event.exchanges, error: undefined }
    case 'failed':
      if (!isToolRunning(state)) return state
      return { ...state, name: 'failed', error: event.error, exchanges: event.exchanges }
    case 'cancel':
      return isToolRunning(state) ? { ...state, name: 'cancelled' } : state
    case 'newSession':
      return initialToolRun
  }
}

/** One sentence for screen readers whenever the run changes state. */
export function toolAnnouncement(state: ToolRunState): string {
  switch (state.name) {
    case 'idle':
      return ''
    case 'connecting':
      return 'Connecting to the MCP server'
    case 'calling':
      return 'Calling list_projects'
    case 'awaitingConsent':
      return 'The server asked for your consent at Atlassian; the consent window is open'
    case 'consentWindowBlocked':
      return 'The browser blocked the consent window; open the consent page from the panel'
    case 'ready':
      return `list_projects returned ${state.result?.projects.total ?? state.result?.projects.values.length ?? 0} projects on ${state.result?.site.name ?? 'the site'}`
    case 'failed':
      return `list_projects failed: ${state.error?.code}`
    case 'cancelled':
      return 'Cancelled'
  }
}
