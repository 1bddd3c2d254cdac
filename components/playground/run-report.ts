// One Markdown document of a whole run, for a support ticket: the site, the inputs (and the link that restores
// them), each step's outcome, and every HTTP exchange grouped by the reader's action. The server masks secrets
// in exchanges already; this masks again anything that looks like a credential, in case one slipped through.
import type { Exchange, PlaygroundConfig } from '../../contract/playground-api'
import type { Scenario } from '../../contract/scenarios'
import type { PanelInputs } from './panel-link'
import type { ActionGroup, RunError, StepStatus } from './run-machine'

export interface ReportStep {
  title: string
  status: StepStatus
  /** What the step showed, in one line (no secrets: the token is masked). */
  detail?: string
  code?: string
}

export interface RunReportInput {
  config?: Pick<PlaygroundConfig, 'mode' | 'version' | 'engineLabel'>
  panelId: string
  inputs: PanelInputs
  /** The link that restores the inputs. */
  link: string
  /** The run's state by name (ready, failed, …). */
  state: string
  steps: ReportStep[]
  groups: ActionGroup[]
  error?: RunError
  scenario?: Scenario
  /** ISO time the report was made. */
  at: string
  /** The page's origin, to turn help paths into links that work from a ticket. */
  origin: string
}

const MASK = '••••'
// `code` only as a URL parameter (the OAuth authorization code): in JSON bodies it is an error code.
const SENSITIVE_PARAMS = 'code|access_token|refresh_token|id_token|token|client_secret|api_key|key'
const SENSITIVE_KEYS = 'access_token|refresh_token|id_token|token|client_secret|secret|api_key|apiKey|password|authorization'

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Sandbox-issued tokens and codes keep their kind, not their value.
  [/\b(sbx_(?:at|rt|code))_[A-Za-z0-9_-]+/g, (_m, kind) => `${kind}_${MASK}`],
  // JWTs (Atlassian access tokens are JWTs).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  [/\b(Bearer|Basic)\s+(?!•)[A-Za-z0-9._~+/=-]+/gi, (_m, scheme) => `${scheme} ${MASK}`],
  // Arcade API keys.
  [/\barc_[A-Za-z0-9_-]{10,}/g, MASK],
  [new RegExp(`([?&](?:${SENSITIVE_PARAMS})=)(?!•)[^&#\\s"'\`]+`, 'gi'), (_m, key) => `${key}${MASK}`],
  [new RegExp(`("(?:${SENSITIVE_KEYS})"\\s*:\\s*")(?![^"]*•)[^"]{6,}(")`, 'gi'), (_m, key, end) => `${key}${MASK}${end}`]
]

/** Masks anything in a text that looks like a token, key, authorization code or secret. */
export function maskSecrets(text: string): string {
  return PATTERNS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement as never), text)
}

/** A fence longer than any run of backticks in the text, so a body cannot close it early. */
function fenced(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text}\n${fence}`
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2)
}

function exchangeMarkdown(e: Exchange, index: number): string {
  const outcome = e.status === null ? `no answer${e.error ? ` (${e.error})` : ''}` : String(e.status)
  const lines = [`#### ${index}. \`${e.method} ${e.url}\``, '', `- step: ${e.step}`, `- status: ${outcome}`, `- duration: ${e.durationMs} ms`]
  if (e.error && e.status !== null) lines.push(`- error: ${e.error}`)
  if (e.requestBody !== undefined) lines.push('', 'Request body:', '', fenced(bodyText(e.requestBody), typeof e.requestBody === 'string' ? '' : 'json'))
  if (e.responseBody !== undefined) lines.push('', 'Response body:', '', fenced(bodyText(e.responseBody), typeof e.responseBody === 'string' ? '' : 'json'))
  return lines.join('\n')
}

const STATUS_WORDS: Record<StepStatus, string> = { todo: 'not reached', active: 'in progress', done: 'done', skipped: 'not needed', failed: 'failed' }

export function runReport(input: RunReportInput): string {
  const help = (path: string) => (path.startsWith('/') ? `${input.origin}${path}` : path)
  const { config, inputs } = input
  const out: string[] = ['# Run it: Atlassian flow report', '']
  out.push(
    `- site: ${config ? `${config.mode} mode, version ${config.version}, ${config.engineLabel}` : 'settings not loaded'}`,
    `- panel: ${input.panelId}`,
    `- outcome: ${input.state}`,
    `- made: ${input.at}`,
    ''
  )

  out.push('## Inputs', '')
  out.push(
    `- scopes: ${inputs.scopes.map((s) => `\`${s}\``).join(', ') || '(none)'}`,
    `- provider: \`${inputs.providerId}\``,
    `- query: ${inputs.query ? `\`${inputs.query}\`` : '(all projects)'}`,
    `- site: ${inputs.site ? `\`${inputs.site}\`` : '(the first site the token reaches)'}`,
    `- scenario: ${inputs.scenario ? `\`${inputs.scenario}\`` : '(none)'}`,
    `- restore these inputs: <${input.link}>`,
    ''
  )

  out.push('## Steps', '')
  for (const step of input.steps) {
    out.push(`- ${step.title}: ${STATUS_WORDS[step.status]}${step.code ? ` (\`${step.code}\`)` : ''}${step.detail ? `. ${step.detail}` : ''}`)
  }
  out.push('')

  if (input.error) {
    out.push('## Failure', '', `\`${input.error.code}\`: ${input.error.message}`, '', `Troubleshooting: <${help(input.error.help)}>`, '')
  }
  if (input.scenario) {
    out.push('## Scenario', '', `${input.scenario.title} (\`${input.scenario.name}\`): ${input.scenario.explanation}`, '', `Troubleshooting: <${help(`/troubleshooting#${input.scenario.anchor}`)}>`, '')
  }

  out.push('## HTTP exchanges', '')
  if (input.groups.length === 0) out.push('(none)', '')
  for (const group of input.groups) {
    out.push(`### ${group.number}. ${group.label} (${group.exchanges.length} ${group.exchanges.length === 1 ? 'request' : 'requests'})`, '')
    group.exchanges.forEach((e, i) => out.push(exchangeMarkdown(e, i + 1), ''))
  }
  return maskSecrets(out.join('\n').trimEnd() + '\n')
}
