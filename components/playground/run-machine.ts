// The Run it panel's run as a state machine with named states: what the reader is waiting for, and what each
// step of the flow shows, follow from the state's name alone (no ranking of phases by numbers).
import type { ApiErrorBody, Exchange, JiraResponse, PanelAction } from '../../contract/playground-api'
import { isolate } from './reader-text'

export type StepId = 'start' | 'consent' | 'waiting' | 'completed' | 'sites' | 'projects' | 'profile'
/** `skipped`: the step was not needed (no consent asked for: an earlier grant covered the scopes). */
export type StepStatus = 'todo' | 'active' | 'done' | 'skipped' | 'failed'

/** States in which the panel is doing something (or waiting for the reader to act on the consent window). */
export type WorkingStateName =
  | 'starting'
  /** After a reload or a return: the visitor's flow in progress, still waiting for consent (carry on or cancel). */
  | 'flowFound'
  | 'awaitingConsent'
  | 'consentWindowBlocked'
  | 'consentWindowClosed'
  | 'loadingJira'
  | 'refreshing'
  | 'ready'
export type RunStateName = 'idle' | WorkingStateName | 'failed' | 'cancelled'

export type RunError = ApiErrorBody['error'] & { step: StepId }

/** The calls one of the reader's actions caused, in order; numbered from 1 in the order the actions happened. */
export interface ActionGroup {
  number: number
  action: PanelAction
  label: string
  exchanges: Exchange[]
}

export interface RunState {
  name: RunStateName
  /** For `failed` and `cancelled`: the state the run was in when it stopped. */
  stoppedIn?: WorkingStateName
  flowId?: string
  consentUrl?: string
  waitingSince?: number
  requestedScopes: string[]
  /** What the token carries, as Arcade reports it once the authorization completed. */
  grantedScopes?: string[]
  maskedToken?: string
  jira?: JiraResponse
  error?: RunError
  groups: ActionGroup[]
}

export const ACTION_LABELS: Record<PanelAction, string> = { run: 'Run', page: 'Page turn', search: 'Search', site: 'Site change' }

export type RunEvent =
  | { type: 'run'; scopes: string[] }
  | { type: 'started'; flowId: string; consentUrl?: string; window: 'none' | 'open' | 'blocked'; exchanges: Exchange[]; now: number }
  | { type: 'found'; flowId: string; consentUrl?: string; scopes: string[]; completed: boolean; now: number }
  | { type: 'windowClosed' }
  | { type: 'windowOpened' }
  | { type: 'windowBlocked' }
  | { type: 'exchanges'; exchanges: Exchange[] }
  | { type: 'completed'; scopes: string[]; maskedToken?: string; exchanges: Exchange[] }
  | { type: 'refresh'; action: PanelAction; label?: string }
  | { type: 'jiraLoaded'; jira: JiraResponse }
  | { type: 'failed'; error: RunError; exchanges: Exchange[] }
  | { type: 'cancel' }
  | { type: 'reset' }

export const initialRunState: RunState = { name: 'idle', requestedScopes: [], groups: [] }

const WORKING: readonly RunStateName[] = ['starting', 'flowFound', 'awaitingConsent', 'consentWindowBlocked', 'consentWindowClosed', 'loadingJira', 'refreshing', 'ready']
export const isWorking = (name: RunStateName): name is WorkingStateName => WORKING.includes(name)

/** The run is busy: Run, the scopes and the provider wait until it is done. */
export const isRunning = (s: RunState) => ['starting', 'flowFound', 'awaitingConsent', 'consentWindowBlocked', 'consentWindowClosed', 'loadingJira'].includes(s.name)

/** An authorization completed and its flow can serve a search or a page turn without a new consent. */
export const isAuthorized = (s: RunState) => !!s.flowId && !!s.grantedScopes && !!s.jira?.site

/** Tags each exchange with the action that caused it (the server may not) and adds it to the newest group. */
function addExchanges(groups: ActionGroup[], exchanges: Exchange[]): ActionGroup[] {
  if (exchanges.length === 0 || groups.length === 0) return groups
  const last = groups[groups.length - 1]
  const tagged = exchanges.map((e) => ({ ...e, action: last.action }))
  return [...groups.slice(0, -1), { ...last, exchanges: [...last.exchanges, ...tagged] }]
}

function newGroup(groups: ActionGroup[], action: PanelAction, label = ACTION_LABELS[action]): ActionGroup[] {
  return [...groups, { number: groups.length + 1, action, label, exchanges: [] }]
}

/** A page turn or a search answers projects alone: keep the sites, site and profile the run already showed. */
function mergeJira(previous: JiraResponse | undefined, next: JiraResponse): JiraResponse {
  if (!previous || next.sites) return next
  const site = previous.sites?.find((s) => s.id === next.site?.id) ?? previous.site
  return { ...previous, ...next, site, sites: previous.sites, myself: next.myself ?? previous.myself, profile: next.profile ?? previous.profile, notes: next.notes.length ? next.notes : previous.notes }
}

/** Status failures met in the consent window or before the reader could consent: the consent step fails. */
const FAILED_AT_CONSENT = new Set<string>([
  'consent_denied',
  'authorization_failed',
  'redirect_uri_not_registered',
  'app_not_shared',
  'scope_not_in_app',
  'flow_timed_out',
  'consent_window_closed'
])
/** Status failures after the reader accepted (the verifier, Arcade's code exchange): the authorization fails. */
const FAILED_AFTER_CONSENT = new Set<string>(['user_mismatch', 'token_exchange_refused'])
const FAILED_AT_SITES = new Set<string>(['no_accessible_site', 'site_not_reachable', 'cloud_id_unknown'])

/** Which step a failure stops, from the failing request and the cause's code. */
export function failedStepFor(request: 'start' | 'status' | 'jira', code: string): StepId {
  if (request === 'start') return 'start'
  if (request === 'status') return FAILED_AT_CONSENT.has(code) ? 'consent' : FAILED_AFTER_CONSENT.has(code) ? 'completed' : 'waiting'
  return FAILED_AT_SITES.has(code) ? 'sites' : 'projects'
}

export function runReducer(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run':
      return { ...initialRunState, name: 'starting', requestedScopes: event.scopes, groups: newGroup(state.groups, 'run') }
    case 'started': {
      const base = { ...state, flowId: event.flowId, consentUrl: event.consentUrl, groups: addExchanges(state.groups, event.exchanges) }
      if (event.window === 'none') return { ...base, name: 'loadingJira' }
      return { ...base, name: event.window === 'open' ? 'awaitingConsent' : 'consentWindowBlocked', waitingSince: event.now }
    }
    case 'found': {
      const found = { ...initialRunState, flowId: event.flowId, consentUrl: event.consentUrl, requestedScopes: event.scopes, groups: newGroup(state.groups, 'run', 'Run (carried on after the page was reloaded)') }
      return event.completed ? { ...found, name: 'loadingJira' } : { ...found, name: 'flowFound', waitingSince: event.now }
    }
    case 'windowClosed':
      return state.name === 'awaitingConsent' ? { ...state, name: 'consentWindowClosed' } : state
    case 'windowOpened':
      return ['consentWindowClosed', 'consentWindowBlocked', 'flowFound'].includes(state.name) ? { ...state, name: 'awaitingConsent' } : state
    case 'windowBlocked':
      return state.name === 'consentWindowClosed' || state.name === 'flowFound' ? { ...state, name: 'consentWindowBlocked' } : state
    case 'exchanges':
      return { ...state, groups: addExchanges(state.groups, event.exchanges) }
    case 'completed':
      return { ...state, name: 'loadingJira', grantedScopes: event.scopes, maskedToken: event.maskedToken, groups: addExchanges(state.groups, event.exchanges) }
    case 'refresh':
      return { ...state, name: 'refreshing', error: undefined, stoppedIn: undefined, groups: newGroup(state.groups, event.action, event.label) }
    case 'jiraLoaded':
      return { ...state, name: 'ready', jira: mergeJira(state.jira, event.jira), groups: addExchanges(state.groups, event.jira.exchanges) }
    case 'failed':
      if (!isWorking(state.name)) return state
      return { ...state, name: 'failed', stoppedIn: state.name, error: event.error, groups: addExchanges(state.groups, event.exchanges) }
    case 'cancel':
      return isWorking(state.name) && state.name !== 'ready' ? { ...state, name: 'cancelled', stoppedIn: state.name } : state
    case 'reset':
      return initialRunState
  }
}

type Steps = Partial<Record<StepId, StepStatus>>
const AUTHORIZED: Steps = { start: 'done', consent: 'done', waiting: 'done', completed: 'done' }

/** What each step shows in each working state. */
const STEPS_IN: Record<WorkingStateName, Steps> = {
  starting: { start: 'active' },
  // Consent is the reader's to give: in progress until Arcade reports the authorization completed.
  flowFound: { start: 'done', consent: 'active', waiting: 'active' },
  awaitingConsent: { start: 'done', consent: 'active', waiting: 'active' },
  consentWindowBlocked: { start: 'done', consent: 'active' },
  consentWindowClosed: { start: 'done', consent: 'active' },
  loadingJira: { ...AUTHORIZED, sites: 'active' },
  refreshing: { ...AUTHORIZED, sites: 'done', projects: 'active', profile: 'done' },
  ready: { ...AUTHORIZED, sites: 'done', projects: 'done', profile: 'done' }
}

/** The steps that are behind a step when it fails there. */
const DONE_BEFORE: Record<StepId, Steps> = {
  start: {},
  consent: { start: 'done' },
  waiting: { start: 'done', consent: 'done' },
  completed: { start: 'done', consent: 'done', waiting: 'done' },
  sites: AUTHORIZED,
  projects: { ...AUTHORIZED, sites: 'done' },
  profile: { ...AUTHORIZED, sites: 'done', projects: 'done' }
}

/** A step's marker; a consent that was never asked for is `skipped`, not `done`. */
export function stepStatus(step: StepId, state: RunState): StepStatus {
  const status = markerOf(step, state)
  return step === 'consent' && status === 'done' && state.flowId && !state.consentUrl ? 'skipped' : status
}

function markerOf(step: StepId, state: RunState): StepStatus {
  switch (state.name) {
    case 'idle':
      return 'todo'
    case 'failed': {
      const failed = state.error!.step
      return step === failed ? 'failed' : (DONE_BEFORE[failed][step] ?? 'todo')
    }
    case 'cancelled': {
      const status = STEPS_IN[state.stoppedIn ?? 'starting'][step] ?? 'todo'
      return status === 'active' ? 'todo' : status
    }
    default:
      return STEPS_IN[state.name][step] ?? 'todo'
  }
}

/** What the polite live region says in each state. */
export function announcement(state: RunState): string {
  switch (state.name) {
    case 'idle':
      return ''
    case 'starting':
      return 'Starting the authorization'
    case 'flowFound':
      return 'Found the authorization you started before the page reloaded: accept in its consent window, reopen it, or cancel'
    case 'awaitingConsent':
      return 'Waiting for consent in the Atlassian window'
    case 'consentWindowBlocked':
      return 'The browser blocked the consent window: open the consent page with the link'
    case 'consentWindowClosed':
      return 'The consent window was closed: reopen it or cancel'
    case 'loadingJira':
      return 'Authorization completed; calling Jira'
    case 'refreshing':
      return 'Loading Jira projects'
    case 'ready': {
      const p = state.jira?.projects
      if (!p) return 'Done'
      const matching = state.jira?.query ? ` matching "${isolate(state.jira.query)}"` : ''
      return p.values.length ? `Jira projects${matching} loaded: showing ${p.startAt + 1} to ${p.startAt + p.values.length} of ${p.total ?? 'unknown'}` : `No Jira projects${matching || ''} found`
    }
    case 'failed':
      return `Failed: ${state.error?.message ?? ''}`
    case 'cancelled':
      return 'Cancelled'
  }
}
