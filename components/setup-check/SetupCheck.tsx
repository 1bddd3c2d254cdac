import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { DoctorCheck, DoctorResponse } from '../../contract/playground-api'
import styles from './setup-check.module.css'

const LABEL: Record<DoctorCheck['status'], string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', info: 'Compare' }
const MARK: Record<DoctorCheck['status'], string> = { pass: '✓', warn: '!', fail: '✗', info: 'i' }
const LINK: Record<DoctorCheck['status'], string> = { pass: 'If this goes wrong later', warn: 'How to fix it', fail: 'How to fix it', info: 'What to compare' }
const TIME_LIMIT_MS = 45_000

type State =
  | { kind: 'running' }
  | { kind: 'done'; result: DoctorResponse }
  | { kind: 'operator-only'; message: string; help?: string; refused: boolean }
  | { kind: 'error'; message: string; help?: string }

/** What the checks found, in words: information to compare is never counted as a pass. */
function summary(checks: DoctorCheck[]): string {
  const count = (status: DoctorCheck['status']) => checks.filter((c) => c.status === status).length
  const [passed, warned, failed, info] = [count('pass'), count('warn'), count('fail'), count('info')]
  const parts = [`${passed} passed`, warned > 0 && `${warned} with a warning`, failed > 0 && `${failed} failed`].filter(Boolean)
  const compare = info > 0 ? ` ${info} cannot be checked from this site: compare ${info === 1 ? 'it' : 'them'} by hand.` : ''
  return `${failed === 0 ? 'Nothing failed' : 'Something failed'}: ${parts.join(', ')} of ${checks.length}.${compare}`
}

/**
 * Runs GET /api/playground/doctor and shows each check with its status, what was found and where to read more.
 * In live mode the server answers only the operator: the page then asks for the operator token, keeps it in
 * memory for this page only, and sends it as a Bearer token.
 */
export function SetupCheck() {
  const [state, setState] = useState<State>({ kind: 'running' })
  // A ref and an uncontrolled field: the token is never rendered into the page, and lives only as long as it.
  const token = useRef('')

  const run = useCallback(async (operatorToken?: string) => {
    setState({ kind: 'running' })
    try {
      const headers: Record<string, string> = { Accept: 'application/json' }
      if (operatorToken) headers.Authorization = `Bearer ${operatorToken}`
      const response = await fetch('/api/playground/doctor', { headers, signal: AbortSignal.timeout(TIME_LIMIT_MS) })
      const body = await response.json()
      if (response.status === 401 && body?.error?.code === 'operator_only') {
        return setState({ kind: 'operator-only', message: body.error.message, help: body.error.help, refused: Boolean(operatorToken) })
      }
      if (!response.ok) return setState({ kind: 'error', message: body?.error?.message ?? `The server answered ${response.status}`, help: body?.error?.help })
      setState({ kind: 'done', result: body as DoctorResponse })
    } catch {
      setState({ kind: 'error', message: 'The check did not answer in time, or the site could not be reached. Try again.' })
    }
  }, [])

  useEffect(() => void run(), [run])

  function submitToken(event: FormEvent) {
    event.preventDefault()
    void run(token.current.trim())
  }

  const checks = state.kind === 'done' ? state.result.checks : []
  return (
    <section className={styles.panel} aria-labelledby="setup-check-results">
      <div className={styles.header}>
        <h2 id="setup-check-results" className={styles.title}>
          Results{state.kind === 'done' ? ` (${state.result.mode} mode)` : ''}
        </h2>
        <button type="button" className={styles.button} onClick={() => void run(token.current.trim() || undefined)} disabled={state.kind === 'running'}>
          {state.kind === 'running' ? 'Checking…' : 'Run the checks again'}
        </button>
      </div>
      <div role="status" aria-live="polite" className={styles.summary}>
        {state.kind === 'running' && 'Running the checks…'}
        {state.kind === 'done' && (
          <>
            {summary(checks)} <span className={styles.checkedAt}>Checked at {new Date(state.result.checkedAt).toLocaleTimeString()}; a repeat within seconds shows the same run.</span>
          </>
        )}
        {state.kind === 'operator-only' && (
          <span>
            {state.refused ? 'That token was not accepted. ' : ''}
            {state.message} {state.help && <a href={state.help}>What this means</a>}
          </span>
        )}
        {state.kind === 'error' && (
          <span className={styles.fail}>
            {state.message} {state.help && <a href={state.help}>What this means</a>}
          </span>
        )}
      </div>
      {state.kind === 'operator-only' && (
        <form className={styles.tokenForm} onSubmit={submitToken}>
          <label htmlFor="setup-check-token">Operator token (DOCTOR_TOKEN)</label>
          <input id="setup-check-token" type="password" autoComplete="off" spellCheck={false} onChange={(e) => (token.current = e.target.value)} required />
          <button type="submit" className={styles.button}>
            Run the checks
          </button>
        </form>
      )}
      {checks.length > 0 && (
        <ul className={styles.checks}>
          {checks.map((check) => (
            <li key={check.id} className={styles.check} data-check={check.id} data-status={check.status}>
              <span className={`${styles.badge} ${styles[check.status]}`}>
                <span aria-hidden="true">{MARK[check.status]}</span> {LABEL[check.status]}
              </span>
              <div>
                <strong>{check.title}</strong>
                <p className={styles.detail}>{check.detail}</p>
                <a href={check.help}>{LINK[check.status]}</a>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
