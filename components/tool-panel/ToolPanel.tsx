import { useData } from 'nextra/hooks'
import { useEffect, useReducer, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { ERROR_CODES, type Exchange, type PlaygroundConfig } from '../../contract/playground-api'
import { TOOL_PANEL_SNIPPETS } from '../../contract/panel-snippets'
import { LIST_PROJECTS_EXCHANGES_META, LIST_PROJECTS_PROBLEM_META, LIST_PROJECTS_SCOPES, type ListProjectsProblem, type ListProjectsResult } from '../../contract/mcp'
import { playgroundApi } from '../playground/api-client'
import { ExchangeList } from '../playground/ExchangeList'
import { LiveSnippet, useChosenLanguage } from '../playground/LiveSnippet'
import { ProjectsTable } from '../playground/ProjectsTable'
import { hasPanelParams, parsePanelLink } from '../playground/panel-link'
import type { HighlightedSnippet } from '../playground/snippet-types'
import { PanelHeader } from '../playground/PanelHeader'
import styles from '../playground/playground.module.css'
import flow from '../playground/flow.module.css'
import { describeMessage, MAX_LOGGED_MESSAGES, messageJson, type LoggedMessage } from './mcp-messages'
import { openMcpSession, type McpPanelSession } from './mcp-session'
import { initialToolRun, isToolRunning, toolAnnouncement, toolRunReducer, type ToolRunError } from './tool-run-machine'
import tool from './tool-panel.module.css'

function openConsentWindow(url: string): Window | null {
  try {
    return window.open(new URL(url, window.location.href).toString(), 'atlassian-consent-tool', 'popup,width=560,height=760')
  } catch {
    return null
  }
}

/** A troubleshooting entry for the codes that have one; the guide's MCP section for the tool's own. */
function helpFor(code: string): string {
  return (ERROR_CODES as readonly string[]).includes(code) ? `/troubleshooting#${code.replace(/_/g, '-')}` : '/auth-providers/atlassian#using-atlassian-auth-in-custom-tools'
}

function exchangesOf(result: { _meta?: Record<string, unknown> } | undefined): Exchange[] {
  const exchanges = result?._meta?.[LIST_PROJECTS_EXCHANGES_META]
  return Array.isArray(exchanges) ? (exchanges as Exchange[]) : []
}

function errorOf(error: unknown): ToolRunError {
  const text = error instanceof Error ? error.message : String(error)
  if (/fetch|network/i.test(text)) return { code: 'internal_error', message: "Could not reach this site's MCP endpoint. Check your connection and try again.", help: helpFor('internal_error') }
  return { code: 'mcp_error', message: text.slice(0, 300), help: '/auth-providers/atlassian#using-atlassian-auth-in-custom-tools' }
}

/**
 * The second "Run it" panel: the guide's custom tool called the way an agent calls it. The panel is an MCP client
 * (the official SDK) of this site's /mcp; Run calls list_projects, the server asks for consent with a URL-mode
 * elicitation, the panel opens it, and the same call returns the projects.
 */
export function ToolPanel({ id, label, children }: { id: string; label: string; children?: ReactNode }) {
  const { toolSnippets } = useData() as { toolSnippets: { call: HighlightedSnippet } }
  const [config, setConfig] = useState<PlaygroundConfig>()
  const [state, dispatch] = useReducer(toolRunReducer, initialToolRun)
  const [messages, setMessages] = useState<LoggedMessage[]>([])
  const [query, setQuery] = useState('')
  const [site, setSite] = useState('')
  const [origin, setOrigin] = useState('')
  const language = useChosenLanguage()
  const session = useRef<Promise<McpPanelSession> | null>(null)
  const abort = useRef<AbortController | null>(null)
  const popup = useRef<Window | null>(null)
  const resultTitle = useRef<HTMLHeadingElement>(null)
  const errorBox = useRef<HTMLDivElement>(null)

  useEffect(() => {
    setOrigin(window.location.origin)
    playgroundApi.config().then(setConfig, () => undefined)
    // A link that names this panel restores its query and site (the same rules as the first panel's link).
    const { search, hash } = window.location
    if (hash === `#${id}` && hasPanelParams(search)) {
      const { inputs } = parsePanelLink(search)
      if (inputs.query !== undefined) setQuery(inputs.query)
      if (inputs.site) setSite(inputs.site)
    }
    return () => {
      abort.current?.abort()
      void session.current?.then((s) => s.end())
    }
  }, [id])

  useEffect(() => {
    const element = state.name === 'ready' ? resultTitle.current : state.name === 'failed' ? errorBox.current : null
    if (!element) return
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    element.scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' })
    element.focus({ preventScroll: true })
  }, [state.name])

  const log = (direction: LoggedMessage['direction'], message: JSONRPCMessage) =>
    setMessages((all) => [...all, { direction, message }].slice(-MAX_LOGGED_MESSAGES))

  const connect = () =>
    (session.current ??= openMcpSession({
      onMessage: log,
      onUrlElicitation: (url, message) => {
        popup.current = openConsentWindow(url)
        dispatch({ type: 'elicited', url, message, window: popup.current ? 'open' : 'blocked' })
        return popup.current !== null
      },
      onElicitationComplete: () => dispatch({ type: 'consentCompleted' })
    }).catch((error: unknown) => {
      session.current = null // the next Run connects again
      throw error
    }))

  const run = async (event?: FormEvent) => {
    event?.preventDefault()
    abort.current?.abort()
    const controller = new AbortController()
    abort.current = controller
    dispatch({ type: session.current ? 'call' : 'connect' })
    try {
      const mcp = await connect()
      dispatch({ type: 'call' })
      const result = await mcp.callListProjects({ ...(query && { query }), ...(site.trim() && { site: site.trim() }) }, controller.signal)
      const exchanges = exchangesOf(result)
      if (result.isError) {
        const problem = result._meta?.[LIST_PROJECTS_PROBLEM_META] as ListProjectsProblem | undefined
        const code = problem?.code ?? 'mcp_error'
        const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')
        dispatch({ type: 'failed', error: { code, message: problem?.message ?? text, help: helpFor(code) }, exchanges })
        return
      }
      popup.current?.close()
      dispatch({ type: 'result', result: result.structuredContent as unknown as ListProjectsResult, exchanges })
    } catch (error) {
      if (controller.signal.aborted) return
      dispatch({ type: 'failed', error: errorOf(error), exchanges: [] })
    }
  }

  const cancel = () => {
    abort.current?.abort() // the SDK sends notifications/cancelled, so the server stops waiting too
    popup.current?.close()
    dispatch({ type: 'cancel' })
  }

  const newSession = async () => {
    cancel()
    const ending = session.current
    session.current = null
    dispatch({ type: 'newSession' })
    setMessages([])
    await ending?.then((s) => s.end(), () => undefined)
  }

  const reopen = () => {
    if (!state.consent) return
    popup.current = openConsentWindow(state.consent.url)
    if (popup.current) dispatch({ type: 'windowOpened' })
  }

  const running = isToolRunning(state)
  const mcpUrl = `${origin || 'https://docs.example.com'}/mcp`
  return (
    <section className={styles.playground} aria-label={label} id={id} data-playground="tool" data-tool-panel="" data-phase={state.name}>
      <PanelHeader config={config} />
      {children && <div className={styles.intro}>{children}</div>}

      <form onSubmit={run} className={styles.form}>
        <p className={tool.scopeLine}>
          Scope the tool declares: {LIST_PROJECTS_SCOPES.map((s) => <code key={s}>{s}</code>)}
        </p>
        <div className={styles.fields}>
          <label>
            Jira project query
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} disabled={running} maxLength={100} placeholder="all projects" />
          </label>
          <label>
            Jira site
            <input value={site} onChange={(e) => setSite(e.target.value)} disabled={running} maxLength={100} spellCheck={false} placeholder="first site the token reaches" />
          </label>
        </div>
        <div className={styles.actions}>
          <button type="submit" className={styles.run} disabled={running}>
            {running ? 'Running…' : state.name === 'idle' ? 'Run' : 'Run again'}
          </button>
          {running && (
            <button type="button" className={styles.smallButton} onClick={cancel}>
              Cancel
            </button>
          )}
          <button type="button" className={styles.smallButton} onClick={() => void newSession()} disabled={!session.current && state.name === 'idle'}>
            New MCP session
          </button>
        </div>
      </form>

      <LiveSnippet snippet={toolSnippets.call} language={language} values={{ providerId: '', scopes: [], query, site: site.trim(), mcpUrl }} />
      <p className={tool.toolCode}>
        The tool it calls is the guide&apos;s <code>list_projects</code>, shown{' '}
        <a href="#using-atlassian-auth-in-custom-tools">above</a>: the Python <code>@tool</code>, and its TypeScript twin (
        <code>{TOOL_PANEL_SNIPPETS.toolTypeScript}</code>), which is the code that runs on this site&apos;s MCP server.
      </p>

      <div aria-live="polite" className={flow.srOnly} data-announcement="">
        {toolAnnouncement(state)}
      </div>

      {state.consent && (
        <div className={tool.consent} data-consent={state.consent.completed ? 'completed' : 'asked'}>
          <p>
            The server asked for consent with a URL-mode elicitation: <q>{state.consent.message}</q>
          </p>
          {state.name === 'awaitingConsent' && <p>The consent page opened in a new window. The tool call waits for you to accept.</p>}
          {state.name === 'consentWindowBlocked' && (
            <p className={styles.warning} data-code="popup_blocked">
              The browser blocked the consent window (<a href="/troubleshooting#popup-blocked">popup_blocked</a>).{' '}
              <a href={state.consent.url} target="_blank" rel="noopener" onClick={() => dispatch({ type: 'windowOpened' })}>
                Open the consent page
              </a>{' '}
              to continue.
            </p>
          )}
          {state.name === 'awaitingConsent' && (
            <button type="button" className={flow.button} onClick={reopen}>
              Open the consent page again
            </button>
          )}
          {state.consent.completed && <p>Consent given: the server sent notifications/elicitation/complete and finished the call.</p>}
        </div>
      )}

      {state.name === 'ready' && state.result && (
        <div className={tool.result}>
          <h4 className={`${flow.heading} ${flow.focusTarget}`} ref={resultTitle} tabIndex={-1}>
            The tool&apos;s result
          </h4>
          <p data-granted-scopes="">
            The token Arcade gave the tool carries {state.result.scopes.map((s) => <code key={s}>{s} </code>)}
          </p>
          <ProjectsTable jira={state.result} />
        </div>
      )}

      {state.name === 'failed' && state.error && (
        <div role="alert" className={`${styles.error} ${flow.focusTarget}`} data-code={state.error.code} ref={errorBox} tabIndex={-1}>
          <strong>list_projects failed</strong> <code>{state.error.code}</code>
          <p>{state.error.message}</p>
          <a href={state.error.help}>What this means and how to fix it</a>
        </div>
      )}
      {state.name === 'cancelled' && <p role="status">Cancelled. Press Run to call the tool again.</p>}

      {messages.length > 0 && (
        <section className={flow.groups} aria-labelledby={`${id}-mcp`} data-mcp-messages="">
          <h4 id={`${id}-mcp`} className={flow.heading}>
            MCP messages, in order
          </h4>
          <ol className={tool.messages}>
            {messages.map((entry, i) => (
              <li key={i} data-direction={entry.direction} data-method={(entry.message as { method?: string }).method ?? 'response'}>
                <details>
                  <summary>
                    <span aria-hidden="true">{entry.direction === 'sent' ? '→ ' : '← '}</span>
                    <span className={flow.srOnly}>{entry.direction === 'sent' ? 'Sent: ' : 'Received: '}</span>
                    {describeMessage(messages, i)}
                  </summary>
                  <pre className={styles.body} tabIndex={0} role="group" aria-label={`Message ${i + 1} as JSON`}>
                    {messageJson(entry.message)}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        </section>
      )}
      {state.exchanges.length > 0 && (
        <section className={flow.groups} aria-labelledby={`${id}-http`}>
          <h4 id={`${id}-http`} className={flow.heading}>
            HTTP exchanges the tool made on the server
          </h4>
          <ExchangeList exchanges={state.exchanges} />
        </section>
      )}
    </section>
  )
}
