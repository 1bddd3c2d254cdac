import { useState } from 'react'
import type { Exchange } from '../../contract/playground-api'
import styles from './playground.module.css'

function pretty(body: unknown): string {
  if (body === undefined) return '(none)'
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2)
}

/** The response headers support reads (Retry-After, RateLimit-Reason, …), one `name: value` per line. */
export function headerLines(e: Exchange): string | undefined {
  const entries = Object.entries(e.responseHeaders ?? {})
  return entries.length ? entries.map(([name, value]) => `${name}: ${value}`).join('\n') : undefined
}

/** Plain text of one exchange, for pasting into a support ticket (already redacted by the server). */
export function exchangeText(e: Exchange): string {
  const outcome = e.status === null ? `no answer${e.error ? ` (${e.error})` : ''}` : String(e.status)
  const headers = headerLines(e)
  return `${e.method} ${e.url}\n-> ${outcome} in ${e.durationMs} ms\n${headers ? `\nResponse headers:\n${headers}\n` : ''}\nRequest body:\n${pretty(e.requestBody)}\n\nResponse body:\n${pretty(e.responseBody)}\n`
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className={styles.smallButton}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true)
          setTimeout(() => setCopied(false), 1500)
        })
      }}
    >
      {copied ? 'Copied' : 'Copy exchange'}
    </button>
  )
}

/** A body that may scroll: focusable and named, so keyboard users can scroll it (axe scrollable-region-focusable). */
function Body({ label, children }: { label: string; children: string }) {
  return (
    <pre className={styles.body} tabIndex={0} role="group" aria-label={label}>
      {children}
    </pre>
  )
}

/** The HTTP requests a step made: method, URL, status, duration, bodies (keys and tokens masked). */
export function ExchangeList({ exchanges }: { exchanges: Exchange[] }) {
  if (exchanges.length === 0) return null
  return (
    <details className={styles.exchanges}>
      <summary>
        HTTP: {exchanges.length} {exchanges.length === 1 ? 'request' : 'requests'}
      </summary>
      <ul>
        {exchanges.map((e, i) => (
          <li key={i} className={styles.exchange}>
            <div className={styles.exchangeLine}>
              <code>
                {e.method} {e.url}
              </code>
              <span className={e.status !== null && e.status < 400 ? styles.ok : styles.bad}>{e.status ?? 'no answer'}</span>
              <span className={styles.muted}>{e.durationMs} ms</span>
              <CopyButton text={exchangeText(e)} />
            </div>
            {e.requestBody !== undefined && (
              <>
                <div className={styles.muted}>Request body</div>
                <Body label={`Request body of ${e.method} ${e.url}`}>{pretty(e.requestBody)}</Body>
              </>
            )}
            {headerLines(e) && (
              <>
                <div className={styles.muted}>Response headers</div>
                <Body label={`Response headers of ${e.method} ${e.url}`}>{headerLines(e)!}</Body>
              </>
            )}
            <div className={styles.muted}>Response body</div>
            <Body label={`Response body of ${e.method} ${e.url}`}>{e.error ?? pretty(e.responseBody)}</Body>
          </li>
        ))}
      </ul>
    </details>
  )
}
