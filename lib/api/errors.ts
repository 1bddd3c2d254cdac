import type { ApiErrorBody, ErrorCode, Exchange } from '../../contract/playground-api'

/** An error the reader can act on: a stable code, a message and the troubleshooting anchor. */
export class PlaygroundError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { field?: string; retryAfterSeconds?: number; headers?: Record<string, string>; exchanges?: Exchange[] } = {}
  ) {
    super(message)
  }
}

export function helpLink(code: ErrorCode): string {
  return `/troubleshooting#${code.replace(/_/g, '-')}`
}

export function errorBody(error: PlaygroundError): ApiErrorBody {
  const { field, retryAfterSeconds, exchanges } = error.extra
  return {
    error: { code: error.code, message: error.message, help: helpLink(error.code), field, retryAfterSeconds },
    exchanges
  }
}
