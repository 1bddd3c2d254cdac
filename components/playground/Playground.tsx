import { useData } from 'nextra/hooks'
import { useEffect, useState, type FormEvent, type ReactNode } from 'react'
import { playgroundApi } from './api-client'
import type { Exchange, PlaygroundConfig } from '../../contract/playground-api'
import { ExchangeList } from './ExchangeList'
import { LiveSnippet } from './LiveSnippet'
import { ProjectsTable } from './ProjectsTable'
import { ATLASSIAN_SCOPES, DEFAULT_SCOPES, REQUIRED_FOR_PROJECTS } from '../../contract/scopes'
import type { HighlightedSnippet } from './snippet-types'
import { usePlaygroundRun, type RunState, type StepId } from './use-playground-run'
import styles from './playground.module.css'

let configOnce: Promise<PlaygroundConfig> | undefined

type StepState = 'todo' | 'active' | 'done' | 'failed'

const STEP_TITLES: Record<StepId, string> = {
  start: 'Authorization started',
  consent: 'Consent',
  waiting: 'Waiting for consent',
  completed: 'Authorization completed',
  sites: 'Atlassian sites',
  projects: 'Jira projects',
  profile: 'Profile'
}
const ORDER: StepId[] = ['start', 'consent', 'waiting', 'completed', 'sites', 'projects', 'profile']

function stepState(step: StepId, s: RunState): StepState {
  if (s.error?.step === step) return 'failed'
  const reached: Record<RunState['phase'], number> = { idle: -1, starting: 0, waiting: 2, jira: 4, done: 7, failed: -1, cancelled: -1 }
  let at = reached[s.phase]
  if (s.phase === 'failed' || s.phase === 'cancelled') at = s.error ? ORDER.indexOf(s.error.step) : s.jira ? 7 : s.maskedToken ? 4 : s.flowId ? 2 : 0
  if (s.phase === 'jira' && s.jiraLoading) at = 4
  const index = ORDER.indexOf(step)
  if (index < at) return 'done'
  if (index === at && !['failed', 'cancelled', 'done'].includes(s.phase)) return 'active'
  return 'todo'
}

function Step({ id, state, exchanges, children }: { id: StepId; state: StepState; exchanges: Exchange[]; children?: ReactNode }) {
  const label = { todo: 'not started', active: 'in progress', done: 'done', failed: 'failed' }[state]
  return (
    <li className={styles.step} data-step={id} data-state={state}>
      <span className={styles.marker} aria-hidden="true" />
      <div className={styles.stepBody}>
        <div className={styles.stepTitle}>
          {STEP_TITLES[id]} <span className={styles.srOnly}>({label})</span>
        </div>
        {children}
        <ExchangeList exchanges={exchanges} />
      </div>
    </li>
  )
}

/** "Run it": the real Arcade Atlassian flow and a Jira request, step by step, in the page. */
export function Playground({ id, label = 'Run it: the Atlassian flow and a Jira request', children }: { id: string; label?: string; children?: ReactNode }) {
  const { runSnippet } = useData() as { runSnippet: HighlightedSnippet }
  const [config, setConfig] = useState<PlaygroundConfig>()
  const [configError, setConfigError] = useState<string>()
  const [scopes, setScopes] = useState<string[]>(DEFAULT_SCOPES)
  const [providerId, setProviderId] = useState('')
  const [query, setQuery] = useState('')
  const [cloudId, setCloudId] = useState<string>()
  const { state, run, cancel, page, pageSize } = usePlaygroundRun(config)

  useEffect(() => {
    ;(configOnce ??= playgroundApi.config())
      .then((c) => {
        setConfig(c)
        setProviderId((p) => p || c.providerId)
      })
      .catch((e: Error) => setConfigError(e.message))
  }, [])

  const running = ['starting', 'waiting', 'jira'].includes(state.phase)
  const missingProjectScope = !scopes.includes(REQUIRED_FOR_PROJECTS)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setCloudId(undefined)
    void run({ scopes, providerId: providerId.trim() || config?.providerId || 'atlassian', query })
  }
  const by = (step: StepId) => state.exchanges.filter((e) => e.step === step)
  const s = (step: StepId) => stepState(step, state)

  return (
    <section className={styles.playground} aria-label={label} id={id} data-phase={state.phase}>
      <header className={styles.header}>
        <h3 className={styles.title}>
          Run it
        </h3>
        {config && (
          <span className={config.mode === 'sandbox' ? styles.badgeSandbox : styles.badgeLive} data-mode={config.mode}>
            {config.mode === 'sandbox' ? 'Sandbox: emulated Arcade and Atlassian, no account needed' : `Live: ${config.engineLabel}`}
          </span>
        )}
      </header>
      {children && <div className={styles.intro}>{children}</div>}
      {config?.mode === 'live' && (
        <p className={styles.muted}>
          Register this custom user verifier URL in Arcade&apos;s dashboard:{' '}
          <code>{typeof window === 'undefined' ? config.verifierPath : new URL(config.verifierPath, window.location.href).toString()}</code>
        </p>
      )}
      {configError && <p role="alert">The playground could not load its settings: {configError}</p>}

      <form onSubmit={submit} className={styles.form}>
        <fieldset className={styles.scopes}>
          <legend>Scopes to request</legend>
          {ATLASSIAN_SCOPES.map(({ scope, description, unlocks }) => (
            <label key={scope} className={styles.scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                disabled={running}
                onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, scope] : cur.filter((x) => x !== scope)))}
              />
              <code>{scope}</code> <span className={styles.muted}>{description}{unlocks ? ` (${unlocks})` : ''}</span>
            </label>
          ))}
        </fieldset>
        {missingProjectScope && (
          <p className={styles.warning} role="status">
            Without <code>read:jira-work</code> the token cannot list Jira projects: Atlassian will answer &quot;scope does not match&quot;.
          </p>
        )}
        <div className={styles.fields}>
          <label>
            Provider id
            <input value={providerId} onChange={(e) => setProviderId(e.target.value)} disabled={running} maxLength={64} spellCheck={false} />
          </label>
          <label>
            Jira project query
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={100} placeholder="all projects" />
          </label>
        </div>
        <div className={styles.actions}>
          <button type="submit" className={styles.run} disabled={!config || running || scopes.length === 0}>
            {running ? 'Running…' : state.phase === 'idle' ? 'Run' : 'Run again'}
          </button>
          {running && (
            <button type="button" className={styles.smallButton} onClick={cancel}>
              Cancel
            </button>
          )}
          {state.phase === 'done' && state.jira && (
            <button type="button" className={styles.smallButton} onClick={() => page(query, 0, cloudId)}>
              Search projects again
            </button>
          )}
        </div>
      </form>

      <LiveSnippet snippet={runSnippet} values={{ providerId: providerId || config?.providerId || 'atlassian', scopes, query }} />

      <div aria-live="polite" className={styles.srOnly}>
        {state.phase === 'waiting' ? 'Waiting for consent in the Atlassian window' : state.phase === 'done' ? 'Jira projects loaded' : state.phase === 'failed' ? `Failed: ${state.error?.message}` : ''}
      </div>

      {state.phase !== 'idle' && (
        <ol className={styles.steps} aria-label="Run steps">
          <Step id="start" state={s('start')} exchanges={by('start')}>
            {state.flowId && (
              <p>
                Flow <code>{state.flowId}</code>
              </p>
            )}
          </Step>
          <Step id="consent" state={s('consent')} exchanges={[]}>
            {state.consentUrl && !state.popupBlocked && <p>The Atlassian consent page opened in a new window.</p>}
            {state.consentUrl && state.popupBlocked && (
              <p className={styles.warning} data-code="popup_blocked">
                The browser blocked the consent window (<a href="/troubleshooting#popup-blocked">popup_blocked</a>).{' '}
                <a href={state.consentUrl} target="_blank" rel="noopener">
                  Open the consent page
                </a>{' '}
                to continue.
              </p>
            )}
            {!state.consentUrl && state.flowId && <p>Not needed: you had already granted these scopes.</p>}
          </Step>
          <Step id="waiting" state={s('waiting')} exchanges={by('waiting')}>
            {state.phase === 'waiting' && <p>Waiting for you to accept… {state.elapsedSeconds} s</p>}
          </Step>
          <Step id="completed" state={s('completed')} exchanges={by('completed')}>
            {state.maskedToken && (
              <p>
                Token <code>{state.maskedToken}</code> with scopes {state.grantedScopes?.map((x) => <code key={x}>{x} </code>)}
              </p>
            )}
          </Step>
          <Step id="sites" state={s('sites')} exchanges={by('sites')}>
            {state.jira?.sites && state.jira.sites.length > 1 && (
              <label>
                Site{' '}
                <select
                  value={state.jira.site.id}
                  onChange={(e) => {
                    setCloudId(e.target.value)
                    page(query, 0, e.target.value)
                  }}
                >
                  {state.jira.sites.map((site) => (
                    <option key={site.id} value={site.id}>
                      {site.name} ({site.url})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {state.jira?.sites && state.jira.sites.length === 1 && <p>{state.jira.site.name}</p>}
          </Step>
          <Step id="projects" state={s('projects')} exchanges={by('projects')}>
            {state.jira && <ProjectsTable jira={state.jira} pageSize={pageSize} loading={!!state.jiraLoading} onPage={(startAt) => page(state.jira!.query, startAt, cloudId)} />}
          </Step>
          <Step id="profile" state={s('profile')} exchanges={by('profile')}>
            {state.jira?.myself && (
              <p>
                Jira user: <strong>{state.jira.myself.displayName}</strong> {state.jira.myself.emailAddress && <span className={styles.muted}>{state.jira.myself.emailAddress}</span>}
              </p>
            )}
            {state.jira?.profile && (
              <p>
                Atlassian profile: <strong>{state.jira.profile.name}</strong> {state.jira.profile.nickname && <span className={styles.muted}>@{state.jira.profile.nickname}</span>}
              </p>
            )}
            {state.jira?.notes.map((n) => (
              <p key={n} className={styles.muted}>
                {n}
              </p>
            ))}
          </Step>
        </ol>
      )}

      {state.error && (
        <div role="alert" className={styles.error} data-code={state.error.code}>
          <strong>{STEP_TITLES[state.error.step]} failed</strong> <code>{state.error.code}</code>
          <p>{state.error.message}</p>
          <a href={state.error.help}>What this means and how to fix it</a>
        </div>
      )}
      {state.phase === 'cancelled' && <p role="status">Cancelled. Press Run to start again.</p>}
    </section>
  )
}
