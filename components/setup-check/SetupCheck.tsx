import { useCallback, useEffect, useState } from 'react'
import type { DoctorCheck, DoctorResponse } from '../../contract/playground-api'
import styles from './setup-check.module.css'

const LABEL: Record<DoctorCheck['status'], string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' }
const MARK: Record<DoctorCheck['status'], string> = { pass: '✓', warn: '!', fail: '✗' }
const TIME_LIMIT_MS = 45_000

type State = { kind: 'running' } | { kind: 'done'; result: DoctorResponse } | { kind: 'error'; message: string; help?: string }

/** Runs GET /api/playground/doctor and shows each check with its status, what was found and where to read more. */
export function SetupCheck() {
  const [state, setState] = useState<State>({ kind: 'running' })

  const run = useCallback(async () => {
    setState({ kind: 'running' })
    try {
      const response = await fetch('/api/playground/doctor', { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(TIME_LIMIT_MS) })
      const body = await response.json()
      if (!response.ok) return setState({ kind: 'error', message: body?.error?.message ?? `The server answered ${response.status}`, help: body?.error?.help })
      setState({ kind: 'done', result: body as DoctorResponse })
    } catch {
      setState({ kind: 'error', message: 'The check did not answer in time, or the site could not be reached. Try again.' })
    }
  }, [])

  useEffect(() => void run(), [run])

  const checks = state.kind === 'done' ? state.result.checks : []
  const failed = checks.filter((c) => c.status === 'fail').length
  return (
    <section className={styles.panel} aria-labelledby="setup-check-results">
      <div className={styles.header}>
        <h2 id="setup-check-results" className={styles.title}>
          Results{state.kind === 'done' ? ` (${state.result.mode} mode)` : ''}
        </h2>
        <button type="button" className={styles.button} onClick={() => void run()} disabled={state.kind === 'running'}>
          {state.kind === 'running' ? 'Checking…' : 'Run the checks again'}
        </button>
      </div>
      <div role="status" aria-live="polite" className={styles.summary}>
        {state.kind === 'running' && 'Running the checks…'}
        {state.kind === 'done' && (failed === 0 ? `All ${checks.length} checks ran: nothing failed.` : `${failed} of ${checks.length} checks failed.`)}
        {state.kind === 'error' && (
          <span className={styles.fail}>
            {state.message} {state.help && <a href={state.help}>What this means</a>}
          </span>
        )}
      </div>
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
                <a href={check.help}>{check.status === 'pass' ? 'If this goes wrong later' : 'How to fix it'}</a>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
