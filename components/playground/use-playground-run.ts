import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiFailure, clientError, playgroundApi } from './api-client'
import type { ApiErrorBody, Exchange, JiraResponse, PlaygroundConfig } from '../../contract/playground-api'

export type StepId = 'start' | 'consent' | 'waiting' | 'completed' | 'sites' | 'projects' | 'profile'

export type Phase = 'idle' | 'starting' | 'waiting' | 'jira' | 'done' | 'failed' | 'cancelled'

export interface RunState {
  phase: Phase
  flowId?: string
  consentUrl?: string
  popupBlocked?: boolean
  waitingSince?: number
  elapsedSeconds: number
  maskedToken?: string
  grantedScopes?: string[]
  jira?: JiraResponse
  jiraLoading?: boolean
  error?: ApiErrorBody['error'] & { step: StepId }
  exchanges: Exchange[]
}

export interface RunInputs {
  scopes: string[]
  providerId: string
  query: string
}

const PAGE_SIZE = 10
const initial: RunState = { phase: 'idle', elapsedSeconds: 0, exchanges: [] }

/** Opens the consent window inside the click, before the URL is known, so popup blockers allow it. */
function openConsentWindow(): Window | null {
  try {
    return window.open('about:blank', 'atlassian-consent', 'popup,width=560,height=760')
  } catch {
    return null
  }
}

/** The playground's run: start -> consent -> long-poll -> Jira, each step recorded for display. */
export function usePlaygroundRun(config: PlaygroundConfig | undefined) {
  const [state, setState] = useState<RunState>(initial)
  const abort = useRef<AbortController | null>(null)
  const popup = useRef<Window | null>(null)
  const update = (patch: Partial<RunState> | ((s: RunState) => Partial<RunState>)) =>
    setState((s) => ({ ...s, ...(typeof patch === 'function' ? patch(s) : patch) }))

  useEffect(() => {
    if (state.phase !== 'waiting' || !state.waitingSince) return
    const since = state.waitingSince
    const timer = setInterval(() => update({ elapsedSeconds: Math.floor((Date.now() - since) / 1000) }), 1000)
    return () => clearInterval(timer)
  }, [state.phase, state.waitingSince])

  useEffect(() => () => abort.current?.abort(), [])

  const fail = (error: unknown, step: StepId) => {
    if (error instanceof DOMException && error.name === 'AbortError') return
    const failure = error instanceof ApiFailure ? error : clientError('internal_error', 'Something went wrong in the page; try again.')
    popup.current?.close()
    update((s) => ({ phase: 'failed', jiraLoading: false, error: { ...failure.info, step }, exchanges: [...s.exchanges, ...failure.exchanges] }))
  }

  const loadJira = useCallback(
    async (flowId: string, query: string, startAt: number, cloudId?: string, signal?: AbortSignal) => {
      update({ jiraLoading: true, error: undefined })
      try {
        const jira = await playgroundApi.jira({ flowId, query, startAt, maxResults: PAGE_SIZE, cloudId }, signal)
        update((s) => ({ phase: 'done', jira, jiraLoading: false, exchanges: [...s.exchanges, ...jira.exchanges] }))
      } catch (error) {
        const step: StepId = error instanceof ApiFailure && /site/.test(error.info.code) ? 'sites' : 'projects'
        fail(error, step)
      }
    },
    []
  )

  const run = useCallback(
    async ({ scopes, providerId, query }: RunInputs) => {
      if (!config) return
      abort.current?.abort()
      const controller = new AbortController()
      abort.current = controller
      const { signal } = controller
      popup.current = openConsentWindow()
      setState({ ...initial, phase: 'starting' })

      let flowId: string
      try {
        const started = await playgroundApi.start(scopes, providerId, signal)
        flowId = started.flowId
        update((s) => ({ flowId, consentUrl: started.url, exchanges: [...s.exchanges, ...started.exchanges] }))
        if (started.status !== 'completed' && started.url) {
          const url = new URL(started.url, window.location.href).toString()
          if (popup.current && !popup.current.closed) popup.current.location.href = url
          else update({ popupBlocked: true })
          update({ phase: 'waiting', waitingSince: Date.now(), elapsedSeconds: 0 })
        } else popup.current?.close()
      } catch (error) {
        return fail(error, 'start')
      }

      // Bounded: past the flow's lifetime the playground stops waiting (waitForCompletion would not).
      const timedOut = clientError('flow_timed_out', `No consent arrived within ${Math.round(config.flowTtlSeconds / 60)} minutes, so the playground stopped waiting. Press Run to start again.`)
      const deadline = setTimeout(() => controller.abort(timedOut), config.flowTtlSeconds * 1000)
      try {
        for (;;) {
          const status = await playgroundApi.status(flowId, config.longPollSeconds, signal)
          update((s) => ({ exchanges: [...s.exchanges, ...status.exchanges] }))
          if (status.status === 'completed') {
            update({ phase: 'jira', maskedToken: status.maskedToken, grantedScopes: status.scopes })
            break
          }
        }
      } catch (error) {
        return fail(signal.reason === timedOut ? timedOut : error, 'waiting')
      } finally {
        clearTimeout(deadline)
      }
      popup.current?.close()
      await loadJira(flowId, query, 0, undefined, signal)
    },
    [config, loadJira]
  )

  const cancel = useCallback(() => {
    abort.current?.abort()
    popup.current?.close()
    update({ phase: 'cancelled' })
  }, [])

  const page = useCallback(
    (query: string, startAt: number, cloudId?: string) => {
      if (state.flowId) void loadJira(state.flowId, query, startAt, cloudId)
    },
    [state.flowId, loadJira]
  )

  return { state, run, cancel, page, pageSize: PAGE_SIZE }
}
