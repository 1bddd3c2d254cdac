import type { Exchange } from '../contract/playground-api'
import { redactJson, redactText } from './redact'

export type { Exchange }

const MAX_BODY_CHARS = 20_000

function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}… (${text.length} characters)` : text
  }
}

function trimForDisplay(body: unknown): unknown {
  const text = JSON.stringify(body)
  if (text === undefined || text.length <= MAX_BODY_CHARS) return body
  return `${text.slice(0, MAX_BODY_CHARS)}… (${text.length} characters)`
}

/**
 * A fetch that records every exchange for the reader, with a time limit on each request.
 * It wraps the real fetch: the SDK and the Jira code still make real HTTP calls.
 */
export class HttpTrace {
  readonly exchanges: Exchange[] = []
  private readonly secrets = new Set<string>()
  step = 'request'

  /** `extraHeaders` go on every request and are never recorded (the embedded sandbox's internal-call token). */
  constructor(
    private readonly timeoutMs: number,
    private readonly extraHeaders: Record<string, string> = {}
  ) {}

  /** Values to mask wherever they show up (the Arcade key, provider tokens). */
  addSecret(secret: string | undefined): void {
    if (secret) this.secrets.add(secret)
  }

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const request = new Request(input, init)
    const started = performance.now()
    const requestText = init.body && typeof init.body === 'string' ? init.body : undefined
    const exchange: Exchange = {
      step: this.step,
      method: request.method,
      url: request.url,
      status: null,
      durationMs: 0,
      requestBody: requestText === undefined ? undefined : parseBody(requestText)
    }
    this.exchanges.push(exchange)
    const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs)
    try {
      const headers = new Headers(request.headers)
      for (const [name, value] of Object.entries(this.extraHeaders)) headers.set(name, value)
      const response = await fetch(input, { ...init, headers, signal })
      exchange.status = response.status
      exchange.responseBody = parseBody(await response.clone().text())
      return response
    } catch (error) {
      exchange.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      throw error
    } finally {
      exchange.durationMs = Math.round(performance.now() - started)
    }
  }

  /** The exchanges with secrets masked, safe to send to the browser. */
  redacted(): Exchange[] {
    const secrets = [...this.secrets]
    const clean = (body: unknown) =>
      body === undefined ? undefined : trimForDisplay(JSON.parse(redactText(JSON.stringify(redactJson(body)), secrets)))
    return this.exchanges.map((e) => ({
      ...e,
      url: redactText(e.url, secrets),
      requestBody: clean(e.requestBody),
      responseBody: clean(e.responseBody),
      error: e.error ? redactText(e.error, secrets) : undefined
    }))
  }
}
