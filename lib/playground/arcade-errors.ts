import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError
} from '@arcadeai/arcadejs'
import { PlaygroundError } from '../api/errors'

function arcadeMessage(error: APIError): string {
  const body = error.error as { message?: unknown; msg?: unknown } | undefined
  const text = typeof body?.message === 'string' ? body.message : typeof body?.msg === 'string' ? body.msg : undefined
  return text ?? `Arcade answered ${error.status}`
}

function retryAfterSeconds(error: APIError): number | undefined {
  const value = Number(error.headers?.get('retry-after'))
  return Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined
}

/** Turns an SDK error into one the reader can act on. */
export function explainArcadeError(error: unknown, step: 'start' | 'status' | 'confirm'): PlaygroundError {
  if (error instanceof APIConnectionTimeoutError) {
    return new PlaygroundError(504, 'arcade_unreachable', 'Arcade did not answer in time. Check that the Arcade API is reachable from this server, then try again.')
  }
  if (error instanceof APIConnectionError) {
    return new PlaygroundError(502, 'arcade_unreachable', 'This server could not reach Arcade. Check ARCADE_BASE_URL and the network, then try again.')
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new PlaygroundError(502, 'arcade_rejected_key', 'Arcade rejected this server\'s API key. The site operator must set a valid ARCADE_API_KEY.')
  }
  if (error instanceof RateLimitError) {
    const wait = retryAfterSeconds(error)
    return new PlaygroundError(429, 'arcade_rate_limited', `Arcade is rate limiting this server${wait ? `; try again in ${wait} s` : ''}.`, {
      retryAfterSeconds: wait
    })
  }
  // The site's status call sends only a valid id and wait, so a 400 there means Arcade does not know the id
  // (Arcade's OpenAPI lists 400, not 404, for this call; contract/facts.ts `unknownAuthorizationStatus`).
  if (step === 'status' && (error instanceof NotFoundError || (error instanceof APIError && error.status === 400))) {
    return new PlaygroundError(404, 'flow_not_found', 'Arcade no longer knows this authorization (it expired or the server restarted). Start again.')
  }
  if (error instanceof APIError && step === 'start' && (error.status === 400 || error.status === 404) && /provider/i.test(arcadeMessage(error))) {
    return new PlaygroundError(400, 'provider_not_found', `Arcade could not use this provider: ${arcadeMessage(error)}`, { field: 'providerId' })
  }
  if (error instanceof APIError) {
    return new PlaygroundError(502, 'arcade_error', `Arcade answered an error: ${arcadeMessage(error)}`)
  }
  return new PlaygroundError(500, 'internal_error', 'Something went wrong while talking to Arcade; try again')
}
