import { useCallback, useEffect, useReducer, useRef, useState } from 'react'
import { ApiFailure, clientError, playgroundApi } from './api-client'
import { CONSENT_WINDOW_FEATURES } from './consent-window'
import type { CurrentFlowResponse, JiraRequest, PanelAction, PlaygroundConfig } from '../../contract/playground-api'
import { CLOUD_ID } from '../../contract/sites'
import { rememberFlowPanel } from './flow-panel-memory'
import { failedStepFor, initialRunState, isAuthorized, runReducer, type RunState } from './run-machine'

export type { RunState }

export interface RunInputs {
  scopes: string[]
  providerId: string
  query: string
  /** A cloud id, or a site name such as `acme-robotics`; empty for the first site the token reaches. */
  site: string
  scenario?: string
}

const PAGE_SIZE = 10
const POPUP_CHECK_MS = 500
/** Status failures whose cause the consent window itself shows (Arcade's callback page, the verifier's page). */
const FAILED_IN_THE_CONSENT_WINDOW = new Set([
  'consent_denied',
  'authorization_failed',
  'token_exchange_refused',
  'user_mismatch',
  'redirect_uri_not_registered',
  'app_not_shared',
  'scope_not_in_app'
])

function openConsentWindow(url: string): Window | null {
  try {
    return window.open(new URL(url, window.location.href).toString(), 'atlassian-consent', CONSENT_WINDOW_FEATURES)
  } catch {
    return null
  }
}

function siteField(site: string): Pick<JiraRequest, 'cloudId' | 'site'> {
  const value = site.trim()
  if (!value) return {}
  return CLOUD_ID.test(value) ? { cloudId: value } : { site: value }
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'

/** The playground's run: start -> consent (only when Arcade asks) -> long-poll -> Jira, then searches and page turns on the same authorization. */
export function usePlaygroundRun(config: PlaygroundConfig | undefined, panelId: string) {
  const [state, dispatch] = useReducer(runReducer, initialRunState)
  const [elapsedSeconds, setElapsedSeconds] = useState(0)
  const abort = useRef<AbortController | null>(null)
  const popup = useRef<Window | null>(null)
  const watch = useRef<ReturnType<typeof setInterval> | undefined>(undefined)
  const stateRef = useRef(state)
  stateRef.current = state

  const waiting = ['flowFound', 'awaitingConsent', 'consentWindowBlocked', 'consentWindowClosed'].includes(state.name)
  useEffect(() => {
    if (!waiting || !state.waitingSince) return
    const since = state.waitingSince
    setElapsedSeconds(Math.floor((Date.now() - since) / 1000))
    const timer = setInterval(() => setElapsedSeconds(Math.floor((Date.now() - since) / 1000)), 1000)
    return () => clearInterval(timer)
  }, [waiting, state.waitingSince])

  const stopWatching = () => {
    clearInterval(watch.current)
    watch.current = undefined
  }
  const closePopup = () => {
    stopWatching()
    popup.current?.close()
    popup.current = null
  }
  useEffect(
    () => () => {
      abort.current?.abort()
      stopWatching()
    },
    []
  )

  /** Notices a consent window the reader closed: a quick status check tells a finished consent from an abandoned one. */
  const watchPopup = (flowId: string, signal: AbortSignal) => {
    stopWatching()
    watch.current = setInterval(() => {
      if (!popup.current?.closed) return
      stopWatching()
      playgroundApi
        .status(flowId, 0, signal)
        .then((s) => {
          if (s.status === 'pending' || s.status === 'not_started') dispatch({ type: 'windowClosed' })
        })
        .catch(() => dispatch({ type: 'windowClosed' }))
    }, POPUP_CHECK_MS)
  }

  const fail = (error: unknown, request: 'start' | 'status' | 'jira') => {
    if (isAbort(error)) return
    const failure = error instanceof ApiFailure ? error : clientError('internal_error', 'Something went wrong in the page; try again.')
    // A failure that happened in the consent window leaves it open: its page says what Atlassian or the verifier answered.
    if (FAILED_IN_THE_CONSENT_WINDOW.has(failure.info.code)) stopWatching()
    else closePopup()
    dispatch({ type: 'failed', error: { ...failure.info, step: failedStepFor(request, failure.info.code) }, exchanges: failure.exchanges })
    // A flow that failed while waiting or at Jira is over: a reload does not offer to carry it on.
    const flowId = stateRef.current.flowId
    if (request !== 'start' && flowId) settle(flowId)
  }

  const loadJira = async (request: JiraRequest, signal: AbortSignal) => {
    try {
      const jira = await playgroundApi.jira(request, signal)
      dispatch({ type: 'jiraLoaded', jira })
      return true
    } catch (error) {
      fail(error, 'jira')
      return false
    }
  }

  /** The panel is done with this flow; a lost answer only means a reload offers it once more. */
  const settle = (flowId: string) => void playgroundApi.settleFlow(flowId).catch(() => undefined)

  const run = useCallback(
    async ({ scopes, providerId, query, site, scenario }: RunInputs) => {
      if (!config) return
      abort.current?.abort()
      closePopup()
      const controller = new AbortController()
      abort.current = controller
      const { signal } = controller
      dispatch({ type: 'run', scopes })

      let flowId: string
      try {
        const started = await playgroundApi.start({ scopes, providerId, ...(scenario && { scenario }) }, signal)
        flowId = started.flowId
        // The consent window opens only when Arcade asks for consent; a blocked one leaves the link in the panel.
        const consentUrl = started.status === 'pending' && started.url ? started.url : undefined
        rememberFlowPanel(flowId, panelId)
        if (consentUrl) popup.current = openConsentWindow(consentUrl)
        dispatch({
          type: 'started',
          flowId,
          consentUrl,
          window: !consentUrl ? 'none' : popup.current ? 'open' : 'blocked',
          exchanges: started.exchanges,
          now: Date.now()
        })
        if (consentUrl && popup.current) watchPopup(flowId, signal)
      } catch (error) {
        return fail(error, 'start')
      }
      await finishFlow(flowId, { query, site }, controller)
    },
    [config, panelId]
  )

  /** Long-polls the flow until consent completes it, then calls Jira; the flow is then settled (no reload offers it). */
  const finishFlow = async (flowId: string, { query, site }: Pick<RunInputs, 'query' | 'site'>, controller: AbortController) => {
    if (!config) return
    const { signal } = controller
    // Bounded: past the flow's lifetime the playground stops waiting (waitForCompletion would not).
    const timedOut = clientError('flow_timed_out', `No consent arrived within ${Math.round(config.flowTtlSeconds / 60)} minutes, so the playground stopped waiting. Press Run to start again.`)
    const deadline = setTimeout(() => controller.abort(timedOut), config.flowTtlSeconds * 1000)
    try {
      for (;;) {
        const status = await playgroundApi.status(flowId, config.longPollSeconds, signal)
        if (status.status === 'completed') {
          dispatch({ type: 'completed', scopes: status.scopes, maskedToken: status.maskedToken, exchanges: status.exchanges })
          break
        }
        dispatch({ type: 'exchanges', exchanges: status.exchanges })
      }
    } catch (error) {
      return fail(signal.reason === timedOut ? timedOut : error, 'status')
    } finally {
      clearTimeout(deadline)
    }
    closePopup()
    if (await loadJira({ flowId, query, startAt: 0, maxResults: PAGE_SIZE, ...siteField(site), action: 'run' }, signal)) settle(flowId)
  }

  /**
   * After a reload or a return mid-flow: the visitor's flow in progress (the server keeps it), when this panel
   * started it. A pending one waits for consent again (the reader may reopen the window or cancel); one whose
   * consent came meanwhile goes on to Jira.
   */
  const resume = useCallback(
    async (ownsFlow: (flowId: string) => boolean, inputs: () => Pick<RunInputs, 'query' | 'site'>) => {
      if (!config || stateRef.current.name !== 'idle') return
      let found: CurrentFlowResponse['flow']
      try {
        found = (await playgroundApi.currentFlow()).flow
      } catch {
        return // nothing to offer: the panel stays as it was
      }
      if (!found || !ownsFlow(found.flowId) || stateRef.current.name !== 'idle') return
      abort.current?.abort()
      const controller = new AbortController()
      abort.current = controller
      const completed = found.status === 'completed'
      dispatch({ type: 'found', flowId: found.flowId, consentUrl: found.url, scopes: found.scopes, completed, now: Date.now() })
      await finishFlow(found.flowId, inputs(), controller)
    },
    [config]
  )

  /** A search, page turn or site change on the completed authorization: project/search alone, no new consent. */
  const refresh = useCallback((action: Exclude<PanelAction, 'run'>, query: string, startAt: number, cloudId?: string, label?: string) => {
    const current = stateRef.current
    if (!isAuthorized(current)) return false
    abort.current?.abort()
    const controller = new AbortController()
    abort.current = controller
    dispatch({ type: 'refresh', action, label })
    void loadJira(
      { flowId: current.flowId!, cloudId: cloudId ?? current.jira!.site.id, query, startAt, maxResults: PAGE_SIZE, parts: ['projects'], action },
      controller.signal
    )
    return true
  }, [])

  /** Opens the consent page again, inside the reader's click so the browser allows it. */
  const reopen = useCallback(() => {
    const { consentUrl, flowId } = stateRef.current
    if (!consentUrl || !flowId) return
    popup.current = openConsentWindow(consentUrl)
    if (!popup.current) return dispatch({ type: 'windowBlocked' })
    dispatch({ type: 'windowOpened' })
    if (abort.current) watchPopup(flowId, abort.current.signal)
  }, [])

  const cancel = useCallback(() => {
    abort.current?.abort()
    closePopup()
    const { flowId, name } = stateRef.current
    if (flowId && name !== 'ready' && name !== 'refreshing') settle(flowId)
    dispatch({ type: 'cancel' })
  }, [])

  /** Clears the run (the server gives the visitor a new identity separately). */
  const clear = useCallback(() => {
    abort.current?.abort()
    closePopup()
    dispatch({ type: 'reset' })
  }, [])

  return { state, elapsedSeconds, run, resume, refresh, reopen, cancel, clear, pageSize: PAGE_SIZE }
}
