import { RESPONSE_EVIDENCE_HEADERS, type Exchange } from '../contract/playground-api'
import { redactJson, redactText } from './redact'

export type { Exchange }

const MAX_BODY_CHARS = 20_000

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

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

/** The response headers support reads (contract: RESPONSE_EVIDENCE_HEADERS); none is a credential. */
function evidenceHeaders(headers: Headers): Record<string, string> | undefined {
  const kept = RESPONSE_EVIDENCE_HEADERS.flatMap((name) => {
    const value = headers.get(name)
    return value === null ? [] : [[name, value.slice(0, 500)] as const]
  })
  return kept.length ? Object.fromEntries(kept) : undefined
}

/**
 * A fetch that records every exchange for the reader, with a time limit on each request.
 * It wraps the real fetch: the SDK and the Jira code still make real HTTP calls.
 */
export class HttpTrace {
  readonly exchanges: Exchange[] = []
  private readonly secrets = new Set<string>()
  step = 'request'

  /**
   * `extraHeaders` go on every request and are never recorded (the embedded sandbox's internal-call token).
   * `labels` name private origins in what the reader sees: [origin, label] (a self-hosted engine's host and port
   * become `https://<self-hosted engine>`; the embedded sandbox's loopback origin becomes '', a site path).
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly extraHeaders: Record<string, string> = {},
    private readonly labels: Array<[origin: string, label: string]> = []
  ) {}

  private relabel(text: string): string {
    // The whole origin only: http://127.0.0.1:3000 must not eat the start of http://127.0.0.1:30001.
    // Also in its URL-encoded form, as in a consent URL's redirect_uri.
    const pairs = this.labels.flatMap(([origin, label]): Array<[string, string]> => [[origin, label], [encodeURIComponent(origin), encodeURIComponent(label)]])
    return pairs.reduce((out, [origin, label]) => out.replace(new RegExp(`${escapeRegExp(origin)}(?![\\w.:-]|%3A)`, 'g'), label), text)
  }

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
      exchange.responseHeaders = evidenceHeaders(response.headers)
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
    const text = (value: string) => this.relabel(redactText(value, secrets))
    const clean = (body: unknown) => (body === undefined ? undefined : trimForDisplay(JSON.parse(text(JSON.stringify(redactJson(body))))))
    return this.exchanges.map((e) => ({
      ...e,
      url: text(e.url),
      requestBody: clean(e.requestBody),
      responseBody: clean(e.responseBody),
      responseHeaders: e.responseHeaders && Object.fromEntries(Object.entries(e.responseHeaders).map(([name, value]) => [name, text(value)])),
      error: e.error ? text(e.error) : undefined
    }))
  }
}
