import { useData } from 'nextra/hooks'
import { useEffect, useRef, useState, type KeyboardEvent, type FormEvent, type ReactNode, type RefObject } from 'react'
import { playgroundApi } from './api-client'
import type { PlaygroundConfig } from '../../contract/playground-api'
import { findScenario } from '../../contract/scenarios'
import { ExchangeGroups } from './ExchangeGroups'
import { chooseLanguage, LiveSnippet, useChosenLanguage } from './LiveSnippet'
import { ProjectsTable } from './ProjectsTable'
import { ATLASSIAN_SCOPES, DEFAULT_SCOPES, REQUIRED_FOR_PROJECTS } from '../../contract/scopes'
import type { HighlightedSnippet } from './snippet-types'
import { usePlaygroundRun } from './use-playground-run'
import { announcement, isAuthorized, isRunning, stepStatus, type RunState, type StepId, type StepStatus } from './run-machine'
import { hasPanelParams, panelLink, parsePanelLink, type PanelInputs } from './panel-link'
import { runReport, type ReportStep } from './run-report'
import { ScenarioArmed, ScenarioExplained } from './ScenarioNotice'
import { findSite } from '../../contract/sites'
import { panelOfFlow } from './flow-panel-memory'
import { useIdentityChannel } from './identity-channel'
import { isolate } from './reader-text'
import { PanelHeader } from './PanelHeader'
import styles from './playground.module.css'
import flow from './flow.module.css'

let configOnce: Promise<PlaygroundConfig> | undefined
/** The panel whose inputs the address bar mirrors: the one a link named, or the last one the reader used. */
let panelInUrl: string | undefined

const STEP_TITLES: Record<StepId, string> = {
  start: 'Authorization started',
  consent: 'Consent',
  waiting: 'Waiting for consent',
  completed: 'Authorization completed',
  sites: 'Atlassian sites',
  projects: 'Jira projects',
  profile: 'Profile'
}
const STEPS = Object.keys(STEP_TITLES) as StepId[]

/** Below this width the scopes start folded, so Run is within a screen of the panel's heading. */
const NARROW_SCREEN = '(max-width: 40rem)'

/** The panel that carries on a flow this tab does not remember starting: the page's first. */
const firstPanelId = () => document.querySelector<HTMLElement>('section[data-playground], section[data-placeholder]')?.id

/** What a search's group in the HTTP exchanges says it was: the query, and the site when the reader changed it. */
function searchLabel(query: string, siteName?: string): string {
  const what = query ? `Search for "${isolate(query)}"` : 'Search: all projects'
  return siteName ? `${what} on ${isolate(siteName)}` : what
}

function Step({ id, state, titleRef, children }: { id: StepId; state: StepStatus; titleRef?: RefObject<HTMLHeadingElement | null>; children?: ReactNode }) {
  const label = { todo: 'not started', active: 'in progress', done: 'done', skipped: 'not needed', failed: 'failed' }[state]
  return (
    <li className={styles.step} data-step={id} data-state={state}>
      <span className={styles.marker} aria-hidden="true" />
      <div className={styles.stepBody}>
        <h4 className={`${styles.stepTitle} ${flow.stepHeading} ${flow.focusTarget}`} ref={titleRef} tabIndex={titleRef ? -1 : undefined}>
          {STEP_TITLES[id]} <span className={flow.srOnly}>({label})</span>
        </h4>
        {children}
      </div>
    </li>
  )
}

/** One line per step for the run report. */
function reportSteps(state: RunState): ReportStep[] {
  const detail: Partial<Record<StepId, string | undefined>> = {
    start: state.flowId && `flow ${state.flowId}`,
    consent: state.flowId && (state.consentUrl ? `asked for (${state.name === 'consentWindowClosed' ? 'window closed' : state.name === 'consentWindowBlocked' ? 'window blocked' : 'window opened'})` : 'not needed'),
    completed: state.grantedScopes && `token ${state.maskedToken ?? '(masked)'} carries ${state.grantedScopes.join(', ')} (requested ${state.requestedScopes.join(', ')})`,
    sites: state.jira && `${state.jira.site.name} (${state.jira.sites?.length ?? 1} reachable)`,
    projects: state.jira && `${state.jira.projects.total ?? '?'} projects${state.jira.query ? ` matching "${state.jira.query}"` : ''}, showing from ${state.jira.projects.startAt + 1}`,
    profile: state.jira && [state.jira.myself && `Jira user ${state.jira.myself.displayName}`, state.jira.profile && `Atlassian profile ${state.jira.profile.name}`, ...state.jira.notes].filter(Boolean).join('; ')
  }
  return STEPS.map((id) => ({
    title: STEP_TITLES[id],
    status: stepStatus(id, state),
    detail: detail[id] || undefined,
    code: state.error?.step === id ? state.error.code : undefined
  }))
}

function useCopied(): [string | undefined, (what: string, text: string) => void] {
  const [copied, setCopied] = useState<string>()
  const copy = (what: string, text: string) => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(what),
      () => setCopied(`${what}: the browser refused the clipboard`)
    )
  }
  useEffect(() => {
    if (!copied) return
    const timer = setTimeout(() => setCopied(undefined), 4000)
    return () => clearTimeout(timer)
  }, [copied])
  return [copied, copy]
}

/** The scope Arcade adds to the grants it holds (contract/scopes.ts explains it on the page). */
const ARCADE_ADDED_SCOPE = 'offline_access'

/** "Run it": the real Arcade Atlassian flow and a Jira request, step by step, in the page. */
export function Playground({ id, label = 'Run it: the Atlassian flow and a Jira request', children }: { id: string; label?: string; children?: ReactNode }) {
  const { runSnippet } = useData() as { runSnippet: HighlightedSnippet }
  const [config, setConfig] = useState<PlaygroundConfig>()
  const [configError, setConfigError] = useState<string>()
  const [scopes, setScopes] = useState<string[]>(DEFAULT_SCOPES)
  const [providerId, setProviderId] = useState('')
  const [query, setQuery] = useState('')
  const [site, setSite] = useState('')
  const [scenarioName, setScenarioName] = useState('')
  const [linkNotes, setLinkNotes] = useState<string[]>([])
  const [resetMessage, setResetMessage] = useState<{ text: string; failed?: boolean }>()
  /** Why Search or a page turn did not run: the site field names no site the authorization reaches. */
  const [siteNote, setSiteNote] = useState<string>()
  const [scopesOpen, setScopesOpen] = useState(() => !window.matchMedia(NARROW_SCREEN).matches)
  const language = useChosenLanguage()
  const [copied, copy] = useCopied()
  /** The scenario of the run on screen (the armed one may change after Run). */
  const [runScenario, setRunScenario] = useState<string>()
  /** The reader's choice to put personal data (ids, names, emails, OAuth state) in the run report; masked by default. */
  const [reportPersonalData, setReportPersonalData] = useState(false)
  const { state, elapsedSeconds, run, resume, refresh, reopen, cancel, clear, pageSize } = usePlaygroundRun(config, id)

  const section = useRef<HTMLElement>(null)
  const startTitle = useRef<HTMLHeadingElement>(null)
  const projectsTitle = useRef<HTMLHeadingElement>(null)
  const consentNotice = useRef<HTMLDivElement>(null)
  const foundNotice = useRef<HTMLDivElement>(null)
  const errorBox = useRef<HTMLDivElement>(null)
  const cancelledNote = useRef<HTMLParagraphElement>(null)

  useEffect(() => {
    ;(configOnce ??= playgroundApi.config())
      .then((c) => {
        setConfig(c)
        setProviderId((p) => p || c.providerId)
      })
      .catch((e: Error) => setConfigError(e.message))
  }, [])

  // A link restores inputs in the panel it names (or the first panel, if it names none), and scrolls to it.
  useEffect(() => {
    const { search, hash } = window.location
    if (!hasPanelParams(search)) return
    const panels = [...document.querySelectorAll<HTMLElement>('section[data-playground]')].map((el) => el.id)
    const named = hash.slice(1)
    if ((panels.includes(named) ? named : panels[0]) !== id) return
    const { inputs, notes } = parsePanelLink(search)
    if (inputs.scopes) setScopes(inputs.scopes)
    if (inputs.providerId) setProviderId(inputs.providerId)
    if (inputs.query !== undefined) setQuery(inputs.query)
    if (inputs.site) setSite(inputs.site)
    if (inputs.scenario) setScenarioName(inputs.scenario)
    if (inputs.language) chooseLanguage(inputs.language)
    setLinkNotes(notes)
    panelInUrl = id
    section.current?.scrollIntoView({ block: 'start' })
  }, [id])

  // Scenarios replay in the sandbox only.
  useEffect(() => {
    if (config?.mode === 'live' && scenarioName) {
      setLinkNotes((n) => [...n, `Ignored scenario=${isolate(scenarioName)}: scenarios play in sandbox mode only`])
      setScenarioName('')
    }
  }, [config, scenarioName])

  const inputs: PanelInputs = { scopes, providerId: providerId.trim() || config?.providerId || 'atlassian', query, site: site.trim(), scenario: scenarioName, language }
  const inputsNow = useRef(inputs)
  inputsNow.current = inputs

  // After a reload or a return mid-flow, the panel that started the visitor's flow in progress carries it on.
  useEffect(() => {
    if (!config) return
    void resume((flowId) => (panelOfFlow(flowId) ?? firstPanelId()) === id, () => inputsNow.current)
  }, [config, resume, id])
  const link = typeof window === 'undefined' ? '' : panelLink(window.location.href, id, inputs)
  const linkKey = JSON.stringify(inputs)
  useEffect(() => {
    if (panelInUrl === id) window.history.replaceState(window.history.state, '', panelLink(window.location.href, id, JSON.parse(linkKey) as PanelInputs))
  }, [id, linkKey])
  const used = () => {
    // At once, not only when an input changes: after a Run, a reload comes back to this panel and its flow.
    if (panelInUrl !== id) window.history.replaceState(window.history.state, '', panelLink(window.location.href, id, inputsNow.current))
    panelInUrl = id
  }

  // The newest result comes into view and takes focus, so neither sight nor focus is left behind.
  useEffect(() => {
    const target: Partial<Record<RunState['name'], HTMLElement | null>> = {
      starting: startTitle.current,
      consentWindowBlocked: consentNotice.current,
      consentWindowClosed: consentNotice.current,
      refreshing: projectsTitle.current,
      ready: projectsTitle.current,
      failed: errorBox.current,
      cancelled: cancelledNote.current
    }
    // A search or a page turn leaves the reader at the control they used; the live region says what came.
    const action = state.groups[state.groups.length - 1]?.action
    if ((state.name === 'refreshing' || state.name === 'ready') && action !== 'run') return
    const element = target[state.name]
    if (!element) return
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    // Projects from the top (the table follows); a notice in the middle, with the steps that led to it above.
    const block = element === projectsTitle.current || element === startTitle.current ? 'start' : 'center'
    element.scrollIntoView({ block, behavior: reduced ? 'auto' : 'smooth' })
    element.focus({ preventScroll: true })
  }, [state.name, state.groups.length])

  const running = isRunning(state)
  const authorized = isAuthorized(state)
  const scenario = findScenario(scenarioName)
  const shownScenario = findScenario(runScenario)
  const missingProjectScope = !scopes.includes(REQUIRED_FOR_PROJECTS)
  // The sandbox adds offline_access to every grant, as it assumes Arcade does (unconfirmed; contract/facts.ts
  // offlineAccess): not a sign of an earlier grant.
  const extraScopes = state.grantedScopes?.filter((s) => !state.requestedScopes.includes(s) && s !== ARCADE_ADDED_SCOPE) ?? []
  const arcadeAdded = !!state.grantedScopes?.includes(ARCADE_ADDED_SCOPE) && !state.requestedScopes.includes(ARCADE_ADDED_SCOPE)

  const startRun = () => {
    used()
    setResetMessage(undefined)
    setSiteNote(undefined)
    setRunScenario(scenario?.name)
    void run({ ...inputs, scenario: scenario?.name })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    startRun()
  }
  /** The site the site field names among the sites this authorization reaches, or a note that says why none. */
  const siteForRefresh = () => {
    const jira = state.jira!
    const sites = jira.sites ?? [jira.site]
    const found = findSite(sites, site)
    if (!found) {
      setSiteNote(
        `The Jira site field names no site this authorization reaches (${isolate(site.trim())}): clear it for the first site, or type one of ${sites.map((s) => isolate(s.name)).join(', ')}.`
      )
      return undefined
    }
    setSiteNote(undefined)
    return { cloudId: found.id, name: found.name, changed: found.id !== jira.site.id }
  }
  const search = () => {
    used()
    if (!authorized) return startRun()
    const target = siteForRefresh()
    if (target) refresh(target.changed ? 'site' : 'search', query, 0, target.cloudId, searchLabel(query, target.changed ? target.name : undefined))
  }
  const turnPage = (startAt: number) => {
    const target = siteForRefresh()
    if (!target) return
    // Another site starts from its first page.
    if (target.changed) return refresh('site', state.jira!.query, 0, target.cloudId, searchLabel(state.jira!.query, target.name))
    refresh('page', state.jira!.query, startAt, target.cloudId, startAt > state.jira!.projects.startAt ? 'Next page' : 'Previous page')
  }
  const tellOtherPanels = useIdentityChannel(id, () => {
    if (state.name === 'idle') return
    clear()
    setRunScenario(undefined)
    setResetMessage({
      text: 'Another panel on this page started over as a new reader, so the run shown here, made as the previous reader, was cleared: press Run to run it as the new reader.'
    })
  })
  // Enter in the query searches the completed authorization; before one exists it does what Run does.
  const queryKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    if (authorized && state.name !== 'refreshing') search()
    else if (!running && config && scopes.length > 0) startRun()
  }
  const startOver = async () => {
    clear()
    setRunScenario(undefined)
    try {
      const answer = await playgroundApi.reset()
      setResetMessage({ text: answer.message })
      tellOtherPanels()
    } catch (error) {
      setResetMessage({ text: `Could not start over: ${(error as Error).message}`, failed: true })
    }
  }
  const copyReport = () =>
    copy(
      'Run report copied',
      runReport({
        config,
        panelId: id,
        inputs: { ...inputs, scenario: runScenario ?? '' },
        link,
        state: state.name,
        steps: reportSteps(state),
        groups: state.groups,
        error: state.error,
        scenario: shownScenario,
        includePersonalData: reportPersonalData,
        at: new Date().toISOString(),
        origin: window.location.origin
      })
    )

  return (
    <section className={styles.playground} aria-label={label} id={id} data-playground="" data-phase={state.name} ref={section}>
      <PanelHeader config={config} />
      {children && <div className={styles.intro}>{children}</div>}
      {config?.mode === 'live' && (
        <p className={styles.muted}>
          Register this custom user verifier URL in Arcade&apos;s dashboard:{' '}
          <code>{typeof window === 'undefined' ? config.verifierPath : new URL(config.verifierPath, window.location.href).toString()}</code>
        </p>
      )}
      {configError && <p role="alert">The playground could not load its settings: {configError}</p>}
      {linkNotes.length > 0 && (
        <ul className={flow.notes} aria-label="Link values ignored" data-link-notes="">
          {linkNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {scenario && <ScenarioArmed scenario={scenario} onClear={() => (used(), setScenarioName(''))} />}

      <form onSubmit={submit} className={styles.form}>
        <details className={styles.scopesFold} open={scopesOpen} onToggle={(e) => setScopesOpen(e.currentTarget.open)} data-scopes-fold="">
          <summary>
            Scopes to request <span className={styles.muted}>({scopes.length ? scopes.join(', ') : 'none chosen'})</span>
          </summary>
        <fieldset className={styles.scopes}>
          <legend className={styles.srOnly}>Scopes to request</legend>
          {ATLASSIAN_SCOPES.map(({ scope, description, unlocks }) => (
            <label key={scope} className={styles.scope}>
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                disabled={running}
                onChange={(e) => {
                  used()
                  setScopes((cur) => (e.target.checked ? [...cur, scope] : cur.filter((x) => x !== scope)))
                }}
              />
              <code>{scope}</code> <span className={styles.muted}>{description}{unlocks ? ` (${unlocks})` : ''}</span>
            </label>
          ))}
        </fieldset>
        </details>
        {missingProjectScope && (
          <p className={styles.warning} role="status">
            Without <code>read:jira-work</code> the token cannot list Jira projects: Atlassian will answer &quot;scope does not match&quot;.
          </p>
        )}
        <div className={styles.fields}>
          <label>
            Provider id
            <input value={providerId} onChange={(e) => (used(), setProviderId(e.target.value))} disabled={running} maxLength={64} spellCheck={false} />
          </label>
          <label>
            Jira site
            <input value={site} onChange={(e) => (used(), setSiteNote(undefined), setSite(e.target.value))} disabled={running} maxLength={100} spellCheck={false} placeholder="first site the token reaches" />
          </label>
          <label>
            Jira project query
            <input type="search" data-query="" value={query} onChange={(e) => (used(), setQuery(e.target.value))} onKeyDown={queryKey} maxLength={100} placeholder="all projects" />
          </label>
        </div>
        {siteNote && (
          <p className={styles.warning} role="alert" data-site-note="">
            {siteNote}
          </p>
        )}
        <div className={styles.actions}>
          <button type="submit" className={styles.run} disabled={!config || running || scopes.length === 0}>
            {running ? 'Running…' : state.name === 'idle' ? 'Run' : 'Run again'}
          </button>
          {authorized && (
            <button type="button" className={styles.smallButton} onClick={() => state.name !== 'refreshing' && search()} aria-disabled={state.name === 'refreshing'}>
              Search
            </button>
          )}
          {running && state.name !== 'consentWindowClosed' && state.name !== 'flowFound' && (
            <button type="button" className={styles.smallButton} onClick={cancel}>
              Cancel
            </button>
          )}
          <button type="button" className={styles.smallButton} onClick={() => copy('Link copied', link)}>
            Copy link
          </button>
          {state.name !== 'idle' && (
            <>
              <button type="button" className={styles.smallButton} onClick={copyReport}>
                Copy run report
              </button>
              <label className={flow.muted}>
                <input type="checkbox" checked={reportPersonalData} onChange={(e) => setReportPersonalData(e.target.checked)} /> Include personal data
                in the report (user id, account id, name, email, OAuth state)
              </label>
            </>
          )}
          <button type="button" className={styles.smallButton} onClick={() => void startOver()}>
            Start over as a new reader
          </button>
          <span role="status" className={flow.muted}>
            {copied}
          </span>
        </div>
      </form>
      {resetMessage && (
        <p role="status" className={resetMessage.failed ? flow.failedNote : flow.note} data-reset="">
          {resetMessage.text}
        </p>
      )}

      <div aria-live="polite" className={flow.srOnly} data-announcement="">
        {announcement(state)}
      </div>

      {state.name !== 'idle' && (
        <ol className={styles.steps} aria-label="Run steps">
          <Step id="start" state={stepStatus('start', state)} titleRef={startTitle}>
            {state.flowId && (
              <p>
                Flow <code>{state.flowId}</code>
              </p>
            )}
          </Step>
          <Step id="consent" state={stepStatus('consent', state)}>
            {state.consentUrl && state.name === 'awaitingConsent' && <p>The Atlassian consent page opened in a new window.</p>}
            {state.name === 'flowFound' && (
              <div className={`${styles.warning} ${flow.focusTarget}`} data-found-flow="" ref={foundNotice} tabIndex={-1}>
                <p>
                  You started this authorization before the page reloaded, and it is still waiting for your consent: accept in its consent window and
                  the run finishes here.
                </p>
                <div className={styles.actions}>
                  {state.consentUrl && (
                    <button type="button" className={flow.button} onClick={reopen}>
                      Carry on: reopen the consent window
                    </button>
                  )}
                  <button type="button" className={flow.button} onClick={cancel}>
                    Cancel
                  </button>
                </div>
              </div>
            )}
            {state.consentUrl && state.grantedScopes && <p>Accepted on the Atlassian consent page.</p>}
            {state.consentUrl && state.name === 'consentWindowBlocked' && (
              <div className={`${styles.warning} ${flow.focusTarget}`} data-code="popup_blocked" ref={consentNotice} tabIndex={-1}>
                The browser blocked the consent window (<a href="/troubleshooting#popup-blocked">popup_blocked</a>).{' '}
                <a href={state.consentUrl} target="_blank" rel="noopener">
                  Open the consent page
                </a>{' '}
                to continue.
              </div>
            )}
            {state.name === 'consentWindowClosed' && (
              <div className={`${styles.warning} ${flow.focusTarget}`} role="alert" data-code="consent_window_closed" ref={consentNotice} tabIndex={-1}>
                <p>
                  The consent window was closed before you accepted (<a href="/troubleshooting#consent-window-closed">consent_window_closed</a>). The
                  authorization is still waiting.
                </p>
                <div className={styles.actions}>
                  <button type="button" className={flow.button} onClick={reopen}>
                    Reopen the window
                  </button>
                  <button type="button" className={flow.button} onClick={cancel}>
                    Cancel
                  </button>
                </div>
              </div>
            )}
            {!state.consentUrl && state.flowId && <p>Not needed: you had already granted these scopes.</p>}
            {/* A scenario that stops the flow at consent, or one whose run still ended well after a consent it forced again. */}
            {shownScenario && state.consentUrl && (shownScenario.stage === 'consent-screen' || state.name === 'ready') && <ScenarioExplained scenario={shownScenario} />}
          </Step>
          <Step id="waiting" state={stepStatus('waiting', state)}>
            {state.name === 'awaitingConsent' && <p>Waiting for you to accept… {elapsedSeconds} s</p>}
          </Step>
          <Step id="completed" state={stepStatus('completed', state)}>
            {state.grantedScopes && (
              <>
                <p data-granted-scopes="">
                  Token <code>{state.maskedToken ?? '(masked)'}</code> carries {state.grantedScopes.map((x) => <code key={x}>{x} </code>)}
                </p>
                {arcadeAdded && (
                  <p className={styles.muted} data-arcade-added="">
                    <code>{ARCADE_ADDED_SCOPE}</code> is in the grant though this run did not ask for it: Arcade holds the grant and refreshes the
                    token (whether Arcade always adds this scope itself is unconfirmed; the sandbox does).
                  </p>
                )}
                {extraScopes.length > 0 && (
                  <p className={flow.note} data-extra-scopes="">
                    The token carries more than this run asked for ({extraScopes.join(', ')}): Arcade reused your earlier, wider grant. To see the
                    difference, Start over as a new reader, then Run without {extraScopes[0]}.
                  </p>
                )}
              </>
            )}
          </Step>
          <Step id="sites" state={stepStatus('sites', state)}>
            {state.jira?.sites && state.jira.sites.length > 1 && (
              <label>
                Site{' '}
                <select
                  value={state.jira.site.id}
                  disabled={state.name === 'refreshing'}
                  onChange={(e) => {
                    used()
                    setSite(e.target.value)
                    const chosen = state.jira?.sites?.find((s) => s.id === e.target.value)
                    refresh('site', query, 0, e.target.value, `Site change to ${chosen?.name ?? e.target.value}`)
                  }}
                >
                  {state.jira.sites.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} ({s.url})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {state.jira?.sites && state.jira.sites.length === 1 && <p>{state.jira.site.name}</p>}
          </Step>
          <Step id="projects" state={stepStatus('projects', state)} titleRef={projectsTitle}>
            {state.jira && (
              <ProjectsTable
                jira={state.jira}
                pageSize={pageSize}
                loading={state.name === 'refreshing'}
                onPage={turnPage}
              />
            )}
          </Step>
          <Step id="profile" state={stepStatus('profile', state)}>
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

      {state.name === 'failed' && state.error && (
        <div role="alert" className={`${styles.error} ${flow.focusTarget}`} data-code={state.error.code} ref={errorBox} tabIndex={-1}>
          <strong>{STEP_TITLES[state.error.step]} failed</strong> <code>{state.error.code}</code>
          <p>{state.error.message}</p>
          <a href={state.error.help}>What this means and how to fix it</a>
          {shownScenario && shownScenario.stage !== 'consent-screen' && <ScenarioExplained scenario={shownScenario} />}
        </div>
      )}
      {state.name === 'cancelled' && (
        <p role="status" ref={cancelledNote} tabIndex={-1} className={flow.focusTarget}>
          Cancelled. Press Run to start again.
        </p>
      )}

      {/* Below the results, so the query, its buttons and the first rows share one screen. */}
      <LiveSnippet snippet={runSnippet} language={language} values={{ providerId: inputs.providerId, scopes, query, site: inputs.site }} />

      <ExchangeGroups groups={state.groups} panelId={id} />
    </section>
  )
}
