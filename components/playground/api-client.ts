import type {
  ApiErrorBody,
  CurrentFlowResponse,
  Exchange,
  JiraRequest,
  JiraResponse,
  PlaygroundConfig,
  ResetResponse,
  StartRequest,
  StartResponse,
  StatusResponse
} from '../../contract/playground-api'

type ErrorInfo = ApiErrorBody['error']

/** A failed call to the playground's API, as the server explained it. */
export class ApiFailure extends Error {
  constructor(readonly info: ErrorInfo, readonly exchanges: Exchange[] = []) {
    super(info.message)
  }
}

export function clientError(code: ErrorInfo['code'], message: string): ApiFailure {
  return new ApiFailure({ code, message, help: `/troubleshooting#${code.replace(/_/g, '-')}` })
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) } })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw clientError('internal_error', 'Could not reach this site\'s server. Check your connection and try again.')
  }
  const body = await response.json().catch(() => null)
  if (!response.ok) {
    const info: ErrorInfo = body?.error ?? { code: 'internal_error', message: `The server answered ${response.status}`, help: '/troubleshooting#internal-error' }
    throw new ApiFailure(info, body?.exchanges ?? [])
  }
  return body as T
}

const post = (body: unknown, signal?: AbortSignal): RequestInit => ({ method: 'POST', body: JSON.stringify(body), signal })

export const playgroundApi = {
  config: () => call<PlaygroundConfig>('/api/playground/config'),
  start: (input: StartRequest, signal?: AbortSignal) => call<StartResponse>('/api/playground/start', post(input, signal)),
  status: (flowId: string, wait: number, signal?: AbortSignal) =>
    call<StatusResponse>(`/api/playground/status?${new URLSearchParams({ flowId, wait: String(wait) })}`, { signal }),
  jira: (input: JiraRequest, signal?: AbortSignal) => call<JiraResponse>('/api/playground/jira', post(input, signal)),
  reset: () => call<ResetResponse>('/api/playground/reset', post({})),
  currentFlow: () => call<CurrentFlowResponse>('/api/playground/flow'),
  settleFlow: (flowId: string) => call<{ settled: string }>('/api/playground/settle-flow', post({ flowId }))
}
